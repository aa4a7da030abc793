/**
 * `import.tidy`: after an import's commit, clears `pending_batch` on the rows of its committed batches in the
 * background, a chunk per statement (tidiness only: a committed batch's rows count from the flip on, whatever their
 * marker; src/records/visibility.ts). Enqueued by the commit's final transaction, so the commit never waits for it.
 */
import { and, eq, getTableName, inArray } from 'drizzle-orm';
import { z } from 'zod';
import type { Db, Tx } from '../db/client';
import { importBatches } from '../db/schema';
import { defineJob, type JobDefinition } from '../jobs/define';
import { enqueue } from '../jobs/queue';
import type { Clock } from '../lib/clock';
import { RECORD_TYPES, type RecordType } from '../plan/schema';
import { KIND_TABLES } from '../records/kinds';
import { clearPending } from './pending';

export const importTidyPayload = z.object({
  type: z.enum(RECORD_TYPES),
  batchIds: z.array(z.uuid()).min(1).max(10_000),
});
export type ImportTidyPayload = z.infer<typeof importTidyPayload>;

/** Clears the markers of the batches that are committed (never of a pending or aborted one); returns their ids. */
export async function tidyBatches(db: Db, p: ImportTidyPayload): Promise<string[]> {
  const committed = await db
    .select({ id: importBatches.id })
    .from(importBatches)
    .where(and(inArray(importBatches.id, p.batchIds), eq(importBatches.state, 'committed')));
  const table = getTableName(KIND_TABLES[p.type]);
  for (const { id } of committed) await clearPending(db, { table, batchId: id });
  return committed.map((b) => b.id);
}

export const importTidyJob: JobDefinition<ImportTidyPayload> = defineJob({
  kind: 'import.tidy',
  payload: importTidyPayload,
  maxAttempts: 3,
  async run(ctx, payload) {
    return { tidied: await tidyBatches(ctx.db, payload) };
  },
});

/** In the commit's final transaction: the tidy-up of its batches, queued (it runs once the commit is visible). */
export function enqueueTidy(
  tx: Tx,
  opts: { projectId: string; type: RecordType; batchIds: string[]; createdBy: string; clock: Clock },
): Promise<{ id: number; created: boolean }> {
  return enqueue(tx, {
    job: importTidyJob,
    payload: { type: opts.type, batchIds: opts.batchIds },
    projectId: opts.projectId,
    createdBy: opts.createdBy,
    clock: opts.clock,
  });
}
