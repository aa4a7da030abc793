/**
 * The one rule of which record rows count anywhere (figures, lists, pages, API, exports, duplicate checks): a row
 * written by an import batch that is still being written in chunks (`pending_batch` set) counts only once its batch
 * is `committed`. Rows of a pending or aborted batch are invisible; the sweep after a commit clears `pending_batch`
 * (tidiness only: visibility never depends on it).
 */
import { sql, type SQL } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';

/** The committed batches' ids (a hashed subplan: computed once per query, however many rows it filters). */
const committedBatches = sql.raw(
  `SELECT ib_vis.id FROM import_batches ib_vis WHERE ib_vis.state = 'committed'`,
);

/**
 * For hand-written SQL over a record table: `(pending_batch IS NULL OR pending_batch IN (committed batches))`,
 * the column qualified by `alias` when the query names the table (e.g. `r`).
 */
export function visibleSql(alias?: string): SQL {
  const column = sql.raw(alias ? `${alias}.pending_batch` : 'pending_batch');
  return sql`(${column} IS NULL OR ${column} IN (${committedBatches}))`;
}

/** For drizzle queries: the same rule on a record table's `pending_batch` column. */
export function isVisible(pendingBatch: PgColumn): SQL {
  return sql`(${pendingBatch} IS NULL OR ${pendingBatch} IN (${committedBatches}))`;
}

/**
 * Live records of one project: not soft-deleted and visible (raw SQL, unqualified columns). Its committed batches are
 * looked up among the project's own (a batch writes rows into its project only), by import_batches' project index:
 * the work does not grow with the number of projects in the database.
 */
export const liveSql = (projectId: string): SQL =>
  sql`project_id = ${projectId} AND deleted_at IS NULL AND (pending_batch IS NULL OR pending_batch IN (SELECT ib_vis.id FROM import_batches ib_vis WHERE ib_vis.project_id = ${projectId} AND ib_vis.state = 'committed'))`;
