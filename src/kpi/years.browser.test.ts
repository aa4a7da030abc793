/** A coordinator closes a project year from the dashboard in Chromium, then re-opens it with a reason. */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSession } from '../auth/sessions';
import { createTestApp, startTestServer, type TestApp, type TestServer } from '../../test/app';
import { makeUser } from '../../test/auth-helpers';
import { launchBrowser } from '../../test/browser';
import { rowInserter } from '../../test/factories/rows';

let t: TestApp;
let server: TestServer;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  t = await createTestApp({ plan: true });
  await rowInserter(t.database.db, 'm-sec', 'F6S').activities([
    { title: 'Newsletter 1', kind: 'newsletter', startDate: '2018-12-10' },
  ]);
  const user = await makeUser(t.database.db, { role: 'coordinator', projectId: 'm-sec' });
  const session = await createSession(t.database.db, { userId: user.id });
  server = await startTestServer(t.app);
  browser = await launchBrowser();
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-GB' });
  await context.addCookies([{ name: 'herald_session', value: session.id, url: server.url }]);
  page = await context.newPage();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
  await t?.close();
});

const header = (year: number) => page.locator(`table.snapshots th[data-year="${year}"]`);

describe('closing a year from the dashboard', () => {
  // A generous limit: Chromium and the dashboard share two cores with other work.
  it('freezes the year on a click, and re-opens it only with a reason', { timeout: 120_000 }, async () => {
    await page.goto(`${server.url}/p/m-sec/dashboard`);
    await expect.poll(() => header(1).getAttribute('data-state')).toBe('provisional');
    await page.getByRole('button', { name: 'Close year 1' }).click();
    await expect.poll(() => header(1).getAttribute('data-state')).toBe('closed');
    expect(await header(1).textContent()).toMatch(/closed on \d+ \w+ \d{4}/);
    expect(await header(2).getAttribute('data-state')).toBe('provisional');

    // The reason field is required: the browser does not send the form without it.
    const reopen = page.getByRole('button', { name: 'Re-open year 1' });
    await reopen.click();
    expect(await page.locator('form[data-year="1"] input[name="reason"]:invalid').count()).toBe(1);
    expect(await header(1).getAttribute('data-state')).toBe('closed');
    await page.locator('form[data-year="1"] input[name="reason"]').fill('figures checked again');
    await reopen.click();
    await expect.poll(() => header(1).getAttribute('data-state')).toBe('provisional');
  });
});
