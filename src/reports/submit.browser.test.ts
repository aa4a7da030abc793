/**
 * Issue 18's Done-when in Chromium: the coordinator opens the pre-flight, sees a finding, follows its link to the
 * record, fixes it and sees the finding gone; generates year 1's report in English and in Japanese (jobs, waited for
 * by their state); submits it with the confirmation (the warning acknowledged); downloads the submitted file and its
 * bytes equal the stored ones. Every page visited passes the accessibility checks below.
 */
import { readFile } from 'node:fs/promises';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../test/app';
import { createAuthTestApp, makeUser, PROJECT, type AuthTestApp } from '../../test/auth-helpers';
import { launchBrowser } from '../../test/browser';
import { activityInput } from '../../test/factories/records';
import { createSession } from '../auth/sessions';
import { systemActor } from '../auth/permissions';
import { reportFiles, reports } from '../db/schema';
import { createRunner, type Runner } from '../jobs/runner';
import { systemClock } from '../lib/clock';
import { createLogger } from '../log';
import { createRecord } from '../records/service';

let t: AuthTestApp;
let server: TestServer;
let browser: Browser;
let page: Page;
let runner: Runner;
let activityId = '';
const dir = mkdtempSync(join(tmpdir(), 'herald-submit-browser-'));

beforeAll(async () => {
  t = await createAuthTestApp({ jobs: { wake: () => runner.wake() }, keyFile: join(dir, 'key.pem') });
  const coordinator = await makeUser(t.db, { role: 'coordinator', projectId: PROJECT });
  const session = await createSession(t.db, { userId: coordinator.id });
  // Delivered in year 1 without its outcome (a Portal mandatory field: a pre-flight error) and without evidence.
  activityId = (
    await createRecord(t.db, {
      actor: systemActor('test'),
      projectId: PROJECT,
      kind: 'activity',
      input: activityInput({ title: 'Pilot press release', start_date: '2024-03-15' }),
    })
  ).id;
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
  const context = await browser.newContext({
    viewport: { width: 1280, height: 900 },
    locale: 'en-GB',
    acceptDownloads: true,
  });
  await context.addCookies([{ name: 'herald_session', value: session.id, url: server.url }]);
  page = await context.newPage();
});
afterAll(async () => {
  await runner?.stop();
  await browser?.close();
  await server?.close();
  await t?.close();
});

/**
 * In the page: what an accessibility checker flags first. No axe-core in the dependencies, so the rules are ours:
 * the document has a language and one h1; every visible form control has an accessible name (a label or
 * aria-label); every link and button has text; every image has alt text; ids are unique.
 */
const A11Y_SCRIPT = `(() => {
  const out = [];
  if (!document.documentElement.getAttribute('lang')) out.push('html has no lang');
  const h1 = document.querySelectorAll('h1').length;
  if (h1 !== 1) out.push(h1 + ' h1 elements');
  const visible = (el) => el.getClientRects().length > 0;
  for (const el of document.querySelectorAll('input:not([type=hidden]), select, textarea')) {
    if (!visible(el)) continue;
    const named = (el.labels && el.labels.length > 0) || el.getAttribute('aria-label') || el.getAttribute('aria-labelledby');
    if (!named) out.push('unnamed ' + el.tagName.toLowerCase() + ' ' + (el.getAttribute('name') || ''));
  }
  for (const el of document.querySelectorAll('a[href], button')) {
    if (visible(el) && !(el.textContent || '').trim() && !el.getAttribute('aria-label')) out.push('empty ' + el.tagName.toLowerCase());
  }
  for (const img of document.querySelectorAll('img')) if (!img.hasAttribute('alt')) out.push('img without alt');
  const ids = [...document.querySelectorAll('[id]')].map((e) => e.id);
  for (const id of new Set(ids)) if (ids.filter((x) => x === id).length > 1) out.push('duplicate id ' + id);
  return out;
})()`;

const visited: string[] = [];
async function checkA11y(): Promise<void> {
  const problems = (await page.evaluate(A11Y_SCRIPT)) as string[];
  visited.push(new URL(page.url()).pathname);
  expect(problems, page.url()).toEqual([]);
}

/** Generates year 1's report in `lang` from the reports page and waits for its job by its state. */
async function generate(lang: 'en' | 'ja'): Promise<void> {
  await page.goto(`${server.url}/p/${PROJECT}/reports?year=1`);
  await checkA11y();
  const form = page.locator('#generate-report');
  await form.locator('select[name="year"]').selectOption('1');
  await form.locator('select[name="lang"]').selectOption(lang);
  await form.locator('select[name="format"]').selectOption('html');
  await form.getByRole('button', { name: 'Generate' }).click();
  await page.waitForURL(/\/reports\/jobs\/\d+/);
  await checkA11y();
  await expect
    .poll(() => page.locator('#report-status').getAttribute('data-state'), { timeout: 240_000 })
    .toBe('succeeded');
  expect(await page.locator('#report-status').textContent()).toContain('The report is ready.');
}

describe('the coordinator’s report, from the pre-flight to the submitted file', () => {
  it(
    'fixes a finding, generates year 1 in English and Japanese, submits, downloads',
    { timeout: 600_000 },
    async () => {
      // The pre-flight shows the missing outcome, linking to the record.
      await page.goto(`${server.url}/p/${PROJECT}/reports/preflight?year=1`);
      await checkA11y();
      const finding = page.locator(
        `tr[data-rule="mandatory"][data-id="${activityId}"][data-field="outcome"]`,
      );
      await expect.poll(() => finding.count()).toBe(1);
      await finding.getByRole('link', { name: 'Fix' }).click();
      await page.waitForURL(new RegExp(`/records/activities/${activityId}/edit$`));
      await checkA11y();
      await page.locator('#f-outcome').fill('Covered by two regional newspapers');
      await page.getByRole('button', { name: 'Save' }).click();
      await page.waitForURL(new RegExp(`/records/activities/${activityId}\\?notice=saved$`));
      await page.goto(`${server.url}/p/${PROJECT}/reports/preflight?year=1`);
      await expect.poll(() => page.locator('tr[data-rule="mandatory"]').count()).toBe(0);
      // The evidence warning stays: submission will ask to acknowledge it.
      expect(await page.locator(`tr[data-rule="evidence"][data-id="${activityId}"]`).count()).toBe(1);

      await generate('en');
      await generate('ja');
      await page.goto(`${server.url}/p/${PROJECT}/reports?year=1`);
      expect(await page.locator('#report-list tr[data-state="draft"]').count()).toBe(2);
      expect(await page.locator('#preflight-summary').getAttribute('data-errors')).toBe('0');

      // Submit year 1 in English: the warning acknowledged, the confirmation ticked.
      await page.locator('#open-submit').click();
      await page.waitForURL(/\/reports\/submit\?year=1&report_lang=en$/);
      await checkA11y();
      const submit = page.locator('#submit-report');
      await submit.locator('input[name="accept_warnings"]').check();
      await submit.locator('input[name="confirm"]').check();
      await submit.getByRole('button', { name: 'Submit the report' }).click();
      await page.locator('#submit-done').waitFor({ timeout: 240_000 });
      await checkA11y();
      const reportId = (await page.locator('#submitted').getAttribute('data-report')) ?? '';
      expect(reportId).toMatch(/^[0-9a-f-]{36}$/);
      const [row] = await t.db.select().from(reports).where(eq(reports.id, reportId));
      expect(row).toMatchObject({ state: 'submitted', scope: 'year:1', lang: 'en' });

      // The submitted DOCX downloads byte for byte as stored.
      const link = page.locator('#submitted a[data-format="docx"]');
      const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
      const bytes = await readFile((await download.path()) ?? '');
      const files = await t.db.select().from(reportFiles).where(eq(reportFiles.reportId, reportId));
      expect(files.map((f) => f.format).sort()).toEqual(['docx', 'html', 'pdf']);
      const docx = files.find((f) => f.format === 'docx');
      expect(docx).toBeDefined();
      expect(Buffer.compare(bytes, Buffer.from(docx!.content))).toBe(0);
      expect(download.suggestedFilename()).toBe(docx!.fileName);
      expect(visited.length).toBeGreaterThanOrEqual(7);
    },
  );
});
