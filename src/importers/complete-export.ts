/**
 * Complete exports: a metric file that is the whole state of its source on a date (Zenodo stats of a community).
 * While a file is checked, `ExportTracker` notes its channels, source(s) and earliest date; then the items of that
 * source the project still counts as current but the file lacks are listed ("missing"). Once committed, the batch
 * carries `complete_source` + `complete_as_of`, and a `latest_sum` KPI stops counting those items from that date
 * (src/kpi/complete.ts).
 */
import { sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import type { AnyRecord, MetricSnapshot } from '../records/schema';
import type { RowError, SourceExport } from './types';
import { liveSql } from '../records/visibility';

/** How many missing items a report lists (the count is always complete). */
export const LISTED_MISSING = 1000;

/** An item the project counts as current that a complete export lacks. */
export interface MissingItem {
  channel: string;
  /** Metrics of the item that stop counting, with the date and value of their last snapshot. */
  metrics: { metric: string; date: string; value: number }[];
}

/** What a report says about a file imported as a complete export of its source. */
export interface CompleteExport {
  source: string;
  /** The date from which items absent from the file no longer count (the file's earliest snapshot date). */
  asOf: string;
  missing: MissingItem[];
  missingCount: number;
}

/** Collects what a complete export needs while the file's valid rows stream by. */
export class ExportTracker {
  /** Channel + metric pairs of the file. */
  private readonly present = new Set<string>();
  private readonly sources = new Set<string>();
  private asOf: string | undefined;

  constructor(readonly spec: SourceExport) {}

  /** A valid row of the file (duplicates included: they are in the file too). */
  add(record: AnyRecord): void {
    const m = record as MetricSnapshot;
    this.present.add(key(m.channel, m.metric));
    this.sources.add(m.source);
    if (this.asOf === undefined || m.date < this.asOf) this.asOf = m.date;
  }

  /** A file error when the rows do not all come from the export's source. */
  sourceError(): RowError | undefined {
    const others = [...this.sources].filter((s) => s !== this.spec.source);
    if (others.length === 0) return undefined;
    const list = others.map((s) => `"${s}"`).join(', ');
    return {
      row: 0,
      message: `a complete export has one source ("${this.spec.source}"); this file also has rows of ${list}`,
      key: 'validation.import.completeSources',
      params: { source: this.spec.source, others: list },
    };
  }

  /** The complete export's report: the items of the source the file lacks; undefined for an empty file. */
  async finish(db: Db, projectId: string): Promise<CompleteExport | undefined> {
    if (this.asOf === undefined) return undefined;
    const missing = await missingItems(db, {
      projectId,
      source: this.spec.source,
      asOf: this.asOf,
      present: this.present,
    });
    return {
      source: this.spec.source,
      asOf: this.asOf,
      missing: missing.slice(0, LISTED_MISSING),
      missingCount: missing.length,
    };
  }
}

const key = (channel: string, metric: string) => `${channel}\u0000${metric}`;

const isoOf = (v: unknown): string =>
  v instanceof Date ? v.toISOString().slice(0, 10) : String(v).slice(0, 10);

/**
 * Items of `source` whose latest snapshot up to `asOf` is older than it, still counted (no complete export of the
 * source between that snapshot and `asOf`), and absent from the file (`present`: channel + metric pairs).
 */
async function missingItems(
  db: Db,
  q: { projectId: string; source: string; asOf: string; present: ReadonlySet<string> },
): Promise<MissingItem[]> {
  const result = (await db.execute(
    sql`SELECT channel, metric, date, value FROM (
          SELECT DISTINCT ON (channel, metric) channel, metric, date, value
          FROM metric_snapshots
          WHERE ${liveSql(q.projectId)} AND data_source = ${q.source}
            AND date <= ${q.asOf}::date
          ORDER BY channel, metric, date DESC, updated_at DESC) latest
        WHERE date < ${q.asOf}::date
          AND NOT EXISTS (SELECT 1 FROM import_batches b
                          WHERE b.project_id = ${q.projectId} AND b.state = 'committed' AND b.complete_source = ${q.source}
                            AND b.complete_as_of > latest.date AND b.complete_as_of <= ${q.asOf}::date)
        ORDER BY channel, metric`,
  )) as unknown as { rows: Record<string, unknown>[] };
  const byChannel = new Map<string, MissingItem>();
  for (const r of result.rows) {
    const channel = String(r.channel);
    if (q.present.has(key(channel, String(r.metric)))) continue;
    const item = byChannel.get(channel) ?? { channel, metrics: [] };
    item.metrics.push({ metric: String(r.metric), date: isoOf(r.date), value: Number(r.value) });
    byChannel.set(channel, item);
  }
  return [...byChannel.values()];
}
