/**
 * The sources' jobs and alert (issue 25 item 3) with the test adapter against a loopback fake: the daily fetches (one
 * failing source never blocks a working one; a retryable failure comes back at most FOLLOW_UPS_PER_DAY times, never
 * sooner than MIN_FOLLOW_UP_MS), one alert mail per failure streak and coordinator (their language, their alerts
 * preference), the KPI digest's item, and no plain credential in any table (configs, runs, cache, audit, jobs, mail).
 */
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { makeUser, PROJECT } from '../../test/auth-helpers';
import { rowsOf } from '../audit/chain';
import { auditEntries, jobs, mailQueue, metricSnapshots, users } from '../db/schema';
import { createRunner } from '../jobs/runner';
import { openAlerts as digestAlerts } from '../kpi/digest-sources';
import { createLogger } from '../log';
import { setMailPreference } from '../mail/preference-service';
import { failingSources } from './alerts';
import {
  enqueueDailyFetches,
  FOLLOW_UPS_PER_DAY,
  MIN_FOLLOW_UP_MS,
  sourcesCachePurgeJob,
  sourcesDailyJob,
  sourcesFetchJob,
} from './jobs';
import { enqueue } from '../jobs/queue';
import { runFixture, SECRET, serveStats, system, type RunFixture } from './testing/run-fixture';

const BASE = 'https://herald.example.org';
let f: RunFixture;
let jaCoordinator: { id: string; email: string };
let offCoordinator: { id: string; email: string };

const runner = () =>
  createRunner({
    db: f.t.db,
    clock: f.clock,
    log: createLogger('silent'),
    deps: { keyFile: f.keyFile, baseUrl: BASE, sources: f.sources },
    jobs: [sourcesDailyJob, sourcesFetchJob, sourcesCachePurgeJob],
    schedules: [],
  });

beforeAll(async () => {
  f = await runFixture();
  jaCoordinator = await makeUser(f.t.db, { role: 'coordinator' });
  await f.t.db.update(users).set({ lang: 'ja' }).where(eq(users.id, jaCoordinator.id));
  offCoordinator = await makeUser(f.t.db, { role: 'coordinator' });
  await setMailPreference(f.t.db, {
    actor: system,
    userId: offCoordinator.id,
    projectId: PROJECT,
    topic: 'alerts',
    change: { state: 'off' },
    clock: f.clock,
  });
});
afterAll(() => f.close());
beforeEach(() => {
  f.fake.reset();
  serveStats(f.fake);
});

describe('the daily jobs and the alert', () => {
  const alertMails = () => f.t.db.select().from(mailQueue).where(eq(mailQueue.purpose, 'sources.alert'));

  it('a failing source does not block a working one; its follow-up waits for the retry time; one mail per streak', async () => {
    f.clock.set('2024-09-20T05:00:00Z');
    await f.configure('matomo', 'down');
    await f.configure('umami', 'ok2');
    await f.t.db
      .delete(metricSnapshots)
      .where(eq(metricSnapshots.channel, 'https://blog.tide-x.example.org'));
    const first = await enqueueDailyFetches(f.t.db, { projectId: PROJECT, clock: f.clock });
    expect(first).toHaveLength(2);
    // The same day again (a retried tick): nothing more.
    expect(await enqueueDailyFetches(f.t.db, { projectId: PROJECT, clock: f.clock })).toHaveLength(0);
    await runner().runUntilIdle();

    expect(await f.snapshots('https://blog.tide-x.example.org')).toBe(1);
    const failing = await failingSources(f.t.db, PROJECT);
    expect(failing.map((f) => f.source)).toEqual(['matomo']);
    const followUps = await f.t.db
      .select()
      .from(jobs)
      .where(and(eq(jobs.kind, 'sources.fetch'), eq(jobs.state, 'queued')));
    expect(followUps).toHaveLength(1);
    expect(followUps[0]?.idempotencyKey).toBe(`sources.fetch:${PROJECT}:matomo:2024-09-20:1`);
    expect(followUps[0]?.runAt.getTime()).toBe(f.clock.now().getTime() + MIN_FOLLOW_UP_MS);

    // One mail per coordinator in their language; none to the one who turned alerts off.
    const mails = await alertMails();
    expect(mails).toHaveLength(2);
    expect(mails.map((m) => m.to)).not.toContain(offCoordinator.email);
    const en = mails.find((m) => m.to !== jaCoordinator.email);
    const ja = mails.find((m) => m.to === jaCoordinator.email);
    expect(en?.subject).toBe('Tide-X: Matomo is failing');
    expect(en?.text).toContain(`${BASE}/p/${PROJECT}/sources`);
    expect(en?.text).toContain('Matomo: failed since 2024-09-20 (service error)');
    expect(ja?.subject).toContain('Matomo の取得に失敗しています');
    for (const m of mails) expect(m.text).not.toContain(SECRET);
    // The KPI digest lists it beside the inconsistency alerts.
    const digest = await digestAlerts(f.t.db, { projectId: PROJECT, today: f.clock.today() });
    const label = digest.find((a) => a.href === `/p/${PROJECT}/sources`)?.label;
    expect(typeof label === 'string' ? label : label?.en).toContain('Matomo: failed since');

    // The follow-ups run when due, at most FOLLOW_UPS_PER_DAY of them; the streak mails nobody again.
    for (let i = 0; i < FOLLOW_UPS_PER_DAY + 1; i++) {
      f.clock.advance(2 * 60 * 60 * 1000);
      await runner().runUntilIdle();
    }
    const all = await f.t.db.select().from(jobs).where(eq(jobs.kind, 'sources.fetch'));
    expect(all.filter((j) => (j.payload as { source: string }).source === 'matomo')).toHaveLength(
      FOLLOW_UPS_PER_DAY + 1,
    );
    expect(await alertMails()).toHaveLength(2);
    const alerts = await f.t.db
      .select()
      .from(auditEntries)
      .where(and(eq(auditEntries.chain, PROJECT), eq(auditEntries.action, 'source.alert')));
    expect(alerts).toHaveLength(1);

    // It works again (the streak ends), then fails again: a new streak, a new mail.
    await f.configure('matomo', 'ok');
    await f.run({ trigger: 'schedule' });
    expect(await failingSources(f.t.db, PROJECT)).toEqual([]);
    await f.configure('matomo', 'down');
    f.clock.set('2024-09-21T05:00:00Z');
    await enqueueDailyFetches(f.t.db, { projectId: PROJECT, clock: f.clock });
    await runner().runUntilIdle();
    expect(await alertMails()).toHaveLength(4);
  });

  it('no table holds the credential in plain text', async () => {
    const tables = ['source_configs', 'source_runs', 'source_cache', 'audit_entries', 'jobs', 'mail_queue'];
    for (const table of tables) {
      const rows = rowsOf<{ t: string }>(
        await f.t.db.execute(sql`SELECT (x.*)::text AS t FROM ${sql.identifier(table)} x`),
      );
      expect(rows.length, table).toBeGreaterThan(0);
      for (const r of rows) expect(r.t, table).not.toContain(SECRET);
    }
    // The sealed value is there (and opens with the instance key only).
    const [cfg] = rowsOf<{ secret: string }>(
      await f.t.db.execute(sql`SELECT secret FROM source_configs WHERE source = 'matomo'`),
    );
    expect(cfg?.secret).toMatch(/^v1\./);
  });

  it('the daily purge removes the expired cached answers only', async () => {
    const count = async () =>
      rowsOf<{ n: number }>(await f.t.db.execute(sql`SELECT count(*)::int AS n FROM source_cache`))[0]?.n ??
      0;
    expect(await count()).toBeGreaterThan(0);
    await f.configure('matomo', 'ok2');
    await f.run({ dryRun: true }); // a fresh answer, kept a minute from now
    const before = await count();
    const { id } = await enqueue(f.t.db, {
      job: sourcesCachePurgeJob,
      payload: {},
      createdBy: 'test',
      clock: f.clock,
    });
    await runner().runUntilIdle();
    const [job] = await f.t.db.select().from(jobs).where(eq(jobs.id, id));
    expect(job?.state).toBe('succeeded');
    expect(await count()).toBe(1);
    expect((job?.result as { removed: number }).removed).toBe(before - 1);
  });
});
