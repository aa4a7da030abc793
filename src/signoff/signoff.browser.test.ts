/**
 * A partner editor signs off a period in Chromium (one step, htmx swapping the period's card), says something is
 * missing for another, and the coordinator then sees both in the partners × periods table. One browser context:
 * the session cookie changes from the editor's to the coordinator's. M-Sec (2018-07-01, 36 months): three ended
 * yearly periods.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSession } from '../auth/sessions';
import { createTestApp, startTestServer, type TestApp, type TestServer } from '../../test/app';
import { makeUser } from '../../test/auth-helpers';
import { launchBrowser } from '../../test/browser';

let t: TestApp;
let server: TestServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
const sessions: Record<'editor' | 'coordinator', string> = { editor: '', coordinator: '' };

beforeAll(async () => {
  t = await createTestApp({ plan: true });
  const db = t.database.db;
  const editor = await makeUser(db, {
    role: 'editor',
    partnerCode: 'WLI',
    projectId: 'm-sec',
    name: 'Wen Li',
  });
  const coordinator = await makeUser(db, { role: 'coordinator', projectId: 'm-sec', name: 'Cora Ord' });
  sessions.editor = (await createSession(db, { userId: editor.id })).id;
  sessions.coordinator = (await createSession(db, { userId: coordinator.id })).id;
  server = await startTestServer(t.app);
  browser = await launchBrowser();
  context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-GB' });
  page = await context.newPage();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
  await t?.close();
});

const signInAs = async (who: keyof typeof sessions) => {
  await context.clearCookies();
  await context.addCookies([{ name: 'herald_session', value: sessions[who], url: server.url }]);
};
const card = (n: number) => page.locator(`#period-${n}`);
const cell = (partner: string, n: number) =>
  page.locator(`table.signoff-table tr[data-partner="${partner}"] td[data-period="${n}"]`);

describe('period sign-off in the browser', () => {
  it(
    'the editor signs off in one step; the coordinator sees who confirmed',
    { timeout: 120_000 },
    async () => {
      await signInAs('editor');
      await page.goto(`${server.url}/p/m-sec/signoff`);
      await expect.poll(() => card(1).getAttribute('data-state')).toBe('missing');
      await card(1)
        .getByRole('button', {
          name: /^Our records for period 1 \(1 July 2018 – 30 June 2019\) are complete$/,
        })
        .click();
      await expect.poll(() => card(1).getAttribute('data-state')).toBe('confirmed');
      expect(await card(1).textContent()).toContain('Saved.');
      expect(await card(1).textContent()).toContain('Confirmed by Wen Li');
      // The swap happened in place: the page was not reloaded.
      expect(new URL(page.url()).search).toBe('');

      // Something is missing in period 2: the text is required by the form, then sent.
      const incomplete = card(2).locator('form.signoff-incomplete');
      await incomplete.getByRole('button', { name: 'Send' }).click();
      expect(await card(2).locator('textarea:invalid').count()).toBe(1);
      await incomplete.locator('textarea').fill('Two workshops in Tokyo are not entered yet');
      await incomplete.getByRole('button', { name: 'Send' }).click();
      await expect.poll(() => card(2).getAttribute('data-state')).toBe('incomplete');

      await signInAs('coordinator');
      await page.goto(`${server.url}/p/m-sec/signoff`);
      await expect.poll(() => cell('WLI', 1).getAttribute('data-state')).toBe('confirmed');
      expect(await cell('WLI', 1).textContent()).toContain('Confirmed by Wen Li');
      expect(await cell('WLI', 2).getAttribute('data-state')).toBe('incomplete');
      expect(await cell('WLI', 2).textContent()).toContain('Two workshops in Tokyo are not entered yet');
      expect(await cell('WLI', 3).getAttribute('data-state')).toBe('missing');
      expect(await cell('ICCS', 1).getAttribute('data-state')).toBe('missing');
      // The coordinator opens the partner's view from the table.
      await page.locator('table.signoff-table tr[data-partner="WLI"] th a').click();
      await expect.poll(() => card(1).getAttribute('data-state')).toBe('confirmed');
    },
  );
});
