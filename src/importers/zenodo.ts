/** Zenodo record stats CSV (views and downloads per record) → two snapshots per record, channel = the record DOI. */
import { normaliseDoi } from '../records/schema';
import { normaliseName, parseDate, parseNumber } from './cells';
import { openCsv, type CsvFile, type CsvRecord } from './csv-reader';
import { trackBatches } from './csv';
import { emptySummary, type CandidateRow, type ImportOptions, type ParsedFile, type RowError } from './types';

/** Cell index of each column Zenodo stats use. */
interface StatsColumns {
  id?: number;
  doi?: number;
  views?: number;
  downloads?: number;
  date?: number;
}

/** The channel of a Zenodo record: its DOI column when given, else the DOI Zenodo mints from the record id. */
export function zenodoChannel(id: string, doi: string | undefined): string {
  return doi ? normaliseDoi(doi) : `10.5281/zenodo.${id}`;
}

function statsColumns(header: readonly string[], unique: boolean): StatsColumns {
  const index = new Map(header.map((h, i) => [normaliseName(h), i]));
  const find = (...names: string[]) =>
    names.map((n) => index.get(normaliseName(n))).find((i) => i !== undefined);
  return {
    id: find('id', 'recid', 'record id'),
    doi: find('doi'),
    views: find(unique ? 'unique_views' : 'views'),
    downloads: find(unique ? 'unique_downloads' : 'downloads'),
    date: find('update_time', 'date', 'updated'),
  };
}

function headerErrors(columns: StatsColumns, options: ImportOptions): RowError[] {
  const unique = options.uniqueCounts === true;
  const missing = [
    columns.id === undefined && columns.doi === undefined ? 'id' : undefined,
    columns.views === undefined ? (unique ? 'unique_views' : 'views') : undefined,
    columns.downloads === undefined ? (unique ? 'unique_downloads' : 'downloads') : undefined,
  ].filter((c) => c !== undefined);
  const errors: RowError[] = missing.map((c) => ({
    row: 1,
    line: 1,
    column: c,
    message: `missing required column "${c}"`,
    key: 'validation.import.missingColumn',
    params: { field: c },
  }));
  if (!options.snapshotDate && columns.date === undefined)
    errors.push({
      row: 0,
      message:
        'Zenodo stats carry no date: give the snapshot date (the day the stats were read) as an option',
      key: 'import.zenodo.noDate',
      params: {},
    });
  return errors;
}

/** The views and downloads snapshots of one record. */
function recordSnapshots(
  record: CsvRecord,
  columns: StatsColumns,
  header: readonly string[],
  options: ImportOptions,
): CandidateRow[] {
  const { cells, row, line } = record;
  const cell = (i: number | undefined) => (i === undefined ? '' : (cells[i] ?? '').trim());
  const name = (i: number | undefined, fallback: string) =>
    i === undefined ? fallback : (header[i] ?? fallback);
  const errors: RowError[] = [];
  const id = cell(columns.id);
  const doi = cell(columns.doi) || undefined;
  if (!id && !doi)
    errors.push({
      row,
      line,
      column: name(columns.id, 'id'),
      message: 'a record id or DOI is required',
      key: 'import.zenodo.noId',
      params: {},
    });
  let date = options.snapshotDate;
  if (date === undefined) {
    const parsed = parseDate(cell(columns.date));
    if (parsed.ok) date = parsed.value as string;
    else
      errors.push({
        row,
        line,
        column: name(columns.date, 'update_time'),
        message: parsed.message,
        ...(parsed.key !== undefined ? { key: parsed.key, params: parsed.params ?? {} } : {}),
      });
  }
  return (['views', 'downloads'] as const).map((metric) => {
    const text = cell(columns[metric]);
    const value = parseNumber(text);
    const column = name(columns[metric], metric);
    const valueErrors: RowError[] =
      value === undefined
        ? [
            {
              row,
              line,
              column,
              message: `"${text}" is not a number`,
              key: 'validation.import.notNumber',
              params: { input: text },
            },
          ]
        : [];
    const input = {
      ...options.defaults,
      channel: zenodoChannel(id, doi),
      channel_kind: 'repository',
      channel_scope: options.channelScope ?? options.defaults?.channel_scope ?? 'project',
      date,
      source: 'zenodo',
      metric,
      ...(value !== undefined ? { value } : {}),
    };
    return { row, line, input, errors: [...errors, ...valueErrors], columns: { value: column } };
  });
}

async function* snapshotRows(
  file: CsvFile,
  columns: StatsColumns,
  options: ImportOptions,
): AsyncGenerator<CandidateRow> {
  for await (const record of file.records()) yield* recordSnapshots(record, columns, file.header, options);
}

/** Parses Zenodo stats. The snapshot date is `options.snapshotDate`, else the file's `update_time` column. */
export async function parseZenodoStats(path: string, options: ImportOptions = {}): Promise<ParsedFile> {
  const file = await openCsv(path, { delimiter: options.delimiter });
  const summary = emptySummary('zenodo-stats', 'metric', file.totalBytes);
  summary.delimiter = file.delimiter;
  summary.fileErrors.push(...file.fileErrors);
  const columns = statsColumns(file.header, options.uniqueCounts === true);
  if (file.fileErrors.length === 0) summary.fileErrors.push(...headerErrors(columns, options));
  const blocked = summary.fileErrors.length > 0;
  const rows = blocked ? (async function* () {})() : snapshotRows(file, columns, options);
  return {
    format: 'zenodo-stats',
    type: 'metric',
    summary,
    batches: trackBatches(rows, file, summary, options),
  };
}
