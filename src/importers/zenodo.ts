/** Zenodo record stats CSV (views and downloads per record) → two snapshots per record, channel = the record DOI. */
import { normaliseDoi } from '../records/schema';
import { normaliseName, parseDate, parseNumber } from './cells';
import { openCsv } from './csv-reader';
import { trackBatches } from './csv';
import { emptySummary, type CandidateRow, type ImportOptions, type ParsedFile, type RowError } from './types';

const ID_COLUMNS = ['id', 'recid', 'record id', 'record_id'];
const DATE_COLUMNS = ['update_time', 'date', 'updated'];

/** The channel of a Zenodo record: its DOI column when given, else the DOI Zenodo mints from the record id. */
export function zenodoChannel(id: string, doi: string | undefined): string {
  return doi ? normaliseDoi(doi) : `10.5281/zenodo.${id}`;
}

/** Parses Zenodo stats. The snapshot date is `options.snapshotDate`, else the file's `update_time` column. */
export async function parseZenodoStats(path: string, options: ImportOptions = {}): Promise<ParsedFile> {
  const file = await openCsv(path, { delimiter: options.delimiter });
  const summary = emptySummary('zenodo-stats', 'metric', file.totalBytes);
  summary.delimiter = file.delimiter;
  summary.fileErrors.push(...file.fileErrors);
  const index = new Map(file.header.map((h, i) => [normaliseName(h), i]));
  const find = (names: readonly string[]) => names.map((n) => index.get(normaliseName(n))).find((i) => i !== undefined);
  const unique = options.uniqueCounts === true;
  const columns = {
    id: find(ID_COLUMNS),
    doi: find(['doi']),
    views: find([unique ? 'unique_views' : 'views']),
    downloads: find([unique ? 'unique_downloads' : 'downloads']),
    date: find(DATE_COLUMNS),
  };
  if (file.fileErrors.length === 0) {
    const missing = [
      columns.id === undefined && columns.doi === undefined ? 'id' : undefined,
      columns.views === undefined ? (unique ? 'unique_views' : 'views') : undefined,
      columns.downloads === undefined ? (unique ? 'unique_downloads' : 'downloads') : undefined,
    ].filter((c) => c !== undefined);
    for (const c of missing) summary.fileErrors.push({ row: 1, line: 1, column: c, message: `missing required column "${c}"` });
    if (!options.snapshotDate && columns.date === undefined)
      summary.fileErrors.push({
        row: 0,
        message: 'Zenodo stats carry no date: give the snapshot date (the day the stats were read) as an option',
      });
  }
  const header = file.header;
  const rows = async function* (): AsyncGenerator<CandidateRow> {
    if (summary.fileErrors.length > 0) return;
    for await (const { cells, row, line } of file.records()) {
      const cell = (i: number | undefined) => (i === undefined ? '' : (cells[i] ?? '').trim());
      const errors: RowError[] = [];
      const id = cell(columns.id);
      const doi = cell(columns.doi) || undefined;
      if (!id && !doi) errors.push({ row, line, column: header[columns.id ?? -1] ?? 'id', message: 'a record id or DOI is required' });
      const date = options.snapshotDate ?? dateOf(cell(columns.date), row, line, header[columns.date ?? -1], errors);
      const common = {
        ...options.defaults,
        channel: zenodoChannel(id, doi),
        channel_kind: 'repository',
        channel_scope: options.channelScope ?? options.defaults?.channel_scope ?? 'project',
        date,
        source: 'zenodo',
      };
      for (const metric of ['views', 'downloads'] as const) {
        const text = cell(columns[metric]);
        const value = parseNumber(text);
        const metricErrors = [...errors];
        if (value === undefined)
          metricErrors.push({ row, line, column: header[columns[metric] ?? -1], message: `"${text}" is not a number` });
        const input = { ...common, metric, ...(value !== undefined ? { value } : {}) };
        yield { row, line, input, errors: metricErrors, columns: { value: header[columns[metric] ?? -1] ?? metric } };
      }
    }
  };
  return { format: 'zenodo-stats', type: 'metric', summary, batches: trackBatches(rows(), file, summary, options) };
}

/** The ISO date of an `update_time` cell (`2023-09-06T00:43:56.000599`). */
function dateOf(text: string, row: number, line: number, column: string | undefined, errors: RowError[]): string | undefined {
  const result = parseDate(text);
  if (result.ok) return result.value as string;
  errors.push({ row, line, column: column ?? 'update_time', message: result.message });
  return undefined;
}
