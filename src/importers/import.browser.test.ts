/**
 * Imports in Chromium, in English and Japanese: a partner editor reports a publication by pasting BibTeX and sees it
 * imported; uploads a CSV with one bad row (the upload's progress bar filling up), sees the error in the preview,
 * and chooses to import the valid rows; a selection over the upload limit is refused before it is sent.
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
/** A small upload limit (1 MB), so a file over it is cheap to make. */
const LIMIT = 1024 * 1024;

beforeAll(async () => {
  // The commit the page asks for wakes the runner: its beat is an hour, so an import that finishes proves the wake.
  t = await createAuthTestApp({ jobs: { wake: () => runner.wake() }, maxUploadBytes: LIMIT });
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
    limit: 'At most 1 MB per upload, all files together.',
    tooLarge: (file: string) => `${file}: the upload is larger than 1 MB, the most one import may take.`,
  },
  ja: {
    title: 'レコードのインポート',
    previewOf: (file: string) => `${file} のプレビュー`,
    pasted: '貼り付けた BibTeX',
    importAll: 'すべてインポート (1 行)',
    row: (n: number) => `${n} 行目`,
    importValid: '有効な 2 行をインポートし、1 行を除外',
    imported: (n: number, d: number, e: number) => `インポート ${n} 件、重複 ${d} 件、無効 ${e} 件。`,
    limit: '1 回のアップロードは、すべてのファイルを合わせて最大 1 MB です。',
    tooLarge: (file: string) => `${file}: アップロードが 1 回のインポートの上限 1 MB を超えています。`,
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
    expect(await page.locator('#upload').innerText()).toContain(text.limit);
    // The progress bar's values as htmx reports the upload (the page is swapped in place: the record survives).
    await page.evaluate(`
      window.seenProgress = [];
      document.addEventListener('htmx:xhr:progress', () => {
        const box = document.querySelector('#upload .upload-progress');
        const bar = box && box.querySelector('progress');
        if (bar && !box.hidden) window.seenProgress.push(bar.value / bar.max);
      });
    `);
    await page.locator('#upload button[type="submit"]').click();
    await page.waitForURL(/\/import\/[\w-]{43}$/);
    expect(await page.locator('main h1').innerText()).toBe(text.previewOf(`news-${lang}.csv`));
    const seen = (await page.evaluate('window.seenProgress')) as number[];
    expect(seen).toContain(1);
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

  it('refuses a selection over the upload limit before sending it, saying which file and the limit', async () => {
    await page.goto(`${server.url}/p/${PROJECT}/import?lang=${lang}`);
    const before = await t.db.select({ title: activities.title }).from(activities);
    await page.locator('#upload select[name="type"]').selectOption('activity');
    const big = Buffer.alloc(LIMIT + 1, 0x61);
    await page.locator('#upload input[type="file"]').setInputFiles([
      { name: 'small.csv', mimeType: 'text/csv', buffer: Buffer.from('title\n') },
      { name: `big-${lang}.csv`, mimeType: 'text/csv', buffer: big },
    ]);
    await page.locator('#upload button[type="submit"]').click();
    const refused = page.locator('#upload .upload-refused');
    await refused.waitFor();
    expect(await refused.innerText()).toContain(text.tooLarge(`big-${lang}.csv`));
    expect(await page.locator('#upload .upload-progress').isHidden()).toBe(true);
    expect(new URL(page.url()).pathname).toBe(`/p/${PROJECT}/import`);
    expect(await t.db.select({ title: activities.title }).from(activities)).toHaveLength(before.length);
    await page.screenshot({ path: `/tmp/herald-import-too-large-${lang}.png`, fullPage: true });
  });
});
