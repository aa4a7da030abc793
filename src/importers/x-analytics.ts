/**
 * X/Twitter "tweet activity" analytics CSV (one row per post) → one snapshot per account, UTC day and metric: every
 * metric column the export carries (impressions, engagements, likes, url clicks, promoted …), summed over the day's
 * posts; rates (engagement rate) are recomputed from the day's sums. The file is a flow of one period, never a
 * complete state of the account, so it is not a complete export.
 */
import { isoDate, normaliseName, parseNumber } from '../records/cells';
import { openCsv, type CsvFile } from './csv-reader';
import { trackBatches } from './csv';
import { emptySummary, type CandidateRow, type ImportOptions, type ParsedFile, type RowError } from './types';

const REQUIRED = ['Tweet permalink', 'time', 'impressions'] as const;
const PERMALINK =
  /^https?:\/\/(?:www\.|mobile\.)?(?:twitter|x)\.com\/([A-Za-z0-9_]{1,50})\/status(?:es)?\/\d+/i;
const TIME = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::\d{2})?\s*(?:([+-])(\d{2}):?(\d{2})|Z)?$/;

/** The UTC date of an export time such as `2017-01-30 19:05 +0000`, or undefined. */
export function utcDateOfTime(text: string): string | undefined {
  const m = text.trim().match(TIME);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, sign, oh, om] = m;
  if (isoDate(Number(y), Number(mo), Number(d)) === undefined || Number(h) > 23 || Number(mi) > 59)
    return undefined;
  const offset = sign ? (sign === '-' ? -1 : 1) * (Number(oh) * 60 + Number(om)) : 0;
  const ms = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi)) - offset * 60_000;
  return new Date(ms).toISOString().slice(0, 10);
}

/** The account handle of a post permalink (`https://twitter.com/rOpenSci/status/1` → `ropensci`). */
export function handleOfPermalink(url: string): string | undefined {
  return url.trim().match(PERMALINK)?.[1]?.toLowerCase();
}

/** Columns that describe the post, not a metric of it. */
const NOT_METRICS = new Set(['tweet_id', 'tweet_permalink', 'tweet_text', 'time']);
/** Rates: the day's value is numerator / denominator of the day's sums, never a sum of rates. */
const RATES: Record<string, [string, string]> = {
  engagement_rate: ['engagements', 'impressions'],
  promoted_engagement_rate: ['promoted_engagements', 'promoted_impressions'],
};

/** A metric column: its header as the file spells it, its cell index and the metric name it is stored under. */
interface MetricColumn {
  header: string;
  index: number;
  metric: string;
}

interface DayTotal {
  handle: string;
  date: string;
  /** Metric → sum over the day's posts (a metric whose cells are all "-" stays absent). */
  sums: Map<string, number>;
  /** First source row of the day, to locate the snapshot. */
  row: number;
  line: number;
}

function columnIndex(file: CsvFile): Map<string, number> {
  return new Map(file.header.map((h, i) => [normaliseName(h), i]));
}

/** Every column of the export that is a metric, in file order. */
export function metricColumns(header: readonly string[]): MetricColumn[] {
  return header
    .map((h, index) => ({ header: h, index, metric: normaliseName(h) }))
    .filter((c) => c.metric !== '' && !NOT_METRICS.has(c.metric));
}

/** Parses an X analytics export: every metric of every post summed per account and UTC day. */
export async function parseXAnalytics(path: string, options: ImportOptions = {}): Promise<ParsedFile> {
  const file = await openCsv(path, { delimiter: options.delimiter });
  const summary = emptySummary('x-analytics', 'metric', file.totalBytes);
  summary.delimiter = file.delimiter;
  summary.fileErrors.push(...file.fileErrors);
  summary.export = { source: 'x-analytics', complete: options.completeExport ?? false };
  const index = columnIndex(file);
  for (const name of REQUIRED)
    if (file.fileErrors.length === 0 && !index.has(normaliseName(name)))
      summary.fileErrors.push({
        row: 1,
        line: 1,
        column: name,
        message: `missing required column "${name}"`,
        key: 'validation.import.missingColumn',
        params: { field: name },
      });
  const metrics = metricColumns(file.header);
  summary.columns = Object.fromEntries(metrics.map((m) => [m.header, m.metric]));
  const rows = snapshotRows({ file, index, metrics, options, blocked: summary.fileErrors.length > 0 });
  return {
    format: 'x-analytics',
    type: 'metric',
    summary,
    batches: trackBatches(rows, file, summary, options),
  };
}

/** "-" (not promoted) and empty cells carry no value. */
const absent = (text: string) => text.trim() === '' || text.trim() === '-';

async function* snapshotRows(input: {
  file: CsvFile;
  index: Map<string, number>;
  metrics: MetricColumn[];
  options: ImportOptions;
  blocked: boolean;
}): AsyncGenerator<CandidateRow> {
  const { file, index, metrics, options } = input;
  if (input.blocked) return;
  const at = (cells: string[], name: string) => cells[index.get(normaliseName(name)) ?? -1] ?? '';
  const days = new Map<string, DayTotal>();
  for await (const { cells, row, line } of file.records()) {
    const errors: RowError[] = [];
    const handle = handleOfPermalink(at(cells, 'Tweet permalink'));
    const date = utcDateOfTime(at(cells, 'time'));
    if (!handle)
      errors.push({
        row,
        line,
        column: 'Tweet permalink',
        message: `"${at(cells, 'Tweet permalink')}" is not a post permalink`,
        key: 'import.x.permalink',
        params: { input: at(cells, 'Tweet permalink') },
      });
    if (!date)
      errors.push({
        row,
        line,
        column: 'time',
        message: `"${at(cells, 'time')}" is not a time (expected YYYY-MM-DD HH:MM +0000)`,
        key: 'import.x.time',
        params: { input: at(cells, 'time') },
      });
    const values = new Map<string, number>();
    for (const m of metrics) {
      const text = cells[m.index] ?? '';
      if (absent(text)) {
        if (m.metric === 'impressions')
          errors.push({
            row,
            line,
            column: m.header,
            message: `"${text}" is not a number of impressions`,
            key: 'import.x.impressions',
            params: { input: text },
          });
        continue;
      }
      const value = parseNumber(text);
      if (value === undefined || value < 0)
        errors.push({
          row,
          line,
          column: m.header,
          message: `"${text}" is not a number`,
          key: 'validation.import.notNumber',
          params: { input: text },
        });
      else values.set(m.metric, value);
    }
    if (errors.length > 0 || !handle || !date) {
      yield { row, line, input: {}, errors };
      continue;
    }
    const key = `${handle}|${date}`;
    const day = days.get(key) ?? { handle, date, sums: new Map<string, number>(), row, line };
    for (const [metric, value] of values) day.sums.set(metric, (day.sums.get(metric) ?? 0) + value);
    days.set(key, day);
  }
  const ordered = [...days.values()].sort(
    (a, b) => a.handle.localeCompare(b.handle) || a.date.localeCompare(b.date),
  );
  for (const day of ordered) for (const m of metrics) yield* snapshot(day, m, options);
}

/** The day's value of one metric (a rate from the day's sums), or nothing when no post of the day has one. */
function dayValue(day: DayTotal, metric: string): number | undefined {
  const rate = RATES[metric];
  if (!rate || !day.sums.has(metric)) return day.sums.get(metric);
  const [num, den] = rate.map((m) => day.sums.get(m) ?? 0) as [number, number];
  return den > 0 ? num / den : 0;
}

function* snapshot(day: DayTotal, column: MetricColumn, options: ImportOptions): Generator<CandidateRow> {
  const value = dayValue(day, column.metric);
  if (value === undefined) return;
  yield {
    row: day.row,
    line: day.line,
    input: {
      ...options.defaults,
      channel: `@${day.handle}`,
      channel_kind: 'twitter',
      channel_scope: options.channelScope ?? options.defaults?.channel_scope ?? 'project',
      metric: column.metric,
      value,
      date: day.date,
      source: 'x-analytics',
    },
    errors: [],
    columns: { channel: 'Tweet permalink', date: 'time', value: column.header, metric: column.header },
  };
}
