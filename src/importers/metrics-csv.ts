/** Generic metric snapshots CSV: `date,channel,metric,value` plus optional `channel_kind`, `channel_scope`, `partner`. */
import type { METRIC_CHANNEL_KINDS } from '../plan/schema';
import { parseCsv } from './csv';
import type { CandidateRow, ImportOptions, ParsedFile } from './types';

type MetricChannelKind = (typeof METRIC_CHANNEL_KINDS)[number];

const HOSTS: readonly [RegExp, MetricChannelKind][] = [
  [/(^|\.)(twitter|x)\.com$/, 'twitter'],
  [/(^|\.)linkedin\.com$/, 'linkedin'],
  [/(^|\.)(youtube\.com|youtu\.be)$/, 'youtube'],
  [/(^|\.)(zenodo\.org|figshare\.com|osf\.io|github\.com|arxiv\.org)$/, 'repository'],
];

/** The kind of channel a channel id suggests: host of a URL, `@handle` (X), Zenodo DOI; `other` when unsure. */
export function inferChannelKind(channel: string): MetricChannelKind {
  const c = channel.trim().toLowerCase();
  if (/^10\.5281\/zenodo\./.test(c)) return 'repository';
  if (/^@\w+$/.test(c)) return 'twitter';
  let host: string;
  try {
    host = new URL(c).hostname;
  } catch {
    return 'other';
  }
  return HOSTS.find(([pattern]) => pattern.test(host))?.[1] ?? 'website';
}

/** Fills `channel_kind` from the channel when the row leaves it empty. */
export function withChannelKind(row: CandidateRow): CandidateRow {
  const { channel, channel_kind: kind } = row.input;
  if (kind === undefined && typeof channel === 'string') row.input.channel_kind = inferChannelKind(channel);
  return row;
}

/** Parses a generic metrics CSV (any metric name): `source` defaults to `csv`, `channel_scope` to the option or `project`. */
export async function parseMetricsCsv(path: string, options: ImportOptions = {}): Promise<ParsedFile> {
  const defaults = {
    source: 'csv',
    ...(options.channelScope ? { channel_scope: options.channelScope } : {}),
    ...options.defaults,
  };
  const parsed = await parseCsv({
    path,
    type: 'metric',
    options: { ...options, defaults },
    format: 'metrics-csv',
    inferred: ['channel_kind'],
    postprocess: withChannelKind,
  });
  // A complete export (on request only) has one source: commit checks every row's `source` against it.
  parsed.summary.export = { source: String(defaults.source), complete: options.completeExport ?? false };
  return parsed;
}
