/**
 * OpenAIRE on the sources' schedule: the daily tick enqueues its `sources.fetch` once a coordinator turned it on
 * (never before, none once turned off), the run is recorded (trigger `schedule`), and a failed run
 * with a time to retry enqueues its follow-up at that time. OpenAIRE is a loopback fake.
 */
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../test/db';
import { makePlan } from '../../../test/factories/plan';
import { systemActor } from '../../auth/permissions';
import type { Database } from '../../db/client';
import { jobs, sourceCache, sourceConfigs, sourceRuns } from '../../db/schema';
import type { JobContext } from '../../jobs/define';
import { fixedClock } from '../../lib/clock';
import { createLogger } from '../../log';
import { importPlan } from '../../projects/service';
import { recordingSleep, startFakeService, type FakeService } from '../testing/fake-service';
import { enqueueDailyFetches, sourcesFetchJob } from '../jobs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { product, PRODUCTS_PATH, serveGraph } from './testing/graph-fixtures';

const PROJECT = 'tide-x';
const clock = fixedClock('2026-12-02T05:15:00Z');
let fake: FakeService;
let database: Database;
const keyFile = join(mkdtempSync(join(tmpdir(), 'herald-key-')), 'key.pem');
const payload = { projectId: PROJECT, source: 'openaire', day: '2026-12-02', followUp: 0 };

beforeAll(async () => {
  fake = await startFakeService();
  database = await createTestDatabase();
  const plan = makePlan();
  await importPlan(database.db, {
    plan,
    sourceText: JSON.stringify(plan),
    sourceName: 'p.yaml',
    actor: 'cli:test',
  });
});
afterAll(async () => {
  await fake.close();
  await database.close();
});
beforeEach(async () => {
  fake.reset();
  await database.db.delete(sourceCache);
});

const ctx = (): JobContext => ({
  db: database.db,
  clock,
  log: createLogger('silent'),
  actor: systemActor('job:sources.fetch'),
  job: { id: 1, kind: 'sources.fetch', projectId: PROJECT, attempt: 1, dueAt: null, checkpoint: null },
  deps: {
    keyFile,
    baseUrl: 'https://herald.example.org',
    sources: {
      endpoints: { openaire: fake.url },
      sleep: recordingSleep().sleep,
      policy: { ratePerSecond: 0 },
    },
  },
  progress: async () => {},
  checkpoint: async () => {},
});

const runs = () => database.db.select().from(sourceRuns).where(eq(sourceRuns.projectId, PROJECT));
const fetchJobs = () =>
  database.db
    .select()
    .from(jobs)
    .where(and(eq(jobs.kind, 'sources.fetch'), eq(jobs.projectId, PROJECT)));

describe('OpenAIRE on the sources schedule', () => {
  it('is enqueued daily once a coordinator turned it on, never before', async () => {
    expect(await enqueueDailyFetches(database.db, { projectId: PROJECT, clock })).toEqual([]);
    await database.db.insert(sourceConfigs).values({
      projectId: PROJECT,
      source: 'openaire',
      settings: {},
      enabled: true,
      createdAt: clock.now(),
      updatedAt: clock.now(),
    });
    const ids = await enqueueDailyFetches(database.db, { projectId: PROJECT, clock });
    expect(ids).toHaveLength(1);
    const queued = (await fetchJobs()).filter((j) => ids.includes(j.id));
    expect(queued[0]?.payload).toMatchObject({ source: 'openaire', followUp: 0 });
    // The same day again enqueues nothing more.
    expect(await enqueueDailyFetches(database.db, { projectId: PROJECT, clock })).toEqual([]);
    await database.db.delete(jobs);
    await database.db
      .delete(sourceConfigs)
      .where(and(eq(sourceConfigs.projectId, PROJECT), eq(sourceConfigs.source, 'openaire')));
  });

  it('runs and records the run as scheduled', async () => {
    serveGraph(fake, { grant: '101000001', products: [product({ n: 1 })] });
    const out = await sourcesFetchJob.run(ctx(), payload);
    expect(out).toMatchObject({ status: 'ok' });
    const [run] = await runs();
    expect(run).toMatchObject({
      source: 'openaire',
      trigger: 'schedule',
      status: 'ok',
      actor: 'job:sources.fetch',
      items: 1,
      imported: 1,
    });
  });

  it('enqueues a follow-up at the time the failure names', async () => {
    fake.on('GET', PRODUCTS_PATH, { status: 429, headers: { 'retry-after': '7200' } });
    const out = (await sourcesFetchJob.run(ctx(), payload)) as { followUp: number; status: string };
    expect(out.status).toBe('failed');
    const [retry] = await database.db.select().from(jobs).where(eq(jobs.id, out.followUp));
    expect(retry).toMatchObject({ kind: 'sources.fetch', projectId: PROJECT, state: 'queued' });
    expect(retry?.runAt.toISOString()).toBe('2026-12-02T07:15:00.000Z');
    const failed = (await runs()).find((r) => r.status === 'failed');
    expect(failed).toMatchObject({ errorCode: 'rate_limited' });
    expect(failed?.retryAt?.toISOString()).toBe('2026-12-02T07:15:00.000Z');
    await database.db.delete(jobs);
  });

  it('is neither enqueued nor run once the project turned OpenAIRE off', async () => {
    const now = clock.now();
    await database.db.insert(sourceConfigs).values({
      projectId: PROJECT,
      source: 'openaire',
      settings: {},
      enabled: false,
      createdAt: now,
      updatedAt: now,
    });
    expect(await enqueueDailyFetches(database.db, { projectId: PROJECT, clock })).toEqual([]);
    const before = (await runs()).length;
    expect(await sourcesFetchJob.run(ctx(), { ...payload, day: '2026-12-03' })).toMatchObject({
      skipped: 'source_disabled',
    });
    expect(await runs()).toHaveLength(before);
    expect(fake.requests).toHaveLength(0);
    await database.db
      .delete(sourceConfigs)
      .where(and(eq(sourceConfigs.projectId, PROJECT), eq(sourceConfigs.source, 'openaire')));
  });
});
