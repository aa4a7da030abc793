/**
 * PostgreSQL only: two app instances and a worker (three runners, each with its own pool to the same database)
 * tick concurrently many times; no job runs twice and no due time is enqueued twice (side effects counted in a table).
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { createTestDatabaseEnv } from '../../test/db';
import { createEffectsTable, effectJob, effects } from '../../test/jobs';
import { rowsOf } from '../audit/chain';
import type { Database } from '../db/client';
import { fromPostgresUrl } from '../db/postgres';
import { fixedClock } from '../lib/clock';
import { createLogger } from '../log';
import type { AnyJob } from './define';
import { enqueue } from './queue';
import { createRunner } from './runner';
import type { AnySchedule } from './schedule';

vi.setConfig({ testTimeout: 300_000, hookTimeout: 120_000 });

let cleanup: () => Promise<void>;
const pools: Database[] = [];

beforeAll(async () => {
  const made = await createTestDatabaseEnv();
  cleanup = made.cleanup;
  const url = made.env.DATABASE_URL;
  if (!url) throw new Error('the postgres project runs this file');
  for (let i = 0; i < 3; i++) pools.push(fromPostgresUrl(url, { max: 4 }));
  await createEffectsTable(pools[0]!.db);
});
afterAll(async () => {
  for (const p of pools) await p.close();
  await cleanup?.();
});

it('three runners never run a job twice nor enqueue a due time twice', async () => {
  const clock = fixedClock('2026-09-01T00:00:00Z');
  const everyMinute = {
    name: 'test.every-minute',
    cron: '* * * * *',
    scope: 'instance',
    job: effectJob,
    payload: () => ({ tag: 'scheduled' }),
  } as AnySchedule;
  const log = createLogger('silent');
  const [app1, app2, worker] = pools.map((p, i) =>
    createRunner({
      db: p.db,
      clock,
      log,
      deps: {},
      jobs: [effectJob as AnyJob],
      schedules: [everyMinute],
      workerId: ['app-1', 'app-2', 'worker'][i],
      concurrency: 3,
    }),
  );
  const rounds = 40;
  let oneOff = 0;
  for (let round = 0; round < rounds; round++) {
    // Some one-off work, some of it enqueued twice (the same idempotency key).
    for (let k = 0; k < 5; k++) {
      const db = pools[k % 3]!.db;
      await enqueue(db, {
        job: effectJob,
        payload: { tag: `one-off ${round}.${k}` },
        idempotencyKey: `r${round}k${k}`,
        createdBy: 'test',
        clock,
      });
      await enqueue(db, {
        job: effectJob,
        payload: { tag: `one-off ${round}.${k}` },
        idempotencyKey: `r${round}k${k}`,
        createdBy: 'test',
        clock,
      });
      oneOff++;
    }
    await Promise.all([app1!.tick(), app2!.tick(), worker!.tick(), app1!.tick(), worker!.tick()]);
    clock.advance(60_000);
  }
  await Promise.all([app1!.runUntilIdle(), app2!.runUntilIdle(), worker!.runUntilIdle()]);

  const all = await effects(pools[0]!.db);
  const byJob = new Map<number, number>();
  for (const e of all) byJob.set(e.job_id, (byJob.get(e.job_id) ?? 0) + 1);
  expect([...byJob.values()].every((n) => n === 1)).toBe(true);

  const scheduled = all.filter((e) => e.tag === 'scheduled');
  const dues = scheduled.map((e) => e.due_at);
  expect(new Set(dues).size).toBe(dues.length);
  // The entry starts at the first tick (minute 0); minutes 1 … rounds (the final runUntilIdle) are one due time each.
  expect(dues.map((d) => new Date(d ?? '').toISOString()).sort()).toEqual(
    Array.from({ length: rounds }, (_, i) =>
      new Date(Date.parse('2026-09-01T00:00:00Z') + (i + 1) * 60_000).toISOString(),
    ),
  );
  expect(all.filter((e) => e.tag?.startsWith('one-off'))).toHaveLength(oneOff);

  // Nothing is left running or queued.
  const who = rowsOf<{ n: number }>(
    await pools[0]!.db.execute(
      sql`SELECT count(DISTINCT locked_by)::int AS n FROM jobs WHERE state = 'running'`,
    ),
  );
  expect(who[0]?.n).toBe(0);
  const states = rowsOf<{ state: string; n: number }>(
    await pools[0]!.db.execute(sql`SELECT state, count(*)::int AS n FROM jobs GROUP BY state`),
  );
  expect(states).toEqual([{ state: 'succeeded', n: all.length }]);
});
