/**
 * OpenAIRE's suggestions in Chromium: a loopback fake of the Graph API serves two products for the grant, the
 * coordinator fills the inbox with "check now", accepts one (it appears among the publications) and rejects the
 * other, which stays rejected after another run.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../../test/app';
import { createAuthTestApp, makeUser, PROJECT, type AuthTestApp } from '../../../test/auth-helpers';
import { launchBrowser } from '../../../test/browser';
import { createSession } from '../../auth/sessions';
import { recordingSleep, startFakeService, type FakeService } from '../testing/fake-service';
import { product, serveGraph } from './testing/graph-fixtures';

let fake: FakeService;
let t: AuthTestApp;
let server: TestServer;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  fake = await startFakeService();
  serveGraph(fake, {
    grant: '101000001',
    products: [
      product({ n: 1, title: 'Tidal arrays in estuaries' }),
      product({ n: 2, title: 'A dataset elsewhere' }),
    ],
  });
  t = await createAuthTestApp({
    sources: {
      endpoints: { openaire: fake.url },
      sleep: recordingSleep().sleep,
      policy: { ratePerSecond: 0 },
    },
  });
  const coordinator = await makeUser(t.db, { role: 'coordinator', name: 'Cora Ord' });
  const session = await createSession(t.db, { userId: coordinator.id });
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
  await fake?.close();
});

const waiting = () => page.locator('table.suggestions.waiting tbody tr');
const row = (title: string) => waiting().filter({ hasText: title });
const decided = (title: string) =>
  page.locator('table.suggestions.decided tbody tr').filter({ hasText: title });

describe('suggested outputs in the browser', () => {
  it(
    'check now, accept one (a publication), reject the other (stays rejected)',
    { timeout: 120_000 },
    async () => {
      const inbox = `${server.url}/p/${PROJECT}/sources/suggestions`;
      await page.goto(inbox);
      await page.getByRole('button', { name: 'Check OpenAIRE now' }).click();
      await expect.poll(() => waiting().count()).toBe(2);

      const accept = row('Tidal arrays in estuaries').locator('form.suggestion-accept');
      await accept.getByLabel('Lead partner').selectOption('CORPB');
      await accept.getByRole('button', { name: 'Accept' }).click();
      await expect
        .poll(() => decided('Tidal arrays in estuaries').getAttribute('data-status'))
        .toBe('accepted');
      expect(await page.locator('p.notice[role=status]').textContent()).toContain('it is now a publication');

      const reject = row('A dataset elsewhere').locator('form.suggestion-reject');
      await reject.getByLabel('Reason (optional)').fill('Another project’s dataset');
      await reject.getByRole('button', { name: 'Reject' }).click();
      await expect.poll(() => decided('A dataset elsewhere').getAttribute('data-status')).toBe('rejected');
      expect(await decided('A dataset elsewhere').textContent()).toContain('Another project’s dataset');

      // Another run: the rejected product stays rejected, nothing waits.
      await page.getByRole('button', { name: 'Check OpenAIRE now' }).click();
      await expect
        .poll(() => page.locator('p.notice[role=status]').textContent())
        .toContain('OpenAIRE checked');
      expect(await waiting().count()).toBe(0);
      expect(await decided('A dataset elsewhere').getAttribute('data-status')).toBe('rejected');

      // The accepted one is a publication: its link from the inbox opens it.
      await decided('Tidal arrays in estuaries').getByRole('link', { name: 'the publication' }).click();
      await expect.poll(() => page.locator('h1').textContent()).toContain('Tidal arrays in estuaries');
      await page.goto(`${server.url}/p/${PROJECT}/records/publications`);
      expect(await page.locator('main').textContent()).toContain('Tidal arrays in estuaries');
      expect(await page.locator('main').textContent()).not.toContain('A dataset elsewhere');
    },
  );
});
