/**
 * The dashboard's figure cache: no stale figure survives a write (the page says "as of" until the refresh job has
 * run, then shows the new figure as current), the fresh page runs no figure query and renders no chart, and a write
 * landing while the job computes leaves the row stale, never wrongly fresh.
 */
import { and, eq, sql } from 'drizzle-orm';
import type { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeUser, TestClient } from '../../test/auth-helpers';
import { countingDb, type CountingDb } from '../../test/counting-db';
import { createTestDatabase } from '../../test/db';
import { makePlan } from '../../test/factories/plan';
import { publicationInput } from '../../test/factories/records';
import { systemActor } from '../auth/permissions';
import type { Database } from '../db/client';
import { figureCache, jobs } from '../db/schema';
import { claimJobs, enqueue } from '../jobs/queue';
import { createRunner } from '../jobs/runner';
import { fixedClock } from '../lib/clock';
import { createLogger } from '../log';
import { importPlan } from '../projects/service';
import { createRecord } from '../records/service';
import { createApp } from '../web/app';
import type { AppEnv } from '../web/env';
import { PROGRESS_CHART, sparkKey } from './dashboard-charts';
import { projectsNeedingFigures } from './figure-cache';
import { refreshFigures } from './figure-refresh';
import { refreshFiguresJob, refreshFiguresSweepJob } from './jobs';

const P = 'tide-x';
const clock = fixedClock('2025-02-01T09:00:00Z');
const system = systemActor('test');
let database: Database;
let counting: CountingDb;
let app: Hono<AppEnv>;
let coordinator: TestClient;
let wakes = 0;
let dois = 0;

beforeAll(async () => {
  database = await createTestDatabase();
  const plan = makePlan();
  await importPlan(database.db, {
    plan,
    sourceText: JSON.stringify(plan),
    sourceName: 'tide-x.yaml',
    actor: 'test',
  });
  counting = countingDb(database.db);
  app = createApp({
    database: { ...database, db: counting.db },
    log: createLogger('silent'),
    clock,
    jobs: { wake: () => void wakes++ },
  });
  const user = await makeUser(database.db, { role: 'coordinator', projectId: P });
  coordinator = await TestClient.signedIn({ app, db: database.db }, user.id);
  await addPaper();
});
afterAll(async () => {
  await database.close();
});

/** A publication counted by the plan's one KPI (`papers`), written through the audited use case. */
const addPaper = () =>
  createRecord(database.db, {
    actor: system,
    projectId: P,
    kind: 'publication',
    input: publicationInput({ doi: `10.1000/cache.${++dois}`, title: `Paper ${dois}` }),
    clock,
  });

const runner = () =>
  createRunner({
    db: database.db,
    clock,
    log: createLogger('silent'),
    deps: {},
    jobs: [refreshFiguresJob, refreshFiguresSweepJob],
    schedules: [],
  });

async function page(path = `/p/${P}/dashboard`) {
  const res = await coordinator.get(path);
  expect(res.status, path).toBe(200);
  const html = await res.text();
  const value = /id="kpi-papers"[\s\S]*?class="kpi-value"[^>]*>([^<]*)</.exec(html)?.[1];
  return {
    html,
    value,
    source: res.headers.get('x-herald-figures'),
    stale: html.includes('id="figures-stale"'),
  };
}

const queuedRefreshes = () =>
  database.db
    .select()
    .from(jobs)
    .where(and(eq(jobs.kind, 'kpi.refresh-figures'), eq(jobs.projectId, P), eq(jobs.state, 'queued')));

const cacheRow = async () =>
  (await database.db.select().from(figureCache).where(eq(figureCache.projectId, P)))[0];

describe('the dashboard from cached figures', () => {
  it('computes live while no row exists, and a GET stores nothing', async () => {
    await database.db.delete(figureCache);
    const p = await page();
    expect(p).toMatchObject({ source: 'missing', stale: false, value: '1' });
    expect(await cacheRow()).toBeUndefined();
  });

  it('no stale figure survives a write: "as of" until the job ran, then the new figure as current', async () => {
    await database.db.delete(jobs);
    expect(await refreshFigures(database.db, { projectId: P, clock })).toMatchObject({ outcome: 'stored' });
    expect(await page()).toMatchObject({ source: 'fresh', stale: false, value: '1' });

    // Two writes in a burst: the audit hook enqueued one refresh, in their transactions.
    await addPaper();
    await addPaper();
    expect(await queuedRefreshes()).toHaveLength(1);

    const stale = await page();
    expect(stale).toMatchObject({ source: 'stale', stale: true });
    expect(stale.html).toContain('recalculating');
    const row = await cacheRow();
    expect(stale.html).toContain(`data-computed-at="${row!.computedAt.toISOString()}"`);
    const poll = await coordinator.get(`/p/${P}/dashboard/freshness`);
    expect(await poll.json()).toEqual({ fresh: false, state: 'stale' });
    expect(poll.headers.get('hx-refresh')).toBeNull();

    expect(await runner().runUntilIdle()).toBe(1);
    expect(await page()).toMatchObject({ source: 'fresh', stale: false, value: '3' });
    const done = await coordinator.get(`/p/${P}/dashboard/freshness`);
    expect(await done.json()).toEqual({ fresh: true, state: 'fresh' });
    expect(done.headers.get('hx-refresh')).toBe('true');
  });

  it('the fresh page runs one lookup and no figure query, and serves the stored charts as rendered', async () => {
    await refreshFigures(database.db, { projectId: P, clock });
    counting.reset();
    const fresh = await page();
    expect(fresh.source).toBe('fresh');
    const fromCache = [...counting.statements];
    // At most the key lookup: on PGlite none while nothing was written since the last page (src/db/write-generation.ts).
    const lookups = fromCache.filter((s) => s.includes('figure_cache'));
    expect(lookups.length).toBeLessThanOrEqual(1);
    if (database.driver !== 'pglite') expect(lookups).toHaveLength(1);
    const figureTables =
      /\b(activities|events|publications|synergies|metric_snapshots|kpi_snapshots|year_closures|deliverable_status|kpi_manual_values)\b/;
    expect(fromCache.filter((s) => figureTables.test(s))).toEqual([]);
    // Besides the lookup: only the session and the actor's memberships (authentication).
    expect(fromCache.filter((s) => !/figure_cache|"sessions"|\bmemberships\b/.test(s))).toEqual([]);
    // Charts carry a random id prefix per rendering: the page holds exactly the stored strings, so none was drawn.
    const row = await cacheRow();
    const charts = (row!.charts as Record<string, Record<string, string>>).en!;
    expect(fresh.html).toContain(charts[PROGRESS_CHART]);
    expect(fresh.html).toContain(charts[sparkKey('papers')]);
    expect(Object.keys((row!.charts as Record<string, unknown>).ja as object)).toEqual(Object.keys(charts));

    // The live path of the same page (a period view) for comparison: it does query the records.
    counting.reset();
    expect((await page(`/p/${P}/dashboard?year=1`)).source).toBe('missing');
    expect(counting.statements.filter((s) => figureTables.test(s)).length).toBeGreaterThan(5);
    expect(counting.statements.length).toBeGreaterThan(fromCache.length + 5);
  });

  it('status counts and the worst status follow the KPI statuses', async () => {
    const row = await cacheRow();
    expect(row).toMatchObject({ statusCounts: { on_track: 1 }, worstStatus: 'on_track' });
  });

  it('a write landing while the job computes leaves the row stale, and the next refresh makes it fresh', async () => {
    const r = await refreshFigures(database.db, {
      projectId: P,
      clock,
      force: true,
      beforeStore: async () => {
        await addPaper();
      },
    });
    expect(r.outcome).toBe('stored');
    const [head] = await database.db
      .execute(sql`select seq from audit_heads where chain = ${P}`)
      .then((x) => (x as unknown as { rows: Array<{ seq: number }> }).rows);
    expect((await cacheRow())!.auditSeq).toBe(Number(head!.seq) - 1);
    expect(await page()).toMatchObject({ source: 'stale', stale: true });
    expect(await runner().runUntilIdle()).toBe(1);
    expect(await page()).toMatchObject({ source: 'fresh', stale: false, value: '4' });
  });

  it('a new day makes the row stale; the sweep finds it in one query and refreshes it', async () => {
    expect(await projectsNeedingFigures(database.db, clock.today())).toEqual([]);
    clock.advance(24 * 3600 * 1000);
    expect(await page()).toMatchObject({ source: 'stale', stale: true });
    expect(await projectsNeedingFigures(database.db, clock.today())).toEqual([P]);
    await enqueue(database.db, { job: refreshFiguresSweepJob, payload: {}, createdBy: 'test', clock });
    expect(await runner().runUntilIdle()).toBe(2); // the sweep, then the project's refresh
    expect(await page()).toMatchObject({ source: 'fresh', stale: false });
    expect((await cacheRow())!.asOf).toBe(clock.today());
  });

  it('a refresh already running does not stand for a later write: that write queues a new one', async () => {
    await database.db.delete(jobs);
    await addPaper();
    const [first] = await queuedRefreshes();
    const claimed = await claimJobs(database.db, {
      kinds: ['kpi.refresh-figures'],
      workerId: 'test:1:1',
      leaseMs: 60_000,
      clock,
      limit: 1,
    });
    expect(claimed.map((j) => j.id)).toEqual([first!.id]);
    await addPaper();
    const queued = await queuedRefreshes();
    expect(queued).toHaveLength(1);
    expect(queued[0]!.id).not.toBe(first!.id);
    await database.db.delete(jobs);
  });

  it('a web write enqueues the refresh and wakes the runner once it has answered', async () => {
    await database.db.delete(jobs);
    const before = wakes;
    const res = await coordinator.post(`/p/${P}/dashboard/years/1/close`, {});
    expect(res.status).toBeLessThan(400);
    expect(await queuedRefreshes()).toHaveLength(1);
    expect(wakes).toBe(before + 1);
    expect(await page()).toMatchObject({ source: 'stale', stale: true });
  });
});
