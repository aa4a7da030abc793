import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/app';
import { makeUser, TestClient } from '../../test/auth-helpers';
import { rowInserter } from '../../test/factories/rows';

let t: TestApp;
let viewer: TestClient;

beforeAll(async () => {
  t = await createTestApp({ plan: true });
  const user = await makeUser(t.database.db, { role: 'viewer', projectId: 'm-sec' });
  viewer = await TestClient.signedIn({ ...t, db: t.database.db }, user.id);
  const r = rowInserter(t.database.db, 'm-sec', 'F6S');
  await r.publications([
    { title: 'Paper one', type: 'conference_paper', jointEuJp: true, date: '2019-03-01', year: 2019 },
    { title: 'Paper two', type: 'conference_paper', date: '2019-09-01', year: 2019, leadPartner: 'KEIO' },
  ]);
  await r.activities([
    { title: 'First newsletter', kind: 'newsletter', startDate: '2018-12-10', timelineItem: 'newsletters' },
  ]);
});
afterAll(async () => {
  await t.close();
});

const count = (html: string, needle: RegExp) => (html.match(needle) ?? []).length;

describe('the dashboard', () => {
  it('shows every KPI card with a server-rendered sparkline, the Gantt, deliverables and partners', async () => {
    const res = await viewer.get('/p/m-sec/dashboard?to=2019-12-31');
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(count(html, /<article class="kpi-card/g)).toBe(18);
    expect(count(html, /<div class="sparkline"><svg role="img"/g)).toBe(18);
    expect(html).toContain('<div class="chart"><svg role="img"');
    expect(html).not.toMatch(/<style/);
    expect(count(html, /<tr class="planned" data-item=/g)).toBe(12);
    expect(count(html, /<tr (class="[a-z]+" )?data-code="D\d+\.\d+"/g)).toBe(35);
    expect(count(html, /data-partner="[A-Z0-9]+"/g)).toBe(12);
    // §5.1: papers (#5) are publications, event actions (#6, #7, #10) events; partners without any are highlighted.
    expect(html).toMatch(
      /<th class="num" data-type="publication">Publications<small class="muted actions">expected by #5<\/small>/,
    );
    expect(html).toMatch(
      /<th class="num" data-type="event">Events<small class="muted actions">expected by #6, #7, #10<\/small>/,
    );
    expect(html).toMatch(
      /<th class="num" data-type="synergy">Synergies<small class="muted actions">tracking table<\/small>/,
    );
    expect(html).toMatch(
      /<tr data-partner="YNU"[^>]*>.*?<td class="num zero expected" data-type="publication">/s,
    );
    expect(html).toMatch(/<tr data-partner="YNU"[^>]*>.*?<td class="num zero" data-type="metric">/s);
    // The newsletter linked to the timeline item shows as done in month 6.
    expect(html).toMatch(
      /<tr class="done" data-item="newsletters">(?:<td[^>]*>[^<]*<\/td>){6}<td class="m hit">1<\/td>/,
    );
    expect(html).toContain('Figures as of 31 December 2019 · project month 18 of 36');
    expect(html).toContain('<a id="digest-link" href="/p/m-sec/digest">');
  });

  it('links each figure to exactly the records behind it, parts included', async () => {
    const html = await (await viewer.get('/p/m-sec/dashboard?to=2019-12-31')).text();
    const card = html.slice(html.indexOf('id="kpi-conference-publications"'));
    expect(card).toMatch(/class="kpi-value"[^>]*>2<\/a>/);
    const drill = await viewer.get('/p/m-sec/dashboard/kpis/conference-publications?to=2019-12-31');
    expect(drill.status).toBe(200);
    const rows = await drill.text();
    expect(count(rows, /<tr data-id=/g)).toBe(2);
    expect(rows).toContain('Paper one');
    const part = await (
      await viewer.get('/p/m-sec/dashboard/kpis/conference-publications?part=joint-eu-jp&to=2019-12-31')
    ).text();
    expect(count(part, /<tr data-id=/g)).toBe(1);
    expect(part).toContain('Paper one');
    expect(part).not.toContain('Paper two');
  });

  it('filters by project year, without status, and rejects a year the project does not have', async () => {
    const html = await (await viewer.get('/p/m-sec/dashboard?year=2')).text();
    expect(html).toContain('Records dated from 1 July 2019 to');
    expect(html).not.toContain('class="status status-');
    const card = html.slice(html.indexOf('id="kpi-conference-publications"'));
    expect(card).toMatch(/class="kpi-value"[^>]*>1<\/a>/);
    const bad = await viewer.get('/p/m-sec/dashboard?year=9', { accept: 'application/json' });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: { code: 'invalid_year', details: [{ path: 'year' }] } });
  });

  it('speaks Japanese', async () => {
    const html = await (await viewer.get('/p/m-sec/dashboard?lang=ja')).text();
    expect(html).toContain('<html lang="ja">');
    expect(html).toContain('<h1>ダッシュボード</h1>');
    expect(html).toContain('要対応');
  });
});

describe('errors on the dashboard', () => {
  it('explains a bad period in the page language', async () => {
    const en = await viewer.get('/p/m-sec/dashboard?year=7&lang=en');
    expect(en.status).toBe(400);
    expect(await en.text()).toContain('The project has years 1 to 3, not 7.');
    const ja = await viewer.get('/p/m-sec/dashboard?from=2020-01-01&to=2019-01-01&lang=ja');
    expect(ja.status).toBe(400);
    expect(await ja.text()).toContain('期間の開始日（2020-01-01）が終了日（2019-01-01）より後です。');
  });
});
