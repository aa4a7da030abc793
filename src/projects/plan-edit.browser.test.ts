/**
 * The plan editor in Chromium (issue 24), in English and in Japanese: the coordinator raises M-Sec's newsletter
 * target from 4 to 6, sees the consistency warning (4 newsletters vs a cadence of 6) disappear in the preview,
 * saves with a reason, and finds the change in the history. The partners' row form works without JavaScript.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, M_SEC_PLAN, startTestServer, type TestApp, type TestServer } from '../../test/app';
import { makeUser } from '../../test/auth-helpers';
import { launchBrowser } from '../../test/browser';
import { rowInserter } from '../../test/factories/rows';
import { createSession } from '../auth/sessions';
import { en, ja } from './edit-messages';
import { importPlanFile } from './service';

const P = 'm-sec';
const WARNING = '#plan-edit-preview li[data-key="plancheck.kpi-cadence-mismatch"]';
let t: TestApp;
let server: TestServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  t = await createTestApp({ plan: true });
  await rowInserter(t.database.db, P, 'F6S').activities([{ kind: 'newsletter', startDate: '2018-12-20' }]);
  const user = await makeUser(t.database.db, { role: 'coordinator', projectId: P });
  const session = await createSession(t.database.db, { userId: user.id });
  server = await startTestServer(t.app);
  browser = await launchBrowser();
  context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-GB' });
  await context.addCookies([{ name: 'herald_session', value: session.id, url: server.url }]);
  page = await context.newPage();
});
afterAll(async () => {
  await context?.close();
  await browser?.close();
  await server?.close();
  await t?.close();
});

async function raiseNewsletterTarget(lang: 'en' | 'ja', reason: string) {
  const m = lang === 'en' ? en : ja;
  await page.goto(`${server.url}/p/${P}/plan/edit?lang=${lang}`);
  await page.locator('li[data-section="kpis"] a').click();
  await page.waitForURL(/\/plan\/edit\/kpis/);
  expect(await page.locator('main h1').innerText()).toBe(m['planEdit.section.kpis']);
  expect(await page.locator('main').innerText()).toContain(m['planEdit.kpis.reports']);
  // The current plan's warning: the KPI says 4 newsletters, the cadence 6.
  await expect.poll(() => page.locator(WARNING).count()).toBe(1);
  const row = page.locator('tr[data-kpi="newsletters"]:not(.part)');
  expect(await row.locator('input[name$=".target"]').inputValue()).toBe('4');
  await row.locator('input[name$=".target"]').fill('6');
  await row.locator('input[name$=".target_text"]').fill('6 newsletters');
  await page.getByRole('button', { name: m['planEdit.preview'] }).click();
  await page.locator('#plan-edit-preview .plan-edit-preview').waitFor();
  await expect.poll(() => page.locator(WARNING).count()).toBe(0);
  const figures = page.locator('table.plan-edit-figures tr[data-kpi="newsletters"]');
  expect(await figures.locator('td.before [data-target]').getAttribute('data-target')).toBe('4');
  expect(await figures.locator('td.after [data-target]').getAttribute('data-target')).toBe('6');
  expect(await page.locator('#plan-edit-preview').innerText()).toContain('kpis.[id=newsletters].target');
  await page.screenshot({ path: `/tmp/herald-plan-edit-preview-${lang}.png`, fullPage: true });
  await page.locator('#f-reason').fill(reason);
  await page.getByRole('button', { name: m['planEdit.save'] }).click();
  await page.waitForURL(/\/history/);
  const latest = page.locator('table.history tbody tr').first();
  expect(await latest.locator('td.reason').innerText()).toBe(reason);
  expect(await latest.innerText()).toContain('kpis.[id=newsletters].target');
}

describe('plan editor in Chromium', () => {
  it('raises the newsletter target in English: the warning goes, the reason is in the history', async () => {
    await raiseNewsletterTarget('en', 'Six newsletters, as the cadence says');
    await page.screenshot({ path: '/tmp/herald-plan-edit-history-en.png', fullPage: true });
  });

  it('does the same in Japanese', async () => {
    // Back to the plan as imported (target 4): a new version, as any import.
    await importPlanFile(t.database.db, { file: M_SEC_PLAN, actor: 'test' });
    await raiseNewsletterTarget('ja', 'ニュースレターは配信計画どおり6回');
    expect(await page.locator('html').getAttribute('lang')).toBe('ja');
  });

  it('shows the project facts with the bilingual texts side by side', async () => {
    await page.goto(`${server.url}/p/${P}/plan/edit/facts?lang=ja`);
    const short = page.locator('fieldset[data-field="project.description.short"]');
    expect(await short.locator('textarea[lang="en"]').inputValue()).toContain(
      'M-Sec is a collaborative project',
    );
    expect(await short.locator('textarea[lang="ja"]').inputValue()).toContain(
      'M-Secは、EUと日本の共同プロジェクト',
    );
    const [en, ja] = await Promise.all([
      short.locator('textarea[lang="en"]').boundingBox(),
      short.locator('textarea[lang="ja"]').boundingBox(),
    ]);
    expect(ja!.x).toBeGreaterThan(en!.x + en!.width - 1);
    expect(Math.abs(ja!.y - en!.y)).toBeLessThan(2);
    await page.screenshot({ path: '/tmp/herald-plan-edit-facts-ja.png', fullPage: true });
  });

  it('adds a partner row without JavaScript, and Enter in a field saves rather than adding a row', async () => {
    await page.goto(`${server.url}/p/${P}/plan/edit/partners?lang=en`);
    const rows = page.locator('section[data-list="partners"] > fieldset.plan-edit-row');
    const n = await rows.count();
    await page.locator('button[data-add="partners"]').click();
    await page.waitForSelector(`fieldset[data-row="partners.${n}"][data-from=""]`);
    expect(await rows.count()).toBe(n + 1);
    // The new row is left empty and ticked for removal; YNU (row 9) is retired.
    await page.locator(`input[name="partners.${n}._remove"]`).check();
    await page.locator('input[name="partners.8._remove"]').check();
    await page.locator('#f-reason').fill('YNU left the consortium');
    await page.locator('input[name="partners.3.region"]').press('Enter');
    await page.waitForURL(/\/history/);
    expect(await page.locator('table.history tbody tr').first().innerText()).toContain('partners.[code=YNU]');
  });
});
