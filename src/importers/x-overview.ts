/**
 * X/Twitter account overview → snapshots of one account: one row per day (x.com's `account_overview_analytics.csv`:
 * Date, Impressions, Likes, Engagements, Bookmarks, Shares, New follows, Unfollows, Replies, Reposts, Profile
 * visits, Create Post, Video views, Media views) or per month (the analytics home's monthly summaries: Tweets, Tweet
 * impressions, Profile visits, Mentions, New followers, and Followers when given; English or Japanese headers).
 * Every column is kept. Followers is a stock (a `latest_sum` KPI reads it); the others are flows of their day or
 * month (a `sum` KPI adds them). A month's row is dated on its last day (today for the running month).
 */
import { isoDate, normaliseName, parseDate, parseNumber } from '../records/cells';
import { openCsv, type CsvFile } from './csv-reader';
import { trackBatches } from './csv';
import { emptySummary, type CandidateRow, type ImportOptions, type ParsedFile, type RowError } from './types';
import { systemClock } from '../lib/clock';

/** Header (lower case, as spelled) → metric name, for headers whose plain snake_case would not do. */
const HEADER_METRICS: Record<string, string> = {
  'tweet impressions': 'impressions',
  ツイートインプレッション: 'impressions',
  インプレッション: 'impressions',
  tweets: 'posts',
  ツイート: 'posts',
  'create post': 'posts',
  プロフィールへのアクセス: 'profile_visits',
  '@ツイート': 'mentions',
  'new follows': 'new_followers',
  新しいフォロワー: 'new_followers',
  'total followers': 'followers',
  フォロワー: 'followers',
  フォロワー数: 'followers',
};
/** Headers of the period column (day or month). */
const PERIOD_HEADERS = new Set(['date', 'day', 'month', 'period', '年月', '日付', '期間']);
/** Metrics that tell an account overview apart from other CSVs (at least two of them, plus a period column). */
const OVERVIEW_METRICS = new Set(['impressions', 'profile_visits', 'new_followers', 'followers', 'mentions']);

const headerKey = (h: string) =>
  h
    .replace(/^\uFEFF/, '')
    .trim()
    .toLowerCase();

/** The metric a header holds, or undefined for the period column. */
export function overviewMetric(header: string): string | undefined {
  const key = headerKey(header);
  if (PERIOD_HEADERS.has(key)) return undefined;
  return HEADER_METRICS[key] ?? normaliseName(key);
}

/** Whether a header row is an account overview (a period column and two overview metrics, no post permalink). */
export function isAccountOverview(headers: readonly string[]): boolean {
  const keys = headers.map(headerKey);
  if (!keys.some((k) => PERIOD_HEADERS.has(k))) return false;
  const metrics = new Set(keys.filter((k) => !PERIOD_HEADERS.has(k)).map((k) => overviewMetric(k)));
  if (metrics.has('tweet_permalink') || metrics.has('channel')) return false;
  return [...metrics].filter((m) => m !== undefined && OVERVIEW_METRICS.has(m)).length >= 2;
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

function lastDay(year: number, month: number): string {
  return new Date(Date.UTC(year, month, 0)).toISOString().slice(0, 10);
}

/**
 * The date a period cell stands for: a day as is (`Mon, Jan 06, 2025`, `2025-01-06`), a month as its last day
 * (`2025-01`, `2025/01`, `Jan 2025`, `January 2025 Summary`, `2025年1月`); undefined when unreadable.
 */
export function periodDate(text: string): { date: string; month: boolean } | undefined {
  const t = text.trim().replace(/\s+summary$/i, '');
  const named = t.match(/^(?:[a-z]{3,9},?\s+)?([a-z]{3,9})\.?\s+(\d{1,2}),?\s+(\d{4})$/i);
  if (named) {
    const month = MONTHS.indexOf(named[1]!.slice(0, 3).toLowerCase()) + 1;
    const date = month > 0 ? isoDate(Number(named[3]), month, Number(named[2])) : undefined;
    return date ? { date, month: false } : undefined;
  }
  const monthName = t.match(/^([a-z]{3,9})\.?\s+(\d{4})$/i);
  const numeric = t.match(/^(\d{4})[-/.](\d{1,2})$/) ?? t.match(/^(\d{4})年\s*(\d{1,2})月$/);
  if (monthName || numeric) {
    const year = Number(monthName ? monthName[2] : numeric![1]);
    const month = monthName
      ? MONTHS.indexOf(monthName[1]!.slice(0, 3).toLowerCase()) + 1
      : Number(numeric![2]);
    return month >= 1 && month <= 12 ? { date: lastDay(year, month), month: true } : undefined;
  }
  const parsed = parseDate(t);
  return parsed.ok ? { date: parsed.value as string, month: false } : undefined;
}

/** `@Handle`, `Handle` or a profile URL → `@handle`; undefined when it is none of these. */
export function accountChannel(account: string): string | undefined {
  const a = account.trim();
  const url = a.match(/^https?:\/\/(?:www\.|mobile\.)?(?:twitter|x)\.com\/([A-Za-z0-9_]{1,50})\/?$/i);
  const handle = url?.[1] ?? a.match(/^@?([A-Za-z0-9_]{1,50})$/)?.[1];
  return handle ? `@${handle.toLowerCase()}` : undefined;
}

/** Parses an X account overview export of the account `options.account`. */
export async function parseXOverview(path: string, options: ImportOptions = {}): Promise<ParsedFile> {
  const file = await openCsv(path, { delimiter: options.delimiter });
  const summary = emptySummary('x-account-overview', 'metric', file.totalBytes);
  summary.delimiter = file.delimiter;
  summary.fileErrors.push(...file.fileErrors);
  summary.export = { source: 'x-account-overview', complete: options.completeExport ?? false };
  const period = file.header.findIndex((h) => PERIOD_HEADERS.has(headerKey(h)));
  const metrics = file.header
    .map((header, index) => ({ header, index, metric: overviewMetric(header) ?? '' }))
    .filter((c) => c.index !== period && c.metric !== '');
  summary.columns = Object.fromEntries(metrics.map((m) => [m.header, m.metric]));
  const channel = accountChannel(options.account ?? String(options.defaults?.channel ?? ''));
  if (file.fileErrors.length === 0) {
    if (period < 0)
      summary.fileErrors.push({
        row: 1,
        line: 1,
        column: 'Date',
        message: 'missing required column "Date"',
        key: 'validation.import.missingColumn',
        params: { field: 'Date' },
      });
    if (!channel)
      summary.fileErrors.push(
        options.account
          ? {
              row: 0,
              message: `"${options.account}" is not an X account (expected @handle or https://x.com/handle)`,
              key: 'validation.import.accountInvalid',
              params: { input: options.account },
            }
          : {
              row: 0,
              message:
                'the account overview does not name its account: give the account (@handle) as an option',
              key: 'validation.import.accountMissing',
            },
      );
  }
  const blocked = summary.fileErrors.length > 0 || !channel;
  const rows = blocked
    ? (async function* () {})()
    : overviewRows({ file, period, metrics, channel, options });
  return {
    format: 'x-account-overview',
    type: 'metric',
    summary,
    batches: trackBatches(rows, file, summary, options),
  };
}

async function* overviewRows(input: {
  file: CsvFile;
  period: number;
  metrics: { header: string; index: number; metric: string }[];
  channel: string;
  options: ImportOptions;
}): AsyncGenerator<CandidateRow> {
  const { file, period, metrics, channel, options } = input;
  const periodHeader = file.header[period] ?? 'Date';
  const now = options.today ?? systemClock.today();
  for await (const { cells, row, line } of file.records()) {
    const text = cells[period] ?? '';
    const when = periodDate(text);
    if (!when) {
      const error: RowError = {
        row,
        line,
        column: periodHeader,
        message: `"${text}" is not a day or a month (e.g. "Mon, Jan 06, 2025", 2025-01-06, 2025-01)`,
        key: 'validation.import.notPeriod',
        params: { input: text },
      };
      yield { row, line, input: {}, errors: [error] };
      continue;
    }
    // The running month's summary is its state so far: dated today, not at its future end.
    const date = when.month && when.date > now ? now : when.date;
    for (const m of metrics) {
      const cell = (cells[m.index] ?? '').trim();
      if (cell === '' || cell === '-') continue;
      const value = parseNumber(cell);
      yield {
        row,
        line,
        input: {
          ...options.defaults,
          channel,
          channel_kind: 'twitter',
          channel_scope: options.channelScope ?? options.defaults?.channel_scope ?? 'project',
          metric: m.metric,
          ...(value !== undefined ? { value } : {}),
          date,
          source: 'x-account-overview',
        },
        errors:
          value === undefined
            ? [
                {
                  row,
                  line,
                  column: m.header,
                  message: `"${cell}" is not a number`,
                  key: 'validation.import.notNumber',
                  params: { input: cell },
                },
              ]
            : [],
        columns: { date: periodHeader, value: m.header, metric: m.header },
      };
    }
  }
}
