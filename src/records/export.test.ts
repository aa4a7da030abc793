import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { collectRows, parseFile } from '../importers';
import { activityInput, publicationInput, validationContext } from '../../test/factories/records';
import { cellString, exportRecords, neutraliseCell, rowsToCsv, rowsToXlsx } from './export';
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
