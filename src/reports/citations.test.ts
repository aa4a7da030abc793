/** References in English and Japanese: the Japanese bibliography uses the registered ja-JP CSL locale's terms. */
import { describe, expect, it } from 'vitest';
import { formatBibliography, type CitationSource } from './citations';

const source = (o: Partial<CitationSource>): CitationSource => ({
  id: 'p1',
  type: 'journal_article',
  title: 'Tidal grids',
  authors: ['Silva, Ana', 'Berg, Ola'],
  venue: 'Renewable Energy',
  publisher: null,
  volume: '210',
  issue: null,
  pages: '1-12',
  year: 2024,
  date: null,
  datePrecision: 'year',
  doi: '10.1016/j.renene.2024.000001',
  isbn: null,
  issn: null,
  url: null,
  ...o,
});

const chapter = source({
  id: 'c1',
  type: 'book_chapter',
  title: 'Smart ports',
  authors: ['田中太郎'],
  venue: 'Coastal Energy',
  publisher: 'Springer',
  volume: null,
  pages: '5-9',
  doi: null,
});
const paper = source({
  id: 'k1',
  type: 'conference_paper',
  venue: 'Proc. GIoTS',
  volume: null,
  pages: null,
  date: '2024-03-04',
  datePrecision: 'day',
});

describe('formatBibliography', () => {
  it('writes APA references in English', async () => {
    expect(await formatBibliography([source({}), chapter, paper], 'en')).toEqual([
      'Silva, A., & Berg, O. (2024). Tidal grids. Renewable Energy, 210, 1–12. https://doi.org/10.1016/j.renene.2024.000001',
      '田中太郎. (2024). Smart ports. In Coastal Energy (pp. 5–9). Springer.',
      'Silva, A., & Berg, O. (2024, March 4). Tidal grids. Proc. GIoTS. https://doi.org/10.1016/j.renene.2024.000001',
    ]);
  });

  it('uses the Japanese locale’s terms and dates in a Japanese report (years, months, pages; no English “In”)', async () => {
    const [article, inBook, conference] = await formatBibliography([source({}), chapter, paper], 'ja');
    expect(article).toContain('(2024年)');
    expect(inBook).toBe('田中太郎. (2024年). Smart ports. Coastal Energy (ページ 5–9). Springer.');
    expect(conference).toContain('(2024年, 3月 4)');
    for (const text of [article, inBook, conference]) {
      expect(text).not.toMatch(/\bIn |\bpp\.|March/);
    }
  });
});
