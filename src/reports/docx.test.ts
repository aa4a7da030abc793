/** The DOCX renderer, read back with jszip: headings in the seed's order, TOC field, every KPI cell, bibliography, chart PNG. */
import { beforeAll, describe, expect, it } from 'vitest';
import { readDocx, type ReadDocx } from '../../test/docx';
import { reportModelFixture } from '../../test/factories/report-model';
import { translate, type Lang } from '../i18n';
import { renderDocx } from './docx';
import { renderReport } from './render';

const SECTIONS = [
  'summary',
  'kpis',
  'activities',
  'events',
  'publications',
  'synergies',
  'metrics',
  'partners',
  'timeline',
  'deviations',
  'recommendations',
  'corrections',
] as const;

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

const docs: Partial<Record<Lang, ReadDocx>> = {};
beforeAll(async () => {
  for (const lang of ['en', 'ja'] as const)
    docs[lang] = await readDocx(await renderDocx(reportModelFixture({ lang })));
});

/** The table right after the caption that names it ("Table n. <caption>"). */
function tableAfterCaption(doc: ReadDocx, caption: string): string[][] {
  const table = doc.tables.find(
    (t) => /^(Table \d+\. |表\d+\. )/.test(t.before) && t.before.endsWith(caption),
  );
  expect(table, `caption "${caption}" in ${doc.tables.map((t) => t.before).join(' | ')}`).toBeDefined();
  return table!.rows;
}

describe('renderDocx', () => {
  it.each(['en', 'ja'] as const)('has real Heading1 paragraphs in the seed order (%s)', (lang) => {
    const doc = docs[lang]!;
    const h1 = doc.paragraphs.filter((p) => p.style === 'Heading1').map((p) => p.text);
    expect(h1).toEqual(SECTIONS.map((s) => translate(lang, `report.section.${s}`)));
    expect(doc.paragraphs.some((p) => p.style === 'Heading2')).toBe(true);
  });

  it('has a table-of-contents field over headings 1–2, filled with the headings, refreshed when opened', () => {
    const doc = docs.en!;
    expect(doc.documentXml).toMatch(/<w:instrText[^>]*>TOC \\h \\o &quot;1-2&quot;<\/w:instrText>/);
    const entries = doc.paragraphs.filter((p) => p.style === 'TOC1').map((p) => p.text.split('\t')[0]);
    expect(entries).toEqual(SECTIONS.map((s) => translate('en', `report.section.${s}`)));
    // features.updateFields: Word refreshes the page numbers on open.
    expect(doc.files).toContain('word/settings.xml');
  });

  it('writes every KPI cell: target, value, status, forecast, comment, and the parts (en)', () => {
    const table = tableAfterCaption(docs.en!, 'Key performance indicators');
    expect(table).toEqual([
      ['KPI', 'Target', 'Value', 'Status', 'Forecast', 'Comment'],
      ['Scientific publications', '15', '2', 'Behind', '6', 'Two papers are under review.'],
      ['– Joint EU–JP', '5', '1', 'Not met', '', ''],
      ['Followers on X (followers)', '500', '612', 'Achieved', '—', ''],
    ]);
    // The header row repeats on every page and is shaded in the palette's primary colour.
    const kpiTable = docs.en!.documentXml.match(/<w:tbl>[\s\S]*?<\/w:tbl>/g)![0]!;
    expect(kpiTable).toMatch(/<w:trPr>[^]*?<w:tblHeader\/>/);
    expect(kpiTable).toContain('w:fill="1F4E79"');
  });

  it('writes every KPI cell in Japanese (ja)', () => {
    const table = tableAfterCaption(docs.ja!, '重要業績評価指標（KPI）');
    expect(table).toEqual([
      ['KPI', '目標', '実績', '状況', '予測', 'コメント'],
      ['学術論文', '15', '2', '遅れ', '6', '2本の論文が査読中。'],
      ['– 日欧共著', '5', '1', '未達成', '', ''],
      ['X のフォロワー (フォロワー)', '500', '612', '達成', '—', ''],
    ]);
  });

  it('numbers the tables so that events are Table 4 and synergies Table 5, as in the seed', () => {
    const captions = docs.en!.paragraphs.filter((p) => p.style === 'Caption').map((p) => p.text);
    expect(captions).toContain('Table 4. Events');
    expect(captions).toContain('Table 5. Synergies and standardisation');
    expect(captions).toContain('Figure 1. Followers on X');
    expect(tableAfterCaption(docs.en!, 'Events')[1]).toEqual([
      'IoT Solutions World Congress',
      'Trade fair',
      'Barcelona, Spain',
      '2018-10-16 – 2018-10-18',
      'TST, KEIO',
      'https://www.iotsworldcongress.com/',
    ]);
    expect(tableAfterCaption(docs.ja!, '他プロジェクトとの連携と標準化')[1]).toEqual([
      'AIOTI WG 05',
      '標準化',
      'スマートシティ作業部会への貢献',
      'CEA',
      '2019-02-12',
    ]);
  });

  it("draws the timeline as a Gantt grid over the period's project months (Figure 2)", () => {
    const table = docs.en!.tables.find((t) => t.after.startsWith('Figure 2. Timeline'));
    expect(table, docs.en!.tables.map((t) => t.after).join(' | ')).toBeDefined();
    const months = Array.from({ length: 12 }, (_, i) => `M${i + 1}`);
    expect(table!.rows[0]).toEqual(['Item', 'Partner(s)', 'Status', ...months]);
    // Flyer: planned in months 2 and 14, done in month 2 (month 14 is outside year 1).
    expect(table!.rows[1]).toEqual(['Flyer', 'F6S', 'Done', '', '●', '', '', '', '', '', '', '', '', '', '']);
    expect(docs.ja!.tables.find((t) => t.after.startsWith('図2.'))!.rows[0]!.slice(0, 4)).toEqual([
      '項目',
      'パートナー',
      '状況',
      '1月目',
    ]);
  });

  it('writes partners against §5.1, deviations and recommendations as tables', () => {
    const doc = docs.en!;
    expect(tableAfterCaption(doc, 'Partner contributions')[1]).toEqual([
      'F6S\nF6S Network',
      'Develop content for the project website',
      '2',
      '0',
      '0',
      '0',
      '1',
      '3',
    ]);
    expect(tableAfterCaption(doc, 'Deviations and corrective actions')[1]).toEqual([
      '2019-04-01',
      'publications',
      'WP5',
      'Fewer papers than planned',
      'A writing retreat in month 13',
    ]);
    expect(tableAfterCaption(doc, "Follow-up of reviewers' recommendations")[1]).toEqual([
      'First periodic review\n2019-03-15',
      'Increase joint EU–JP publications.',
      'Joint writing sessions were scheduled.',
      'publications',
      'In progress',
    ]);
  });

  it('lists the bibliography: each citation, its open-access status, DOI and repository copy', () => {
    const model = reportModelFixture();
    const bib = docs.en!.paragraphs.filter((p) => p.style === 'Bibliography').map((p) => p.text);
    expect(bib).toEqual(model.publications.map((p, i) => `[${i + 1}]\t${p.citation}`));
    const all = docs.en!.paragraphs.map((p) => p.text);
    expect(all).toContain(
      'Open access: Gold · DOI: 10.3390/s19040101 · Repository: https://zenodo.org/record/1234567',
    );
    expect(docs.ja!.paragraphs.map((p) => p.text)).toContain(
      'オープンアクセス：ゴールド · DOI：10.3390/s19040101 · リポジトリ：https://zenodo.org/record/1234567',
    );
  });

  it('embeds the chart as a PNG rendered from the SVG, at twice its size on the page', () => {
    const doc = docs.en!;
    const pngs = doc.media.filter((m) => m.name.endsWith('.png'));
    const chart = pngs.find((m) => new DataView(m.bytes.buffer, m.bytes.byteOffset).getUint32(16) === 960);
    expect(chart, pngs.map((p) => p.name).join()).toBeDefined();
    expect([...chart!.bytes.subarray(0, 8)]).toEqual(PNG_SIGNATURE);
    expect(chart!.bytes.length).toBeGreaterThan(1000);
    expect(doc.documentXml).toContain('descr="Followers on X"');
  });

  it('puts the cover first: acronym, title, period, language, emblems and the acknowledgement', () => {
    const texts = docs.en!.paragraphs.map((p) => p.text);
    const model = reportModelFixture();
    const cover = texts.slice(0, texts.indexOf('Contents'));
    expect(cover).toEqual(
      expect.arrayContaining([
        'ACME',
        model.project.title,
        'Dissemination Activities Report',
        'Project year 1 (1 June 2018 – 31 May 2019)',
        'Language: English',
        'H2020 grant agreement No 814917',
        model.identity.acknowledgement,
      ]),
    );
    expect(docs.ja!.paragraphs.map((p) => p.text)).toContain('言語：日本語');
    expect(docs.en!.documentXml).toContain('descr="EU emblem"');
    expect(docs.en!.documentXml).toContain('descr="ACME logo"');
  });

  it('gives runs an East Asian font and, in Japanese, the ja-JP East Asian language', () => {
    expect(docs.en!.stylesXml).toMatch(/<w:rFonts [^>]*w:eastAsia="Noto Sans CJK JP"/);
    expect(docs.ja!.stylesXml).toMatch(/<w:lang [^>]*w:eastAsia="ja-JP"/);
  });

  it('prints the draft line on the cover and at the end; the proof root and key fingerprint once submitted', async () => {
    const draft = docs.en!.paragraphs.filter((p) => p.text === 'Draft: not submitted');
    expect(draft).toHaveLength(2);
    const root = 'c0ffee'.repeat(10) + 'abcd';
    const submitted = await readDocx(
      await renderDocx({
        ...reportModelFixture({ lang: 'ja' }),
        proof: {
          merkleRoot: root,
          keyFingerprint: 'SHA256:k3yF1ngerprint',
          submittedAt: '2019-06-10T08:00:00Z',
        },
      }),
    );
    const proofLines = submitted.paragraphs.filter((p) => p.text.includes(root));
    expect(proofLines.map((p) => p.text)).toEqual([
      `エビデンス・マニフェストのルート ${root}、インスタンス鍵 SHA256:k3yF1ngerprint で署名`,
      `エビデンス・マニフェストのルート ${root}、インスタンス鍵 SHA256:k3yF1ngerprint で署名`,
    ]);
    expect(submitted.paragraphs.some((p) => p.text === '草稿（未提出）')).toBe(false);
  });

  it('says "none in this period" for empty sections and still renders without charts or images', async () => {
    const base = reportModelFixture();
    const doc = await readDocx(
      await renderDocx({
        ...base,
        identity: { ...base.identity, logo: null, emblems: [] },
        kpis: [],
        events: [],
        charts: [],
        metrics: [],
      }),
    );
    const texts = doc.paragraphs.map((p) => p.text);
    const events = texts.indexOf('Events');
    expect(texts[events + 1]).toBe('None in this period.');
    expect(doc.media).toHaveLength(0);
  });

  it('is what renderReport returns for docx, with the DOCX content type and file name', async () => {
    const r = await renderReport(reportModelFixture({ lang: 'ja' }), 'docx');
    expect(r.fileName).toBe('ACME-report-year-1-ja.docx');
    expect(r.contentType).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    expect([...r.bytes.subarray(0, 2)]).toEqual([0x50, 0x4b]);
  });
});
