/**
 * Every run of a source adapter is recorded (issue 25 item 3): begun as `running`, finished with its status,
 * counts, error (code + English message without secrets) and when to try again. The rows are what the sources page
 * lists, what raises a failing source's alert, and what `herald fetch` prints. A run row is written in its own
 * statement: a failed import never takes its run's record with it.
 */
import { and, desc, eq, sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { sourceRuns, type SourceRunRow } from '../db/schema';
import type { Clock } from '../lib/clock';
import type { FetchedItem } from './types';

export type { SourceRunRow };

export type RunTrigger = 'schedule' | 'manual' | 'cli' | 'api';
export type RunStatus = 'running' | 'ok' | 'partial' | 'failed';

/** Per-item statuses kept on a run (the first ones; the counts say how many there were). */
export const KEPT_ITEMS = 200;

export async function beginRun(
  db: Db,
  o: { projectId: string; source: string; trigger: RunTrigger; dryRun: boolean; actor: string; clock: Clock },
): Promise<number> {
  const [row] = await db
    .insert(sourceRuns)
    .values({
      projectId: o.projectId,
      source: o.source,
      trigger: o.trigger,
      dryRun: o.dryRun,
      actor: o.actor,
      startedAt: o.clock.now(),
      status: 'running',
    })
    .returning({ id: sourceRuns.id });
  return (row as { id: number }).id;
}

export interface RunEnd {
  status: Exclude<RunStatus, 'running'>;
  items?: number;
  imported?: number;
  duplicates?: number;
  invalid?: number;
  errorCode?: string;
  message?: string;
  retryAt?: Date;
  batchId?: string;
  details?: { items?: FetchedItem[]; notes?: string[] };
}

export async function finishRun(db: Db, id: number, end: RunEnd & { clock: Clock }): Promise<void> {
  await db
    .update(sourceRuns)
    .set({
      status: end.status,
      finishedAt: end.clock.now(),
      items: end.items ?? 0,
      imported: end.imported ?? 0,
      duplicates: end.duplicates ?? 0,
      invalid: end.invalid ?? 0,
      errorCode: end.errorCode ?? null,
      message: end.message ?? null,
      retryAt: end.retryAt ?? null,
      batchId: end.batchId ?? null,
      details: end.details
        ? { ...end.details, ...(end.details.items ? { items: end.details.items.slice(0, KEPT_ITEMS) } : {}) }
        : null,
    })
    .where(eq(sourceRuns.id, id));
}

/** A project's latest runs (newest first), of one source or all. */
export function listRuns(
  db: Db,
  o: { projectId: string; source?: string; limit?: number },
): Promise<SourceRunRow[]> {
  return db
    .select()
    .from(sourceRuns)
    .where(and(eq(sourceRuns.projectId, o.projectId), o.source ? eq(sourceRuns.source, o.source) : sql`true`))
    .orderBy(desc(sourceRuns.startedAt), desc(sourceRuns.id))
    .limit(o.limit ?? 50);
}

/** The last finished run of each of a project's sources (dry runs left out). */
export async function lastRuns(db: Db, projectId: string): Promise<Map<string, SourceRunRow>> {
  const rows = await db
    .selectDistinctOn([sourceRuns.source])
    .from(sourceRuns)
    .where(
      and(
        eq(sourceRuns.projectId, projectId),
        eq(sourceRuns.dryRun, false),
        sql`${sourceRuns.status} <> 'running'`,
      ),
    )
    .orderBy(sourceRuns.source, desc(sourceRuns.startedAt), desc(sourceRuns.id));
  return new Map(rows.map((r) => [r.source, r]));
}
