/**
 * Real DOCX (docx), PPTX and ODT (jszip) and PDF (by hand) files through the readers and the rules: one passing and
 * one failing document per format with exact locations (paragraph, slide + shape, page, package part); emblems by
 * alt text, by the asset file's SHA-256 and on the slide master; broken and oversized files as clear errors.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import JSZip from 'jszip';
import { lintFiles, type FileResult } from './check';
import { readDocument, sniff } from './inputs';
import { ZIP_LIMITS } from './inputs/zip';
import { docxFile, odtFile, pdfFile, png, pptxFile } from './test-documents';
import { GREEN_ACK, greenPlan, msecPlan } from './test-plans';

const MSEC = msecPlan();
const ACK = (MSEC.identity!.funding_acknowledgement as { en: string }).en;
const DISCLAIMER =
  "This document reflects only the author's view and the Commission is not responsible for any use that may be made of the information it contains.";
const EU = { data: png([0, 51, 153]), alt: 'EU emblem', name: 'EU' };
const NICT = { data: png([200, 0, 0]), alt: 'NICT emblem', name: 'NICT' };

async function check(file: string, bytes: Buffer): Promise<FileResult> {
  const [r] = await lintFiles([{ file, bytes }], { plan: MSEC });
  return r!;
}
const summary = (r: FileResult) =>
  r.diagnostics.map((d) => [
    d.ruleId,
    d.params.found ?? d.params.emblem ?? d.params.colour ?? '',
    d.location,
  ]);

describe('DOCX', () => {
  it('passes with the acknowledgement, the disclaimer and both emblems (the theme of `docx` is not the palette)', async () => {
    const bytes = await docxFile({ paragraphs: ['M-Sec flyer', ACK, DISCLAIMER], images: [EU, NICT] });
    const r = await check('ok.docx', bytes);
    expect(r.kind).toBe('docx');
    expect(summary(r)).toEqual([
      ['brand/colour-off-palette', '', { file: 'ok.docx', part: 'word/theme/theme1.xml' }],
    ]);
  });

  it('reads the footnotes: an acknowledgement there counts, a finding there names the part', async () => {
    const bytes = await docxFile({
      paragraphs: ['M-Sec paper'],
      footnote: `${ACK} ${DISCLAIMER} (MSec)`,
      images: [EU, NICT],
    });
    const r = await check('fn.docx', bytes);
    expect(summary(r).filter(([rule]) => rule !== 'brand/colour-off-palette')).toEqual([
      ['brand/name-spelling', 'MSec', { file: 'fn.docx', part: 'word/footnotes.xml', paragraph: 3 }],
    ]);
  });

  it('locates a misspelt name and an off-palette run colour by paragraph; reports the missing emblem', async () => {
    const bytes = await docxFile({
      paragraphs: ['Title', 'About the MSec project', ACK],
      images: [EU],
      colour: 'FF00FF',
    });
    const r = await check('bad.docx', bytes);
    expect(summary(r).filter(([rule]) => rule !== 'brand/funding-disclaimer')).toEqual([
      ['brand/emblem-missing', 'NICT emblem', { file: 'bad.docx' }],
      ['brand/colour-off-palette', '#FF00FF', { file: 'bad.docx', paragraph: 1 }],
      ['brand/name-spelling', 'MSec', { file: 'bad.docx', paragraph: 2 }],
      ['brand/colour-off-palette', '', { file: 'bad.docx', part: 'word/theme/theme1.xml' }],
    ]);
  });
});

describe('PPTX', () => {
  it('passes with emblems on the slide master, palette theme and colours', async () => {
    const bytes = await pptxFile({
      slides: [{ shapes: { 'Title 1': ['M-Sec results'] } }, { shapes: { Footer: [ACK, DISCLAIMER] } }],
      masterImages: [EU, NICT],
      accents: ['EE7260', '5BC3DF', '003D58'],
      colour: '003D58',
    });
    const r = await check('ok.pptx', bytes);
    expect(r.kind).toBe('pptx');
    expect(summary(r)).toEqual([]);
  });

  it('locates findings by slide and shape, and the theme colours outside the palette', async () => {
    const bytes = await pptxFile({
      slides: [
        { shapes: { 'Title 1': ['Welcome'] } },
        {
          shapes: { 'Content 2': ['Intro', 'The M Sec platform'] },
          images: [{ ...EU, alt: 'EU emblem with M-Sec logo' }],
        },
      ],
      accents: ['EE7260', '4472C4'],
    });
    const r = await check('bad.pptx', bytes);
    expect(summary(r)).toEqual([
      ['brand/emblem-missing', 'NICT emblem', { file: 'bad.pptx' }],
      ['brand/funding-acknowledgement', '', { file: 'bad.pptx' }],
      ['brand/funding-disclaimer', '', { file: 'bad.pptx' }],
      [
        'brand/emblem-merged',
        'EU emblem (flag of the European Union)',
        { file: 'bad.pptx', slide: 2, shape: 'EU' },
      ],
      ['brand/name-spelling', 'M Sec', { file: 'bad.pptx', slide: 2, shape: 'Content 2' }],
      ['brand/colour-off-palette', '', { file: 'bad.pptx', part: 'ppt/theme/theme1.xml' }],
    ]);
    expect(r.diagnostics.at(-1)!.params.colours).toBe('#4472C4');
  });
});

describe('ODT', () => {
  it('passes with the acknowledgement (spaces as text:s) and emblems recognised by alt text', async () => {
    const bytes = await odtFile({
      paragraphs: ['M-Sec  newsletter', ACK.replace(' programme ', '  programme '), DISCLAIMER],
      images: [EU, NICT],
      colour: '#EE7260',
    });
    const r = await check('ok.odt', bytes);
    expect(r.kind).toBe('odt');
    expect(summary(r)).toEqual([]);
  });

  it("recognises an emblem with no telling name or alt text by the SHA-256 of the plan's asset file", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'herald-brand-'));
    const flag = png([0, 51, 153], 3, 3);
    writeFileSync(join(dir, 'eu-flag.png'), flag);
    const bytes = await odtFile({
      paragraphs: ['GreenGrid', GREEN_ACK],
      images: [{ data: flag, name: 'Image1' }],
    });
    const [r] = await lintFiles([{ file: 'g.odt', bytes }], { plan: greenPlan(), assetsDir: dir });
    expect(r!.diagnostics).toEqual([]);
    const [without] = await lintFiles([{ file: 'g.odt', bytes }], { plan: greenPlan() });
    expect(without!.diagnostics.map((d) => d.ruleId)).toEqual(['brand/emblem-missing']);
  });

  it('locates findings by paragraph and the colour by its part', async () => {
    const bytes = await odtFile({
      paragraphs: ['Hello', 'Line one\nwith M-sec', ACK],
      images: [NICT],
      colour: '#00FF00',
    });
    const r = await check('bad.odt', bytes);
    expect(summary(r).filter(([rule]) => rule !== 'brand/funding-disclaimer')).toEqual([
      ['brand/emblem-missing', 'EU emblem (flag of the European Union)', { file: 'bad.odt' }],
      ['brand/name-spelling', 'M-sec', { file: 'bad.odt', paragraph: 2 }],
      ['brand/colour-off-palette', '#00FF00', { file: 'bad.odt', part: 'content.xml' }],
    ]);
  });
});

describe('PDF', () => {
  it('passes with the acknowledgement wrapped and hyphenated over lines', async () => {
    const bytes = pdfFile([
      ['M-Sec at the smart city expo'],
      [
        "The M-Sec project is jointly funded by the European Union's Horizon 2020 research and inno-",
        'vation programme (contract No 814917) and by the Commissioned Research of National Institute of',
        'Information and Communications Technology (NICT), JAPAN (contract No 19501).',
        // lines within the page's width: PDF.js drops text beyond the media box
        "This document reflects only the author's view and the Commission is not responsible for any",
        'use that may be made of the information it contains.',
      ],
    ]);
    const r = await check('ok.pdf', bytes);
    expect(r.kind).toBe('pdf');
    expect(summary(r)).toEqual([]);
  });

  it('locates findings by page', async () => {
    const r = await check('bad.pdf', pdfFile([['Cover'], ['Hello', 'The MSec consortium']]));
    expect(summary(r)).toEqual([
      ['brand/funding-acknowledgement', '', { file: 'bad.pdf' }],
      ['brand/funding-disclaimer', '', { file: 'bad.pdf' }],
      ['brand/name-spelling', 'MSec', { file: 'bad.pdf', page: 2 }],
    ]);
  });
});

describe('inputs that cannot be checked', () => {
  const reason = async (file: string, bytes: Uint8Array) => {
    const [r] = await lintFiles([{ file, bytes }], { plan: MSEC });
    return [r!.error?.reason, r!.error?.message];
  };

  it('sniffs the type from the bytes, not the extension', async () => {
    expect(sniff('flyer.txt', pdfFile([['x']]))).toBe('pdf');
    expect(sniff('deck.pdf', await docxFile({ paragraphs: ['x'] }))).toBe('docx');
    expect(sniff('page', new TextEncoder().encode('  <!DOCTYPE html><p>x'))).toBe('html');
  });

  it('names the file and what is wrong', async () => {
    const docx = await docxFile({ paragraphs: ['x'] });
    expect(await reason('cut.docx', docx.subarray(0, docx.length - 30))).toEqual([
      'zipBroken',
      'cut.docx: the ZIP container is damaged (no readable central directory).',
    ]);
    const other = new JSZip().file('a.txt', 'hello');
    expect((await reason('x.zip', await other.generateAsync({ type: 'nodebuffer' })))[0]).toBe('zipUnknown');
    const badXml = await new JSZip()
      .file('word/document.xml', '<w:document><w:body><w:p></w:body>')
      .generateAsync({ type: 'nodebuffer' });
    expect(await reason('bad.docx', badXml)).toEqual([
      'xmlBroken',
      expect.stringMatching(
        /^bad\.docx: the part "word\/document\.xml" is not well-formed XML \(line 1: /,
      ) as unknown,
    ]);
    expect((await reason('bad.pdf', Buffer.from('%PDF-1.4\nnonsense')))[0]).toBe('pdfBroken');
    expect((await reason('img.png', png([1, 2, 3])))[0]).toBe('binary');
    expect((await reason('latin1.txt', Buffer.from([0x4d, 0xe9, 0x0a])))[0]).toBe('notUtf8');
    expect((await reason('empty.txt', new Uint8Array()))[0]).toBe('empty');
  });

  it('never crashes on damaged files: seeded mutations of each format read or fail as BrandInputError', async () => {
    let seed = 42;
    const rnd = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
    const samples: [string, Buffer][] = [
      ['f.docx', await docxFile({ paragraphs: ['Hello M-Sec'], images: [EU] })],
      [
        'f.pptx',
        await pptxFile({ slides: [{ shapes: { T: ['M-sec'] }, images: [EU] }], masterImages: [NICT] }),
      ],
      ['f.odt', await odtFile({ paragraphs: ['Hello'], images: [EU] })],
      ['f.pdf', pdfFile([['Hello'], ['World']])],
    ];
    const outcomes = new Set<string>();
    for (const [file, bytes] of samples)
      for (let k = 0; k < 40; k++) {
        const m = Buffer.from(bytes);
        for (let i = 0, n = 1 + Math.floor(rnd() * 8); i < n; i++)
          m[Math.floor(rnd() * m.length)] = Math.floor(rnd() * 256);
        const input = rnd() < 0.2 ? m.subarray(0, Math.floor(rnd() * m.length)) : m;
        const [r] = await lintFiles([{ file, bytes: input }], { plan: MSEC });
        outcomes.add(r!.error?.reason ?? 'read');
      }
    expect([...outcomes].sort()).toEqual(
      expect.arrayContaining(['pdfBroken', 'read', 'xmlBroken', 'zipBroken']),
    );
  });

  it('stops a ZIP that unpacks beyond the byte budget whatever its headers declare', async () => {
    const saved = ZIP_LIMITS.totalBytes;
    ZIP_LIMITS.totalBytes = 1024 * 1024;
    try {
      const bomb = await new JSZip()
        .file('word/document.xml', `<w:document>${' '.repeat(4 * 1024 * 1024)}</w:document>`)
        .generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
      expect(bomb.length).toBeLessThan(64 * 1024);
      await expect(readDocument({ file: 'bomb.docx', bytes: bomb })).rejects.toMatchObject({
        reason: 'zipTooLarge',
        message: 'bomb.docx: the ZIP container unpacks to more than 1,048,576 bytes.',
      });
    } finally {
      ZIP_LIMITS.totalBytes = saved;
    }
  });
});
