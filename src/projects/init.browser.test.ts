/**
 * The new-project wizard in Chromium (issue 24), in English and Japanese: an admin fills in the facts, pastes the
 * partner table, previews the KPIs and the YAML, creates the project and lands on its overview; the project's YAML
 * download imports back unchanged.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, startTestServer, type TestApp, type TestServer } from '../../test/app';
import { makeUser } from '../../test/auth-helpers';
import { launchBrowser } from '../../test/browser';
import { createSession } from '../auth/sessions';
import { parsePlan } from '../plan/loader';
import { en, ja } from './init-messages';
import { importPlan } from './service';

let t: TestApp;
let server: TestServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;

const PARTNERS =
  'No\tCode\tName\tCountry\tType\n1\tUNI\tUniversità di Esempio\tIT\tHES\n2\tJPX\tJapan Lab\tJP\tREC\n';

beforeAll(async () => {
  t = await createTestApp();
  const admin = await makeUser(t.database.db, { isAdmin: true });
  const session = await createSession(t.database.db, { userId: admin.id });
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

async function createWithWizard(lang: 'en' | 'ja', acronym: string, programme: 'H2020' | 'HORIZON_EUROPE') {
  const m = lang === 'en' ? en : ja;
  await page.goto(`${server.url}/projects/new?lang=${lang}`);
  expect(await page.locator('main h1').innerText()).toBe(m['init.title']);
  await page.locator('#init-acronym').fill(acronym);
  await page.locator('#init-programme').selectOption(programme);
  await page.locator('#init-grant').fill('101099999');
  await page.locator('#init-start').fill('2025-01-01');
  await page.locator('#init-months').fill('24');
  await page.locator('#init-partners').fill(PARTNERS);
  await page.locator('#init-size').selectOption('small');
  await page.locator('input[name="languages"][value="ja"]').check();
  // The medium core set is checked; keep it and add the video views.
  await page.locator('label[data-indicator="video-views"] input').check();
  await page.getByRole('button', { name: m['init.preview'] }).click();
  await page.locator('#init-preview table.init-kpis').waitFor();
  expect(
    await page
      .locator('#init-preview tr[data-kpi="video-views"] td[data-target]')
      .getAttribute('data-target'),
  ).toBe('1000');
  expect(await page.locator('#init-preview pre.init-yaml').innerText()).toContain('doi: 10.3030/101099999');
  await page.screenshot({ path: `/tmp/herald-init-preview-${lang}.png`, fullPage: true });
  await page.getByRole('button', { name: m['init.create'] }).click();
  const id = acronym.toLowerCase();
  await page.waitForURL(`${server.url}/p/${id}`);
  expect(await page.locator('main').innerText()).toContain(acronym);

  const download = await page.request.get(`${server.url}/p/${id}/plan.yaml`);
  expect(download.status()).toBe(200);
  const text = await download.text();
  const loaded = parsePlan(text, `${id}.yaml`);
  expect(loaded.ok).toBe(true);
  if (!loaded.ok) return;
  const again = await importPlan(t.database.db, {
    plan: loaded.plan,
    sourceText: text,
    sourceName: 'x',
    actor: 'test',
  });
  expect(again).toMatchObject({ projectId: id, status: 'unchanged', version: 1 });
}

describe('the new-project wizard in Chromium', () => {
  it('creates a Horizon Europe project in English, whose YAML imports back unchanged', async () => {
    await createWithWizard('en', 'Alpha', 'HORIZON_EUROPE');
  });

  it('creates an H2020 project in Japanese, whose YAML imports back unchanged', async () => {
    await createWithWizard('ja', 'Beta', 'H2020');
  });
});
