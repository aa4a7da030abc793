/**
 * Tests' shared setup for the run frame: the Tide-X app on the injected clock, a loopback Matomo-like fake (the
 * site names the answer: ok, ok2, bad, down, else 401), the test adapter under `matomo` and `umami`, and helpers to
 * configure and run a source. Each test file makes its own (beforeAll) and closes it (afterAll).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { and, eq, sql } from 'drizzle-orm';
import type { Logger } from 'pino';
import { createAuthTestApp, makeUser, PROJECT, type AuthTestApp } from '../../../test/auth-helpers';
import { systemActor, type Actor } from '../../auth/permissions';
import { metricSnapshots } from '../../db/schema';
import { fixedClock, type MovableClock } from '../../lib/clock';
import { readSourceConfig, saveSourceConfig } from '../config-service';
import { adapterOverride } from '../registry';
import { runSource } from '../run-service';
import { recordingSleep, startFakeService, type FakeService } from './fake-service';
import { testAdapter } from './test-adapter';

export const SECRET = 'SeCrEt-tok3n-XYZ-42';
export const system = systemActor('test');

const row = (channel: string, metric: string, value: unknown) => ({
  date: '2024-09-14',
  channel,
  metric,
  value,
});

/** The fake Matomo-like service: the site names what it answers. */
export function serveStats(fake: FakeService): void {
  fake.on('GET', '/stats', (req) => {
    const site = req.query.get('site');
    const rows =
      site === 'ok'
        ? [
            row('https://tide-x.example.org', 'visits', 120),
            row('https://tide-x.example.org', 'pageviews', 300),
          ]
        : site === 'ok2'
          ? [row('https://blog.tide-x.example.org', 'visits', 40)]
          : site === 'bad'
            ? [
                row('https://bad.example.org', 'visits', 7),
                row('https://bad.example.org', 'pageviews', 'lots'),
              ]
            : undefined;
    if (rows) return { body: { rows } };
    if (site === 'down') return { status: 502, body: 'bad gateway' };
    return { status: 401, body: { message: 'token refused' } };
  });
}

export interface RunFixture {
  t: AuthTestApp;
  fake: FakeService;
  clock: MovableClock;
  keyFile: string;
  sources: { sleep: (ms: number) => Promise<void>; policy: { ratePerSecond: number } };
  coordinator: Actor;
  configure(source: 'matomo' | 'umami', site: string): ReturnType<typeof saveSourceConfig>;
  run(o?: {
    source?: 'matomo' | 'umami';
    dryRun?: boolean;
    trigger?: 'manual' | 'schedule';
    log?: Logger;
  }): ReturnType<typeof runSource>;
  /** Metric snapshots of a channel in the project. */
  snapshots(channel: string): Promise<number>;
  close(): Promise<void>;
}

export async function runFixture(): Promise<RunFixture> {
  adapterOverride.current = { matomo: testAdapter, umami: { ...testAdapter, id: 'umami' } };
  const clock = fixedClock('2024-09-15T06:00:00Z');
  const keyFile = join(mkdtempSync(join(tmpdir(), 'herald-key-')), 'key.pem');
  const sources = { sleep: recordingSleep().sleep, policy: { ratePerSecond: 0 } };
  const [t, fake] = await Promise.all([createAuthTestApp({ clock, keyFile }), startFakeService()]);
  const u = await makeUser(t.db, { role: 'coordinator' });
  const coordinator: Actor = {
    kind: 'user',
    userId: u.id,
    isAdmin: false,
    memberships: [{ projectId: PROJECT, role: 'coordinator', partnerCode: null }],
  };
  return {
    t,
    fake,
    clock,
    keyFile,
    sources,
    coordinator,
    async configure(source, site) {
      const current = await readSourceConfig(t.db, { actor: system, projectId: PROJECT, source });
      return saveSourceConfig(t.db, {
        actor: system,
        projectId: PROJECT,
        source,
        input: {
          settings: { base_url: fake.url, site },
          ...(!current?.secretSetAt ? { secret: SECRET } : {}),
          ...(current ? { version: current.version } : {}),
        },
        clock,
        keyFile,
      });
    },
    run: (o = {}) =>
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
      }),
    snapshots: async (channel) =>
      (
        await t.db
          .select({ n: sql<number>`count(*)::int` })
          .from(metricSnapshots)
          .where(and(eq(metricSnapshots.projectId, PROJECT), eq(metricSnapshots.channel, channel)))
      )[0]?.n ?? 0,
    async close() {
      adapterOverride.current = null;
      await Promise.all([t.close(), fake.close()]);
    },
  };
}
