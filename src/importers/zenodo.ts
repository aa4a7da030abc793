/**
 * Zenodo record stats CSV → one snapshot per record and statistic the file carries (views, downloads, unique_views,
 * unique_downloads, version_…, volume), channel = the record DOI. Stats of a community or an account list every
 * record it has on that date, so by default the file is a complete export of the `zenodo` source: records absent
 * from it no longer count from its date (src/importers/complete-export.ts).
 */
import { normaliseDoi } from '../records/schema';
import { normaliseName, parseDate, parseNumber } from '../records/cells';
import { openCsv, type CsvFile, type CsvRecord } from './csv-reader';
import { trackBatches } from './csv';
import { emptySummary, type CandidateRow, type ImportOptions, type ParsedFile, type RowError } from './types';

/** Cell index of each column Zenodo stats use; `stats` are the metric columns, in file order. */
interface StatsColumns {
  id?: number;
  doi?: number;
  date?: number;
  stats: { index: number; metric: string }[];
}

/** Statistics of the Zenodo REST API's `stats` object (totals, unique, per version, bytes). */
const STAT = /^(?:version_)?(?:unique_)?(?:views|downloads|volume)$|^data_volume$/;
const REQUIRED_STATS = ['views', 'downloads'] as const;

/** The channel of a Zenodo record: its DOI column when given, else the DOI Zenodo mints from the record id. */
export function zenodoChannel(id: string, doi: string | undefined): string {
  return doi ? normaliseDoi(doi) : `10.5281/zenodo.${id}`;
}

function statsColumns(header: readonly string[]): StatsColumns {
  const index = new Map(header.map((h, i) => [normaliseName(h), i]));
  const find = (...names: string[]) =>
    names.map((n) => index.get(normaliseName(n))).find((i) => i !== undefined);
  return {
    id: find('id', 'recid', 'record id'),
    doi: find('doi'),
    date: find('update_time', 'date', 'updated'),
    stats: header.map((h, i) => ({ index: i, metric: normaliseName(h) })).filter((c) => STAT.test(c.metric)),
  };
}

function headerErrors(columns: StatsColumns, options: ImportOptions): RowError[] {
  const has = new Set(columns.stats.map((c) => c.metric));
  const missing = [
    columns.id === undefined && columns.doi === undefined ? 'id' : undefined,
    ...REQUIRED_STATS.filter((m) => !has.has(m)),
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

/** The snapshots of one record: one per statistic column. */
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
  return columns.stats.map(({ index, metric }) => {
    const text = cell(index);
    const value = parseNumber(text);
    const column = name(index, metric);
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
  const columns = statsColumns(file.header);
  summary.export = { source: 'zenodo', complete: options.completeExport ?? true };
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
