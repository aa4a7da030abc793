/** X/Twitter "tweet activity" analytics CSV (one row per post) → daily impressions snapshots per account. */
import { isoDate, normaliseName, parseNumber } from './cells';
import { openCsv, type CsvFile } from './csv-reader';
import { trackBatches } from './csv';
import {
  emptySummary,
  note,
  type CandidateRow,
  type ImportOptions,
  type ParsedFile,
  type RowError,
} from './types';

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

interface DayTotal {
  handle: string;
  date: string;
  impressions: number;
  posts: number;
  /** First source row of the day, to locate the snapshot. */
  row: number;
  line: number;
}

function columnIndex(file: CsvFile): Map<string, number> {
  return new Map(file.header.map((h, i) => [normaliseName(h), i]));
}

/** Parses an X analytics export: impressions of every post summed per account and UTC day. */
export async function parseXAnalytics(path: string, options: ImportOptions = {}): Promise<ParsedFile> {
  const file = await openCsv(path, { delimiter: options.delimiter });
  const summary = emptySummary('x-analytics', 'metric', file.totalBytes);
  summary.delimiter = file.delimiter;
  summary.fileErrors.push(...file.fileErrors);
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
  summary.warnings.push(
    note(
      'engagements are not imported: "engagements" is not one of the plan\'s metric names',
      'import.x.engagements',
    ),
  );
  const rows = snapshotRows(file, index, options, summary.fileErrors.length > 0);
  return {
    format: 'x-analytics',
    type: 'metric',
    summary,
    batches: trackBatches(rows, file, summary, options),
  };
}

async function* snapshotRows(
  file: CsvFile,
  index: Map<string, number>,
  options: ImportOptions,
  blocked: boolean,
): AsyncGenerator<CandidateRow> {
  if (blocked) return;
  const at = (cells: string[], name: string) => cells[index.get(normaliseName(name)) ?? -1] ?? '';
  const days = new Map<string, DayTotal>();
  for await (const { cells, row, line } of file.records()) {
    const errors: RowError[] = [];
    const handle = handleOfPermalink(at(cells, 'Tweet permalink'));
    const date = utcDateOfTime(at(cells, 'time'));
    const impressions = parseNumber(at(cells, 'impressions'));
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
    if (impressions === undefined || impressions < 0)
      errors.push({
        row,
        line,
        column: 'impressions',
        message: `"${at(cells, 'impressions')}" is not a number of impressions`,
        key: 'import.x.impressions',
        params: { input: at(cells, 'impressions') },
      });
    if (errors.length > 0 || !handle || !date || impressions === undefined) {
      yield { row, line, input: {}, errors };
      continue;
    }
    const key = `${handle}|${date}`;
    const day = days.get(key) ?? { handle, date, impressions: 0, posts: 0, row, line };
    day.impressions += impressions;
    day.posts += 1;
    days.set(key, day);
  }
  const ordered = [...days.values()].sort(
    (a, b) => a.handle.localeCompare(b.handle) || a.date.localeCompare(b.date),
  );
  for (const day of ordered) yield snapshot(day, options);
}

function snapshot(day: DayTotal, options: ImportOptions): CandidateRow {
  return {
    row: day.row,
    line: day.line,
    input: {
      ...options.defaults,
      channel: `@${day.handle}`,
      channel_kind: 'twitter',
      channel_scope: options.channelScope ?? options.defaults?.channel_scope ?? 'project',
      metric: 'impressions',
      value: day.impressions,
      date: day.date,
      source: 'x-analytics',
    },
    errors: [],
    columns: { channel: 'Tweet permalink', date: 'time', value: 'impressions' },
  };
}
