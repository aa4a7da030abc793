/**
 * The sources page through the real app: a coordinator saves a source (the credential write-only: never in the
 * HTML, not even after a 422), runs it now and dry, and sees each run's result; a stale form is a 409; the page is
 * the coordinators' (a viewer gets 403) and a GET writes nothing.
 */
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createAuthTestApp, makeUser, PROJECT, TestClient, type AuthTestApp } from '../../test/auth-helpers';
import { rowsOf } from '../audit/chain';
import { sourceRuns } from '../db/schema';
import { fixedClock } from '../lib/clock';
import { en } from './page-messages';
import { METRIC_ADAPTERS } from './metrics';
import { adapterOverride } from './registry';
import { recordingSleep, startFakeService, type FakeService } from './testing/fake-service';
import { testAdapter } from './testing/test-adapter';

const SECRET = 'PaGe-SeCrEt-0123456789';
const clock = fixedClock('2024-09-15T06:00:00Z');
let t: AuthTestApp;
let fake: FakeService;
let coordinator: TestClient;
let viewer: TestClient;
const PAGE = `/p/${PROJECT}/sources`;

const counts = async () =>
  rowsOf<{ t: string }>(
    await t.db.execute(
      sql`SELECT (SELECT count(*) FROM source_configs)::text || '/' || (SELECT count(*) FROM source_runs)::text || '/' || (SELECT count(*) FROM audit_entries)::text AS t`,
    ),
  )[0]?.t;

beforeAll(async () => {
  adapterOverride.current = { ...METRIC_ADAPTERS, matomo: testAdapter };
  fake = await startFakeService();
  t = await createAuthTestApp({
    clock,
    sources: { sleep: recordingSleep().sleep, policy: { ratePerSecond: 0 } },
  });
  coordinator = await TestClient.signedIn(t, (await makeUser(t.db, { role: 'coordinator' })).id);
  viewer = await TestClient.signedIn(t, (await makeUser(t.db, { role: 'viewer' })).id);
});
afterAll(async () => {
  adapterOverride.current = null;
  await Promise.all([t.close(), fake.close()]);
});
beforeEach(() => {
  fake.reset();
  fake.on('GET', '/stats', (req) =>
    req.query.get('site') === 'down'
      ? { status: 503, body: 'down' }
      : {
          body: {
            rows: [
              { date: '2024-09-14', channel: 'https://tide-x.example.org', metric: 'visits', value: 12 },
            ],
          },
        },
  );
});

describe('/p/:id/sources', () => {
  it('is the coordinators’: a viewer is refused, and a GET writes nothing', async () => {
    expect((await viewer.get(PAGE)).status).toBe(403);
    const before = await counts();
    const res = await coordinator.get(PAGE);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('id="source-matomo"');
    expect(html).toContain('id="source-openaire"');
    expect(html).toContain(`href="/p/${PROJECT}/sources/suggestions"`);
    expect(html).toContain(`href="/p/${PROJECT}/records/publications/doi"`);
    expect(await counts()).toBe(before);
  });

  it('a refused form shows the field’s problem and never echoes the credential', async () => {
    const res = await coordinator.post(`${PAGE}/matomo`, {
      base_url: 'nope',
      site: 'ok',
      secret: SECRET,
      enabled: '1',
    });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('id="matomo-base_url-error"');
    expect(html).toContain('value="nope"');
    expect(html).not.toContain(SECRET);
  });

  it('saves the settings, shows when the credential was set (never the credential), runs and dry-runs', async () => {
    const saved = await coordinator.post(`${PAGE}/matomo`, {
      base_url: fake.url,
      site: 'ok',
      secret: SECRET,
      enabled: '1',
    });
    expect(saved.status).toBe(303);
    expect(saved.headers.get('location')).toBe(`${PAGE}?saved=matomo#source-matomo`);
    const page = await (await coordinator.get(`${PAGE}?saved=matomo`)).text();
    expect(page).not.toContain(SECRET);
    expect(page).toContain('type="password"');
    expect(page).toContain('name="clear_secret"');
    expect(page).toContain('The settings of Matomo were saved.');

    const stale = await coordinator.post(`${PAGE}/matomo`, { base_url: fake.url, site: 'ok', version: '7' });
    expect(stale.status).toBe(409);
    expect(await stale.text()).toContain('changed since this page was opened');

    const dry = await coordinator.post(`${PAGE}/matomo/run`, { dry_run: '1' });
    expect(dry.status).toBe(303);
    const dryPage = await (await coordinator.get(dry.headers.get('location') ?? '')).text();
    expect(dryPage).toContain('Result of the dry run of Matomo: nothing was written');
    expect(dryPage).toContain('would import 1, duplicates 0, invalid 0');

    const now = await coordinator.post(`${PAGE}/matomo/run`);
    const nowPage = await (await coordinator.get(now.headers.get('location') ?? '')).text();
    expect(nowPage).toContain('Result of the run of Matomo');
    expect(nowPage).toContain('imported 1, duplicates 0, invalid 0');
    expect(nowPage).not.toContain(SECRET);
    const runs = await t.db.select().from(sourceRuns).where(eq(sourceRuns.source, 'matomo'));
    expect(runs.map((r) => [r.trigger, r.dryRun, r.status])).toEqual([
      ['manual', true, 'ok'],
      ['manual', false, 'ok'],
    ]);
  });

  it('a failing run shows on the page as needing attention; a source turned off cannot run', async () => {
    const page = await (await coordinator.get(PAGE)).text();
    const version = /name="version" value="(\d+)"/.exec(page)?.[1] ?? '';
    await coordinator.post(`${PAGE}/matomo`, { base_url: fake.url, site: 'down', enabled: '1', version });
    const failed = await coordinator.post(`${PAGE}/matomo/run`);
    const html = await (await coordinator.get(failed.headers.get('location') ?? '')).text();
    expect(html).toContain('Sources that need attention');
    expect(html).toContain('service error');

    const v2 = /name="version" value="(\d+)"/.exec(html)?.[1] ?? '';
    expect((await coordinator.post(`${PAGE}/matomo/enabled`, { enabled: '0', version: v2 })).status).toBe(
      303,
    );
    const refused = await coordinator.post(`${PAGE}/matomo/run`);
    expect(refused.status).toBe(409);
    expect(await refused.text()).toContain('turned off for the project');
  });

  it('in Japanese shows none of its English strings (runs, failing source, result included)', async () => {
    const run = await t.db.select({ id: sourceRuns.id }).from(sourceRuns).orderBy(sourceRuns.id);
    const html = await (await coordinator.get(`${PAGE}?lang=ja&run=${run.at(-1)?.id ?? 1}`)).text();
    expect(html).toContain('データソース');
    // The run's own message (from the service, English by design) is marked lang="en"; the catalog's English is not shown.
    const text = html.replace(/<[^>]*lang="en"[^>]*>[^<]*</g, '<').replace(/<[^>]+>/g, ' ');
    for (const [k, v] of Object.entries(en))
      if (v.length > 12 && !v.includes('{')) expect(text, k).not.toContain(v);
  });
  it('offers a choice setting as a select (Umami’s credential header) and keeps the chosen value', async () => {
    const page = await (await coordinator.get(PAGE)).text();
    expect(page).toMatch(/<select[^>]*id="umami-auth"/);
    expect(page).toContain('<option value="bearer"');
    const bad = await coordinator.post(`${PAGE}/umami`, {
      website_id: '4f7ac0a4-3c1e-4b8e-9d0e-5a2b6c7d8e9f',
      auth: 'cookie',
      secret: SECRET,
      enabled: '1',
    });
    expect(bad.status).toBe(422);
    expect(await bad.text()).toContain('id="umami-auth-error"');
    const ok = await coordinator.post(`${PAGE}/umami`, {
      base_url: fake.url,
      website_id: '4f7ac0a4-3c1e-4b8e-9d0e-5a2b6c7d8e9f',
      auth: 'bearer',
      secret: SECRET,
      enabled: '1',
    });
    expect(ok.status).toBe(303);
    const after = await (await coordinator.get(PAGE)).text();
    expect(after).toMatch(/<option value="bearer" selected/);
    expect(after).not.toContain(SECRET);
  });
});
