/**
 * "Add publications by DOI" in Chromium: a coordinator opens it from the publications list, looks up two DOIs
 * (one known to the local fake Crossref, one to nobody), sees each status and the box keeping the unknown one,
 * reviews the import preview, commits it, and finds the publication in the list.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../../test/app';
import {
  createAuthTestApp,
  makeUser,
  PARTNER_A,
  PROJECT,
  type AuthTestApp,
} from '../../../test/auth-helpers';
import { launchBrowser } from '../../../test/browser';
import { createSession } from '../../auth/sessions';
import { createRunner, type Runner } from '../../jobs/runner';
import { systemClock } from '../../lib/clock';
import { createLogger } from '../../log';
import { recordingSleep, startFakeService, type FakeService } from '../testing/fake-service';
import { serveDois } from './testing/recordings';

let t: AuthTestApp;
let fake: FakeService;
let server: TestServer;
let browser: Browser;
let page: Page;
let runner: Runner;

const ARTICLE = '10.1016/j.oceaneng.2025.777';
const NOWHERE = '10.9999/unknown';

beforeAll(async () => {
  fake = await startFakeService();
  serveDois(fake, { crossref: { [ARTICLE]: 'Wave loads on floating breakwaters' } });
  t = await createAuthTestApp({
    jobs: { wake: () => runner.wake() },
    sources: { endpoints: { crossref: fake.url, datacite: fake.url }, sleep: recordingSleep().sleep },
  });
  const coordinator = await makeUser(t.db, { role: 'coordinator' });
  const session = await createSession(t.db, { userId: coordinator.id });
  server = await startTestServer(t.app);
  runner = createRunner({
    db: t.db,
    clock: systemClock,
    log: createLogger('silent'),
    deps: {},
    schedules: [],
  });
  runner.start({ intervalMs: 100 });
  browser = await launchBrowser();
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-GB' });
  await context.addCookies([{ name: 'herald_session', value: session.id, url: server.url }]);
  page = await context.newPage();
});

afterAll(async () => {
  await runner?.stop();
  await browser?.close();
  await server?.close();
  await t?.close();
  await fake?.close();
});

describe('add a publication by DOI in Chromium', () => {
  it('looks up, previews, commits, and the publication is in the list', async () => {
    await page.goto(`${server.url}/p/${PROJECT}/records/publications`);
    await page.getByRole('link', { name: 'Add by DOI' }).click();
    await page.locator('#doi-form').waitFor();
    expect(await page.locator('main h1').innerText()).toBe('Add publications by DOI');
    await page.locator('#doi-form select[name="partner"]').selectOption(PARTNER_A);
    await page.locator('#doi-form textarea[name="dois"]').fill(`https://doi.org/${ARTICLE}\n${NOWHERE}\n`);
    await page.getByRole('button', { name: 'Look up' }).click();
    await page.locator('#doi-results').waitFor();
    expect(await page.locator(`tr[data-doi="${ARTICLE}"]`).innerText()).toContain('found at Crossref');
    expect(await page.locator(`tr[data-doi="${NOWHERE}"]`).innerText()).toContain('not found');
    expect((await page.locator('#doi-form textarea[name="dois"]').inputValue()).trim()).toBe(NOWHERE);
    expect(await page.locator('#doi-preview').innerText()).toContain('Ready to import: 1 new');
    await page.screenshot({ path: '/tmp/herald-doi-lookup.png', fullPage: true });

    await page.getByRole('link', { name: 'Review and import' }).click();
    await page.waitForURL(/\/import\/[\w-]{43}$/);
    expect(await page.locator('dd[data-count="valid"]').innerText()).toBe('1');
    await page.getByRole('button', { name: 'Import all (1 row)' }).click();
    await page.locator('.import-result .summary').waitFor();
    expect(await page.locator('.import-result .summary').innerText()).toBe(
      'Imported 1, duplicates 0, invalid 0.',
    );

    await page.goto(`${server.url}/p/${PROJECT}/records/publications`);
    expect(await page.locator('main').innerText()).toContain('Wave loads on floating breakwaters');
    // Crossref was asked by content negotiation, with the polite User-Agent.
    expect(
      fake.requests.some((r) => r.path.startsWith('/works/10.1016/j.oceaneng.2025.777/transform/')),
    ).toBe(true);
  });
});
