/**
 * The social calendar in Chromium (one browser context): a coordinator plans a month of posts from the calendar's
 * day links (the live character count follows the text), sees the warning for the week without a post and for the
 * post without an image, fixes both (a post in that week, an image attached to the other) and the warnings are gone.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../test/app';
import { createAuthTestApp, makeUser, PROJECT, type AuthTestApp } from '../../test/auth-helpers';
import { launchBrowser } from '../../test/browser';
import { tinyPng } from '../../test/records';
import { importSocialPlan } from '../../test/social';
import { createSession } from '../auth/sessions';
import { fixedClock } from '../lib/clock';

let t: AuthTestApp;
let server: TestServer;
let browser: Browser;
let page: Page;
const calendar = () => `${server.url}/p/${PROJECT}/social?view=month&date=2024-03-01`;

beforeAll(async () => {
  t = await createAuthTestApp({ clock: fixedClock('2024-03-01T09:00:00Z') });
  await importSocialPlan(t.db);
  const user = await makeUser(t.db, { role: 'coordinator' });
  const session = await createSession(t.db, { userId: user.id });
  server = await startTestServer(t.app);
  browser = await launchBrowser();
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-GB' });
  await context.addCookies([{ name: 'herald_session', value: session.id, url: server.url }]);
  page = await context.newPage();
  page.setDefaultNavigationTimeout(90_000);
}, 240_000);
afterAll(async () => {
  await browser?.close();
  await server?.close();
  await t?.close();
});

const image = (name: string) => ({ name, mimeType: 'image/png', buffer: tinyPng(8) });

/** From the calendar, the day's "+" link, then the form: text, an image if asked, save. */
async function planOn(day: string, text: string, withImage: boolean): Promise<void> {
  await page.goto(calendar());
  await page.locator(`td[data-day="${day}"] a.add`).click();
  await page.waitForURL(new RegExp(`/social/new\\?date=${day}$`));
  await page.locator('#social-text').fill(text);
  if (withImage) {
    await page.locator('#social-form input[type=file]').setInputFiles(image(`${day}.png`));
    await page.locator('#social-form input[name=image_alt]').fill('A tidal turbine');
  }
  await page.getByRole('button', { name: 'Save' }).click();
  await page.waitForURL(/\/social\/[0-9a-f-]{36}\?saved=1$/);
  await expect.poll(() => page.locator('main').textContent()).toContain('Saved.');
}

const weekWarnings = (monday: string) =>
  page.locator(`tr[data-week="${monday}"] th [data-finding="frequency"]`).count();

describe('planning a month of posts', () => {
  it(
    'warns about the empty week and the post without an image until both are fixed',
    { timeout: 180_000 },
    async () => {
      // The live count follows the text (X: a link counts 23).
      await page.goto(`${server.url}/p/${PROJECT}/social/new?date=2024-03-05`);
      await expect
        .poll(() => page.locator('#social-count').textContent())
        .toBe('0 / 280 characters on twitter');
      await page.locator('#social-text').fill('Hello #TideX https://tide-x.example/a/long/path');
      await expect
        .poll(() => page.locator('#social-count').textContent())
        .toBe('36 / 280 characters on twitter');

      // A month (26 February to 31 March, whole weeks) with a post every week but the one of 11 March; one has no image.
      await planOn('2024-02-27', 'Kick-off week #TideX', true);
      await planOn('2024-03-05', 'Harbour visit #TideX', false);
      await planOn('2024-03-19', 'Turbine test #TideX', true);
      await planOn('2024-03-26', 'Grid link #TideX', true);

      await page.goto(calendar());
      expect(await weekWarnings('2024-03-11')).toBe(1);
      for (const monday of ['2024-02-26', '2024-03-04', '2024-03-18', '2024-03-25'])
        expect(await weekWarnings(monday), monday).toBe(0);
      const noImage = page.locator('td[data-day="2024-03-05"] [data-post] [data-finding="image"]');
      expect(await noImage.count()).toBe(1);
      expect(await page.locator('[data-post] [data-finding]').count()).toBe(1);
      expect(await page.locator('tr[data-week="2024-03-11"] th').textContent()).toContain(
        'Week 2024-W11 has 0 of the 1 posts a week the strategy asks for',
      );

      // Fix the week: a post on 12 March.
      await planOn('2024-03-12', 'Midweek update #TideX', true);
      // Fix the image: open the post from the calendar and attach one.
      await page.goto(calendar());
      await page.locator('td[data-day="2024-03-05"] [data-post] a').first().click();
      await page.waitForURL(/\/social\/[0-9a-f-]{36}$/);
      await page.locator('#social-form input[type=file]').setInputFiles(image('fix.png'));
      await page.locator('#social-form input[name=image_alt]').fill('The harbour');
      await page.getByRole('button', { name: 'Save' }).click();
      await page.waitForURL(/\?saved=1$/);
      await expect.poll(() => page.locator('main img.news-thumb').count()).toBe(2); // the post's and the form's

      await page.goto(calendar());
      expect(await page.locator('[data-finding]').count()).toBe(0);
      expect(await page.locator('#social-findings-none').textContent()).toBe('No warnings for these dates.');
      expect(await page.locator('[data-post]').count()).toBe(5);
    },
  );
});
