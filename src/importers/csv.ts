/** CSV of any record type: headers matched by name and alias, rows streamed in batches with progress. */
import type { RecordType } from '../plan/schema';
import { matchHeaders, type HeaderMatch } from '../records/columns';
import { openCsv, type CsvFile } from './csv-reader';
import { buildRow, DEFAULT_BATCH_SIZE, inBatches, isBlankRow } from './rows';
import {
  emptySummary,
  type CandidateRow,
  note,
  type ImportFormat,
  type ImportNote,
  type ImportOptions,
  type ImportSummary,
  type ParsedFile,
  type RowError,
} from './types';

/** File-level errors and warnings of a header match (shared with XLSX). */
export function headerProblems(
  match: HeaderMatch,
  place: { line?: number; row: number },
): {
  errors: RowError[];
  warnings: ImportNote[];
} {
  const errors: RowError[] = [
    ...match.missing.map((c): RowError => ({
      ...place,
      column: c.field,
      message: `missing required column "${c.field}"${c.aliases?.length ? ` (or ${c.aliases.map((a) => `"${a}"`).join(', ')})` : ''}`,
      ...(c.aliases?.length
        ? {
            key: 'validation.import.missingColumnAliases',
            params: { field: c.field, aliases: c.aliases.map((a) => `"${a}"`).join(', ') },
          }
        : { key: 'validation.import.missingColumn', params: { field: c.field } }),
    })),
    ...match.duplicates.map((d) => ({
      ...place,
      column: d.headers[1],
      message: `columns ${d.headers.map((h) => `"${h}"`).join(' and ')} both give "${d.field}"`,
      key: 'validation.import.duplicateColumns',
      params: {
        headers: d.headers.map((h) => `"${h}"`).join(' and '),
        list: d.headers.map((h) => `「${h}」`).join('と'),
        field: d.field,
      },
    })),
  ];
  const warnings = match.unknown.map((h) =>
    note(`unknown column "${h}" is ignored`, 'import.note.unknownColumn', { column: h }),
  );
  return { errors, warnings };
}

/** A hint when the header looks split on the wrong character. */
function delimiterHint(file: CsvFile): RowError | undefined {
  if (file.header.length > 1) return undefined;
  const only = file.header[0] ?? '';
  const other = ['|', ',', ';', '\t'].find((d) => d !== file.delimiter && only.includes(d));
  const shown = other === '\t' ? 'tab' : other;
  return other === undefined
    ? undefined
    : {
        row: 1,
        line: 1,
        message: `the header has a single column: the delimiter looks like "${shown}"; use "," or ";"`,
        key: 'import.csv.delimiter',
        params: { delimiter: shown ?? '' },
      };
}

export interface CsvParseRequest {
  path: string;
  type: RecordType;
  options?: ImportOptions;
  /** `csv`, or `metrics-csv` for the generic metrics file. */
  format?: ImportFormat;
  /** Required fields a row can do without because `postprocess` fills them in. */
  inferred?: readonly string[];
  postprocess?: (row: CandidateRow) => CandidateRow;
}

/** Parses a record CSV. */
export async function parseCsv(request: CsvParseRequest): Promise<ParsedFile> {
  const { path, type, options = {}, format = 'csv', inferred = [], postprocess } = request;
  const file = await openCsv(path, { delimiter: options.delimiter });
  const summary = emptySummary(format, type, file.totalBytes);
  summary.delimiter = file.delimiter;
  summary.fileErrors.push(...file.fileErrors);
  const defaults = options.defaults ?? {};
  const placeholders = Object.fromEntries(inferred.map((f) => [f, true]));
  const match = matchHeaders(type, file.header, { ...placeholders, ...defaults });
  if (file.fileErrors.length === 0) {
    const problems = headerProblems(match, { row: 1, line: 1 });
    const hint = delimiterHint(file);
    if (hint && problems.errors.length > 0) problems.errors.unshift(hint);
    summary.fileErrors.push(...problems.errors);
    summary.warnings.push(...problems.warnings);
  }
  summary.columns = Object.fromEntries(
    Object.entries(match.headerOf).map(([field, header]) => [header, field]),
  );
  const rows = async function* (): AsyncGenerator<CandidateRow> {
    if (summary.fileErrors.length > 0) return;
    for await (const record of file.records()) {
      if (isBlankRow(record.cells)) continue;
      const row = buildRow(match, record.cells, { row: record.row, line: record.line }, defaults);
      yield postprocess ? postprocess(row) : row;
    }
  };
  return { format, type, summary, batches: trackBatches(rows(), file, summary, options) };
}

/** Batches rows and keeps the summary (counts, bytes, encoding) and the progress callback up to date. */
export async function* trackBatches(
  rows: AsyncIterable<CandidateRow>,
  file: CsvFile,
  summary: ImportSummary,
  options: ImportOptions,
): AsyncGenerator<CandidateRow[]> {
  const report = () => {
    summary.bytesRead = file.bytesRead();
    options.onProgress?.({
      bytesRead: summary.bytesRead,
      totalBytes: summary.totalBytes,
      rows: summary.rows,
    });
  };
  for await (const batch of inBatches(rows, options.batchSize ?? DEFAULT_BATCH_SIZE)) {
    summary.rows += batch.length;
    summary.rowsWithErrors += batch.filter((r) => r.errors.length > 0).length;
    report();
    yield batch;
  }
  summary.fileErrors.push(...file.fileErrors.filter((e) => !summary.fileErrors.includes(e)));
  if (file.encoding().lines > 0) summary.encoding = file.describeEncoding();
  const warning = file.encodingWarning();
  if (warning) summary.warnings.push(warning);
  summary.bytesRead = summary.totalBytes;
  report();
}
