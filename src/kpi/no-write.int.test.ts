/**
 * A GET never writes: every dashboard and KPI page of an ended project (some years open, one closed, records late
 * and outside the period) is requested, and every table's row count and content digest is the same afterwards; the
 * dashboard served from cached figures too, fresh and stale (no GET fills or refreshes the cache).
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/app';
import { makeUser, TestClient } from '../../test/auth-helpers';
import { rowInserter } from '../../test/factories/rows';
import { systemActor } from '../auth/permissions';
import { systemClock } from '../lib/clock';
import { getCurrentPlan } from '../projects/repository';
import { RECORD_TYPES } from '../plan/schema';
import { queryRows } from './engine';
import { refreshFigures } from './figure-refresh';
import { closeYear } from './year-closures';

const P = 'm-sec';
let t: TestApp;
let coordinator: TestClient;

beforeAll(async () => {
  t = await createTestApp({ plan: true });
  const db = t.database.db;
  coordinator = await TestClient.signedIn(
    { ...t, db },
    (await makeUser(db, { role: 'coordinator', projectId: P })).id,
  );
  const r = rowInserter(db, P, 'F6S');
  await r.activities([
    { kind: 'newsletter', startDate: '2018-12-20' },
    { kind: 'article', startDate: '2020-02-01' },
    { kind: 'article', startDate: '2023-01-01' }, // after the project end
  ]);
  await r.publications([{ title: 'Old paper', year: 2017 }]); // before the start
  await r.metrics([
    { channel: 'yt', channelKind: 'youtube', metric: 'views', value: 10, date: '2019-05-01' },
  ]);
  await closeYear(db, { actor: systemActor('test'), projectId: P, year: 1 });
  await r.activities([{ kind: 'newsletter', startDate: '2019-03-03' }]); // reported late for year 1
});
afterAll(async () => {
  await t.close();
});

/**
 * Row count and content digest of every table. `sessions` is left out: its last-seen time (touched at most once a
 * minute) is sign-in bookkeeping, and a slow run could legitimately cross that minute.
 */
async function digest(): Promise<Record<string, string>> {
  const db = t.database.db;
  const tables = await queryRows(
    db,
    sql`SELECT table_name FROM information_schema.tables
        WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name <> 'sessions'
        ORDER BY table_name`,
  );
  const out: Record<string, string> = {};
  for (const { table_name: name } of tables) {
    const [row] = await queryRows(
      db,
      sql`SELECT count(*)::int AS n, coalesce(md5(string_agg(x::text, '|' ORDER BY x::text)), '') AS h
          FROM ${sql.identifier(String(name))} x`,
    );
    out[String(name)] = `${String(row?.n)} ${String(row?.h)}`;
  }
  return out;
}

describe('GET requests', () => {
  it('write nothing on any dashboard or KPI page', async () => {
    const plan = (await getCurrentPlan(t.database.db, P))!.plan;
    const pages = [
      `/p/${P}/dashboard`,
      `/p/${P}/dashboard?lang=ja`,
      `/p/${P}/dashboard?year=1`,
      `/p/${P}/dashboard?year=2`,
      `/p/${P}/dashboard?year=3`,
      `/p/${P}/dashboard?to=2030-01-01`,
      `/p/${P}/dashboard?from=2019-01-01&to=2019-12-31`,
      ...plan.kpis.flatMap((k) => [
        `/p/${P}/dashboard/kpis/${k.id}`,
        `/p/${P}/dashboard/kpis/${k.id}?year=2`,
        ...k.parts.map((p) => `/p/${P}/dashboard/kpis/${k.id}?part=${p.id}`),
        `/p/${P}/dashboard/years/1/kpis/${k.id}/late`,
      ]),
      ...RECORD_TYPES.map((type) => `/p/${P}/dashboard/outside/${type}`),
      `/p/${P}/kpis`,
    ];
    const before = await digest();
    expect(Object.keys(before)).toEqual(
      expect.arrayContaining(['kpi_snapshots', 'audit_entries', 'year_closures']),
    );
    for (const page of pages) {
      const res = await coordinator.get(page);
      expect(res.status, page).toBe(200);
    }
    expect(await digest()).toEqual(before);
  }, 300_000);

  it('write nothing when the dashboard comes from cached figures, fresh or stale', async () => {
    const db = t.database.db;
    const cached = [`/p/${P}/dashboard`, `/p/${P}/dashboard?lang=ja`, `/p/${P}/dashboard/freshness`];
    await refreshFigures(db, { projectId: P, clock: systemClock });
    let before = await digest();
    for (const page of cached) {
      const res = await coordinator.get(page);
      expect(res.status, page).toBe(200);
      if (page.endsWith('/dashboard')) expect(res.headers.get('x-herald-figures')).toBe('fresh');
    }
    expect(await digest()).toEqual(before);

    await closeYear(db, { actor: systemActor('test'), projectId: P, year: 2 }); // audited: the row is stale now
    before = await digest();
    for (const page of cached) {
      const res = await coordinator.get(page);
      expect(res.status, page).toBe(200);
      if (page.endsWith('/dashboard')) expect(res.headers.get('x-herald-figures')).toBe('stale');
    }
    expect(await digest()).toEqual(before);
  }, 300_000);
});
