/** Rows → CSV / XLSX that open safely in spreadsheets (formula injection neutralised); records in template columns. */
import { stringify } from 'csv-stringify/sync';
import type { RecordType } from '../plan/schema';
import { formatAuthors, isoOfDate } from './cells';
import { columnsFor } from './columns';
import type { AnyRecord, Author } from './schema';

/** A column of an export: the row key and the header text. */
export interface ExportColumn {
  key: string;
  header: string;
}

export type ExportRow = Record<string, unknown>;

const FORMULA_START = /^[=+\-@\t\r]/;

/** A cell a spreadsheet could run as a formula (`=`, `+`, `-`, `@`, tab or CR first) gets a leading `'`. */
export function neutraliseCell(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** The text of a value in a cell: lists joined with `; `, dates as ISO dates, objects as JSON. */
export function cellString(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return isoOfDate(value);
  if (Array.isArray(value)) return value.map(cellString).join('; ');
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** A cell value for XLSX: numbers stay numbers, everything else is neutralised text. */
function xlsxValue(value: unknown): string | number {
  return typeof value === 'number' && Number.isFinite(value) ? value : neutraliseCell(cellString(value));
}

/** CSV text (UTF-8 with BOM, so spreadsheets read accents) with every text cell neutralised. */
export function rowsToCsv(rows: readonly ExportRow[], columns: readonly ExportColumn[]): string {
  const body = stringify([
    columns.map((c) => neutraliseCell(c.header)),
    ...rows.map((row) => columns.map((c) => neutraliseCell(cellString(row[c.key])))),
  ]);
  return `\uFEFF${body}`;
}

/** An XLSX workbook with one sheet, header in bold, every text cell neutralised. */
export async function rowsToXlsx(
  rows: readonly ExportRow[],
  columns: readonly ExportColumn[],
  sheetName = 'Export',
): Promise<Buffer> {
  // exceljs (about 28 MB) is loaded by the first XLSX export, not with the server.
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Herald';
  const sheet = workbook.addWorksheet(sheetName.slice(0, 31));
  sheet.addRow(columns.map((c) => neutraliseCell(c.header))).font = { bold: true };
  for (const row of rows) sheet.addRow(columns.map((c) => xlsxValue(row[c.key])));
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** The export columns of a record type: the import template's columns, so an export imports back. */
export function recordColumns(type: RecordType): ExportColumn[] {
  return columnsFor(type).map((c) => ({ key: c.field, header: c.field }));
}

/** A record as a flat row in the template's cell syntax (authors as `Family, Given (Affiliation) [PARTNER]; …`). */
export function recordRow(record: AnyRecord): ExportRow {
  const row: ExportRow = { ...record };
  if ('authors' in record) row.authors = formatAuthors(record.authors as Author[]);
  if ('reach_by_audience' in record && record.reach_by_audience)
    row.reach_by_audience = Object.entries(record.reach_by_audience)
      .map(([audience, n]) => `${audience}: ${n}`)
      .join('; ');
  return row;
}

/** Records of a type as CSV or XLSX in the template's columns. */
export async function exportRecords(
  type: RecordType,
  records: readonly AnyRecord[],
  format: 'csv' | 'xlsx',
): Promise<Buffer> {
  const rows = records.map(recordRow);
  const columns = recordColumns(type);
  return format === 'csv' ? Buffer.from(rowsToCsv(rows, columns), 'utf8') : rowsToXlsx(rows, columns, type);
}
