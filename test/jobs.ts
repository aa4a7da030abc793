/** Test jobs for the job system's tests: each run inserts a row into `test_job_effects` (created by the test). */
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../src/db/client';
import { defineJob } from '../src/jobs/define';
import { rowsOf } from '../src/audit/chain';

/** A scratch table for side effects (tests only: created in the test database, never a migration). */
export async function createEffectsTable(db: Db): Promise<void> {
  await db.execute(sql`CREATE TABLE IF NOT EXISTS test_job_effects (
    id serial PRIMARY KEY, kind text NOT NULL, job_id bigint NOT NULL, tag text, due_at timestamptz)`);
}

export async function effects(
  db: Db,
  kind?: string,
): Promise<{ job_id: number; tag: string | null; due_at: string | null }[]> {
  return rowsOf(
    await db.execute(
      kind
        ? sql`SELECT job_id, tag, due_at::text FROM test_job_effects WHERE kind = ${kind} ORDER BY id`
        : sql`SELECT job_id, tag, due_at::text FROM test_job_effects ORDER BY id`,
    ),
  );
}

/** Records one effect per run. */
export const effectJob = defineJob<{ tag: string }>({
  kind: 'test.effect',
  payload: z.object({ tag: z.string() }),
  async run(ctx, p) {
    await ctx.db.execute(
      sql`INSERT INTO test_job_effects (kind, job_id, tag, due_at)
          VALUES ('test.effect', ${ctx.job.id}, ${p.tag}, ${ctx.job.dueAt ? ctx.job.dueAt.toISOString() : null}::timestamptz)`,
    );
    return { tag: p.tag };
  },
});

/** Throws while `failures.left > 0`, recording each attempt. */
export const failures = { left: 0 };
export const flakyJob = defineJob<{ n: number }>({
  kind: 'test.flaky',
  payload: z.object({ n: z.number().int() }),
  maxAttempts: 3,
  async run(ctx) {
    await ctx.db.execute(
      sql`INSERT INTO test_job_effects (kind, job_id, tag) VALUES ('test.flaky', ${ctx.job.id}, ${String(ctx.job.attempt)})`,
    );
    if (failures.left > 0) {
      failures.left--;
      throw new Error('the flaky job broke');
    }
    return { ok: true };
  },
});
