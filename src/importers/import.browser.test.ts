/**
 * Imports in Chromium, in English and Japanese: a partner editor reports a publication by pasting BibTeX and sees it
 * imported; uploads a CSV with one bad row, sees the error in the preview, and chooses to import the valid rows.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../test/app';
import { createAuthTestApp, makeUser, PARTNER_A, PROJECT, type AuthTestApp } from '../../test/auth-helpers';
import { launchBrowser } from '../../test/browser';
import { ACTIVITY_COLUMNS, activityCells, csvOf } from '../../test/factories/imports';
import { createSession } from '../auth/sessions';
import { activities, publications } from '../db/schema';
import { createRunner, type Runner } from '../jobs/runner';
import { systemClock } from '../lib/clock';
import { createLogger } from '../log';

let t: AuthTestApp;
let server: TestServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let runner: Runner;

beforeAll(async () => {
  // The commit the page asks for wakes the runner: its beat is an hour, so an import that finishes proves the wake.
  t = await createAuthTestApp({ jobs: { wake: () => runner.wake() } });
  const editor = await makeUser(t.db, { role: 'editor', partnerCode: PARTNER_A });
  const session = await createSession(t.db, { userId: editor.id });
  server = await startTestServer(t.app);
  // As in `herald serve`: the commit the page asks for is a job, run by the server's runner (no schedule here).
  runner = createRunner({
    db: t.db,
    clock: systemClock,
    log: createLogger('silent'),
    deps: {},
    schedules: [],
  });
  runner.start({ intervalMs: 100 });
  browser = await launchBrowser();
  context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-GB' });
  await context.addCookies([{ name: 'herald_session', value: session.id, url: server.url }]);
  page = await context.newPage();
});

afterAll(async () => {
  await runner?.stop();
  await browser?.close();
  await server?.close();
  await t?.close();
});

const TEXT = {
  en: {
    title: 'Import records',
    previewOf: (file: string) => `Preview of ${file}`,
    pasted: 'pasted BibTeX',
    importAll: 'Import all (1 row)',
    row: (n: number) => `row ${n}`,
    importValid: 'Import the 2 valid rows, leave out 1',
    imported: (n: number, d: number, e: number) => `Imported ${n}, duplicates ${d}, invalid ${e}.`,
  },
  ja: {
    title: 'レコードのインポート',
    previewOf: (file: string) => `${file} のプレビュー`,
    pasted: '貼り付けた BibTeX',
    importAll: 'すべてインポート (1 行)',
    row: (n: number) => `${n} 行目`,
    importValid: '有効な 2 行をインポートし、1 行を除外',
    imported: (n: number, d: number, e: number) => `インポート ${n} 件、重複 ${d} 件、無効 ${e} 件。`,
  },
} as const;

describe.each(['en', 'ja'] as const)('imports in Chromium (%s)', (lang) => {
  const text = TEXT[lang];
  const n = lang === 'en' ? 1 : 2;

  it('a partner editor pastes BibTeX and sees the publication imported', async () => {
    await page.goto(`${server.url}/p/${PROJECT}/import?lang=${lang}`);
    expect(await page.locator('main h1').innerText()).toBe(text.title);
    await page
      .locator('#paste textarea[name="bibtex"]')
      .fill(
        `@inproceedings{paper${n},\n  author = {Silva, Ana and Berg, Ola},\n  title = {Tidal Microgrids ${lang}},\n` +
          `  booktitle = {Proceedings of Ocean Energy Europe},\n  year = {2024},\n  doi = {10.1000/oee.${lang}}\n}\n`,
      );
    await page.locator('#paste button[type="submit"]').click();
    await page.waitForURL(/\/import\/[\w-]{43}$/);
    expect(await page.locator('main h1').innerText()).toBe(text.previewOf(text.pasted));
    expect(await page.locator('dd[data-count="valid"]').innerText()).toBe('1');
    await page.getByRole('button', { name: text.importAll }).click();
    await page.locator('.import-result .summary').waitFor();
    expect(await page.locator('.import-result .summary').innerText()).toBe(text.imported(1, 0, 0));
    const [p] = await t.db
      .select()
      .from(publications)
      .where(eq(publications.doi, `10.1000/oee.${lang}`));
    expect(p).toMatchObject({ leadPartner: PARTNER_A, type: 'conference_paper' });
    await page.screenshot({ path: `/tmp/herald-import-bibtex-${lang}.png` });
  });

  it('uploads a CSV with one bad row, sees the error, imports the valid rows', async () => {
    const base = 10 * n;
    const csv = csvOf(
      [
        activityCells(base + 1, { lead_partner: PARTNER_A, title: `Pilot news ${lang} 1` }),
        activityCells(base + 2, {
          lead_partner: PARTNER_A,
          date: '2024-02-31',
          title: `Pilot news ${lang} 2`,
        }),
        activityCells(base + 3, { lead_partner: PARTNER_A, title: `Pilot news ${lang} 3` }),
      ],
      { columns: ACTIVITY_COLUMNS },
    );
    await page.goto(`${server.url}/p/${PROJECT}/import?lang=${lang}`);
    await page.screenshot({ path: `/tmp/herald-import-form-${lang}.png`, fullPage: true });
    await page.locator('#upload select[name="type"]').selectOption('activity');
    await page
      .locator('#upload input[type="file"]')
      .setInputFiles({ name: `news-${lang}.csv`, mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.locator('#upload button[type="submit"]').click();
    await page.waitForURL(/\/import\/[\w-]{43}$/);
    expect(await page.locator('main h1').innerText()).toBe(text.previewOf(`news-${lang}.csv`));
    const error = page.locator('table.row-errors tbody tr');
    expect(await error.count()).toBe(1);
    expect(await error.locator('td').allInnerTexts()).toEqual([
      `news-${lang}.csv`,
      '3',
      text.row(3),
      lang === 'ja' ? '日付（date）' : 'date',
      expect.stringContaining('2024-02-31'),
    ]);
    expect(await page.locator('button[name="mode"][value="all"]').isDisabled()).toBe(true);
    await page.screenshot({ path: `/tmp/herald-import-preview-${lang}.png`, fullPage: true });
    await page.getByRole('button', { name: text.importValid }).click();
    await page.locator('.import-result .summary').waitFor();
    expect(await page.locator('.import-result .summary').innerText()).toBe(text.imported(2, 0, 1));
    const titles = (await t.db.select({ title: activities.title }).from(activities))
      .map((r) => r.title)
      .filter((title) => title.startsWith(`Pilot news ${lang}`))
      .sort();
    expect(titles).toEqual([`Pilot news ${lang} 1`, `Pilot news ${lang} 3`]);
    await page.screenshot({ path: `/tmp/herald-import-csv-${lang}.png`, fullPage: true });
  });
});
