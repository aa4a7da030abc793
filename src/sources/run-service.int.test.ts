/**
 * The frame around the adapters (issue 25 items 3 and 4), with a test adapter asking a loopback fake (the real
 * adapters have their own tests): the configuration (422 located, 409 stale, audited without the credential),
 * runs through the one import path (ok, dry run, 5xx with a retry time, all-or-nothing by hand and skip-invalid on
 * schedule), the daily jobs (one failing source never blocks another; bounded follow-ups), the alert mail once per
 * failure streak, an interrupted run, and no plain credential in any table or log line.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { and, eq, sql } from 'drizzle-orm';
import pino from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createAuthTestApp, makeUser, PROJECT, type AuthTestApp } from '../../test/auth-helpers';
import { rowsOf } from '../audit/chain';
import { systemActor, type Actor } from '../auth/permissions';
import { auditEntries, jobs, mailQueue, metricSnapshots, sourceRuns, users } from '../db/schema';
import { openAlerts as digestAlerts } from '../kpi/digest-sources';
import { setMailPreference } from '../mail/preference-service';
import { isAppError } from '../errors';
import { createRunner } from '../jobs/runner';
import { fixedClock } from '../lib/clock';
import { createLogger } from '../log';
import { failingSources } from './alerts';
import { readSourceConfig, saveSourceConfig, setSourceEnabled } from './config-service';
import {
  enqueueDailyFetches,
  FOLLOW_UPS_PER_DAY,
  MIN_FOLLOW_UP_MS,
  sourcesDailyJob,
  sourcesFetchJob,
} from './jobs';
import { adapterOverride } from './registry';
import { runSource, STALE_RUN_MS } from './run-service';
import { beginRun } from './runs';
import { recordingSleep, startFakeService, type FakeService } from './testing/fake-service';
import { testAdapter } from './testing/test-adapter';

const SECRET = 'SeCrEt-tok3n-XYZ-42';
const BASE = 'https://herald.example.org';
const clock = fixedClock('2024-09-15T06:00:00Z');
const keyFile = join(mkdtempSync(join(tmpdir(), 'herald-key-')), 'key.pem');
const system = systemActor('test');
const sources = { sleep: recordingSleep().sleep, policy: { ratePerSecond: 0 } };
let t: AuthTestApp;
let fake: FakeService;
let coordinator: Actor;
let coordinatorId: string;
let jaCoordinator: { id: string; email: string };
let offCoordinator: { id: string; email: string };

const row = (channel: string, metric: string, value: unknown, date = '2024-09-14') => ({
  date,
  channel,
  metric,
  value,
});

/** The fake Matomo-like service: the site names what it answers. */
function serve(): void {
  fake.on('GET', '/stats', (req) => {
    const site = req.query.get('site');
    if (site === 'ok')
      return {
        body: {
          rows: [
            row('https://tide-x.example.org', 'visits', 120),
            row('https://tide-x.example.org', 'pageviews', 300),
          ],
        },
      };
    if (site === 'ok2') return { body: { rows: [row('https://blog.tide-x.example.org', 'visits', 40)] } };
    if (site === 'bad')
      return {
        body: {
          rows: [
            row('https://bad.example.org', 'visits', 7),
            row('https://bad.example.org', 'pageviews', 'lots'),
          ],
        },
      };
    if (site === 'down') return { status: 502, body: 'bad gateway' };
    if (site === 'garbled') return { body: '<html>not json' };
    return { status: 401, body: { message: 'token refused' } };
  });
}

async function configure(source: 'matomo' | 'umami', site: string, secret: string | undefined = SECRET) {
  const current = await readSourceConfig(t.db, { actor: system, projectId: PROJECT, source });
  return saveSourceConfig(t.db, {
    actor: system,
    projectId: PROJECT,
    source,
    input: {
      settings: { base_url: fake.url, site },
      ...(secret !== undefined && !current?.secretSetAt ? { secret } : {}),
      ...(current ? { version: current.version } : {}),
    },
    clock,
    keyFile,
  });
}

const run = (
  o: {
    source?: 'matomo' | 'umami';
    dryRun?: boolean;
    trigger?: 'manual' | 'schedule';
    log?: pino.Logger;
  } = {},
) =>
  runSource(t.db, {
    projectId: PROJECT,
    source: o.source ?? 'matomo',
    trigger: o.trigger ?? 'manual',
    dryRun: o.dryRun ?? false,
    actor: coordinator,
    clock,
    keyFile,
    deps: sources,
    ...(o.log ? { log: o.log } : {}),
  });

const snapshots = async (channel: string) =>
  (
    await t.db
      .select({ n: sql<number>`count(*)::int` })
      .from(metricSnapshots)
      .where(and(eq(metricSnapshots.projectId, PROJECT), eq(metricSnapshots.channel, channel)))
  )[0]?.n ?? 0;

const runner = () =>
  createRunner({
    db: t.db,
    clock,
    log: createLogger('silent'),
    deps: { keyFile, baseUrl: BASE, sources },
    jobs: [sourcesDailyJob, sourcesFetchJob],
    schedules: [],
  });

beforeAll(async () => {
  adapterOverride.current = { matomo: testAdapter, umami: { ...testAdapter, id: 'umami' } };
  [t, fake] = await Promise.all([createAuthTestApp({ clock, keyFile }), startFakeService()]);
  const u = await makeUser(t.db, { role: 'coordinator' });
  coordinatorId = u.id;
  jaCoordinator = await makeUser(t.db, { role: 'coordinator' });
  await t.db.update(users).set({ lang: 'ja' }).where(eq(users.id, jaCoordinator.id));
  offCoordinator = await makeUser(t.db, { role: 'coordinator' });
  await setMailPreference(t.db, {
    actor: system,
    userId: offCoordinator.id,
    projectId: PROJECT,
    topic: 'alerts',
    change: { state: 'off' },
    clock,
  });
  coordinator = {
    kind: 'user',
    userId: u.id,
    isAdmin: false,
    memberships: [{ projectId: PROJECT, role: 'coordinator', partnerCode: null }],
  };
});
afterAll(async () => {
  adapterOverride.current = null;
  await Promise.all([t.close(), fake.close()]);
});
beforeEach(() => {
  fake.reset();
  serve();
});

describe('source configuration', () => {
  it('checks the settings (422 naming the field), the version (409) and the permission; audits without the credential', async () => {
    const bad = await saveSourceConfig(t.db, {
      actor: system,
      projectId: PROJECT,
      source: 'matomo',
      input: { settings: { base_url: 'not a url', site: '' }, secret: SECRET },
      clock,
      keyFile,
    }).catch((e: unknown) => e);
    expect(isAppError(bad) && bad.status).toBe(422);
    expect(isAppError(bad) && bad.details.map((d) => d.path).sort()).toEqual(['base_url', 'site']);
    expect(
      await readSourceConfig(t.db, { actor: system, projectId: PROJECT, source: 'matomo' }),
    ).toBeUndefined();

    const missing = await saveSourceConfig(t.db, {
      actor: system,
      projectId: PROJECT,
      source: 'matomo',
      input: { settings: { base_url: fake.url, site: 'ok' } },
      clock,
      keyFile,
    }).catch((e: unknown) => e);
    expect(isAppError(missing) && missing.details[0]).toMatchObject({
      path: 'secret',
      key: 'sources.error.secretRequired',
    });

    const saved = await configure('matomo', 'ok');
    expect(saved).toMatchObject({ version: 1, enabled: true, settings: { base_url: fake.url, site: 'ok' } });
    expect(saved.secretSetAt?.toISOString()).toBe(clock.now().toISOString());
    expect(JSON.stringify(saved)).not.toContain(SECRET);

    const stale = await saveSourceConfig(t.db, {
      actor: system,
      projectId: PROJECT,
      source: 'matomo',
      input: { settings: { base_url: fake.url, site: 'ok' }, version: 99 },
      clock,
      keyFile,
    }).catch((e: unknown) => e);
    expect(isAppError(stale) && stale.status).toBe(409);

    const viewer = await makeUser(t.db, { role: 'viewer' });
    const refused = await readSourceConfig(t.db, {
      actor: {
        kind: 'user',
        userId: viewer.id,
        isAdmin: false,
        memberships: [{ projectId: PROJECT, role: 'viewer', partnerCode: null }],
      },
      projectId: PROJECT,
      source: 'matomo',
    }).catch((e: unknown) => e);
    expect(isAppError(refused) && refused.status).toBe(403);

    const replaced = await saveSourceConfig(t.db, {
      actor: system,
      projectId: PROJECT,
      source: 'matomo',
      input: { settings: { base_url: fake.url, site: 'ok' }, secret: `${SECRET}-2`, version: 1 },
      clock,
      keyFile,
    });
    expect(replaced.version).toBe(2);
    const entries = await t.db
      .select()
      .from(auditEntries)
      .where(and(eq(auditEntries.chain, PROJECT), eq(auditEntries.action, 'source.configure')));
    expect(entries.map((e) => (e.after as { secret: string }).secret)).toEqual(['set', 'replaced']);
    // Back to the first credential for the runs below.
    await saveSourceConfig(t.db, {
      actor: system,
      projectId: PROJECT,
      source: 'matomo',
      input: { settings: { base_url: fake.url, site: 'ok' }, secret: SECRET, version: 2 },
      clock,
      keyFile,
    });
  });
});

describe('runSource', () => {
  it('imports through the one import path and records the run; a second run finds duplicates', async () => {
    const { run: r } = await run();
    expect(r).toMatchObject({
      status: 'ok',
      trigger: 'manual',
      dryRun: false,
      items: 2,
      imported: 2,
      duplicates: 0,
    });
    expect(r.batchId).toBeTruthy();
    expect(await snapshots('https://tide-x.example.org')).toBe(2);
    expect(fake.requests[0]?.query.get('token_auth')).toBe(SECRET);
    const { run: again } = await run();
    expect(again).toMatchObject({ status: 'ok', imported: 0, duplicates: 2 });
    expect(await snapshots('https://tide-x.example.org')).toBe(2);
  });

  it('a dry run writes nothing but its run record, and says what an import would add', async () => {
    await configure('matomo', 'ok2');
    const before = await snapshots('https://blog.tide-x.example.org');
    const { run: r, report } = await run({ dryRun: true });
    expect(r).toMatchObject({ status: 'ok', dryRun: true, imported: 1, batchId: null });
    expect(report?.valid).toBe(1);
    expect(await snapshots('https://blog.tide-x.example.org')).toBe(before);
  });

  it('by hand an invalid row imports nothing; on schedule the valid rows go in and the invalid one is counted', async () => {
    await configure('matomo', 'bad');
    const { run: manual } = await run();
    expect(manual).toMatchObject({ status: 'failed', errorCode: 'rejected', imported: 0, invalid: 1 });
    expect(await snapshots('https://bad.example.org')).toBe(0);
    const { run: scheduled } = await run({ trigger: 'schedule' });
    expect(scheduled).toMatchObject({ status: 'ok', imported: 1, invalid: 1 });
    expect(await snapshots('https://bad.example.org')).toBe(1);
  });

  it('a 5xx fails the run with a time to retry; the log and the run carry no credential', async () => {
    await configure('matomo', 'down');
    let logged = '';
    const log = pino(
      { level: 'debug' },
      new Writable({
        write(chunk: Buffer, _enc, done) {
          logged += chunk.toString();
          done();
        },
      }),
    );
    const { run: r } = await run({ log });
    expect(r).toMatchObject({ status: 'failed', errorCode: 'server_error' });
    expect(r.retryAt).toBeInstanceOf(Date);
    expect(logged).toContain('source run did not succeed');
    expect(logged).toContain('server_error');
    expect(logged).not.toContain(SECRET);
    expect(JSON.stringify(r)).not.toContain(SECRET);
    // The service was asked with the credential (and retried): it is only in the request.
    expect(fake.requests.length).toBeGreaterThan(1);
  });

  it('a run left running by a dead process is marked failed by the next run', async () => {
    await configure('matomo', 'ok');
    const id = await beginRun(t.db, {
      projectId: PROJECT,
      source: 'matomo',
      trigger: 'schedule',
      dryRun: false,
      actor: 'x',
      clock,
    });
    clock.advance(STALE_RUN_MS + 1000);
    await run();
    const [stale] = await t.db.select().from(sourceRuns).where(eq(sourceRuns.id, id));
    expect(stale).toMatchObject({ status: 'failed', errorCode: 'interrupted' });
  });

  it('refuses a source that is off or not configured (nothing recorded)', async () => {
    const cfg = await readSourceConfig(t.db, { actor: system, projectId: PROJECT, source: 'matomo' });
    await setSourceEnabled(t.db, {
      actor: system,
      projectId: PROJECT,
      source: 'matomo',
      enabled: false,
      version: cfg?.version ?? 0,
      clock,
    });
    await expect(run()).rejects.toMatchObject({ code: 'source_disabled', status: 409 });
    await expect(run({ source: 'umami' })).rejects.toMatchObject({ code: 'source_not_configured' });
    const on = await readSourceConfig(t.db, { actor: system, projectId: PROJECT, source: 'matomo' });
    await setSourceEnabled(t.db, {
      actor: system,
      projectId: PROJECT,
      source: 'matomo',
      enabled: true,
      version: on?.version ?? 0,
      clock,
    });
  });
});

describe('the daily jobs and the alert', () => {
  const alertMails = () => t.db.select().from(mailQueue).where(eq(mailQueue.purpose, 'sources.alert'));

  it('a failing source does not block a working one; its follow-up waits for the retry time; one mail per streak', async () => {
    clock.set('2024-09-20T05:00:00Z');
    await configure('matomo', 'down');
    await configure('umami', 'ok2');
    await t.db.delete(metricSnapshots).where(eq(metricSnapshots.channel, 'https://blog.tide-x.example.org'));
    const first = await enqueueDailyFetches(t.db, { projectId: PROJECT, clock });
    expect(first).toHaveLength(2);
    // The same day again (a retried tick): nothing more.
    expect(await enqueueDailyFetches(t.db, { projectId: PROJECT, clock })).toHaveLength(0);
    await runner().runUntilIdle();

    expect(await snapshots('https://blog.tide-x.example.org')).toBe(1);
    const failing = await failingSources(t.db, PROJECT);
    expect(failing.map((f) => f.source)).toEqual(['matomo']);
    const followUps = await t.db
      .select()
      .from(jobs)
      .where(and(eq(jobs.kind, 'sources.fetch'), eq(jobs.state, 'queued')));
    expect(followUps).toHaveLength(1);
    expect(followUps[0]?.idempotencyKey).toBe(`sources.fetch:${PROJECT}:matomo:2024-09-20:1`);
    expect(followUps[0]?.runAt.getTime()).toBe(clock.now().getTime() + MIN_FOLLOW_UP_MS);

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
    const digest = await digestAlerts(t.db, { projectId: PROJECT, today: clock.today() });
    expect(digest.find((a) => a.href === `/p/${PROJECT}/sources`)?.label.en).toContain(
      'Matomo: failed since',
    );

    // The follow-ups run when due, at most FOLLOW_UPS_PER_DAY of them; the streak mails nobody again.
    for (let i = 0; i < FOLLOW_UPS_PER_DAY + 1; i++) {
      clock.advance(2 * 60 * 60 * 1000);
      await runner().runUntilIdle();
    }
    const all = await t.db.select().from(jobs).where(eq(jobs.kind, 'sources.fetch'));
    expect(all.filter((j) => (j.payload as { source: string }).source === 'matomo')).toHaveLength(
      FOLLOW_UPS_PER_DAY + 1,
    );
    expect(await alertMails()).toHaveLength(2);
    const alerts = await t.db
      .select()
      .from(auditEntries)
      .where(and(eq(auditEntries.chain, PROJECT), eq(auditEntries.action, 'source.alert')));
    expect(alerts).toHaveLength(1);

    // It works again (the streak ends), then fails again: a new streak, a new mail.
    await configure('matomo', 'ok');
    await run({ trigger: 'schedule' });
    expect(await failingSources(t.db, PROJECT)).toEqual([]);
    await configure('matomo', 'down');
    clock.set('2024-09-21T05:00:00Z');
    await enqueueDailyFetches(t.db, { projectId: PROJECT, clock });
    await runner().runUntilIdle();
    expect(await alertMails()).toHaveLength(4);
    expect(coordinatorId).toBeTruthy();
  });

  it('no table holds the credential in plain text', async () => {
    const tables = ['source_configs', 'source_runs', 'source_cache', 'audit_entries', 'jobs', 'mail_queue'];
    for (const table of tables) {
      const rows = rowsOf<{ t: string }>(
        await t.db.execute(sql`SELECT (x.*)::text AS t FROM ${sql.identifier(table)} x`),
      );
      expect(rows.length, table).toBeGreaterThan(table === 'source_cache' ? -1 : 0);
      for (const r of rows) expect(r.t, table).not.toContain(SECRET);
    }
    // The sealed value is there (and opens with the instance key only).
    const [cfg] = rowsOf<{ secret: string }>(
      await t.db.execute(sql`SELECT secret FROM source_configs WHERE source = 'matomo'`),
    );
    expect(cfg?.secret).toMatch(/^v1\./);
  });
});
