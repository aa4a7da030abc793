/**
 * The `openaire.suggest` job: a scheduled run recorded (trigger `schedule`), a project that turned OpenAIRE off
 * skipped, and a failed run with a time to retry enqueues one more job at that time. OpenAIRE is a loopback fake.
 */
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../test/db';
import { makePlan } from '../../../test/factories/plan';
import { systemActor } from '../../auth/permissions';
import type { Database } from '../../db/client';
import { jobs, sourceCache, sourceConfigs, sourceRuns } from '../../db/schema';
import type { JobContext } from '../../jobs/define';
import { jobByKind, scheduleByName } from '../../jobs/registry';
import { fixedClock } from '../../lib/clock';
import { createLogger } from '../../log';
import { importPlan } from '../../projects/service';
import { recordingSleep, startFakeService, type FakeService } from '../testing/fake-service';
import { openaireSuggestJob } from './jobs';
import { product, PRODUCTS_PATH, serveGraph } from './testing/graph-fixtures';

const PROJECT = 'tide-x';
const clock = fixedClock('2026-12-02T05:15:00Z');
let fake: FakeService;
let database: Database;

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
  actor: systemActor('job:openaire.suggest'),
  job: { id: 1, kind: 'openaire.suggest', projectId: PROJECT, attempt: 1, dueAt: null, checkpoint: null },
  deps: {
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

describe('openaire.suggest', () => {
  it('is registered with a daily schedule per project', () => {
    expect(jobByKind('openaire.suggest')).toBe(openaireSuggestJob);
    expect(scheduleByName('openaire.suggest')).toMatchObject({ cron: '15 5 * * *', scope: 'project' });
  });

  it('runs and records the run as scheduled', async () => {
    serveGraph(fake, { grant: '101000001', products: [product({ n: 1 })] });
    const out = await openaireSuggestJob.run(ctx(), { projectId: PROJECT });
    expect(out).toMatchObject({ status: 'ok', items: 1, imported: 1 });
    const [run] = await runs();
    expect(run).toMatchObject({
      source: 'openaire',
      trigger: 'schedule',
      status: 'ok',
      actor: 'job:openaire.suggest',
      items: 1,
      imported: 1,
    });
  });

  it('enqueues a retry at the time the failure names', async () => {
    fake.on('GET', PRODUCTS_PATH, { status: 429, headers: { 'retry-after': '7200' } });
    const out = (await openaireSuggestJob.run(ctx(), { projectId: PROJECT })) as { retryJob: number };
    expect(out).toMatchObject({
      status: 'failed',
      errorCode: 'rate_limited',
      retryAt: '2026-12-02T07:15:00.000Z',
    });
    const [retry] = await database.db.select().from(jobs).where(eq(jobs.id, out.retryJob));
    expect(retry).toMatchObject({ kind: 'openaire.suggest', projectId: PROJECT, state: 'queued' });
    expect(retry?.runAt.toISOString()).toBe('2026-12-02T07:15:00.000Z');
    const failed = (await runs()).find((r) => r.status === 'failed');
    expect(failed?.retryAt?.toISOString()).toBe('2026-12-02T07:15:00.000Z');
  });

  it('skips a project that turned OpenAIRE off', async () => {
    const now = clock.now();
    await database.db.insert(sourceConfigs).values({
      projectId: PROJECT,
      source: 'openaire',
      settings: {},
      enabled: false,
      createdAt: now,
      updatedAt: now,
    });
    const before = (await runs()).length;
    expect(await openaireSuggestJob.run(ctx(), { projectId: PROJECT })).toEqual({ skipped: 'disabled' });
    expect(await runs()).toHaveLength(before);
    expect(fake.requests).toHaveLength(0);
    await database.db
      .delete(sourceConfigs)
      .where(and(eq(sourceConfigs.projectId, PROJECT), eq(sourceConfigs.source, 'openaire')));
  });
});
