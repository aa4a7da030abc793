/**
 * The DOCX report opened by another word processor: LibreOffice converts the English and Japanese reports to PDF (one
 * soffice start for both), the PDFs have pages, and their text holds the KPI figures and the Japanese headings.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { docxToPdf, pdfText } from '../../test/office';
import { reportModelFixture } from '../../test/factories/report-model';
import { renderDocx } from './docx';

/** Line breaks and the spaces LibreOffice puts between Latin and Japanese text do not matter here. */
const squash = (s: string) => s.replace(/\s+/g, '');

const pdfs: Record<string, { pages: number; text: string }> = {};
beforeAll(async () => {
  const converted = await docxToPdf({
    en: await renderDocx(reportModelFixture({ lang: 'en' })),
    ja: await renderDocx(reportModelFixture({ lang: 'ja' })),
  });
  for (const [name, bytes] of Object.entries(converted)) pdfs[name] = await pdfText(bytes);
}, 180_000);

describe('the DOCX report through LibreOffice', () => {
  it('converts to a PDF with pages, in both languages', () => {
    expect(pdfs.en!.pages).toBeGreaterThan(0);
    expect(pdfs.ja!.pages).toBeGreaterThan(0);
  });

  it('shows the KPI figures: target, value, status, forecast and comment (en)', () => {
    const text = squash(pdfs.en!.text);
    expect(text).toContain('Scientificpublications152Behind6');
    expect(text).toContain('Followerson'); // the label wraps in its cell
    expect(text).toContain('(followers)500612Achieved—');
    expect(text).toContain('–JointEU–JP51Notmet');
    expect(text).toContain(squash('Two papers are under review.'));
    expect(text).toContain(squash('Table 4. Events'));
    expect(text).toContain('Tanaka,H.,&García,M.(2019).Securedatamarketsforsmartcities.');
  });

  it('shows the Japanese headings, table of contents and figures (ja)', () => {
    const text = squash(pdfs.ja!.text);
    expect(text).toContain('重要業績評価指標（KPI）');
    expect(text).toContain('目次');
    expect(text).toContain('学術論文152遅れ6');
    expect(text).toContain('500612達成');
    expect(text).toContain('2本の論文が査読中。');
  });
});
