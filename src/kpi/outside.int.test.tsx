/** "N records outside the project period are not counted": counted in SQL, linked to the list of those records. */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestApp, type TestApp } from '../../test/app';
import { makeUser, TestClient } from '../../test/auth-helpers';
import { rowInserter } from '../../test/factories/rows';
import { getCurrentPlan } from '../projects/repository';
import { queryRows } from './engine';
import { outsideCounts } from './outside';

// Each dashboard renders every chart: slow on a shared machine, so a generous limit.
vi.setConfig({ testTimeout: 120_000 });

const P = 'm-sec'; // 1 July 2018 to 30 June 2021
let t: TestApp;
let viewer: TestClient;

beforeAll(async () => {
  t = await createTestApp({ plan: true });
  const db = t.database.db;
  viewer = await TestClient.signedIn({ ...t, db }, (await makeUser(db, { role: 'viewer', projectId: P })).id);
  const r = rowInserter(db, P, 'F6S');
  await r.activities([
    { title: 'The day before', startDate: '2018-06-30' }, // ✗ outside
    { title: 'First day', startDate: '2018-07-01' },
    { title: 'Last day', startDate: '2021-06-30' },
    { title: 'The day after', startDate: '2021-07-01' }, // ✗ outside
    { title: 'Deleted and outside', startDate: '2017-01-01', deletedAt: new Date() }, // not a live record
  ]);
  await r.events([{ name: 'Late fair', startDate: '2022-05-05' }]); // ✗ outside
  await r.publications([
    { title: 'A 2017 paper', year: 2017, date: null }, // ✗ outside
    { title: 'A 2019 paper', year: 2019, date: '2019-03-01' },
  ]);
  await r.metrics([{ channel: 'yt', channelKind: 'youtube', metric: 'views', value: 5, date: '2017-12-31' }]); // ✗
  await r.synergies([{ initiative: 'Inside', date: '2020-01-01' }]);
});
afterAll(async () => {
  await t.close();
});

describe('records outside the project period', () => {
  it('are counted per type in SQL: outside + inside = every live record', async () => {
    const plan = (await getCurrentPlan(t.database.db, P))!.plan;
    const counts = await outsideCounts(t.database.db, { projectId: P, plan });
    expect(counts).toEqual({ activity: 2, event: 1, publication: 1, metric: 1 });
    const [live] = await queryRows(
      t.database.db,
      sql`SELECT (SELECT count(*) FROM activities WHERE deleted_at IS NULL)::int AS a,
                 (SELECT count(*) FROM activities WHERE deleted_at IS NULL
                    AND start_date BETWEEN '2018-07-01' AND '2021-06-30')::int AS inside`,
    );
    expect(Number(live!.a) - Number(live!.inside)).toBe(counts.activity);
  });

  it('are announced on the dashboard with a link to each type’s list', async () => {
    const html = await (await viewer.get(`/p/${P}/dashboard?lang=en`)).text();
    const notice = /<p class="notice" id="outside"[^>]*>(.*?)<\/p>/s.exec(html)?.[1] ?? '';
    expect(notice).toContain('5 records outside the project period are not counted:');
    expect(notice).toContain(
      `<a href="/p/${P}/dashboard/outside/activity" data-type="activity">Activities: 2</a>`,
    );
    expect(notice).toContain(`href="/p/${P}/dashboard/outside/metric"`);
    expect(notice).not.toContain('synergy');

    const list = await (await viewer.get(`/p/${P}/dashboard/outside/activity`)).text();
    expect(list.match(/<tr data-id="/g)).toHaveLength(2);
    expect(list).toContain('The day before');
    expect(list).toContain('The day after');
    expect(list).not.toContain('First day');
    expect(list).not.toContain('Deleted and outside');
    const papers = await (await viewer.get(`/p/${P}/dashboard/outside/publication`)).text();
    expect(papers).toContain('A 2017 paper');
    expect(papers).not.toContain('A 2019 paper');
    expect((await viewer.get(`/p/${P}/dashboard/outside/nonsense`)).status).toBe(404);

    const ja = await (await viewer.get(`/p/${P}/dashboard?lang=ja`)).text();
    expect(ja).toContain('プロジェクト期間外の記録 5 件は数えられていません：');
    expect(ja).toContain('活動：2 件');
  });

  it('explain the window rule in the method note', async () => {
    const html = await (await viewer.get(`/p/${P}/dashboard?lang=en`)).text();
    expect(html).toMatch(/<p id="window-rule">Window: .*never past the project end.*herald kpi --at/);
  });
});
