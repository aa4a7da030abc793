/**
 * /portfolio: the projects a person may see (admin: all; a portfolio member: the portfolio's; a member: their
 * projects), with the cached KPI statuses marked current, "as of" (stale: a write since, another plan version, another
 * day) or "not computed yet"; filters by programme, worst status and partner organisation; keyset paging both ways.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuthTestApp, makeUser, PROJECT, TestClient, type AuthTestApp } from '../../test/auth-helpers';
import { insertFigures, seedPortfolio, seedProjects } from '../../test/factories/portfolio';
import { fixedClock } from '../lib/clock';

const TODAY = '2026-03-10';
let t: AuthTestApp;
let admin: TestClient;

beforeAll(async () => {
  t = await createAuthTestApp({ clock: fixedClock(`${TODAY}T12:00:00Z`) });
  // 25 projects pf-0001 … pf-0025 (even ones in H2020), fresh figures whose worst status cycles; plus Tide-X.
  await seedProjects(t.db, { prefix: 'pf', count: 25, evenProgramme: 'H2020', figuresAsOf: TODAY });
  admin = await TestClient.signedIn(t, (await makeUser(t.db, { isAdmin: true })).id);
});
afterAll(() => t?.database.close());

/** The project ids of a page, in order, and its paging links. */
async function page(client: TestClient, query = '') {
  const res = await client.get(`/portfolio${query}`);
  expect(res.status).toBe(200);
  const html = await res.text();
  const ids = [...html.matchAll(/<tr data-project="([^"]+)"/g)].map((m) => m[1]);
  const link = (rel: string) =>
    new RegExp(`href="([^"]+)" rel="${rel}"`).exec(html)?.[1]?.replace(/&amp;/g, '&');
  return { html, ids, next: link('next'), prev: link('prev') };
}

const pf = (n: number) => `pf-${String(n).padStart(4, '0')}`;

describe('paging', () => {
  it('pages every project by (acronym, id), 20 at a time, forwards and back', async () => {
    const first = await page(admin);
    expect(first.ids).toEqual(Array.from({ length: 20 }, (_, i) => pf(i + 1)));
    expect(first.prev).toBeUndefined();
    expect(first.next).toBe(`/portfolio?after=${pf(20)}`);
    const second = await page(admin, first.next?.slice('/portfolio'.length));
    // PF-… sorts before TIDE-X.
    expect(second.ids).toEqual([...Array.from({ length: 5 }, (_, i) => pf(i + 21)), PROJECT]);
    expect(second.next).toBeUndefined();
    expect(second.prev).toBe(`/portfolio?before=${pf(21)}`);
    const back = await page(admin, second.prev?.slice('/portfolio'.length));
    expect(back.ids).toEqual(first.ids);
    expect(back.next).toBe(`/portfolio?after=${pf(20)}`);
  });

  it('keeps the filters in the paging links', async () => {
    const h2020 = await page(admin, '?programme=H2020');
    expect(h2020.ids).toEqual(Array.from({ length: 12 }, (_, i) => pf(2 * (i + 1))));
    expect(h2020.next).toBeUndefined();
    const atRisk = await page(admin, '?status=at_risk&after=pf-0001');
    expect(atRisk.ids).toEqual([pf(5), pf(9), pf(13), pf(17), pf(21), pf(25)]);
    expect(atRisk.prev).toBe(`/portfolio?status=at_risk&before=${pf(5)}`);
  });
});

describe('filters', () => {
  it('by worst status, by programme, by partner name or code', async () => {
    expect((await page(admin, '?status=behind')).ids).toEqual([4, 8, 12, 16, 20, 24].map(pf));
    expect((await page(admin, '?status=missing')).ids).toEqual([PROJECT]);
    expect((await page(admin, '?partner=pf%20lab%207')).ids).toEqual([pf(7)]);
    expect((await page(admin, '?partner=p12')).ids).toEqual([pf(12)]);
    expect((await page(admin, '?partner=University%20A')).ids).toEqual([PROJECT]);
    expect((await page(admin, '?partner=100%25')).ids).toEqual([]);
    expect((await page(admin, '?programme=H2020&status=behind')).ids).toEqual([4, 8, 12, 16, 20, 24].map(pf));
    expect((await page(admin, '?programme=FP7')).html).toContain('No project matches.');
  });

  it('refuses a status it does not know, naming the parameter', async () => {
    const res = await admin.get('/portfolio?status=great');
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('status');
  });
});

describe('who sees what', () => {
  it('a portfolio member sees its projects and their own; a signed-out visitor is sent to sign in', async () => {
    const user = await makeUser(t.db, { role: 'viewer' });
    await seedPortfolio(t.db, {
      id: 'seen-agency',
      projectIds: [pf(3), pf(22)],
      members: { [user.id]: 'viewer' },
    });
    const client = await TestClient.signedIn(t, user.id);
    expect((await page(client)).ids).toEqual([pf(3), pf(22), PROJECT]);
    expect((await page(client, '?status=behind')).ids).toEqual([]);
    const nobody = await TestClient.signedIn(t, (await makeUser(t.db)).id);
    expect((await page(nobody)).html).toContain('No project matches.');
    const anonymous = await new TestClient(t.app).get('/portfolio');
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.get('location')).toContain('/login');
  });
});

describe('freshness', () => {
  it('marks figures current, stale ("as of") or not computed yet, in English and Japanese', async () => {
    // pf-0001: fresh (seeded for today, empty chain). pf-0002: a write since (audit head moved on).
    await insertFigures(t.db, { projectId: pf(2), asOf: TODAY, auditSeq: 0, worstStatus: 'behind' });
    await t.db.execute(sql`update audit_heads set seq = 4 where chain = ${pf(2)}`);
    // pf-0003: computed yesterday. pf-0004: for an older plan version.
    await insertFigures(t.db, {
      projectId: pf(3),
      asOf: '2026-03-09',
      statusCounts: { on_track: 2 },
      worstStatus: 'on_track',
    });
    await insertFigures(t.db, { projectId: pf(4), asOf: TODAY, planVersion: 0, worstStatus: 'behind' });
    const { html } = await page(admin);
    const cell = (id: string) =>
      new RegExp(`data-project="${id}"[\\s\\S]*?data-figures="(\\w+)"`).exec(html)?.[1];
    expect([1, 2, 3, 4].map((n) => cell(pf(n)))).toEqual(['fresh', 'stale', 'stale', 'stale']);
    const row3 = new RegExp(`data-project="${pf(3)}"[\\s\\S]*?</tr>`).exec(html)?.[0] ?? '';
    expect(row3).toContain('On track: 2');
    expect(row3).toMatch(/as of /);
    const tide = await page(admin, `?status=missing`);
    expect(tide.html).toContain('not computed yet');

    admin.cookies.set('lang', 'ja');
    try {
      const ja = await page(admin);
      expect(ja.html).toContain('ポートフォリオ');
      expect(ja.html).toContain('時点');
      expect(ja.html).toContain('順調：2');
      expect((await page(admin, '?status=missing')).html).toContain('まだ計算されていません');
    } finally {
      admin.cookies.delete('lang');
    }
  });

  it('is linked from the user menu, and the admin page from an admin’s', async () => {
    const { html } = await page(admin);
    expect(html).toContain('href="/portfolio"');
    expect(html).toContain('href="/admin/portfolios"');
    const viewer = await TestClient.signedIn(t, (await makeUser(t.db, { role: 'viewer' })).id);
    const other = (await page(viewer)).html;
    expect(other).toContain('href="/portfolio"');
    expect(other).not.toContain('href="/admin/portfolios"');
  });
});
