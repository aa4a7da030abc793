/**
 * The life of a chunked import's batches: `beginBatches` writes them `pending` (one import per project and record
 * type at a time), each chunk's transaction calls `heartbeat`, `commitBatches` flips them to `committed` in one short
 * transaction (O(1) per batch, never an update of the rows), `abortBatches` gives them up, `clearPending` tidies the
 * rows afterwards (a background job: src/importers/tidy-job.ts), and `recoverAbandoned` aborts batches whose writer died (on start and periodically).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Db, Tx } from '../db/client';
import { importBatches, type ImportBatchRow } from '../db/schema';
import { AppError } from '../errors';
import { releaseOrphanedLeases } from '../jobs/queue';
import type { RecordType } from '../plan/schema';

/** A pending batch whose writer has not written for this long was abandoned (its process died). */
export const ABANDONED_AFTER_MS = 10 * 60 * 1000;

/** Every table with a `pending_batch` column. */
const RECORD_TABLES = [
  'activities',
  'events',
  'publications',
  'synergies',
  'metric_snapshots',
  'kpi_manual_values',
] as const;

/** Rows per statement of the tidy-up and clean-up passes. */
const SWEEP_CHUNK = 2000;

const rowsOf = <T>(result: unknown): T[] => (result as { rows: T[] }).rows;

export interface PendingBatch {
  id: string;
  projectId: string;
  type: RecordType;
  format: string;
  fileName: string;
  sha256: string;
  actorId: string;
}

/** The batch (or the import around it) was given up while it ran: nothing of it counts. */
export const importAbandoned = (): AppError =>
  new AppError({
    code: 'import_abandoned',
    status: 409,
    message: 'the import was interrupted and given up; nothing was saved: run it again',
    messageKey: 'import.error.abandoned',
  });

/** A project year was closed while the import ran: its rows would slip past the closed figures unmarked. */
export const importYearClosed = (year: number): AppError =>
  new AppError({
    code: 'import_year_closed',
    status: 409,
    message: `Year ${year} was closed while the import ran; nothing was saved: run it again`,
    messageKey: 'import.error.yearClosed',
    params: { year },
  });

/**
 * Writes the batches `pending` in one short transaction, once no other import of the project and record type is
 * pending (waiting for it; one whose writer fell silent for `abandonedAfterMs` is aborted instead).
 */
export async function beginBatches(
  db: Db,
  batches: readonly PendingBatch[],
  opts: { abandonedAfterMs?: number; pollMs?: number } = {},
): Promise<void> {
  const first = batches[0];
  if (!first) return;
  const stale = opts.abandonedAfterMs ?? ABANDONED_AFTER_MS;
  for (;;) {
    const started = await db.transaction(async (tx) => {
      await tx.execute(
        sql`select pg_advisory_xact_lock(hashtext(${`herald-import:${first.projectId}:${first.type}`}))`,
      );
      const running = rowsOf<{ id: string; silent: boolean }>(
        await tx.execute(
          sql`SELECT id, heartbeat_at < now() - make_interval(secs => ${stale / 1000}) AS silent
              FROM import_batches
              WHERE project_id = ${first.projectId} AND record_type = ${first.type} AND state = 'pending'`,
        ),
      );
      const silent = running.filter((r) => r.silent).map((r) => String(r.id));
      if (silent.length > 0)
        await tx.update(importBatches).set({ state: 'aborted' }).where(inArray(importBatches.id, silent));
      if (running.length > silent.length) return false;
      await tx.insert(importBatches).values(
        batches.map((b) => ({
          id: b.id,
          projectId: b.projectId,
          recordType: b.type,
          format: b.format,
          fileName: b.fileName,
          sha256: b.sha256,
          rows: 0,
          imported: 0,
          duplicates: 0,
          invalid: 0,
          actorId: b.actorId,
          state: 'pending',
          heartbeatAt: sql`now()`,
        })),
      );
      return true;
    });
    if (started) return;
    // Another import of the same project and record type is writing: its rows decide what is a duplicate here.
    await sleep(opts.pollMs ?? 50);
  }
}

/** In a chunk's transaction: the batches are still pending (else `importAbandoned`), and were heard from now. */
export async function heartbeat(tx: Tx, ids: readonly string[]): Promise<void> {
  const alive = await tx
    .update(importBatches)
    .set({ heartbeatAt: sql`now()` })
    .where(and(inArray(importBatches.id, [...ids]), eq(importBatches.state, 'pending')))
    .returning({ id: importBatches.id });
  if (alive.length !== ids.length) throw importAbandoned();
}

/**
 * In the final transaction: re-checks what may have changed while the chunks were written (the batches are still
 * pending, so the project exists; no project year was closed since they began, whose frozen figures the rows would
 * slip past), then flips them to `committed`. Counts and audit entries are the caller's, in the same transaction.
 */
export async function commitBatches(tx: Tx, projectId: string, ids: readonly string[]): Promise<void> {
  const closed = rowsOf<{ year: number }>(
    await tx.execute(
      sql`SELECT c.year FROM year_closures c
          WHERE c.project_id = ${projectId}
            AND c.closed_at >= (SELECT min(b.created_at) FROM import_batches b WHERE b.id IN (${sql.join(
              ids.map((id) => sql`${id}::uuid`),
              sql`, `,
            )}))
          ORDER BY c.year LIMIT 1`,
    ),
  );
  if (closed[0]) throw importYearClosed(Number(closed[0].year));
  const flipped = await tx
    .update(importBatches)
    .set({ state: 'committed', heartbeatAt: sql`now()` })
    .where(and(inArray(importBatches.id, [...ids]), eq(importBatches.state, 'pending')))
    .returning({ id: importBatches.id });
  if (flipped.length !== ids.length) throw importAbandoned();
}

/** Deletes (or tidies) a table's rows of a batch, a chunk per statement, yielding in between. */
async function sweepTable(db: Db, table: string, batchId: string, mode: 'delete' | 'clear'): Promise<void> {
  const t = sql.raw(table);
  for (;;) {
    const pick = sql`SELECT id FROM ${t} WHERE pending_batch = ${batchId}::uuid LIMIT ${SWEEP_CHUNK}`;
    const result = await db.execute(
      mode === 'delete'
        ? sql`DELETE FROM ${t} WHERE id IN (${pick})`
        : sql`UPDATE ${t} SET pending_batch = NULL WHERE id IN (${pick})`,
    );
    const n =
      (result as unknown as { affectedRows?: number; rowCount?: number | null }).affectedRows ??
      (result as unknown as { rowCount?: number | null }).rowCount ??
      0;
    if (n < SWEEP_CHUNK) return;
    await new Promise((r) => setImmediate(r));
  }
}

/**
 * After the commit, in the background (`import.tidy`): `pending_batch = NULL` on the batch's rows, a chunk per
 * statement through the table's partial index on `pending_batch` (tidiness only: a committed batch's rows are
 * visible either way).
 */
export function clearPending(db: Db, q: { table: string; batchId: string }): Promise<void> {
  return sweepTable(db, q.table, q.batchId, 'clear');
}

/** Marks batches aborted (if still pending) and deletes every row they wrote, in chunks. */
export async function abortBatches(db: Db, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  await db
    .update(importBatches)
    .set({ state: 'aborted' })
    .where(and(inArray(importBatches.id, [...ids]), eq(importBatches.state, 'pending')));
  for (const id of ids) for (const table of RECORD_TABLES) await sweepTable(db, table, id, 'delete');
}

/**
 * A rejected import (an invalid row met by the commit's pass): its batches are aborted, their rows deleted, and
 * then the batch rows themselves, since nothing was imported.
 */
export async function discardBatches(db: Db, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  await abortBatches(db, ids);
  await db
    .delete(importBatches)
    .where(and(inArray(importBatches.id, [...ids]), eq(importBatches.state, 'aborted')));
}

/**
 * Aborts the batches whose writer died and deletes their rows: pending batches silent for `abandonedAfterMs` (or
 * every pending batch with `all`: on PGlite one process owns the data folder, so at its start nobody is writing).
 * With `leftovers` (at start), also finishes the clean-up of aborted batches whose rows a crash left. Returns the
 * batches aborted now.
 */
export async function recoverAbandoned(
  db: Db,
  opts: { all?: boolean; abandonedAfterMs?: number; now?: Date; leftovers?: boolean } = {},
): Promise<string[]> {
  const before = new Date((opts.now ?? new Date()).getTime() - (opts.abandonedAfterMs ?? ABANDONED_AFTER_MS));
  const aborted = rowsOf<{ id: string }>(
    await db.execute(
      opts.all
        ? sql`UPDATE import_batches SET state = 'aborted' WHERE state = 'pending' RETURNING id`
        : sql`UPDATE import_batches SET state = 'aborted'
              WHERE state = 'pending' AND (heartbeat_at IS NULL OR heartbeat_at < ${before.toISOString()}::timestamptz)
              RETURNING id`,
    ),
  ).map((r) => String(r.id));
  for (const id of aborted) for (const table of RECORD_TABLES) await sweepTable(db, table, id, 'delete');
  if (!opts.leftovers) return aborted;
  // Rows of batches aborted earlier, when the process died during their clean-up (a scan: at start only).
  for (const table of RECORD_TABLES) {
    const left = rowsOf<{ b: string }>(
      await db.execute(
        sql`SELECT DISTINCT r.pending_batch AS b FROM ${sql.raw(table)} r
            JOIN import_batches ib ON ib.id = r.pending_batch WHERE ib.state = 'aborted'`,
      ),
    );
    for (const { b } of left) await sweepTable(db, table, String(b), 'delete');
  }
  return aborted;
}

/**
 * On start (the server, and CLI commands that open the database): aborts abandoned batches and deletes what they
 * and earlier crashes left. On PGlite this process owns the data folder, so any pending batch is abandoned, and any
 * running `import.commit` job is claimable at once.
 */
export async function recoverOnStart(database: { db: Db; driver: 'pglite' | 'pg' }): Promise<string[]> {
  const aborted = await recoverAbandoned(database.db, { all: database.driver === 'pglite', leftovers: true });
  // The jobs a dead process was running (an import commit among them): on PGlite nobody else runs them, so their
  // lease is over now (an import commit's retry settles its batches and says what became of the import).
  if (database.driver === 'pglite') await releaseOrphanedLeases(database.db);
  return aborted;
}

/** What became of an interrupted import's batches: all committed (the flip happened), or none of them counts. */
export interface BatchOutcome {
  outcome: 'committed' | 'aborted';
  /** The committed batches' rows (for the job's result; empty when aborted). */
  batches: ImportBatchRow[];
}

/**
 * Settles the batches of an import whose writer was interrupted (a job retried after a restart): committed when
 * the final flip happened (it flips all of them in one transaction), else every batch still pending is aborted
 * now (only those: a committed batch's rows are never touched) and the rows of the aborted ones are deleted.
 * Batches that were never written (interrupted before `beginBatches`) count as aborted. A writer still alive
 * finds its batches aborted at its next heartbeat or flip, and stops with `importAbandoned`.
 */
export async function settleBatches(db: Db, ids: readonly string[]): Promise<BatchOutcome> {
  if (ids.length === 0) return { outcome: 'aborted', batches: [] };
  // Abort first, then read: a flip racing with this either happened before (nothing is aborted, all read
  // committed) or fails after (all aborted). Both are conditional on `pending`, so never a mix.
  await db
    .update(importBatches)
    .set({ state: 'aborted' })
    .where(and(inArray(importBatches.id, [...ids]), eq(importBatches.state, 'pending')));
  const rows = await db
    .select()
    .from(importBatches)
    .where(inArray(importBatches.id, [...ids]));
  const committed = rows.filter((r) => r.state === 'committed');
  if (committed.length > 0) return { outcome: 'committed', batches: committed };
  for (const { id } of rows) for (const table of RECORD_TABLES) await sweepTable(db, table, id, 'delete');
  return { outcome: 'aborted', batches: [] };
}
