/** The PDF report printed by Chromium: its text carries the KPI figures and, in Japanese, the headings (CJK fonts). */
import { extractText, getDocumentProxy } from 'unpdf';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { reportModelFixture } from '../../test/factories/report-model';
import { renderPdf } from './pdf';

vi.setConfig({ testTimeout: 120_000 });

async function pdfText(bytes: Uint8Array): Promise<{ pages: number; text: string }> {
  const doc = await getDocumentProxy(bytes);
  const { totalPages, text } = await extractText(doc, { mergePages: true });
  // NFKC: the CJK font maps some ideographs to their compatibility forms (⽬ for 目), which text extraction returns.
  return { pages: totalPages, text: text.normalize('NFKC').replace(/\s+/g, ' ') };
}

describe('renderPdf', () => {
  const saved = process.env.CHROMIUM_PATH;
  afterAll(() => {
    if (saved === undefined) delete process.env.CHROMIUM_PATH;
    else process.env.CHROMIUM_PATH = saved;
  });

  it('prints the English report with its KPI figures', async () => {
    const bytes = await renderPdf(reportModelFixture({ lang: 'en' }));
    expect(new TextDecoder().decode(bytes.slice(0, 5))).toBe('%PDF-');
    const { pages, text } = await pdfText(bytes);
    expect(pages).toBeGreaterThan(1);
    expect(text).toContain('Dissemination Activities Report');
    expect(text).toContain('Scientific publications');
    expect(text).toMatch(/Followers on X ≥ 500 612/);
    expect(text).toContain('Two papers are under review.');
  });

  it('prints the Japanese headings of a Japanese report (CJK fonts)', async () => {
    const { text } = await pdfText(await renderPdf(reportModelFixture({ lang: 'ja' })));
    const compact = text.replace(/\s+/g, '');
    for (const heading of [
      '普及活動報告書',
      '目次',
      '重要業績評価指標（KPI）',
      '学術論文',
      'パートナーの貢献',
    ])
      expect(compact).toContain(heading.normalize('NFKC'));
    expect(text).toContain('612');
  });

  it('refuses with chromium_missing when CHROMIUM_PATH names nothing', async () => {
    process.env.CHROMIUM_PATH = '/nonexistent/chromium';
    await expect(renderPdf(reportModelFixture())).rejects.toMatchObject({ code: 'chromium_missing' });
    if (saved === undefined) delete process.env.CHROMIUM_PATH;
    else process.env.CHROMIUM_PATH = saved;
  });
});
