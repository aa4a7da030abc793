/** Import templates per record type: headers + one example row (CSV), plus an allowed-values sheet (XLSX). */
import type ExcelJS from 'exceljs';
import { stringify } from 'csv-stringify/sync';
import type { RecordType } from '../plan/schema';
import { vocabularyFor, type FunderVocabulary } from '../records/vocabularies';
import { columnsFor, columnValues, requiredColumns, type ColumnSpec } from '../records/columns';

export interface TemplateOptions {
  /** The project's funder vocabulary (default: Horizon Europe's). */
  vocabulary?: FunderVocabulary;
  /** Partner codes of the project, used in the example row and listed as allowed values. */
  partners?: readonly string[];
}

export interface TemplateFile {
  fileName: string;
  contentType: string;
  data: Buffer;
}

const CONTENT_TYPES = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
} as const;

/** The example row's cells, with placeholders filled from the project. */
export function exampleRow(type: RecordType, opts: TemplateOptions = {}): string[] {
  const vocabulary = opts.vocabulary ?? vocabularyFor(undefined);
  const [first = 'P1', second] = opts.partners ?? [];
  const fill: Record<string, string> = {
    '{partner}': first,
    '{partner2}': second ?? '',
    '{activityType}':
      vocabulary.activityTypes.find((t) => t === 'Press release') ??
      vocabulary.activityTypes.find((t) => t === 'Other') ??
      vocabulary.activityTypes[0] ??
      '',
    '{audience}':
      vocabulary.communicationAudiences.find((a) => vocabulary.disseminationAudiences.includes(a)) ?? '',
    '{channel}': vocabulary.channels.find((c) => c === 'Press release') ?? vocabulary.channels[0] ?? '',
  };
  return columnsFor(type).map((c) => c.example.replace(/\{\w+\}/g, (p) => fill[p] ?? p));
}

/** Header names of the template (the field names). */
export function templateHeaders(type: RecordType): string[] {
  return columnsFor(type).map((c) => c.field);
}

/** The template file of a record type, as CSV (UTF-8 with BOM, so spreadsheets read accents) or XLSX. */
export async function templateFor(
  type: RecordType,
  format: 'csv' | 'xlsx',
  opts: TemplateOptions = {},
): Promise<TemplateFile> {
  const fileName = `herald-${type}-template.${format}`;
  if (format === 'csv') {
    const text = stringify([templateHeaders(type), exampleRow(type, opts)]);
    return { fileName, contentType: CONTENT_TYPES.csv, data: Buffer.from(`\uFEFF${text}`, 'utf8') };
  }
  const data = Buffer.from(await xlsxTemplate(type, opts));
  return { fileName, contentType: CONTENT_TYPES.xlsx, data };
}

async function xlsxTemplate(type: RecordType, opts: TemplateOptions): Promise<ArrayBuffer> {
  // exceljs (about 28 MB) is loaded by the first XLSX template, not with the server.
  const { default: ExcelLib } = await import('exceljs');
  const workbook = new ExcelLib.Workbook();
  workbook.creator = 'Herald';
  const sheet = workbook.addWorksheet(type);
  const required = new Set(requiredColumns(type).map((c) => c.field));
  const header = sheet.addRow(templateHeaders(type));
  header.font = { bold: true };
  columnsFor(type).forEach((c, i) => {
    if (required.has(c.field)) header.getCell(i + 1).note = 'required';
    sheet.getColumn(i + 1).width = Math.max(12, c.field.length + 2);
  });
  sheet.addRow(exampleRow(type, opts));
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
  addAllowedValues(workbook, type, opts);
  return workbook.xlsx.writeBuffer();
}

/** Second sheet: one column per field with a closed list (and partner codes), plus help lines. */
function addAllowedValues(workbook: ExcelJS.Workbook, type: RecordType, opts: TemplateOptions): void {
  const vocabulary = opts.vocabulary ?? vocabularyFor(undefined);
  const lists: [ColumnSpec | { field: string }, readonly string[]][] = columnsFor(type)
    .map((c): [ColumnSpec, readonly string[]] => [c, columnValues(c, vocabulary) ?? (c.help ? [c.help] : [])])
    .filter(([, values]) => values.length > 0);
  if (opts.partners?.length) lists.push([{ field: 'partner codes' }, opts.partners]);
  const sheet = workbook.addWorksheet('Allowed values');
  const headerRow = sheet.addRow(lists.map(([c]) => c.field));
  headerRow.font = { bold: true };
  const depth = Math.max(0, ...lists.map(([, v]) => v.length));
  for (let i = 0; i < depth; i += 1) sheet.addRow(lists.map(([, values]) => values[i] ?? ''));
  lists.forEach((_, i) => (sheet.getColumn(i + 1).width = 30));
}
