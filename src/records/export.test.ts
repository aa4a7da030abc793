import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { collectRows, parseFile } from '../importers';
import { activityInput, publicationInput, validationContext } from '../../test/factories/records';
import {
  cellString,
  collectChunks,
  csvChunks,
  neutraliseCell,
  recordColumns,
  recordRow,
  rowsToCsv,
  rowsToXlsx,
  xlsxChunks,
  type ExportColumn,
  type ExportRow,
} from './export';
import type { RecordType } from '../plan/schema';
import type { AnyRecord } from './schema';
import { activitySchema, publicationSchema } from './schema';

const dir = mkdtempSync(join(tmpdir(), 'herald-export-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const DANGEROUS = ['=HYPERLINK("http://evil","x")', '+1+2', '-2+3', '@SUM(A1)', '\tindent', '\rreturn'];

describe('formula injection', () => {
  it('prefixes a quote to cells that start like a formula, and only those', () => {
    for (const text of DANGEROUS) expect(neutraliseCell(text)).toBe(`'${text}`);
    for (const text of ['plain', 'a=b', '', '10.1/x', "'already"]) expect(neutraliseCell(text)).toBe(text);
  });

  it('neutralises every CSV cell, headers included', () => {
    const csv = rowsToCsv(
      DANGEROUS.map((text, i) => ({ n: i, text })),
      [
        { key: 'n', header: 'n' },
        { key: 'text', header: '=header' },
      ],
    );
    expect(csv.startsWith('\uFEFF')).toBe(true);
    const cells: string[][] = parse(csv.slice(1), { relax_column_count: true });
    expect(cells[0]).toEqual(['n', "'=header"]);
    expect(cells.slice(1).map((r) => r[1])).toEqual(DANGEROUS.map((t) => `'${t}`));
  });

  it('neutralises XLSX text cells and keeps numbers as numbers', async () => {
    const data = await rowsToXlsx(
      [{ text: '=1+1', n: -5, list: ['@a', 'b'] }],
      [
        { key: 'text', header: 'text' },
        { key: 'n', header: 'n' },
        { key: 'list', header: 'list' },
      ],
    );
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(data as unknown as ArrayBuffer);
    const row = workbook.worksheets[0]?.getRow(2);
    expect(row?.getCell(1).value).toBe("'=1+1");
    expect(row?.getCell(1).formula).toBeUndefined();
    expect(row?.getCell(2).value).toBe(-5);
    expect(row?.getCell(3).value).toBe("'@a; b");
  });

  it('writes lists, booleans and dates as readable text', () => {
    expect(cellString(['a', 'b'])).toBe('a; b');
    expect(cellString(true)).toBe('yes');
    expect(cellString(new Date(Date.UTC(2024, 0, 2)))).toBe('2024-01-02');
    expect(cellString(undefined)).toBe('');
  });
});

/** Records of a type as a whole CSV or XLSX file in the template's columns. */
const exportRecords = async (type: RecordType, records: readonly AnyRecord[], format: 'csv' | 'xlsx') => {
  const rows = records.map(recordRow);
  const columns = recordColumns(type);
  return format === 'csv' ? Buffer.from(rowsToCsv(rows, columns), 'utf8') : rowsToXlsx(rows, columns, type);
};

describe('exportRecords', () => {
  it('exports records in the template columns, so the file imports back to the same records', async () => {
    const ctx = validationContext();
    const activities = [activitySchema.parse(activityInput({ reach_by_audience: { Citizens: 40 } }))];
    const publications = [publicationSchema.parse(publicationInput())];
    for (const format of ['csv', 'xlsx'] as const) {
      const a = join(dir, `activities.${format}`);
      writeFileSync(a, await exportRecords('activity', activities, format));
      const back = await collectRows(await parseFile({ path: a, type: 'activity' }), 'activity', ctx);
      expect(back.rows.map((r) => r.value)).toEqual(activities);
      const p = join(dir, `publications.${format}`);
      writeFileSync(p, await exportRecords('publication', publications, format));
      const pubs = await collectRows(await parseFile({ path: p, type: 'publication' }), 'publication', ctx);
      expect(pubs.rows.map((r) => r.value)).toEqual(publications);
    }
  });
});

async function* pagesOf(rows: readonly ExportRow[], size: number): AsyncGenerator<ExportRow[]> {
  for (let i = 0; i < rows.length; i += size) yield rows.slice(i, i + size);
}

const COLUMNS: ExportColumn[] = [
  { key: 'title', header: 'title' },
  { key: 'n', header: '=n' },
  { key: 'list', header: 'list' },
  { key: 'when', header: 'when' },
];
const ROWS: ExportRow[] = Array.from({ length: 57 }, (_, i) => ({
  title: i % 5 === 0 ? `=cmd|' /C calc'!A${i}` : `Row "${i}", with, commas\nand a line`,
  n: i % 3 === 0 ? i * 1.5 : null,
  list: i % 2 === 0 ? ['a', `b${i}`] : [],
  when: new Date(Date.UTC(2024, 0, 1 + i)),
}));

/** The XLSX writer before streaming (exceljs's in-memory Workbook): the reference the streamed one must match. */
async function wholeXlsx(rows: readonly ExportRow[], columns: readonly ExportColumn[], name: string) {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(name);
  sheet.addRow(columns.map((c) => neutraliseCell(c.header))).font = { bold: true };
  for (const row of rows)
    sheet.addRow(
      columns.map((c) => {
        const v = row[c.key];
        return typeof v === 'number' ? v : neutraliseCell(cellString(v));
      }),
    );
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

async function sheetOf(bytes: Buffer) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  const sheet = wb.worksheets[0]!;
  const values: unknown[][] = [];
  // An empty text cell: the in-memory writer stores "", the streamed one leaves the cell out (both read as empty).
  const cell = (v: unknown) => (v === '' ? undefined : v);
  sheet.eachRow({ includeEmpty: true }, (row) => {
    const cells = (row.values as unknown[]).slice(1).map(cell);
    while (cells.length > 0 && cells.at(-1) === undefined) cells.pop();
    values.push(cells);
  });
  return { name: sheet.name, values, bold: sheet.getRow(1).font?.bold, views: sheet.views };
}

describe('streamed writers', () => {
  it('CSV in pages of any size gives the bytes of the whole-file writer', async () => {
    const whole = Buffer.from(rowsToCsv(ROWS, COLUMNS), 'utf8');
    for (const size of [1, 7, 57, 1000]) {
      const streamed = await collectChunks(csvChunks(pagesOf(ROWS, size), COLUMNS));
      expect(streamed.equals(whole)).toBe(true);
    }
    const empty = await collectChunks(csvChunks(pagesOf([], 5), COLUMNS));
    expect(empty.toString('utf8')).toBe(rowsToCsv([], COLUMNS));
  });

  it('XLSX streamed in pages holds what the in-memory workbook held: cells, bold frozen header, sheet name', async () => {
    const reference = await sheetOf(await wholeXlsx(ROWS, COLUMNS, 'activity'));
    const streamed = await sheetOf(await collectChunks(xlsxChunks(pagesOf(ROWS, 10), COLUMNS, 'activity')));
    expect(streamed.values).toEqual(reference.values);
    expect(streamed.values).toHaveLength(58);
    expect(streamed.name).toBe('activity');
    expect(streamed.bold).toBe(true);
    expect(streamed.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
  });

  it('XLSX with shared strings (the whole-table writer) keeps even the empty cells of the in-memory workbook', async () => {
    const raw = async (bytes: Buffer) => {
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(bytes as unknown as ArrayBuffer);
      const values: unknown[][] = [];
      wb.worksheets[0]!.eachRow((row) => values.push(Array.from(row.values as unknown[]).slice(1)));
      return values;
    };
    expect(await raw(await rowsToXlsx(ROWS, COLUMNS, 'activity'))).toEqual(
      await raw(await wholeXlsx(ROWS, COLUMNS, 'activity')),
    );
  });

  it('a reader that stops early ends the XLSX writer without reading the remaining pages', async () => {
    let pagesRead = 0;
    async function* endless(): AsyncGenerator<ExportRow[]> {
      for (;;) {
        pagesRead += 1;
        yield ROWS;
      }
    }
    const chunks = xlsxChunks(endless(), COLUMNS);
    await chunks.next();
    await chunks.return(undefined);
    const after = pagesRead;
    await new Promise((r) => setImmediate(r));
    expect(pagesRead).toBe(after);
    expect(after).toBeLessThan(1000);
  });
});
