/** An adapter's metric snapshots as the metrics CSV the importers read (src/importers/metrics-csv.ts). */
import type { METRIC_CHANNEL_KINDS } from '../plan/schema';

export interface MetricRow {
  date: string;
  /** The channel's id: a URL, a Zenodo DOI, a video URL. */
  channel: string;
  channel_kind?: (typeof METRIC_CHANNEL_KINDS)[number];
  metric: string;
  value: number;
}

const cell = (v: string): string => (/[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

/** `date,channel,channel_kind,metric,value,source` rows (RFC 4180 quoting). */
export function metricsCsv(rows: readonly MetricRow[], source: string): string {
  const lines = ['date,channel,channel_kind,metric,value,source'];
  for (const r of rows)
    lines.push(
      [r.date, cell(r.channel), r.channel_kind ?? '', r.metric, String(r.value), cell(source)].join(','),
    );
  return `${lines.join('\n')}\n`;
}
