/**
 * The branded templates and the kit, opened as packages: the acknowledgement verbatim in every footer, the emblems as
 * images named by their file with the plan's name as alt text, headings in palette colours and no colour outside the
 * palette (white is the paper), labelled boxes when files are missing, the same bytes every time, and a second
 * project's plan giving its own.
 */
import JSZip from 'jszip';
import { beforeAll, describe, expect, it } from 'vitest';
import { mSecPlan, mSecWithFiles, TIDE_X_ACK, tideXPlan } from '../../../test/brand-templates';
import type { Plan } from '../../plan/schema';
import { plannedTemplates } from './catalog';
import { agendaDocx, deliverableDocx, minutesDocx } from './docx';
import { templateIdentity, type TemplateIdentity } from './identity';
import { communicationKit, kitEntries } from './kit';
import { packageColours } from './package';
import { slidesPptx } from './pptx';

const M_SEC_PALETTE = ['EE7260', '5BC3DF', '003D58', '000000', 'FFFFFF'];
const TIDE_X_PALETTE = ['0B6E4F', 'F2C14E', 'FFFFFF'];

/** The text of a WordprocessingML or DrawingML part: its w:t / a:t runs joined. */
const textOf = (xml: string) =>
  [...xml.matchAll(/<(?:w|a):t(?:\s[^>]*)?>([^<]*)<\/(?:w|a):t>/g)]
    .map((m) => m[1]!)
    .join('')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'");

async function parts(bytes: Uint8Array): Promise<Record<string, string>> {
  const zip = await JSZip.loadAsync(bytes);
  const out: Record<string, string> = {};
  for (const [name, f] of Object.entries(zip.files))
    if (!f.dir && /\.(xml|rels)$/.test(name)) out[name] = await f.async('string');
  return out;
}

async function expectPaletteOnly(bytes: Uint8Array, allowed: string[]) {
  const outside = [...(await packageColours(bytes))].flatMap(([part, cs]) =>
    cs.filter((c) => !allowed.includes(c)).map((c) => `${part}: ${c}`),
  );
  expect(outside).toEqual([]);
}

/** Every picture's file name and alt text (docPr in DOCX, cNvPr of p:pic in PPTX). */
const pictures = (xml: string) => [
  ...[...xml.matchAll(/<wp:docPr\b[^>]*\bname="([^"]*)"[^>]*\bdescr="([^"]*)"/g)].map((m) => [m[1], m[2]]),
  ...[...xml.matchAll(/<p:pic>\s*<p:nvPicPr>\s*<p:cNvPr\b[^>]*\bname="([^"]*)"[^>]*\bdescr="([^"]*)"/g)].map(
    (m) => [m[1], m[2]],
  ),
];

let withFiles: Plan;
let en: TemplateIdentity;
let deliverable: Record<string, string>;
let deliverableBytes: Uint8Array;
let slides: Record<string, string>;
let slidesBytes: Uint8Array;
beforeAll(async () => {
  withFiles = await mSecWithFiles();
  en = await templateIdentity(withFiles, { lang: 'en', assetsDir: undefined });
  deliverableBytes = await deliverableDocx(en);
  deliverable = await parts(deliverableBytes);
  slidesBytes = await slidesPptx(en);
  slides = await parts(slidesBytes);
});

const ACK =
  'The M-Sec project is jointly funded by the European Union’s Horizon 2020 research and innovation programme (contract No 814917) and by the Commissioned Research of National Institute of Information and Communications Technology (NICT), JAPAN (contract No 19501).';

describe('the deliverable template (M-Sec, with files)', () => {
  it('carries the acknowledgement verbatim and both emblems in the footer', () => {
    const footers = Object.entries(deliverable).filter(([n]) => /^word\/footer\d+\.xml$/.test(n));
    expect(footers.length).toBeGreaterThan(0);
    for (const [, xml] of footers) {
      expect(textOf(xml)).toContain(ACK);
      expect(pictures(xml)).toEqual([
        ['eu-emblem.png', 'EU emblem (flag of the European Union)'],
        ['nict-emblem.png', 'NICT emblem'],
      ]);
    }
  });

  it('has the cover: logo, acronym, long name, placeholders, dissemination level, grants, emblems and the acknowledgement', () => {
    const xml = deliverable['word/document.xml']!;
    const text = textOf(xml);
    expect(pictures(xml).map((p) => p[0])).toEqual(['m-sec-logo.png', 'eu-emblem.png', 'nict-emblem.png']);
    for (const s of [
      'M-Sec',
      'Multi-layered Security technologies to ensure hyperconnected smart cities with Blockchain, Big Data, Cloud and IoT',
      'Deliverable D[WP].[number]',
      '[Deliverable title]',
      'Dissemination level',
      '[PU – Public / SEN – Sensitive / CI – Classified]',
      'H2020 grant agreement No 814917; Commissioned Research grant agreement No 19501',
      ACK,
      'Version history',
      'VersionDatePartnerDescriptionStatusV01',
    ])
      expect(text).toContain(s);
    expect(text).not.toMatch(/\bMSec\b|M Sec|M-sec/);
  });

  it('styles its headings in palette colours and uses no colour outside the palette', async () => {
    const styles = deliverable['word/styles.xml']!;
    const colourOf = (id: string) =>
      new RegExp(`<w:style [^>]*w:styleId="${id}"[\\s\\S]*?<w:color w:val="([0-9A-F]{6})"`).exec(styles)?.[1];
    expect(colourOf('Heading1')).toBe('003D58');
    expect(colourOf('Heading2')).toBe('EE7260');
    expect(colourOf('Title')).toBe('003D58');
    await expectPaletteOnly(deliverableBytes, M_SEC_PALETTE);
  });

  it('gives the same bytes every time (fixed timestamps: the project’s start)', async () => {
    expect(Buffer.from(await deliverableDocx(en)).equals(Buffer.from(deliverableBytes))).toBe(true);
    expect(deliverable['docProps/core.xml']).toContain('2018-07-01T00:00:00Z');
  });
});

describe('agenda and minutes', () => {
  it('carry the logo, the acknowledgement and the emblems, in palette colours', async () => {
    for (const [render, title] of [
      [agendaDocx, 'Agenda'],
      [minutesDocx, 'Minutes'],
    ] as const) {
      const bytes = await render(en);
      const p = await parts(bytes);
      expect(textOf(p['word/document.xml']!)).toContain(title);
      expect(pictures(p['word/document.xml']!).map((x) => x[0])).toEqual(['m-sec-logo.png']);
      expect(textOf(p['word/footer1.xml']!)).toContain(ACK);
      expect(pictures(p['word/footer1.xml']!).map((x) => x[0])).toEqual(['eu-emblem.png', 'nict-emblem.png']);
      await expectPaletteOnly(bytes, M_SEC_PALETTE);
    }
  });
});

describe('the slide template', () => {
  it('has a master (pptxgenjs: the layout over its generic master) with the logo, both emblems and the acknowledgement, and a title and a content slide', () => {
    const master = slides['ppt/slideLayouts/slideLayout2.xml']!;
    expect(textOf(master)).toContain(ACK);
    expect(pictures(master)).toEqual([
      ['m-sec-logo.png', 'M-Sec logo (shield with coloured layers)'],
      ['eu-emblem.png', 'EU emblem (flag of the European Union)'],
      ['nict-emblem.png', 'NICT emblem'],
    ]);
    expect(slides['ppt/slideMasters/slideMaster1.xml']).not.toContain('<a:t>null</a:t>');
    expect(Object.keys(slides).filter((n) => /^ppt\/slides\/slide\d+\.xml$/.test(n))).toHaveLength(2);
    expect(textOf(slides['ppt/slides/slide1.xml']!)).toContain('M-Sec');
    expect(textOf(slides['ppt/slides/slide1.xml']!)).toContain('[Presentation title]');
    expect(textOf(slides['ppt/slides/slide2.xml']!)).toContain('[Slide title]');
  });

  it('uses only palette colours (the theme’s Office colours replaced) and gives the same bytes', async () => {
    await expectPaletteOnly(slidesBytes, M_SEC_PALETTE);
    expect(slides['ppt/theme/theme1.xml']).toContain('<a:srgbClr val="003D58"/>');
    expect(Buffer.from(await slidesPptx(en)).equals(Buffer.from(slidesBytes))).toBe(true);
  });
});

describe('missing asset files', () => {
  it('become labelled boxes, never a crash', async () => {
    const id = await templateIdentity(await mSecPlan(), { lang: 'en', assetsDir: undefined });
    const docx = await parts(await deliverableDocx(id));
    expect(textOf(docx['word/footer1.xml']!)).toContain(
      '[EU emblem (flag of the European Union): image file missing in the plan]',
    );
    expect(textOf(docx['word/document.xml']!)).toContain(
      '[M-Sec logo (shield with coloured layers): image file missing in the plan]',
    );
    expect(docx['word/footer1.xml']).toContain('w:val="dashed"');
    const pptx = await parts(await slidesPptx(id));
    expect(textOf(pptx['ppt/slideLayouts/slideLayout2.xml']!)).toContain(
      '[NICT emblem: image file missing in the plan]',
    );
  });
});

describe('in Japanese', () => {
  it('carries the plan’s Japanese acknowledgement and Japanese placeholders', async () => {
    const ja = await templateIdentity(withFiles, { lang: 'ja', assetsDir: undefined });
    const p = await parts(await deliverableDocx(ja));
    expect(textOf(p['word/footer1.xml']!)).toContain(
      'M-Secプロジェクトは、欧州連合のHorizon 2020研究・イノベーションプログラム',
    );
    expect(textOf(p['word/document.xml']!)).toContain('版履歴');
  });
});

describe('the communication kit', () => {
  it('lists the README (en + ja), logo and emblems, palette, funding texts, description, social and templates', async () => {
    const entries = await kitEntries(withFiles, { assetsDir: undefined });
    expect(entries.map(([n]) => n)).toEqual([
      'README.md',
      'README.ja.md',
      'logo/m-sec-logo.png',
      'emblems/eu-emblem.png',
      'emblems/nict-emblem.png',
      'palette/palette.css',
      'palette/palette.html',
      'funding/acknowledgement.en.txt',
      'funding/acknowledgement.ja.txt',
      'about/description.en.txt',
      'about/description.ja.txt',
      'social/hashtags-and-channels.en.txt',
      'social/hashtags-and-channels.ja.txt',
      ...['en', 'ja'].flatMap((l) =>
        ['deliverable.docx', 'agenda.docx', 'minutes.docx', 'slides.pptx'].map(
          (f) => `templates/${l}/M-Sec-${f}`,
        ),
      ),
    ]);
    const text = Object.fromEntries(entries.filter(([, d]) => typeof d === 'string')) as Record<
      string,
      string
    >;
    expect(text['funding/acknowledgement.en.txt']).toBe(`${ACK}\n`);
    expect(text['funding/acknowledgement.ja.txt']).toContain('国立研究開発法人情報通信研究機構（NICT）');
    expect(text['palette/palette.css']).toContain('--m-sec-dark-matt-blue: #003D58;');
    expect(text['palette/palette.html']).toContain('background:#EE7260');
    expect(text['social/hashtags-and-channels.en.txt']).toContain('#MSecProject');
    expect(text['social/hashtags-and-channels.en.txt']).toContain('https://twitter.com/MSecProject');
    expect(text['README.ja.md']).toContain('M-Sec コミュニケーションキット');
    expect(text['about/description.en.txt']).toContain(
      'M-Sec is a collaborative project between the EU and Japan',
    );
  });

  it('is the same zip every time', async () => {
    const a = await communicationKit(withFiles, { assetsDir: undefined });
    const b = await communicationKit(withFiles, { assetsDir: undefined });
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
  });
});

describe('a second project (Tide-X, Horizon Europe)', () => {
  it('gets its own names, colours, acknowledgement and emblem, and a labelled box for its unreadable logo', async () => {
    const id = await templateIdentity(tideXPlan(), { lang: 'en', assetsDir: undefined });
    const bytes = await deliverableDocx(id);
    const p = await parts(bytes);
    const text = textOf(p['word/document.xml']!);
    expect(text).toContain('Tide-X');
    expect(text).toContain('Tidal energy exchange for coastal towns');
    expect(text).toContain('HORIZON_EUROPE grant agreement No 101000001');
    expect(text).toContain('[Tide-X wave logo: image file missing in the plan]');
    expect(textOf(p['word/footer1.xml']!)).toContain(TIDE_X_ACK);
    expect(pictures(p['word/footer1.xml']!)).toEqual([
      ['EN_FundedbytheEU_RGB_POS.png', 'Funded by the EU emblem'],
    ]);
    expect(Object.values(p).join('')).not.toContain('M-Sec');
    await expectPaletteOnly(bytes, TIDE_X_PALETTE);
    const slidesX = await slidesPptx(id);
    await expectPaletteOnly(slidesX, TIDE_X_PALETTE);
    expect(textOf((await parts(slidesX))['ppt/slideLayouts/slideLayout2.xml']!)).toContain(TIDE_X_ACK);
  });

  it('maps the plan’s own template list: M-Sec’s four to generators, an unknown one to none', async () => {
    expect(plannedTemplates(await mSecPlan(), 'en').map((t) => [t.id, t.kind?.name ?? null])).toEqual([
      ['agenda', 'agenda'],
      ['meeting-minutes', 'minutes'],
      ['power-point', 'slides'],
      ['deliverables', 'deliverable'],
    ]);
    expect(plannedTemplates(tideXPlan(), 'en').map((t) => [t.id, t.kind?.name ?? null])).toEqual([
      ['slide-deck', 'slides'],
      ['poster', null],
    ]);
  });
});
