/**
 * The frame around the adapters (issue 25 items 3 and 4), with a test adapter asking a loopback fake (the real
 * adapters have their own tests): the configuration (422 located, 409 stale, audited without the credential) and
 * runs through the one import path (ok, dry run, 5xx with a retry time and no credential in the log, all-or-nothing
 * by hand and skip-invalid on schedule, an interrupted run, a source turned off). The jobs and the alert: jobs.int.test.ts.
 */
import { Writable } from 'node:stream';
import { and, eq } from 'drizzle-orm';
import pino from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { makeUser, PROJECT } from '../../test/auth-helpers';
import { auditEntries, sourceRuns } from '../db/schema';
import { isAppError } from '../errors';
import { readSourceConfig, saveSourceConfig, setSourceEnabled } from './config-service';
import { STALE_RUN_MS } from './run-service';
import { beginRun } from './runs';
import { runFixture, SECRET, serveStats, system, type RunFixture } from './testing/run-fixture';

let f: RunFixture;
beforeAll(async () => {
  f = await runFixture();
});
afterAll(() => f.close());
beforeEach(() => {
  f.fake.reset();
  serveStats(f.fake);
});

describe('source configuration', () => {
  it('checks the settings (422 naming the field), the version (409) and the permission; audits without the credential', async () => {
    const bad = await saveSourceConfig(f.t.db, {
      actor: system,
      projectId: PROJECT,
      source: 'matomo',
      input: { settings: { base_url: 'not a url', site: '' }, secret: SECRET },
      clock: f.clock,
      keyFile: f.keyFile,
    }).catch((e: unknown) => e);
    expect(isAppError(bad) && bad.status).toBe(422);
    expect(isAppError(bad) && bad.details.map((d) => d.path).sort()).toEqual(['base_url', 'site']);
    expect(
      await readSourceConfig(f.t.db, { actor: system, projectId: PROJECT, source: 'matomo' }),
    ).toBeUndefined();

    const missing = await saveSourceConfig(f.t.db, {
      actor: system,
      projectId: PROJECT,
      source: 'matomo',
      input: { settings: { base_url: f.fake.url, site: 'ok' } },
      clock: f.clock,
      keyFile: f.keyFile,
    }).catch((e: unknown) => e);
    expect(isAppError(missing) && missing.details[0]).toMatchObject({
      path: 'secret',
      key: 'sources.error.secretRequired',
    });

    const saved = await f.configure('matomo', 'ok');
    expect(saved).toMatchObject({
      version: 1,
      enabled: true,
      settings: { base_url: f.fake.url, site: 'ok' },
    });
    expect(saved.secretSetAt?.toISOString()).toBe(f.clock.now().toISOString());
    expect(JSON.stringify(saved)).not.toContain(SECRET);

    const stale = await saveSourceConfig(f.t.db, {
      actor: system,
      projectId: PROJECT,
      source: 'matomo',
      input: { settings: { base_url: f.fake.url, site: 'ok' }, version: 99 },
      clock: f.clock,
      keyFile: f.keyFile,
    }).catch((e: unknown) => e);
    expect(isAppError(stale) && stale.status).toBe(409);

    const viewer = await makeUser(f.t.db, { role: 'viewer' });
    const refused = await readSourceConfig(f.t.db, {
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

    const replaced = await saveSourceConfig(f.t.db, {
      actor: system,
      projectId: PROJECT,
      source: 'matomo',
      input: { settings: { base_url: f.fake.url, site: 'ok' }, secret: `${SECRET}-2`, version: 1 },
      clock: f.clock,
      keyFile: f.keyFile,
    });
    expect(replaced.version).toBe(2);
    const entries = await f.t.db
      .select()
      .from(auditEntries)
      .where(and(eq(auditEntries.chain, PROJECT), eq(auditEntries.action, 'source.configure')));
    expect(entries.map((e) => (e.after as { secret: string }).secret)).toEqual(['set', 'replaced']);
    // Back to the first credential for the runs below.
    await saveSourceConfig(f.t.db, {
      actor: system,
      projectId: PROJECT,
      source: 'matomo',
      input: { settings: { base_url: f.fake.url, site: 'ok' }, secret: SECRET, version: 2 },
      clock: f.clock,
      keyFile: f.keyFile,
    });
  });
});

describe('runSource', () => {
  it('imports through the one import path and records the run; a second run finds duplicates', async () => {
    const { run: r } = await f.run();
    expect(r).toMatchObject({
      status: 'ok',
      trigger: 'manual',
      dryRun: false,
      items: 2,
      imported: 2,
      duplicates: 0,
    });
    expect(r.batchId).toBeTruthy();
    expect(await f.snapshots('https://tide-x.example.org')).toBe(2);
    expect(f.fake.requests[0]?.query.get('token_auth')).toBe(SECRET);
    const { run: again } = await f.run();
    expect(again).toMatchObject({ status: 'ok', imported: 0, duplicates: 2 });
    expect(await f.snapshots('https://tide-x.example.org')).toBe(2);
  });

  it('a dry run writes nothing but its run record, and says what an import would add', async () => {
    await f.configure('matomo', 'ok2');
    const before = await f.snapshots('https://blog.tide-x.example.org');
    const { run: r, report } = await f.run({ dryRun: true });
    expect(r).toMatchObject({ status: 'ok', dryRun: true, imported: 1, batchId: null });
    expect(report?.valid).toBe(1);
    expect(await f.snapshots('https://blog.tide-x.example.org')).toBe(before);
  });

  it('by hand an invalid row imports nothing; on schedule the valid rows go in and the invalid one is counted', async () => {
    await f.configure('matomo', 'bad');
    const { run: manual } = await f.run();
    expect(manual).toMatchObject({ status: 'failed', errorCode: 'rejected', imported: 0, invalid: 1 });
    expect(await f.snapshots('https://bad.example.org')).toBe(0);
    const { run: scheduled } = await f.run({ trigger: 'schedule' });
    expect(scheduled).toMatchObject({ status: 'ok', imported: 1, invalid: 1 });
    expect(await f.snapshots('https://bad.example.org')).toBe(1);
  });

  it('a 5xx fails the run with a time to retry; the log and the run carry no credential', async () => {
    await f.configure('matomo', 'down');
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
    const { run: r } = await f.run({ log });
    expect(r).toMatchObject({ status: 'failed', errorCode: 'server_error' });
    expect(r.retryAt).toBeInstanceOf(Date);
    expect(logged).toContain('source run did not succeed');
    expect(logged).toContain('server_error');
    expect(logged).not.toContain(SECRET);
    expect(JSON.stringify(r)).not.toContain(SECRET);
    // The service was asked with the credential (and retried): it is only in the request.
    expect(f.fake.requests.length).toBeGreaterThan(1);
  });

  it('a run left running by a dead process is marked failed by the next run', async () => {
    await f.configure('matomo', 'ok');
    const id = await beginRun(f.t.db, {
      projectId: PROJECT,
      source: 'matomo',
      trigger: 'schedule',
      dryRun: false,
      actor: 'x',
      clock: f.clock,
    });
    f.clock.advance(STALE_RUN_MS + 1000);
    await f.run();
    const [stale] = await f.t.db.select().from(sourceRuns).where(eq(sourceRuns.id, id));
    expect(stale).toMatchObject({ status: 'failed', errorCode: 'interrupted' });
  });

  it('refuses a source that is off or not configured (nothing recorded)', async () => {
    const cfg = await readSourceConfig(f.t.db, { actor: system, projectId: PROJECT, source: 'matomo' });
    await setSourceEnabled(f.t.db, {
      actor: system,
      projectId: PROJECT,
      source: 'matomo',
      enabled: false,
      version: cfg?.version ?? 0,
      clock: f.clock,
    });
    await expect(f.run()).rejects.toMatchObject({ code: 'source_disabled', status: 409 });
    await expect(f.run({ source: 'umami' })).rejects.toMatchObject({ code: 'source_not_configured' });
    const on = await readSourceConfig(f.t.db, { actor: system, projectId: PROJECT, source: 'matomo' });
    await setSourceEnabled(f.t.db, {
      actor: system,
      projectId: PROJECT,
      source: 'matomo',
      enabled: true,
      version: on?.version ?? 0,
      clock: f.clock,
    });
  });
});
