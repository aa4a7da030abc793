/**
 * The complete-export rule of snapshot KPIs, in SQL: a (channel, metric) whose latest snapshot is older than a
 * later complete export of its source (`import_batches.complete_source` = its `data_source`, `complete_as_of` after
 * the snapshot and on or before the figure's date) was absent from that export, so it no longer counts.
 */
import { sql, type SQL } from 'drizzle-orm';

/** The first complete export of the row's source after its snapshot, up to `to` (a date expression, or null). */
export function supersededAt(projectId: string, row: string, to: string): SQL {
  const r = sql.raw(row);
  return sql`(SELECT min(b.complete_as_of) FROM import_batches b
              WHERE b.project_id = ${projectId} AND b.state = 'committed' AND b.complete_source = ${r}.data_source
                AND b.complete_as_of > ${r}.date AND b.complete_as_of <= ${to}::date)`;
}

/** True when the snapshot row `row` (a table alias) was superseded by a complete export by `to`. */
export function superseded(projectId: string, row: string, to: string): SQL {
  const r = sql.raw(row);
  return sql`EXISTS (SELECT 1 FROM import_batches b
                     WHERE b.project_id = ${projectId} AND b.state = 'committed' AND b.complete_source = ${r}.data_source
                       AND b.complete_as_of > ${r}.date AND b.complete_as_of <= ${to}::date)`;
}
