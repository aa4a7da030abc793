/** Every import error names its file, line (when the format has lines) and entry, for each format. */
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import { validationContext } from '../../test/factories/records';
import { collectRows } from './index';
import { parseFile } from './parse-file';
import { tempDir } from './testing';
import { formatRowError, toErrorDetail, type RowError } from './types';
import { entryLabel, errorCsvLines, problemText } from './error-log';

const dir = tempDir();
afterAll(() => dir.cleanup());
const ctx = validationContext();
const lead = { defaults: { lead_partner: 'UNIA' } };

/** The errors of a file read under `name`, as the CLI and logs print them. */
async function errorsOf(
  path: string,
  type: 'publication' | 'activity' | 'metric',
  name: string,
  options = {},
) {
  const parsed = await parseFile({ path, name, type, options: { ...lead, ...options } });
  const { rows, summary } = await collectRows(parsed, type, ctx);
  const errors: RowError[] = [...summary.fileErrors, ...rows.flatMap((r) => r.errors)];
  return { errors, text: errors.map(formatRowError) };
}

describe('located errors', () => {
  it('BibTeX: file, citation key, entry number and line', async () => {
    const bib = dir.write(
      'refs.bib',
      '@article{ok1, author = {Doe, Jane}, title = {Fine}, journal = {J}, year = {2024}}\n\n' +
        '@article{nojournal,\n  title = {No venue},\n  author = {Doe, Jane and Roe, R.},\n  year = {2024}\n}\n' +
        '@article{broken, title = {Missing comma} journal = {J}, year = {2024}}\n',
    );
    const { errors, text } = await errorsOf(bib, 'publication', 'refs.bib');
    expect(text).toEqual([
      'refs.bib, entry 2 "nojournal", line 3, column "venue": a journal article needs a venue (journal, proceedings or book title)',
      expect.stringMatching(/^refs\.bib, entry 3 "broken", line 8, column \d+: broken BibTeX entry "broken"/),
    ]);
    expect(toErrorDetail(errors[0]!)).toMatchObject({
      path: 'refs.bib, entry 2 "nojournal", column venue',
      file: 'refs.bib',
      entry: 'nojournal',
      row: 2,
      line: 3,
    });
    expect(entryLabel('ja', errors[0]!)).toBe('エントリ 2「nojournal」');
    expect(problemText('ja', errors[1]!)).toMatch(/^壊れた BibTeX エントリです（8 行目から）/);
  });

  it('RIS: file, record number and its TY line', async () => {
    const ris = dir.write(
      'refs.ris',
      'TY  - JOUR\nTI  - One\nAU  - Doe, Jane\nJO  - J\nPY  - 2024\nER  - \n\n' +
        'TY  - CHAP\nTI  - Two\nAU  - Doe, Jane\nPY  - 2024\nER  - \n',
    );
    expect((await errorsOf(ris, 'publication', 'refs.ris')).text).toEqual([
      'refs.ris, record 2, line 8, column "venue": a book chapter needs a venue (journal, proceedings or book title)',
    ]);
  });

  it('CSL-JSON and Crossref: file, item number and its id or DOI', async () => {
    const csl = dir.write(
      'items.json',
      JSON.stringify([
        {
          id: 'a1',
          author: [{ family: 'Doe' }],
          type: 'article-journal',
          title: 'A',
          'container-title': 'J',
          issued: { 'date-parts': [[2024]] },
        },
        {
          id: 'b2',
          author: [{ family: 'Doe' }],
          type: 'chapter',
          title: 'B',
          issued: { 'date-parts': [[2024]] },
        },
      ]),
    );
    expect((await errorsOf(csl, 'publication', 'items.json')).text).toEqual([
      'items.json, item 2 "b2", column "venue": a book chapter needs a venue (journal, proceedings or book title)',
    ]);
    const crossref = dir.write(
      'works.json',
      JSON.stringify({
        status: 'ok',
        'message-type': 'work',
        message: {
          DOI: '10.1000/x',
          author: [{ family: 'Doe' }],
          type: 'book-chapter',
          title: ['C'],
          issued: { 'date-parts': [[2024]] },
        },
      }),
    );
    expect((await errorsOf(crossref, 'publication', 'works.json')).text).toEqual([
      'works.json, item 1 "10.1000/x", column "venue": a book chapter needs a venue (journal, proceedings or book title)',
    ]);
    const broken = dir.write('broken.json', '[{"id": "a",\n  "title" 1}]');
    expect((await errorsOf(broken, 'publication', 'broken.json')).text).toEqual([
      expect.stringMatching(/^broken\.json, line 2, column \d+: the file is not valid JSON/),
    ]);
  });

  it('CSV: file, row and line', async () => {
    const csv = dir.write(
      'a.csv',
      'title,lead_partner,date,kind,type,audiences,channels,status\n' +
        'Post,UNIA,2024-13-45,social_post,Other,Citizens,Social media,Delivered\n',
    );
    const { errors, text } = await errorsOf(csv, 'activity', 'a.csv');
    expect(text).toEqual([
      'a.csv, row 2, line 2, column "date": "2024-13-45" is not a date (expected YYYY-MM-DD or DD/MM/YYYY)',
    ]);
    expect(errorCsvLines('ja', errors)).toBe(
      'a.csv,2,2 行目,date,「2024-13-45」は日付ではありません（YYYY-MM-DD または DD/MM/YYYY の形式で入力してください）,"""2024-13-45"" is not a date (expected YYYY-MM-DD or DD/MM/YYYY)"\n',
    );
  });

  it('XLSX: file, sheet and row', async () => {
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('Events 2024');
    sheet.addRow(['title', 'lead_partner', 'date', 'kind', 'type', 'audiences', 'channels', 'status']);
    sheet.addRow([
      'Post',
      'NOBODY',
      '2024-03-01',
      'social_post',
      'Other',
      'Citizens',
      'Social media',
      'Delivered',
    ]);
    const path = dir.path('book.xlsx');
    await book.xlsx.writeFile(path);
    expect((await errorsOf(path, 'activity', 'book.xlsx')).text).toEqual([
      'book.xlsx, sheet "Events 2024", row 2, column "lead_partner": unknown partner "NOBODY" (known: CORPB, UNIA)',
    ]);
  });

  it('an author-level error keeps its part in English and translates it', async () => {
    const csv = dir.write(
      'p.csv',
      'title,type,year,venue,lead_partner,peer_reviewed,authors\nPaper,journal_article,2024,J,UNIA,yes,"Doe, Jane [NOPE]; Roe, R."\n',
    );
    const { errors } = await errorsOf(csv, 'publication', 'p.csv');
    const author = errors.find((e) => e.prefix !== undefined);
    expect(author?.message).toMatch(/^author 1 \(partner\): unknown partner "NOPE"/);
    expect(problemText('ja', author!)).toMatch(/^著者 1（partner）: 不明なパートナー「NOPE」です/);
  });
});
