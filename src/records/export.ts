/** Rows → CSV / XLSX that open safely in spreadsheets (formula injection neutralised); records in template columns. */
import { PassThrough } from 'node:stream';
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

/** A page of rows as CSV lines (every text cell neutralised); `header` first when asked. */
function csvLines(rows: readonly ExportRow[], columns: readonly ExportColumn[], header: boolean): string {
  const lines = rows.map((row) => columns.map((c) => neutraliseCell(cellString(row[c.key]))));
  return stringify(header ? [columns.map((c) => neutraliseCell(c.header)), ...lines] : lines);
}

/** CSV text (UTF-8 with BOM, so spreadsheets read accents) with every text cell neutralised. */
export function rowsToCsv(rows: readonly ExportRow[], columns: readonly ExportColumn[]): string {
  return `\uFEFF${csvLines(rows, columns, true)}`;
}

const utf8 = new TextEncoder();

/**
 * The CSV of `rowsToCsv`, streamed: the BOM and header, then one chunk per page of rows as the pages come (a row's
 * quoting depends on that row alone, so the bytes are the same as the whole file's).
 */
export async function* csvChunks(
  pages: AsyncIterable<readonly ExportRow[]>,
  columns: readonly ExportColumn[],
): AsyncGenerator<Uint8Array> {
  yield utf8.encode(`\uFEFF${csvLines([], columns, true)}`);
  for await (const rows of pages) if (rows.length > 0) yield utf8.encode(csvLines(rows, columns, false));
}

/**
 * An XLSX workbook with one sheet (header in bold and frozen, every text cell neutralised), streamed: exceljs's
 * WorkbookWriter commits each row as it comes and zips into a pass-through this generator drains; the next page is
 * read only once the reader has taken what the last one made (backpressure).
 */
export async function* xlsxChunks(
  pages: AsyncIterable<readonly ExportRow[]>,
  columns: readonly ExportColumn[],
  sheetName = 'Export',
  /** Text through a shared-strings table, as exceljs's in-memory writer does (empty cells kept as ""); it holds
   * every distinct text in memory, so only for small tables. Default: inline text, nothing kept. */
  opts: { sharedStrings?: boolean } = {},
): AsyncGenerator<Uint8Array> {
  // exceljs (about 28 MB) is loaded by the first XLSX export, not with the server.
  const { default: ExcelJS } = await import('exceljs');
  const out = new PassThrough();
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: out,
    useStyles: true,
    useSharedStrings: opts.sharedStrings ?? false,
  });
  workbook.creator = 'Herald';
  const sheet = workbook.addWorksheet(sheetName.slice(0, 31), { views: [{ state: 'frozen', ySplit: 1 }] });
  const header = sheet.addRow(columns.map((c) => neutraliseCell(c.header)));
  header.font = { bold: true };
  header.commit();
  // Resolves when the reader took the buffered bytes, or stopped reading (the pass-through closed).
  const drained = () =>
    new Promise<void>((resolve) => {
      const done = () => {
        out.off('drain', done);
        out.off('close', done);
        resolve();
      };
      out.on('drain', done);
      out.on('close', done);
    });
  const writing = (async () => {
    for await (const rows of pages) {
      if (out.destroyed) return;
      for (const row of rows) sheet.addRow(columns.map((c) => xlsxValue(row[c.key]))).commit();
      // Let the zip stream compress what came (a macrotask), then wait while the reader is behind.
      await new Promise((resolve) => setImmediate(resolve));
      if (out.writableNeedDrain) await drained();
    }
    if (out.destroyed) return;
    sheet.commit();
    await workbook.commit();
  })().catch((err: unknown) => {
    out.destroy(err instanceof Error ? err : new Error(String(err)));
  });
  try {
    for await (const chunk of out) yield chunk as Uint8Array;
  } finally {
    out.destroy();
    await writing;
  }
}

/** Every chunk of a generator in one buffer (small exports, tests). */
export async function collectChunks(chunks: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const parts: Uint8Array[] = [];
  for await (const chunk of chunks) parts.push(chunk);
  return Buffer.concat(parts);
}

async function* onePage(rows: readonly ExportRow[]): AsyncGenerator<readonly ExportRow[]> {
  yield rows;
}

/** An XLSX workbook with one sheet, header in bold, every text cell neutralised (the streamed writer, collected,
 * with shared strings: the cells of the in-memory writer it replaced, empty ones included). */
export async function rowsToXlsx(
  rows: readonly ExportRow[],
  columns: readonly ExportColumn[],
  sheetName = 'Export',
): Promise<Buffer> {
  return collectChunks(xlsxChunks(onePage(rows), columns, sheetName, { sharedStrings: true }));
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
