/** htmx boosts every link and form; an error response (a failed sign-in, 401) must still show its message. */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, startTestServer, type TestApp, type TestServer } from '../../test/app';
import { makeUser } from '../../test/auth-helpers';
import { launchBrowser } from '../../test/browser';

let t: TestApp;
let server: TestServer;
let browser: Browser;
let page: Page;
let email: string;

beforeAll(async () => {
  t = await createTestApp({ plan: true });
  email = (
    await makeUser(t.database.db, { password: 'correct horse battery', role: 'viewer', projectId: 'm-sec' })
  ).email;
  server = await startTestServer(t.app);
  browser = await launchBrowser();
  page = await browser.newPage({ locale: 'en-GB' });
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
  await t?.close();
});

describe('boosted forms', () => {
  it('show the message of a refused sign-in, then sign in', async () => {
    await page.goto(`${server.url}/login`);
    await page.fill('input[name="email"]', email);
    await page.fill('input[name="password"]', 'wrong password!');
    await page.locator('main form button[type="submit"]').first().click();
    await page.getByText('E-mail or password is incorrect.').waitFor({ timeout: 5000 });
    // The refused answer is swapped in; a click while htmx still swaps or settles it can be lost on a busy machine.
    await page.waitForFunction("!document.querySelector('.htmx-request, .htmx-swapping, .htmx-settling')");
    await page.fill('input[name="password"]', 'correct horse battery');
    await page.locator('main form button[type="submit"]').first().click();
    await page.waitForURL((u) => !u.pathname.startsWith('/login'));
    expect(await page.locator('header .user-menu').innerText()).toContain('Sign out');
  });
});
