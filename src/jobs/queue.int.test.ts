/**
 * The durable queue on both engines: idempotent enqueue with a validated payload, retries with back-off from the
 * injected clock, the final failure kept with its error, `herald jobs retry`, an expired lease taken over, cancel.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestDatabase } from '../../test/db';
import { createEffectsTable, effectJob, effects, failures, flakyJob } from '../../test/jobs';
import { rowsOf } from '../audit/chain';
import { systemActor } from '../auth/permissions';
import type { Database } from '../db/client';
import { fixedClock } from '../lib/clock';
import { createLogger } from '../log';
import { defaultBackoffMs, type AnyJob } from './define';
import { cancelJob, claimJobs, enqueue, getJob } from './queue';
import { createRunner } from './runner';
import { retryJob } from './service';

let database: Database;
const log = createLogger('silent');
const testJobs = [effectJob, flakyJob] as AnyJob[];

beforeAll(async () => {
  database = await createTestDatabase();
  await createEffectsTable(database.db);
});
afterAll(() => database?.close());
beforeEach(async () => {
  await database.db.execute(sql`DELETE FROM test_job_effects`);
  failures.left = 0;
});

const runnerFor = (clock: ReturnType<typeof fixedClock>, workerId?: string) =>
  createRunner({
    db: database.db,
    clock,
    log,
    deps: {},
    jobs: testJobs,
    schedules: [],
    workerId,
    leaseMs: 60_000,
  });

describe('enqueue', () => {
  it('runs the same work once: a repeated idempotency key returns the same job', async () => {
    const clock = fixedClock('2026-03-01T00:00:00Z');
    const a = await enqueue(database.db, {
      job: effectJob,
      payload: { tag: 'once' },
      idempotencyKey: 'k-1',
      createdBy: 'system',
      clock,
    });
    const b = await enqueue(database.db, {
      job: effectJob,
      payload: { tag: 'once' },
      idempotencyKey: 'k-1',
      createdBy: 'system',
      clock,
    });
    expect(a.created).toBe(true);
    expect(b).toEqual({ id: a.id, created: false });
    expect(await runnerFor(clock).runUntilIdle()).toBe(1);
    expect(await effects(database.db, 'test.effect')).toHaveLength(1);
    expect((await getJob(database.db, a.id))?.state).toBe('succeeded');
    expect((await getJob(database.db, a.id))?.result).toEqual({ tag: 'once' });
  });

  it('refuses a payload its schema rejects, naming the field', async () => {
    const clock = fixedClock('2026-03-01T00:00:00Z');
    await expect(
      enqueue(database.db, {
        job: effectJob,
        payload: { tag: 3 } as unknown as { tag: string },
        createdBy: 'system',
        clock,
      }),
    ).rejects.toMatchObject({ code: 'validation', details: [expect.objectContaining({ path: 'tag' })] });
  });

  it('does not run a job before its run_at', async () => {
    const clock = fixedClock('2026-03-01T00:00:00Z');
    const { id } = await enqueue(database.db, {
      job: effectJob,
      payload: { tag: 'later' },
      runAt: new Date('2026-03-02T00:00:00Z'),
      createdBy: 'system',
      clock,
    });
    const runner = runnerFor(clock);
    expect(await runner.runUntilIdle()).toBe(0);
    clock.set('2026-03-02T00:00:00Z');
    expect(await runner.runUntilIdle()).toBe(1);
    expect((await getJob(database.db, id))?.state).toBe('succeeded');
  });
});

describe('failures', () => {
  it('retries with back-off, keeps the final failure with its error, and a retry runs it again', async () => {
    const clock = fixedClock('2026-04-01T00:00:00Z');
    failures.left = 10;
    const { id } = await enqueue(database.db, {
      job: flakyJob,
      payload: { n: 1 },
      createdBy: 'system',
      clock,
    });
    const runner = runnerFor(clock);
    expect(await runner.runUntilIdle()).toBe(1);
    let row = await getJob(database.db, id);
    expect(row).toMatchObject({ state: 'queued', attempts: 1 });
    expect(row?.lastError).toContain('the flaky job broke');
    expect(row?.runAt.getTime()).toBe(clock.now().getTime() + defaultBackoffMs(1));
    // Not before the back-off has passed.
    clock.advance(defaultBackoffMs(1) - 1000);
    expect(await runner.runUntilIdle()).toBe(0);
    clock.advance(1000);
    expect(await runner.runUntilIdle()).toBe(1);
    row = await getJob(database.db, id);
    expect(row).toMatchObject({ state: 'queued', attempts: 2 });
    expect(row?.runAt.getTime()).toBe(clock.now().getTime() + defaultBackoffMs(2));
    clock.advance(defaultBackoffMs(2));
    expect(await runner.runUntilIdle()).toBe(1);
    row = await getJob(database.db, id);
    expect(row).toMatchObject({ state: 'failed', attempts: 3 });
    expect(row?.lastError).toContain('the flaky job broke');
    // Failed stays failed, whatever the time.
    clock.advance(24 * 3600_000);
    expect(await runner.runUntilIdle()).toBe(0);
    expect((await effects(database.db, 'test.flaky')).map((e) => e.tag)).toEqual(['1', '2', '3']);

    failures.left = 0;
    await retryJob(database.db, { actor: systemActor('test'), id, clock });
    expect(await runner.runUntilIdle()).toBe(1);
    expect(await getJob(database.db, id)).toMatchObject({ state: 'succeeded', attempts: 4, maxAttempts: 4 });
    expect((await effects(database.db, 'test.flaky')).map((e) => e.tag)).toEqual(['1', '2', '3', '4']);
    const audit = rowsOf(
      await database.db.execute(
        sql`SELECT action, entity_id FROM audit_entries WHERE chain = 'instance' AND action = 'job.retry'`,
      ),
    );
    expect(audit).toEqual([{ action: 'job.retry', entity_id: String(id) }]);
  });

  it('only a failed job can be retried, and only by an admin', async () => {
    const clock = fixedClock('2026-04-01T00:00:00Z');
    const { id } = await enqueue(database.db, {
      job: effectJob,
      payload: { tag: 'q' },
      createdBy: 'system',
      clock,
    });
    await expect(retryJob(database.db, { actor: systemActor('t'), id, clock })).rejects.toMatchObject({
      code: 'job_not_failed',
    });
    await expect(
      retryJob(database.db, {
        actor: { kind: 'user', userId: 'u', isAdmin: false, memberships: [] },
        id,
        clock,
      }),
    ).rejects.toMatchObject({ code: 'forbidden' });
    await expect(
      retryJob(database.db, { actor: systemActor('t'), id: 999_999, clock }),
    ).rejects.toMatchObject({
      code: 'not_found',
    });
    expect(await cancelJob(database.db, { id, clock })).toBe(true);
    expect(await runnerFor(clock).runUntilIdle()).toBe(0);
    expect((await getJob(database.db, id))?.state).toBe('cancelled');
  });
});

describe('leases', () => {
  it('a job whose runner died mid-way is claimed by another once the lease expires', async () => {
    const clock = fixedClock('2026-05-01T00:00:00Z');
    const { id } = await enqueue(database.db, {
      job: effectJob,
      payload: { tag: 'orphan' },
      createdBy: 'system',
      clock,
    });
    // "dead" claims it and never finishes.
    const [claimed] = await claimJobs(database.db, {
      kinds: ['test.effect'],
      workerId: 'dead:1:1',
      leaseMs: 60_000,
      clock,
      limit: 10,
    });
    expect(claimed?.id).toBe(id);
    const other = runnerFor(clock, 'alive:2:1');
    expect(await other.runUntilIdle()).toBe(0); // the lease still holds
    clock.advance(60_001);
    expect(await other.runUntilIdle()).toBe(1);
    expect(await getJob(database.db, id)).toMatchObject({ state: 'succeeded', attempts: 2, lockedBy: null });
    expect(await effects(database.db, 'test.effect')).toHaveLength(1);
  });

  it('progress extends the lease', async () => {
    const clock = fixedClock('2026-05-02T00:00:00Z');
    const { id } = await enqueue(database.db, {
      job: effectJob,
      payload: { tag: 'p' },
      createdBy: 'system',
      clock,
    });
    const [claimed] = await claimJobs(database.db, {
      kinds: ['test.effect'],
      workerId: 'w:1:1',
      leaseMs: 60_000,
      clock,
      limit: 1,
    });
    expect(claimed?.lockedUntil?.getTime()).toBe(clock.now().getTime() + 60_000);
    clock.advance(30_000);
    const { extendLease } = await import('./queue');
    expect(
      await extendLease(database.db, {
        id,
        workerId: 'w:1:1',
        leaseMs: 60_000,
        clock,
        progress: { done: 3, total: 9 },
      }),
    ).toBe(true);
    expect(await getJob(database.db, id)).toMatchObject({ progressDone: 3, progressTotal: 9 });
    clock.advance(45_000); // past the first lease, within the extended one
    expect(await runnerFor(clock, 'other:1:1').runUntilIdle()).toBe(0);
  });
});
