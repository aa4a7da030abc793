/** XLSX of any record type (exceljs streaming reader): first sheet or a named one, same header rules as CSV. */
import { stat } from 'node:fs/promises';
import ExcelJS from 'exceljs';
import type { RecordType } from '../plan/schema';
import type { CellValue } from '../records/cells';
import { matchHeaders, type HeaderMatch } from '../records/columns';
import { headerProblems } from './csv';
import { buildRow, DEFAULT_BATCH_SIZE, inBatches, isBlankRow } from './rows';
import { checkXlsxContainer } from './xlsx-zip';
import {
  emptySummary,
  type CandidateRow,
  type ImportOptions,
  type ImportSummary,
  type ParsedFile,
} from './types';

/** A sheet as the streaming reader yields it (the typings omit `name`). */
type SheetReader = AsyncIterable<ExcelJS.Row> & { name?: string };

/** The plain value of an exceljs cell: rich text joined, formula results, hyperlink text. */
export function plainCell(value: ExcelJS.CellValue | undefined): CellValue {
  if (value === null || value === undefined) return undefined;
  if (typeof value !== 'object' || value instanceof Date) return value;
  if ('richText' in value) return value.richText.map((r) => r.text).join('');
  if ('formula' in value || 'sharedFormula' in value) return plainCell(value.result as ExcelJS.CellValue);
  if ('text' in value) return String(value.text);
  if ('error' in value) return String(value.error);
  return undefined;
}

/** Cells of a row as a 0-based array (exceljs rows are 1-based). */
function rowCells(row: ExcelJS.Row): CellValue[] {
  const values = row.values as (ExcelJS.CellValue | undefined)[];
  return values.slice(1).map((v) => plainCell(v));
}

/** Parses an XLSX file. The header is the first non-blank row of the sheet. */
export async function parseXlsx(
  path: string,
  type: RecordType,
  options: ImportOptions = {},
): Promise<ParsedFile> {
  const { size } = await stat(path);
  const summary = emptySummary('xlsx', type, size);
  const rows = readRows(path, type, options, summary);
  return { format: 'xlsx', type, summary, batches: batched(rows, summary, options) };
}

async function* readRows(
  path: string,
  type: RecordType,
  options: ImportOptions,
  summary: ImportSummary,
): AsyncGenerator<CandidateRow> {
  // A damaged container is named before exceljs reads it (exceljs checks no CRC, and may never settle on one).
  const damaged = await checkXlsxContainer(path);
  if (damaged) {
    summary.fileErrors.push(damaged);
    return;
  }
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(path, {
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    worksheets: 'emit',
    entries: 'ignore',
  });
  let found = false;
  const at = { sheet: '', row: 0 };
  try {
    for await (const sheet of reader as AsyncIterable<SheetReader>) {
      const name = sheet.name ?? '';
      if (found || (options.sheet !== undefined && name.toLowerCase() !== options.sheet.toLowerCase())) {
        for await (const _row of sheet) void _row;
        continue;
      }
      found = true;
      summary.sheet = name;
      at.sheet = name;
      yield* sheetRows(sheet, type, options, summary, at);
    }
  } catch (error) {
    const detail = (error as Error).message;
    summary.fileErrors.push(
      at.sheet
        ? {
            row: at.row + 1,
            sheet: at.sheet,
            message: `sheet "${at.sheet}" cannot be read from row ${at.row + 1} on: the workbook is damaged (${detail})`,
            key: 'import.xlsx.sheetBroken',
            params: { sheet: at.sheet, row: at.row + 1, error: detail },
          }
        : {
            row: 0,
            message: `the file is not a readable XLSX workbook: ${detail}`,
            key: 'import.xlsx.unreadable',
            params: { error: detail },
          },
    );
    return;
  }
  if (!found)
    summary.fileErrors.push(
      options.sheet
        ? {
            row: 0,
            message: `the workbook has no sheet "${options.sheet}"`,
            key: 'import.xlsx.noSuchSheet',
            params: { sheet: options.sheet },
          }
        : { row: 0, message: 'the workbook has no sheet', key: 'import.xlsx.noSheet', params: {} },
    );
}

async function* sheetRows(
  sheet: SheetReader,
  type: RecordType,
  options: ImportOptions,
  summary: ImportSummary,
  at: { row: number },
): AsyncGenerator<CandidateRow> {
  const defaults = options.defaults ?? {};
  let match: HeaderMatch | undefined;
  for await (const row of sheet) {
    at.row = row.number;
    const cells = rowCells(row);
    if (isBlankRow(cells)) continue;
    if (!match) {
      match = matchHeaders(
        type,
        cells.map((c) => (c === undefined || c === null ? '' : String(c))),
        defaults,
      );
      const problems = headerProblems(match, { row: row.number });
      summary.fileErrors.push(...problems.errors);
      summary.warnings.push(...problems.warnings);
      summary.columns = Object.fromEntries(Object.entries(match.headerOf).map(([f, h]) => [h, f]));
      if (problems.errors.length > 0) return;
      continue;
    }
    yield buildRow(match, cells, { row: row.number }, defaults);
  }
  if (!match)
    summary.fileErrors.push({
      row: 0,
      message: `sheet "${sheet.name ?? ''}" is empty: it has no header row`,
      key: 'import.xlsx.emptySheet',
      params: { sheet: sheet.name ?? '' },
    });
}

async function* batched(
  rows: AsyncIterable<CandidateRow>,
  summary: ImportSummary,
  options: ImportOptions,
): AsyncGenerator<CandidateRow[]> {
  for await (const batch of inBatches(rows, options.batchSize ?? DEFAULT_BATCH_SIZE)) {
    summary.rows += batch.length;
    summary.rowsWithErrors += batch.filter((r) => r.errors.length > 0).length;
    options.onProgress?.({ bytesRead: 0, totalBytes: summary.totalBytes, rows: summary.rows });
    yield batch;
  }
  summary.bytesRead = summary.totalBytes;
  options.onProgress?.({ bytesRead: summary.totalBytes, totalBytes: summary.totalBytes, rows: summary.rows });
}
