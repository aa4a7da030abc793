/**
 * Every public page of the site in English and Japanese, in Chromium: axe-core through @axe-core/playwright
 * (AxeBuilder, WCAG 2.0/2.1 A and AA tags) finds no violation, Japanese pages show no catalog English (the Japanese
 * walk's rule), the site works with JavaScript off (navigation and the language switch are plain links), and a news
 * post whose Markdown holds a <script> and an `onerror` attribute runs neither.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../test/app';
import { launchBrowser } from '../../test/browser';
import { catalogEnglish, dataStrings, englishIn } from '../../test/catalog-english';
import { createSiteTestApp, type SiteTestApp } from '../../test/site';
import { seedNews } from '../../test/site-news';
import { getCurrentPlan } from '../projects/repository';

const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
/**
 * Every page of the site; news: the list and an article with its image and both languages; the newsletter's form and
 * archive (its link pages: src/newsletter/newsletter.browser.test.ts).
 */
const PAGES = [
  '',
  '/news',
  '/news/pilot-launch',
  '/events',
  '/publications',
  '/deliverables',
  '/newsletter',
  '/newsletter/archive',
  '/accessibility',
];
/** A post in English only, on the Japanese site (the fallback's notice and `lang="en"` body). */
const FALLBACK_POST = '/site/m-sec/ja/news/workshop-report';

let t: SiteTestApp;
let server: TestServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  const filesDir = mkdtempSync(join(tmpdir(), 'herald-site-files-'));
  t = await createSiteTestApp({ filesDir });
  await seedNews(t.database.db, { projectId: 'm-sec', filesDir });
  // citation-js loads on the first references page: before the browser's navigation timeout starts.
  expect((await t.app.request('/site/m-sec/en/publications')).status).toBe(200);
  server = await startTestServer(t.app);
  browser = await launchBrowser();
  context = await browser.newContext({ locale: 'ja-JP' });
  page = await context.newPage();
  page.setDefaultNavigationTimeout(90_000);
}, 240_000);
afterAll(async () => {
  await browser?.close();
  await server?.close();
  await t?.close();
});

/** axe-core's WCAG 2.0/2.1 A and AA rules on the page, through @axe-core/playwright (one violation per line). */
async function axeViolations(p: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page: p }).withTags(TAGS).analyze();
  // axe ran its rules here (a page it could not read would pass nothing).
  expect(result.passes.length).toBeGreaterThan(10);
  return result.violations.map(
    (v) => `${v.id} (${v.impact ?? ''}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
  );
}

describe('the public site in Chromium', () => {
  it('has no WCAG 2.1 A/AA violation on any page, in English and Japanese', async () => {
    const found: string[] = [];
    const paths = [
      ...['en', 'ja'].flatMap((lang) => PAGES.map((p) => `/site/m-sec/${lang}${p}`)),
      FALLBACK_POST,
      '/site/wave-y/ja',
      '/site/wave-y/en/events',
    ];
    for (const path of paths) {
      const res = await page.goto(`${server.url}${path}`);
      expect(res?.status(), path).toBe(200);
      found.push(...(await axeViolations(page)).map((v) => `${path}: ${v}`));
    }
    expect(found).toEqual([]);
  }, 300_000);

  it('shows no catalog English on the Japanese pages', async () => {
    const plans = await Promise.all(['m-sec', 'wave-y'].map((id) => getCurrentPlan(t.database.db, id)));
    // The plans' and records' own text (names, titles, English fallbacks): data, not catalog strings.
    const posts = ['Workshop report', 'What we learned at the workshop.', 'Three lessons from the workshop.'];
    const data = dataStrings(
      [plans.map((p) => p?.plan), 'Smart City Expo 2018', 'IoT Week 2019', posts],
      (s) => /[A-Z\s]/.test(s),
    );
    const english = catalogEnglish();
    const problems: string[] = [];
    for (const path of [...PAGES.map((p) => `/site/m-sec/ja${p}`), FALLBACK_POST, '/site/wave-y/ja']) {
      await page.goto(`${server.url}${path}`);
      expect(await page.getAttribute('html', 'lang')).toBe('ja');
      const text = await page.locator('body').innerText();
      problems.push(...englishIn(text, english, data).map((e) => `${path} ${e.key}: "${e.match}"`));
      // The language switcher is named by its visible text.
      expect(await page.getByRole('link', { name: 'English', exact: true }).count(), path).toBe(1);
    }
    expect(problems).toEqual([]);
  }, 120_000);

  it('runs no script and no event handler of a news post’s Markdown', async () => {
    const dialogs: string[] = [];
    const onDialog = (d: { message(): string; dismiss(): Promise<void> }) => {
      dialogs.push(d.message());
      void d.dismiss();
    };
    page.on('dialog', onDialog);
    try {
      await page.goto(`${server.url}/site/m-sec/en/news/pilot-launch`);
      expect(await page.locator('.news-body script, .news-body img, [onerror]').count()).toBe(0);
      // The raw HTML is shown as text, the Markdown rendered.
      expect(await page.locator('.news-body').innerText()).toContain('<script>alert("x")</script>');
      expect(await page.locator('.news-body strong').innerText()).toBe('started');
      // The post's own image (from the site) loaded.
      const img = page.locator('figure.news-image img');
      await expect
        .poll(() => img.evaluate((el) => (el as unknown as { naturalWidth: number }).naturalWidth))
        .toBe(8);
      expect(dialogs).toEqual([]);
    } finally {
      page.off('dialog', onDialog);
    }
  }, 60_000);

  it('works without JavaScript: navigation and the language switch are links', async () => {
    const noJs = await browser.newContext({ javaScriptEnabled: false, locale: 'en-GB' });
    try {
      const p = await noJs.newPage();
      await p.goto(`${server.url}/site/m-sec/en`);
      await p.getByRole('navigation').getByRole('link', { name: 'Events' }).click();
      await p.waitForURL(/\/site\/m-sec\/en\/events$/);
      expect(await p.locator('h1').innerText()).toBe('Events');
      await p.getByRole('link', { name: '日本語' }).click();
      await p.waitForURL(/\/site\/m-sec\/ja\/events$/);
      expect(await p.locator('h1').innerText()).toBe('イベント');
      expect(await p.locator('footer').innerText()).toContain('契約番号814917');
    } finally {
      await noJs.close();
    }
  }, 60_000);
});
