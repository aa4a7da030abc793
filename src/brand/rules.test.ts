/**
 * Each brand rule, passing and failing, on text, Markdown, HTML and social posts, with exact locations; the second
 * project's plan (other names, palette, hashtag, emblem file, Horizon Europe) checked with the same code.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { assetHashes, lintModel, type LintOptions } from './check';
import { readDocument } from './inputs';
import { renderDiagnostic } from './render';
import { png } from './test-documents';
import { GREEN_ACK, greenPlan, msecPlan } from './test-plans';
import type { Diagnostic } from './types';

const MSEC = msecPlan();
const ACK = (MSEC.identity!.funding_acknowledgement as { en: string; ja: string }).en;
const DISCLAIMER =
  "This flyer reflects only the author's view and the Commission is not responsible for any use that may be made of the information it contains.";
const EMBLEMS = '<img src="img/eu.png" alt="EU emblem"><img src="img/nict.png" alt="NICT emblem">';

async function lint(
  file: string,
  text: string,
  opts: Partial<LintOptions> & { social?: string; hashes?: Map<string, string> } = {},
): Promise<Diagnostic[]> {
  const doc = await readDocument({
    file,
    bytes: new TextEncoder().encode(text),
    ...(opts.social ? { social: { network: opts.social } } : {}),
  });
  return lintModel(doc, { plan: MSEC, ...opts, assetHashes: opts.hashes ?? new Map() });
}
const of = (ds: Diagnostic[], rule: string) => ds.filter((d) => d.ruleId === rule);
const brief = (ds: Diagnostic[]) => ds.map((d) => [d.ruleId, d.params.found ?? '', d.location]);

describe('brand/name-spelling', () => {
  it('accepts the canonical names, title case of plain words, and the name inside URLs, addresses, tags', async () => {
    const ds = await lint(
      'ok.txt',
      `M-Sec and the M-Sec project. The M-Sec Project in a title.\nhttps://www.msecproject.eu/MSec info@MSec.eu #MSecProject @MSecProject\n${ACK}`,
    );
    expect(of(ds, 'brand/name-spelling')).toEqual([]);
  });

  it('finds forbidden variants and wrong capitals as whole words, at line:column', async () => {
    const ds = await lint(
      'bad.md',
      '# The MSec team\n\nWe met M Sec and\nM-sec, then M-SEC; MSecure is another word.\n',
    );
    expect(brief(of(ds, 'brand/name-spelling'))).toEqual([
      ['brand/name-spelling', 'MSec', { file: 'bad.md', line: 1, column: 7 }],
      ['brand/name-spelling', 'M Sec', { file: 'bad.md', line: 3, column: 8 }],
      ['brand/name-spelling', 'M-sec', { file: 'bad.md', line: 4, column: 1 }],
      ['brand/name-spelling', 'M-SEC', { file: 'bad.md', line: 4, column: 13 }],
    ]);
    expect(renderDiagnostic(of(ds, 'brand/name-spelling')[0]!, 'en')).toMatchObject({
      severity: 'error',
      message: '"MSec" is a spelling of the project name the plan forbids ("MSec").',
      suggestion: 'Write "M-Sec".',
    });
    expect(renderDiagnostic(of(ds, 'brand/name-spelling')[3]!, 'ja').message).toBe(
      '「M-SEC」はプロジェクト名の大文字・小文字が誤っています。',
    );
  });
});

describe('brand/funding-acknowledgement and brand/funding-disclaimer', () => {
  it('accepts the plan text across line breaks, hyphenation, straight quotes, "JAPAN"/"Japan", "No"/"No."', async () => {
    const wrapped = ACK.replace('’', "'")
      .replace('innovation', 'inno-\nvation')
      .replace('JAPAN', 'Japan')
      .replace('No 19501', 'No. 19501')
      .replace(/ by the /g, '  by\nthe ');
    const ds = await lint('ok.txt', `Flyer\n\n${wrapped}\n${DISCLAIMER}`);
    expect(ds).toEqual([]);
  });

  it('accepts the Japanese text of the plan', async () => {
    const ja = (MSEC.identity!.funding_acknowledgement as { ja: string }).ja;
    expect(of(await lint('ja.txt', `チラシ\n${ja}`), 'brand/funding-acknowledgement')).toEqual([]);
  });

  it('says word by word what differs when the text is nearly right, located where it starts', async () => {
    const near = ACK.replace('jointly ', '')
      .replace('Commissioned', 'Commisioned')
      .replace('(NICT)', '(NICT) Tokyo');
    const ds = of(await lint('near.txt', `Title line\n\nSee: ${near}`), 'brand/funding-acknowledgement');
    expect(ds).toHaveLength(1);
    expect(ds[0]!.location).toEqual({ file: 'near.txt', line: 3, column: 6 });
    expect(ds[0]!.diff).toEqual([
      { op: 'missing', expected: 'jointly' },
      { op: 'changed', expected: 'Commissioned', found: 'Commisioned' },
      { op: 'extra', found: 'Tokyo' },
    ]);
    expect(renderDiagnostic(ds[0]!, 'en').message).toBe(
      'The funding acknowledgement is nearly right (95% of its words in order) but differs: missing "jointly"; "Commisioned" instead of "Commissioned"; extra "Tokyo".',
    );
  });

  it('reports a missing acknowledgement and disclaimer for the file', async () => {
    const ds = await lint('none.txt', 'Just a flyer about M-Sec.');
    expect(ds.map((d) => [d.ruleId, d.severity, d.messageKey, d.location])).toEqual([
      ['brand/funding-acknowledgement', 'error', 'brand.ack.missing', { file: 'none.txt' }],
      ['brand/funding-disclaimer', 'warning', 'brand.disclaimer.missing', { file: 'none.txt' }],
    ]);
  });

  it("requires the programme's patent sentence, with the plan's grant number, in the patent context", async () => {
    const patent =
      "The project leading to this application has received funding from the European Union's Horizon 2020 research and innovation programme under grant agreement No 814917.";
    expect(of(await lint('p.txt', patent, { context: 'patent' }), 'brand/funding-acknowledgement')).toEqual(
      [],
    );
    const ds = of(await lint('p.txt', ACK, { context: 'patent' }), 'brand/funding-acknowledgement');
    expect(ds.map((d) => [d.messageKey, d.params.expected])).toEqual([
      ['brand.ack.missing', expect.stringContaining('leading to this application') as unknown],
    ]);
    // the disclaimer is asked for dissemination only
    expect(of(await lint('p.txt', patent, { context: 'patent' }), 'brand/funding-disclaimer')).toEqual([]);
  });
});

describe('brand/emblem-missing and brand/emblem-merged (HTML)', () => {
  it('recognises both emblems by alt text or file name', async () => {
    const html = `<html><body><img src="a.png" alt="Flag of the European Union"><img src="/img/nict-emblem.png" alt="">`;
    expect(of(await lint('ok.html', html), 'brand/emblem-missing')).toEqual([]);
  });

  it('reports a missing emblem, and the EU emblem merged with a logo at its line:column', async () => {
    const html =
      '<html><body>\n<p>x</p>\n  <img src="lockup.png" alt="EU emblem and M-Sec logo">\n</body></html>';
    const ds = await lint('bad.html', html);
    expect(of(ds, 'brand/emblem-missing').map((d) => [d.params.emblem, d.location])).toEqual([
      ['NICT emblem', { file: 'bad.html' }],
    ]);
    expect(of(ds, 'brand/emblem-merged').map((d) => [d.severity, d.location])).toEqual([
      ['warning', { file: 'bad.html', line: 3, column: 3 }],
    ]);
  });

  it("recognises an inline SVG emblem by its aria-label, drawn in the EU's own colours", async () => {
    const html =
      '<svg viewBox="0 0 3 2" role="img" aria-label="Flag of the European Union"><rect fill="#003399"/><polygon fill="#FFCC00"/></svg><img src="nict.png" alt="NICT emblem">';
    const ds = await lint('site.html', html);
    expect([...of(ds, 'brand/emblem-missing'), ...of(ds, 'brand/colour-off-palette')]).toEqual([]);
  });

  it('does not ask a text file or a post for emblems', async () => {
    expect(of(await lint('t.txt', 'M-Sec'), 'brand/emblem-missing')).toEqual([]);
  });
});

describe('brand/colour-off-palette (HTML, CSS, SVG)', () => {
  it('accepts palette colours within ΔE 10, black, white and greys', async () => {
    const html = `<style>h1 { color: #EE7260 } p { color: rgb(91, 195, 223); background: #5BC4E0 }</style>
<p style="border-color:#333;color:#fff">${ACK}</p><svg><rect fill="#003D58" stroke="#000"/></svg>${EMBLEMS}`;
    expect(of(await lint('ok.html', html), 'brand/colour-off-palette')).toEqual([]);
  });

  it('reports each colour outside the palette once, at its first use', async () => {
    const html = `<style>\n  a { color: #FF00FF }\n</style>\n<svg><rect fill="rgb(0, 128, 0)"/><circle fill="#ff00ff"/></svg>`;
    const ds = of(await lint('bad.html', html), 'brand/colour-off-palette');
    expect(ds.map((d) => [d.params.colour, d.location])).toEqual([
      ['#FF00FF', { file: 'bad.html', line: 2, column: 14 }],
      ['rgb(0, 128, 0)', { file: 'bad.html', line: 4, column: 18 }],
    ]);
    expect(renderDiagnostic(ds[0]!, 'en').message).toBe(
      'The colour #FF00FF is not in the palette (nearest: Muted red (#EE7260), ΔE 107 > 10).',
    );
  });
});

describe('standalone SVG and CSS files', () => {
  it('are checked for their colours (and an SVG for names), not for an acknowledgement or emblems', async () => {
    const svg =
      '<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"><text fill="#EE7260">MSec</text>\n<rect fill="#00FF00"/></svg>';
    expect(brief(await lint('logo.svg', svg)).map(([rule, , l]) => [rule, l])).toEqual([
      ['brand/name-spelling', { file: 'logo.svg', line: 2, column: 62 }],
      ['brand/colour-off-palette', { file: 'logo.svg', line: 3, column: 13 }],
    ]);
    const css = 'body { color: #003D58 }\n.x { background: rgb(255, 0, 0) }';
    expect(brief(await lint('site.css', css))).toEqual([
      ['brand/colour-off-palette', '', { file: 'site.css', line: 2, column: 18 }],
    ]);
  });
});

describe('brand/social-hashtag and brand/social-length', () => {
  it('accepts a post with the hashtag (any case) within the limit, and asks it no acknowledgement', async () => {
    expect(await lint('post', 'New M-Sec demo! #msecproject https://example.org/x', { social: 'x' })).toEqual(
      [],
    );
  });

  it('reports a missing hashtag and a post over the limit (X counts Japanese characters twice)', async () => {
    const post = 'M-Secの実証実験を開始しました。'.repeat(10); // (5 + 13 × 2) × 10 = 310 weighted
    const ds = await lint('post', post, { social: 'x' });
    expect(ds.map((d) => [d.ruleId, d.params.length ?? d.params.hashtag])).toEqual([
      ['brand/social-hashtag', '#MSecProject'],
      ['brand/social-length', 310],
    ]);
    expect(of(await lint('post', post, { social: 'linkedin' }), 'brand/social-length')).toEqual([]);
  });
});

describe('brand/publication-grant and brand/publication-open-access', () => {
  it('accepts a paper naming both grant numbers and its open-access route', async () => {
    const paper = `Abstract.\n${ACK}\nThe accepted version is in Zenodo (https://doi.org/10.5281/zenodo.1234).\n${DISCLAIMER}`;
    expect(await lint('paper.txt', paper, { publication: true })).toEqual([]);
  });

  it('reports a missing grant number (not inside a longer number) and no open-access route', async () => {
    const paper = `${ACK.replace('19501', '195012')}\n${DISCLAIMER}`;
    const ds = await lint('paper.txt', paper, { publication: true });
    expect(ds.map((d) => [d.ruleId, d.severity, d.params.number ?? ''])).toEqual([
      ['brand/publication-grant', 'error', '19501'],
      ['brand/publication-open-access', 'warning', ''],
      ['brand/funding-acknowledgement', 'error', ''],
    ]);
    // not a publication: neither rule applies
    expect(of(await lint('paper.txt', paper), 'brand/publication-grant')).toEqual([]);
  });
});

describe('a second project (GreenGrid, Horizon Europe)', () => {
  const GREEN = greenPlan();
  const dir = mkdtempSync(join(tmpdir(), 'herald-brand-'));
  const flag = png([0, 51, 153]);
  writeFileSync(join(dir, 'eu-flag.png'), flag);

  it("checks its own names, palette, emblem file (by SHA-256) and acknowledgement; M-Sec's rules do not apply", async () => {
    const hashes = await assetHashes(GREEN, dir);
    expect([...hashes.values()]).toEqual(['eu-flag']);
    const doc = await readDocument({
      file: 'g.html',
      bytes: new TextEncoder().encode(
        `<h1 style="color:#2E7D32">GreenGrid, not M-Sec</h1>\n<img src="data/img0042.png">\n<p>${GREEN_ACK}</p>`,
      ),
    });
    // the image's bytes are the asset file's (a page would embed them; the model says so)
    doc.images[0]!.sha256 = [...hashes.keys()][0];
    expect(lintModel(doc, { plan: GREEN, assetHashes: hashes })).toEqual([]);
  });

  it('reports its forbidden variants, off-palette colours, missing emblem and hashtag', async () => {
    const text =
      '<p style="color:#EE7260">Green Grid and Greengrid, MSec is fine here</p><p>Funded by the EU.</p>';
    const ds = await lint('g.html', text, { plan: GREEN });
    expect(ds.map((d) => [d.ruleId, d.params.found ?? d.params.colour ?? d.params.emblem ?? ''])).toEqual([
      ['brand/emblem-missing', 'Funded by the European Union emblem'],
      ['brand/funding-acknowledgement', ''],
      ['brand/funding-disclaimer', ''],
      ['brand/colour-off-palette', '#EE7260'],
      ['brand/name-spelling', 'Green Grid'],
      ['brand/name-spelling', 'Greengrid'],
    ]);
    expect(renderDiagnostic(ds[0]!, 'ja').message).toBe('EU資金提供エンブレムがありません。');
    const post = await lint('post', 'GreenGrid news #MSecProject', { plan: GREEN, social: 'mastodon' });
    expect(post.map((d) => d.params.hashtag)).toEqual(['#GreenGridEU']);
  });

  it('requires "Funded by the European Union" in the patent context (Horizon Europe data)', async () => {
    const ds = await lint('p.txt', 'Patent text.', { plan: GREEN, context: 'patent' });
    expect(ds.map((d) => [d.ruleId, d.params.expected])).toEqual([
      ['brand/funding-acknowledgement', 'Funded by the European Union'],
    ]);
  });
});
