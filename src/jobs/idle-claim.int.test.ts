/**
 * The job runner's idle beat (every 5 s in `herald serve`) finds nothing to claim and writes nothing: the write
 * generation stays put (PGlite: no write statement; PostgreSQL: no notification either, heard by a probe of our
 * own), so the dashboard's cached page survives it with zero statements. A tick that claims a job still counts as a
 * write. Both engines; the server's runner as it is built (the registry's schedules, the figures' job).
 */
import type { Hono } from 'hono';
import pg from 'pg';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { makeUser, TestClient } from '../../test/auth-helpers';
import { countingDb, type CountingDb } from '../../test/counting-db';
import { createTestDatabase } from '../../test/db';
import { makePlan } from '../../test/factories/plan';
import { publicationInput } from '../../test/factories/records';
import { systemActor } from '../auth/permissions';
import type { Database } from '../db/client';
import type { WriteGeneration } from '../db/write-generation';
import { WRITES_CHANNEL } from '../db/write-notify';
import { refreshFigures } from '../kpi/figure-refresh';
import { refreshFiguresJob } from '../kpi/jobs';
import { fixedClock } from '../lib/clock';
import { createLogger } from '../log';
import { importPlan } from '../projects/service';
import { createRecord } from '../records/service';
import { createApp } from '../web/app';
import type { AppEnv } from '../web/env';
import { enqueue } from './queue';
import { createRunner, type Runner } from './runner';

vi.setConfig({ testTimeout: 60_000, hookTimeout: 120_000 });

const P = 'tide-x';
const clock = fixedClock('2025-02-01T09:00:00Z');
let database: Database;
let writes: WriteGeneration;
let counting: CountingDb;
let app: Hono<AppEnv>;
let alice: TestClient;
let runner: Runner;
/** PostgreSQL: a plain listener of our own, which hears every notification sent. */
let probe: pg.Client | undefined;
const heard: string[] = [];

beforeAll(async () => {
  database = await createTestDatabase({ listen: true });
  if (!database.writes) throw new Error('a listening database counts its writes');
  writes = database.writes;
  await importPlan(database.db, { plan: makePlan(), sourceText: '', sourceName: 'p.yaml', actor: 'test' });
  await createRecord(database.db, {
    actor: systemActor('test'),
    projectId: P,
    kind: 'publication',
    input: publicationInput({ doi: '10.1000/idle.1', title: 'Paper' }),
    clock,
  });
  await refreshFigures(database.db, { projectId: P, clock });
  if (database.driver === 'pg') {
    const name = (await database.db.execute(sql`select current_database() as name`)) as unknown as {
      rows: { name: string }[];
    };
    const url = inject('pgClusterUrl').replace(/\/[^/]*$/, `/${name.rows[0]!.name}`);
    probe = new pg.Client({ connectionString: url });
    await probe.connect();
    probe.on('notification', (n) => heard.push(n.payload ?? ''));
    await probe.query(`LISTEN ${WRITES_CHANNEL}`);
  }
  counting = countingDb(database.db);
  app = createApp({ database: { ...database, db: counting.db }, log: createLogger('silent'), clock });
  const user = await makeUser(database.db, { role: 'coordinator', projectId: P });
  alice = await TestClient.signedIn({ app, db: database.db }, user.id);
  runner = createRunner({
    db: database.db,
    clock,
    log: createLogger('silent'),
    deps: {},
    jobs: [refreshFiguresJob],
  });
  // The first ticks start the schedules' state (writes) and run what is queued: from then on, beats are idle.
  await runner.runUntilIdle();
});
afterAll(async () => {
  await probe?.end();
  await database?.close();
});

/** The notifications sent since the last call (PostgreSQL delivers them to the probe before it answers). */
async function notified(): Promise<string[]> {
  if (!probe) return [];
  await probe.query('select 1');
  return heard.splice(0);
}

async function dashboard() {
  counting.reset();
  const res = await alice.get(`/p/${P}/dashboard`);
  await res.text();
  return {
    status: res.status,
    body: res.headers.get('x-herald-body'),
    statements: counting.statements.length,
  };
}

describe('the job runner', () => {
  it('an idle tick (nothing due) leaves the write generation unchanged and notifies nobody', async () => {
    await notified();
    const mark = writes.mark();
    expect(mark).toBeDefined();
    expect(await runner.tick()).toEqual({ ran: 0, enqueued: 0 });
    expect(await notified()).toEqual([]);
    expect(writes.unchangedSince(mark)).toBe(true);
  });

  it('a cached dashboard request after an idle tick runs zero statements', async () => {
    await dashboard();
    await dashboard();
    expect(await dashboard()).toMatchObject({ status: 200, body: 'hit', statements: 0 });
    await runner.tick();
    expect(await notified()).toEqual([]);
    expect(await dashboard()).toMatchObject({ status: 200, body: 'hit', statements: 0 });
  });

  it('a tick that claims a job bumps the generation (and notifies on PostgreSQL)', async () => {
    await enqueue(database.db, {
      job: refreshFiguresJob,
      payload: { projectId: P },
      projectId: P,
      createdBy: 'system',
      clock,
    });
    await notified();
    const mark = writes.mark();
    expect(await runner.tick()).toEqual({ ran: 1, enqueued: 0 });
    expect(writes.unchangedSince(mark)).toBe(false);
    if (probe) expect((await notified()).length).toBeGreaterThan(0);
    // The figures' key is read again (the same figures: the body itself is still the kept one).
    expect((await dashboard()).statements).toBeGreaterThan(0);
  });
});
