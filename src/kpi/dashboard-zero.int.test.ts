/**
 * The dashboard with no statement on a cache hit (PGlite: the write generation, src/db/write-generation.ts) stays
 * exact: a write through every path the server has (record service, import commit, the job worker, a CLI command
 * forwarded to the server) shows on the very next page, and the kept sessions end with sign-out, sign-out
 * everywhere, a password reset and a changed or removed membership. The same on PostgreSQL, where the server
 * listens for writes (src/db/write-notify.ts) and a hit runs no statement either; other processes' writes there:
 * src/db/write-notify.pg.test.ts.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { lastMail, linkIn, makeUser, TestClient } from '../../test/auth-helpers';
import { countingDb, type CountingDb } from '../../test/counting-db';
import { createTestDatabase } from '../../test/db';
import { importDir } from '../../test/factories/imports';
import { makePlan } from '../../test/factories/plan';
import { publicationInput } from '../../test/factories/records';
import { updateProfile } from '../auth/account';
import { removeMember, updateMember } from '../auth/members';
import { systemActor } from '../auth/permissions';
import { listenForCommands } from '../cli/command-socket';
import { forwardToServer } from '../cli/forward';
import type { Database } from '../db/client';
import { commitImport } from '../importers/commit';
import { createRunner } from '../jobs/runner';
import { fixedClock } from '../lib/clock';
import { createLogger } from '../log';
import { importPlan } from '../projects/service';
import { createRecord } from '../records/service';
import { createApp } from '../web/app';
import type { AppEnv } from '../web/env';
import { refreshFigures } from './figure-refresh';
import { refreshFiguresJob } from './jobs';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

const P = 'tide-x';
const clock = fixedClock('2025-02-01T09:00:00Z');
const actor = systemActor('test');
const dir = importDir();
let database: Database;
let counting: CountingDb;
let app: Hono<AppEnv>;
let alice: TestClient;
let dois = 0;

const addPaper = () =>
  createRecord(database.db, {
    actor,
    projectId: P,
    kind: 'publication',
    input: publicationInput({ doi: `10.1000/zero.${++dois}`, title: `Paper ${dois}` }),
    clock,
  });

const runJobs = () =>
  createRunner({
    db: database.db,
    clock,
    log: createLogger('silent'),
    deps: {},
    jobs: [refreshFiguresJob],
    schedules: [],
  }).runUntilIdle();

beforeAll(async () => {
  database = await createTestDatabase({ listen: true });
  expect(database.writes).toBeDefined();
  const plan = makePlan();
  await importPlan(database.db, { plan, sourceText: '', sourceName: 'tide-x.yaml', actor: 'test' });
  counting = countingDb(database.db);
  app = createApp({ database: { ...database, db: counting.db }, log: createLogger('silent'), clock });
  alice = await signedIn('coordinator');
  await addPaper();
  await refreshFigures(database.db, { projectId: P, clock });
});
afterAll(async () => {
  dir.cleanup();
  await database.close();
});

async function signedIn(role: 'coordinator' | 'viewer', password?: string) {
  const user = await makeUser(database.db, { role, projectId: P, ...(password ? { password } : {}) });
  return Object.assign(await TestClient.signedIn({ app, db: database.db }, user.id), { user });
}

async function page(client: TestClient) {
  counting.reset();
  const res = await client.get(`/p/${P}/dashboard`);
  const html = await res.text();
  return {
    status: res.status,
    location: res.headers.get('location'),
    value: /id="kpi-papers"[\s\S]*?class="kpi-value"[^>]*>([^<]*)</.exec(html)?.[1],
    source: res.headers.get('x-herald-figures'),
    body: res.headers.get('x-herald-body'),
    closeForms: (html.match(/class="year-close"/g) ?? []).length,
    statements: counting.statements.length,
  };
}

/** Brings `client`'s page to a cached hit: on PGlite it then runs no statement at all. */
async function warm(client: TestClient) {
  await page(client);
  await page(client);
  const hit = await page(client);
  expect(hit).toMatchObject({ status: 200, body: 'hit' });
  expect(hit.statements).toBe(0);
  return hit;
}

describe('every write path shows on the next page', () => {
  it('the record service: "as of" at once; the job worker: the new figure', async () => {
    const before = await warm(alice);
    expect(before).toMatchObject({ source: 'fresh', value: '1' });
    await addPaper();
    expect(await page(alice)).toMatchObject({ source: 'stale', body: 'miss', value: '1' });
    await warm(alice);
    expect(await runJobs()).toBeGreaterThan(0);
    expect(await page(alice)).toMatchObject({ source: 'fresh', body: 'miss', value: '2' });
  });

  it('an import commit', async () => {
    await warm(alice);
    const path = dir.write(
      'one.bib',
      '@article{zero2025,\n  title = {Imported Paper},\n  author = {Doe, Jane},\n  journal = {Journal},\n' +
        '  year = {2024},\n  doi = {10.1000/zero.imported}\n}\n',
    );
    const result = await commitImport(database.db, {
      actor,
      projectId: P,
      type: 'publication',
      file: { path },
      options: { defaults: { lead_partner: 'UNIA' } },
    });
    expect(result).toMatchObject({ status: 'imported', imported: 1 });
    expect(await page(alice)).toMatchObject({ source: 'stale', body: 'miss' });
    await runJobs();
    expect(await page(alice)).toMatchObject({ source: 'fresh', value: '3' });
  });

  it('a CLI command forwarded to the server (the only other writer a PGlite folder can have)', async () => {
    await warm(alice);
    const folder = mkdtempSync(join(tmpdir(), 'herald-zero-'));
    const socket = await listenForCommands({ dataDir: folder, database });
    const write = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    try {
      const code = await forwardToServer(['year', 'close', '--project', P, '--year', '1'], {
        HERALD_DATA_DIR: folder,
      });
      expect(code).toBe(0);
    } finally {
      write.mockRestore();
      await socket.close();
      rmSync(folder, { recursive: true, force: true });
    }
    expect(await page(alice)).toMatchObject({ source: 'stale', body: 'miss' });
  });
});

describe('kept sessions end with what ends or changes them', () => {
  it('sign-out: the old cookie is sent to sign in', async () => {
    const bob = await signedIn('coordinator');
    await warm(bob);
    const cookie = bob.cookieHeader;
    expect((await bob.post('/logout')).status).toBe(303);
    const res = await app.request(`/p/${P}/dashboard`, { headers: { cookie } });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toMatch(/^\/login/);
  });

  it('sign-out everywhere ends the other browser too', async () => {
    const carol = await signedIn('coordinator');
    const other = await TestClient.signedIn({ app, db: database.db }, carol.user.id);
    await warm(other);
    expect((await carol.post('/account/sign-out-everywhere')).status).toBeLessThan(400);
    expect(await page(other)).toMatchObject({ status: 302 });
  });

  it('a password reset ends the session kept for the account', async () => {
    const password = 'a long enough password';
    const dave = await signedIn('coordinator', password);
    await warm(dave);
    const anon = new TestClient(app, '198.51.100.7');
    expect((await anon.post('/reset', { email: dave.user.email })).status).toBe(200);
    const path = linkIn((await lastMail(database.db))?.text ?? '');
    const fresh = 'another long password';
    expect((await anon.post(path, { password: fresh, confirm: fresh })).status).toBe(303);
    expect(await page(dave)).toMatchObject({ status: 302 });
  });

  it('a new name shows in the kept frame of the next page', async () => {
    const erin = await signedIn('coordinator');
    await warm(erin);
    const named = async () => (await erin.get(`/p/${P}/dashboard`)).text();
    expect(await named()).not.toContain('Erin Renamed');
    await updateProfile(database.db, {
      actor: { kind: 'user', userId: erin.user.id, isAdmin: false, memberships: [] },
      name: 'Erin Renamed',
    });
    expect(await named()).toContain('Erin Renamed');
  });

  it('a role change shows at once, and a removed member loses the page', async () => {
    const vera = await signedIn('viewer');
    expect((await warm(vera)).closeForms).toBe(0);
    await updateMember(database.db, {
      actor,
      projectId: P,
      userId: vera.user.id,
      input: { role: 'coordinator', partnerCode: null },
    });
    expect((await page(vera)).closeForms).toBeGreaterThan(0);
    await warm(vera);
    await removeMember(database.db, { actor, projectId: P, userId: vera.user.id });
    expect((await page(vera)).status).toBe(403);
  });
});
