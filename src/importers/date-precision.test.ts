/** Each publication importer keeps what its source says about a date's precision (day, month or year). */
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import { validationContext } from '../../test/factories/records';
import { importAll, tempDir } from './testing';

const dir = tempDir();
afterAll(() => dir.cleanup());
const ctx = validationContext();
const lead = { defaults: { lead_partner: 'UNIA' } };

/** Title → [date, precision, year] of every valid row; row errors fail the test. */
async function dates(name: string, data: string | Buffer) {
  const { rows } = await importAll(dir.write(name, data), 'publication', ctx, lead);
  expect(rows.flatMap((r) => r.errors.map((e) => e.message))).toEqual([]);
  return Object.fromEntries(
    rows.map((r) => [r.value?.title, [r.value?.date, r.value?.date_precision, r.value?.year]]),
  );
}

describe('date precision of imported publications', () => {
  it('BibTeX: year alone is the year, year + month the month, a day or a full date the day', async () => {
    const entry = (key: string, date: string) =>
      `@article{${key}, title = {${key}}, author = {Doe, Jane}, journal = {J}, ${date}}\n`;
    const bib =
      entry('year', 'year = 2024') +
      entry('month', 'year = 2024, month = sep') +
      entry('monthNumber', 'year = {2024}, month = {9}') +
      entry('day', 'year = 2024, month = sep, day = 14') +
      entry('biblatexMonth', 'date = {2024-09}') +
      entry('biblatexDay', 'date = {2024-09-14}');
    expect(await dates('precision.bib', bib)).toEqual({
      year: ['2024-01-01', 'year', 2024],
      month: ['2024-09-01', 'month', 2024],
      monthNumber: ['2024-09-01', 'month', 2024],
      day: ['2024-09-14', 'day', 2024],
      biblatexMonth: ['2024-09-01', 'month', 2024],
      biblatexDay: ['2024-09-14', 'day', 2024],
    });
  });

  it('RIS: PY 2024/// is the year, DA 2024/09// the month, Y1 2024/09/14/ the day', async () => {
    const record = (title: string, dateLines: string) =>
      `TY  - JOUR\nTI  - ${title}\nAU  - Doe, Jane\nT2  - J\n${dateLines}\nER  - \n`;
    const ris =
      record('year', 'PY  - 2024///') +
      record('month', 'PY  - 2024\nDA  - 2024/09//') +
      record('day', 'Y1  - 2024/09/14/') +
      record('plainYear', 'PY  - 2024');
    expect(await dates('precision.ris', ris)).toEqual({
      year: ['2024-01-01', 'year', 2024],
      month: ['2024-09-01', 'month', 2024],
      day: ['2024-09-14', 'day', 2024],
      plainYear: ['2024-01-01', 'year', 2024],
    });
  });

  it('CSL-JSON: date-parts [2024] is the year, [2024, 9] the month, [2024, 9, 14] the day', async () => {
    const item = (title: string, parts: number[]) => ({
      type: 'article-journal',
      title,
      author: [{ family: 'Doe', given: 'Jane' }],
      'container-title': 'J',
      issued: { 'date-parts': [parts] },
    });
    const json = JSON.stringify([item('year', [2024]), item('month', [2024, 9]), item('day', [2024, 9, 14])]);
    expect(await dates('precision.json', json)).toEqual({
      year: ['2024-01-01', 'year', 2024],
      month: ['2024-09-01', 'month', 2024],
      day: ['2024-09-14', 'day', 2024],
    });
  });

  it('Crossref: an issued date of [2024, 9] is the month', async () => {
    const work = {
      status: 'ok',
      'message-type': 'work',
      message: {
        DOI: '10.5555/precision.1',
        type: 'journal-article',
        title: ['month'],
        author: [{ given: 'Jane', family: 'Doe' }],
        'container-title': ['J'],
        issued: { 'date-parts': [[2024, 9]] },
      },
    };
    expect(await dates('crossref.json', JSON.stringify(work))).toEqual({
      month: ['2024-09-01', 'month', 2024],
    });
  });

  it('CSV: a date of 2024-09 or 2024 is approximate; a precision column wins; a year alone has no date', async () => {
    const csv =
      'title,type,authors,venue,year,date,date precision,peer reviewed\n' +
      'month,journal_article,"Doe, Jane",J,,2024-09,,yes\n' +
      'monthFirst,journal_article,"Doe, Jane",J,2024,09/2024,,yes\n' +
      'yearInDate,journal_article,"Doe, Jane",J,,2024,,yes\n' +
      'yearOnly,journal_article,"Doe, Jane",J,2024,,,yes\n' +
      'day,journal_article,"Doe, Jane",J,2024,2024-09-14,,yes\n' +
      'explicit,journal_article,"Doe, Jane",J,2024,2024-01-01,year,yes\n';
    expect(await dates('precision.csv', csv)).toEqual({
      month: ['2024-09-01', 'month', 2024],
      monthFirst: ['2024-09-01', 'month', 2024],
      yearInDate: ['2024-01-01', 'year', 2024],
      yearOnly: [undefined, undefined, 2024],
      day: ['2024-09-14', undefined, 2024], // day when stored (a date without a precision is exact)
      explicit: ['2024-01-01', 'year', 2024],
    });
  });

  it('XLSX: a year typed as a number in the date column is the year, a real date cell the day', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('publication');
    sheet.addRow(['title', 'type', 'authors', 'venue', 'year', 'date', 'peer reviewed']);
    sheet.addRow(['year', 'journal_article', 'Doe, Jane', 'J', null, 2024, 'yes']);
    sheet.addRow(['month', 'journal_article', 'Doe, Jane', 'J', null, '2024-09', 'yes']);
    sheet.addRow(['day', 'journal_article', 'Doe, Jane', 'J', 2024, new Date(Date.UTC(2024, 8, 14)), 'yes']);
    const data = Buffer.from(await workbook.xlsx.writeBuffer());
    expect(await dates('precision.xlsx', data)).toEqual({
      year: ['2024-01-01', 'year', 2024],
      month: ['2024-09-01', 'month', 2024],
      day: ['2024-09-14', undefined, 2024],
    });
  });
});
