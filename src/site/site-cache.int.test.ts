/**
 * The public site's page cache (src/site/page-cache.ts) with no statement on a hit, on both engines (PostgreSQL
 * listening for writes, as `herald serve`): 304 from memory, a write or a new day shows on the very next page,
 * errors are not kept, and a counted download (an unobserved write) leaves the cache and the write generation as
 * they are, while its own route runs no statement once its rows are kept.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { M_SEC_PLAN } from '../../test/app';
import { countingDb, type CountingDb } from '../../test/counting-db';
import { createTestDatabase } from '../../test/db';
import { eventInput } from '../../test/factories/records';
import { SITE_HOST, SITE_HOSTS } from '../../test/site';
import { systemActor } from '../auth/permissions';
import type { Database } from '../db/client';
import { isPlainRead } from '../db/write-generation';
import { fixedClock } from '../lib/clock';
import { createLogger } from '../log';
import { importPlanFile } from '../projects/service';
import { createRecord } from '../records/service';
import { createApp } from '../web/app';
import type { AppDeps, AppEnv } from '../web/env';
import { downloadsSettled } from './downloads/record';
import { downloadHref } from './downloads/site-routes';
import { uploadDeliverableFile } from './downloads/service';
import { parseSiteHosts } from './hosts';
import { siteCaches } from './page-cache';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

const clock = fixedClock('2019-06-01T09:00:00Z');
const actor = systemActor('test');
const HOME = '/site/m-sec/en';
const FIREFOX = 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0';
let database: Database;
let counting: CountingDb;
let deps: AppDeps;
let app: Hono<AppEnv>;
let download: string;

beforeAll(async () => {
  database = await createTestDatabase({ listen: true });
  expect(database.writes).toBeDefined();
  await importPlanFile(database.db, { file: M_SEC_PLAN, actor: 'test' });
  const filesDir = mkdtempSync(join(tmpdir(), 'herald-site-cache-'));
  const file = await uploadDeliverableFile(database.db, {
    actor,
    projectId: 'm-sec',
    fields: { code: 'D5.2', version: '1.0', issued_on: '2018-12-31', publish: true },
    fileName: 'D5.2.pdf',
    bytes: new TextEncoder().encode('%PDF-1.4\n% cached\n%%EOF\n'),
    dir: filesDir,
    clock,
  });
  download = downloadHref('/site/m-sec', file);
  counting = countingDb(database.db);
  deps = {
    database: { ...database, db: counting.db },
    log: createLogger('silent'),
    clock,
    filesDir,
    siteHosts: parseSiteHosts(SITE_HOSTS),
  };
  app = createApp(deps);
});
afterAll(async () => {
  await downloadsSettled();
  await database.close();
});

async function get(path: string, headers: Record<string, string> = {}) {
  counting.reset();
  const host: Record<string, string> = path.startsWith('http') ? { host: new URL(path).host } : {};
  const res = await app.request(path, { headers: { 'user-agent': FIREFOX, ...host, ...headers } });
  const body = await res.text();
  return { status: res.status, etag: res.headers.get('etag'), body, statements: counting.statements.length };
}

/** Brings `path` to a cached hit (PostgreSQL: once the notifications of earlier writes have arrived). */
async function warm(path: string) {
  for (let i = 0; i < 10; i++) {
    const res = await get(path);
    expect(res.status).toBe(200);
    if (res.statements === 0) return res;
  }
  throw new Error(`${path} never became a cached hit`);
}

describe('the page cache', () => {
  it('a hit runs no statement and answers the same bytes; a matching If-None-Match is a 304 from memory', async () => {
    const first = await get(HOME);
    expect(first.status).toBe(200);
    const hit = await warm(HOME);
    expect(hit.body).toBe(first.body);
    expect(hit.etag).toBe(first.etag);
    const notModified = await get(HOME, { 'if-none-match': first.etag as string });
    expect(notModified).toMatchObject({ status: 304, body: '', statements: 0, etag: first.etag });
    // The same page on the project's own host name is kept apart (its links have no /site/<project> base).
    const onHost = await warm(`http://${SITE_HOST}/en`);
    expect(onHost.body).toContain('<a class="brand" href="/en">');
    expect(hit.body).toContain('<a class="brand" href="/site/m-sec/en">');
  });

  it('a write shows on the next page', async () => {
    await warm(HOME);
    await createRecord(database.db, {
      actor,
      projectId: 'm-sec',
      kind: 'event',
      input: eventInput({
        name: 'Cache Summit 2019',
        lead_partner: 'WLI',
        partners: ['ICCS'],
        start_date: '2019-06-20',
        end_date: '2019-06-20',
        status: 'planned',
      }),
    });
    const next = await get(HOME);
    expect(next.statements).toBeGreaterThan(0);
    expect(next.body).toContain('Cache Summit 2019');
    expect((await warm(HOME)).body).toContain('Cache Summit 2019');
  });

  it('a new day is a new page (an event moves from upcoming to past)', async () => {
    await warm(HOME);
    clock.set('2019-06-21T09:00:00Z');
    try {
      const next = await get(HOME);
      expect(next.statements).toBeGreaterThan(0);
      expect(next.body).not.toContain('Cache Summit 2019');
    } finally {
      clock.set('2019-06-01T09:00:00Z');
    }
    expect((await get(HOME)).body).toContain('Cache Summit 2019');
  });

  it('errors are not kept', async () => {
    const pages = siteCaches(deps).pages;
    const size = pages.size;
    for (const path of [
      '/site/m-sec/en/nothing',
      '/site/no-such-project/en',
      '/site/m-sec/en/events?before=x',
    ])
      for (let i = 0; i < 2; i++) expect((await get(path)).status, path).not.toBe(200);
    expect(pages.size).toBe(size);
  });
});

describe('a counted download', () => {
  const isDownloadWrite = (sql: string) => /^\s*insert into "?site_download_(events|salts)"?/i.test(sql);

  it('keeps the write generation and the cached pages; its route runs no statement once its rows are kept', async () => {
    await warm(HOME);
    await warm(HOME);
    const writes = database.writes!;
    const mark = writes.mark();
    counting.reset();
    for (let i = 0; i < 3; i++) {
      const res = await app.request(download, {
        headers: { 'user-agent': FIREFOX, 'x-forwarded-for': `192.0.2.${i}` },
      });
      expect(res.status).toBe(200);
      expect(await res.text()).toContain('% cached');
    }
    await downloadsSettled();
    // The recorder wrote its rows, and nothing else was written.
    const written = counting.statements.filter((s) => !isPlainRead(s));
    expect(written.length).toBeGreaterThan(0);
    for (const s of written) expect(isDownloadWrite(s), s).toBe(true);
    expect(writes.unchangedSince(mark)).toBe(true);
    expect((await get(HOME)).statements).toBe(0);
    counting.reset();
    const again = await app.request(download, { headers: { 'user-agent': FIREFOX } });
    expect(again.status).toBe(200);
    await again.arrayBuffer();
    await downloadsSettled();
    expect(counting.statements.filter((s) => !isDownloadWrite(s))).toEqual([]);
    expect(writes.unchangedSince(mark)).toBe(true);
  });
});
