/** The dashboard in Chromium: a member opens it in English and Japanese, drills down from a KPI card, sees the Gantt. */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSession } from '../auth/sessions';
import { createTestApp, startTestServer, type TestApp, type TestServer } from '../../test/app';
import { makeUser } from '../../test/auth-helpers';
import { launchBrowser } from '../../test/browser';
import { rowInserter } from '../../test/factories/rows';

let t: TestApp;
let server: TestServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  t = await createTestApp({ plan: true });
  const r = rowInserter(t.database.db, 'm-sec', 'F6S');
  await r.publications([
    {
      title: 'Secure IoT in Fujisawa',
      type: 'conference_paper',
      jointEuJp: true,
      date: '2019-04-01',
      year: 2019,
    },
    { title: 'Blockchain for Santander', type: 'conference_paper', date: '2019-05-01', year: 2019 },
  ]);
  await r.activities([
    { title: 'Newsletter 1', kind: 'newsletter', startDate: '2018-12-10', timelineItem: 'newsletters' },
  ]);
  const user = await makeUser(t.database.db, { role: 'viewer', projectId: 'm-sec' });
  const session = await createSession(t.database.db, { userId: user.id });
  server = await startTestServer(t.app);
  browser = await launchBrowser();
  context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-GB' });
  await context.addCookies([{ name: 'herald_session', value: session.id, url: server.url }]);
  page = await context.newPage();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await t?.close();
});

describe('dashboard in Chromium', () => {
  it('shows KPI cards with charts and the Gantt, and drills down from a card to its records', async () => {
    await page.goto(`${server.url}/p/m-sec/dashboard?to=2019-12-31`);
    expect(await page.locator('main h1').innerText()).toBe('Dashboard');
    expect(await page.locator('article.kpi-card').count()).toBe(18);
    expect(await page.locator('.sparkline svg').first().isVisible()).toBe(true);
    const gantt = page.locator('#gantt table');
    expect(await gantt.isVisible()).toBe(true);
    expect(await page.locator('#gantt tr.done[data-item="newsletters"] td.hit').innerText()).toBe('1');
    await page.screenshot({ path: '/tmp/herald-dashboard-en.png', fullPage: false });

    await page.locator('#kpi-conference-publications a.kpi-value').click();
    await page.waitForURL(/\/dashboard\/kpis\/conference-publications/);
    expect(await page.locator('main h1').innerText()).toContain('Publications in international conferences');
    const titles = await page.locator('table.drilldown tbody tr td:nth-child(2)').allInnerTexts();
    expect(titles.sort()).toEqual(['Blockchain for Santander', 'Secure IoT in Fujisawa']);
  });

  it('shows the dashboard in Japanese after the language switch', async () => {
    await page.goto(`${server.url}/p/m-sec/dashboard`);
    await page.locator('header a.lang').click();
    await page.waitForFunction("document.documentElement.lang === 'ja'");
    expect(await page.locator('main h1').innerText()).toBe('ダッシュボード');
    expect(await page.locator('#attention h2').innerText()).toBe('要対応');
    expect(await page.locator('article.kpi-card').count()).toBe(18);
    await page.screenshot({ path: '/tmp/herald-dashboard-ja.png', fullPage: false });
  });
});
