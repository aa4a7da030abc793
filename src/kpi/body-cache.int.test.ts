/**
 * The dashboard's rendered-body cache: a cached request runs no statement where this process is the only writer
 * (PGlite), else the session statement and one key lookup (no payload),
 * a write changes the very next page, and what a body varies on per user (the right to close years, the CSRF token
 * of the year forms, the language, the user menu) is never carried from one user to another.
 */
import { gunzipSync } from 'node:zlib';
import type { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeUser, TestClient } from '../../test/auth-helpers';
import { countingDb, type CountingDb } from '../../test/counting-db';
import { createTestDatabase } from '../../test/db';
import { makePlan } from '../../test/factories/plan';
import { publicationInput } from '../../test/factories/records';
import { systemActor } from '../auth/permissions';
import type { Database } from '../db/client';
import { fixedClock } from '../lib/clock';
import { createLogger } from '../log';
import { importPlan } from '../projects/service';
import { createRecord } from '../records/service';
import { createApp } from '../web/app';
import type { AppEnv } from '../web/env';
import { refreshFigures } from './figure-refresh';

const P = 'tide-x';
const clock = fixedClock('2025-02-01T09:00:00Z');
let database: Database;
let counting: CountingDb;
let app: Hono<AppEnv>;
let alice: TestClient;
let bob: TestClient;
let viewer: TestClient;
let dois = 0;

const addPaper = () =>
  createRecord(database.db, {
    actor: systemActor('test'),
    projectId: P,
    kind: 'publication',
    input: publicationInput({ doi: `10.1000/body.${++dois}`, title: `Paper ${dois}` }),
    clock,
  });

beforeAll(async () => {
  database = await createTestDatabase();
  const plan = makePlan();
  await importPlan(database.db, { plan, sourceText: '', sourceName: 'tide-x.yaml', actor: 'test' });
  counting = countingDb(database.db);
  app = createApp({ database: { ...database, db: counting.db }, log: createLogger('silent'), clock });
  const signIn = async (role: 'coordinator' | 'viewer', name: string) =>
    TestClient.signedIn(
      { app, db: database.db },
      (await makeUser(database.db, { role, name, projectId: P })).id,
    );
  alice = await signIn('coordinator', 'Alice Coordinator');
  bob = await signIn('coordinator', 'Bob Coordinator');
  viewer = await signIn('viewer', 'Vera Viewer');
  await addPaper();
  await refreshFigures(database.db, { projectId: P, clock });
});
afterAll(async () => {
  await database.close();
});

async function page(client: TestClient, path = `/p/${P}/dashboard`) {
  const res = await client.get(path);
  expect(res.status, path).toBe(200);
  const html = await res.text();
  return {
    html,
    value: /id="kpi-papers"[\s\S]*?class="kpi-value"[^>]*>([^<]*)</.exec(html)?.[1],
    source: res.headers.get('x-herald-figures'),
    body: res.headers.get('x-herald-body'),
    stale: html.includes('id="figures-stale"'),
    tokens: [...html.matchAll(/name="_csrf" value="([^"]*)"/g)].map((m) => m[1]),
    closeForms: (html.match(/class="year-close"/g) ?? []).length,
  };
}

/** The statements of the last request, without the session's once-a-minute `lastSeenAt` touch. */
const statementsRun = () => counting.statements.filter((s) => !/^update "sessions"/.test(s));

describe('the rendered dashboard body, cached per figure key', () => {
  it('a cached request runs no statement on PGlite (the only writer); on PostgreSQL the session and the key lookup', async () => {
    const first = await page(alice);
    expect(first).toMatchObject({ source: 'fresh', body: 'miss', value: '1' });
    await page(alice);
    counting.reset();
    const again = await page(alice);
    expect(again).toMatchObject({ source: 'fresh', body: 'hit', value: '1' });
    const run = statementsRun();
    if (database.driver === 'pglite') {
      expect(run).toEqual([]);
    } else {
      expect(run).toHaveLength(2);
      expect(run[0]).toMatch(/from "sessions"/);
      expect(run[1]).toMatch(/figure_cache/);
      expect(run[1]).toMatch(/null::jsonb as "payload"/);
    }
    expect(again.html).toBe(first.html);
  });

  it('a write changes the very next page: "as of" at once, the new figure once refreshed', async () => {
    expect(await page(alice)).toMatchObject({ body: 'hit', stale: false, value: '1' });
    await addPaper();
    const next = await page(alice);
    expect(next).toMatchObject({ source: 'stale', body: 'miss', stale: true, value: '1' });
    expect(await page(alice)).toMatchObject({ source: 'stale', body: 'hit', stale: true });
    await refreshFigures(database.db, { projectId: P, clock });
    const refreshed = await page(alice);
    expect(refreshed).toMatchObject({ source: 'fresh', body: 'miss', stale: false, value: '2' });
    expect(await page(alice)).toMatchObject({ body: 'hit', value: '2' });
  });

  it("a body rendered for one coordinator carries the other's CSRF token and name, never the first's", async () => {
    const a = await page(alice);
    const b = await page(bob);
    expect(b.body).toBe('hit');
    expect(a.closeForms).toBeGreaterThan(0);
    expect(b.closeForms).toBe(a.closeForms);
    expect(new Set(a.tokens)).toEqual(new Set([alice.csrf]));
    expect(new Set(b.tokens)).toEqual(new Set([bob.csrf]));
    expect(b.html).not.toContain(alice.csrf!);
    expect(b.html).toContain('Bob Coordinator');
    expect(b.html).not.toContain('Alice Coordinator');
  });

  it('a browser asking for gzip gets the same page compressed, its own token inside', async () => {
    const plain = await (await alice.get(`/p/${P}/dashboard`)).text();
    for (const client of [alice, bob]) {
      const res = await client.get(`/p/${P}/dashboard`, { 'accept-encoding': 'gzip, deflate, br' });
      expect(res.headers.get('content-encoding')).toBe('gzip');
      expect(res.headers.get('vary')).toMatch(/accept-encoding/i);
      expect(res.headers.get('x-herald-body')).toBe('hit');
      const bytes = Buffer.from(await res.arrayBuffer());
      const html = gunzipSync(bytes).toString('utf8');
      expect(bytes.length).toBeLessThan(html.length / 2);
      expect(html).toContain(`value="${client.csrf}"`);
      if (client === alice) expect(html).toBe(plain);
      else expect(html).not.toContain(alice.csrf!);
    }
  });

  it('the same session asking in turn with and without gzip gets each encoding of the same page', async () => {
    const ask = async (gzip: boolean) => {
      const res = await alice.get(`/p/${P}/dashboard`, gzip ? { 'accept-encoding': 'gzip' } : {});
      expect(res.headers.get('x-herald-body')).toBe('hit');
      expect(res.headers.get('content-encoding')).toBe(gzip ? 'gzip' : null);
      const bytes = Buffer.from(await res.arrayBuffer());
      return (gzip ? gunzipSync(bytes) : bytes).toString('utf8');
    };
    const plain = await ask(false);
    expect(plain).toContain(`value="${alice.csrf}"`);
    for (const gzip of [true, true, false, false, true, false]) expect(await ask(gzip)).toBe(plain);
  });

  it('a viewer gets its own body: no year forms; Japanese is cached apart from English', async () => {
    const v = await page(viewer);
    expect(v.body).toBe('miss');
    expect(v.closeForms).toBe(0);
    expect(v.html).not.toContain(alice.csrf!);
    expect((await page(viewer)).body).toBe('hit');
    const ja = await page(alice, `/p/${P}/dashboard?lang=ja`);
    expect(ja.body).toBe('miss');
    expect(ja.html).toContain('<html lang="ja"');
  });

  it('a period view is computed for the request and never cached', async () => {
    const p = await page(alice, `/p/${P}/dashboard?year=1`);
    expect(p).toMatchObject({ source: 'missing', body: 'none' });
    expect((await page(alice, `/p/${P}/dashboard?year=1`)).body).toBe('none');
  });
});
