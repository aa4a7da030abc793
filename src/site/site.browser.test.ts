/**
 * Every public page of the site in English and Japanese, in Chromium: axe-core (WCAG 2.0/2.1 A and AA rules) finds
 * no violation, Japanese pages show no catalog English (the Japanese walk's rule), and the site works with
 * JavaScript off (navigation and the language switch are plain links).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../test/app';
import { launchBrowser } from '../../test/browser';
import { catalogEnglish, dataStrings, englishIn } from '../../test/catalog-english';
import { createSiteTestApp, type SiteTestApp } from '../../test/site';
import { getCurrentPlan } from '../projects/repository';

const require = createRequire(import.meta.url);
const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const RULES = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const PAGES = ['', '/events', '/publications', '/deliverables', '/accessibility'];

let t: SiteTestApp;
let server: TestServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  t = await createSiteTestApp();
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

interface AxeViolation {
  id: string;
  impact: string | null;
  nodes: Array<{ target: string[] }>;
}

/** axe-core run in the page (evaluated over the DevTools protocol, so the page's CSP does not block it). */
async function axeViolations(p: Page): Promise<string[]> {
  await p.evaluate(AXE);
  const result = (await p.evaluate(
    `axe.run(document, { runOnly: ${JSON.stringify(RULES)} }).then((r) => ({ passes: r.passes.length, violations: r.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.map((n) => ({ target: n.target })) })) }))`,
  )) as { passes: number; violations: AxeViolation[] };
  // axe ran its rules here (a page it could not read would pass nothing).
  expect(result.passes).toBeGreaterThan(10);
  return result.violations.map(
    (v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
  );
}

describe('the public site in Chromium', () => {
  it('has no WCAG 2.1 A/AA violation on any page, in English and Japanese', async () => {
    const found: string[] = [];
    const paths = [
      ...['en', 'ja'].flatMap((lang) => PAGES.map((p) => `/site/m-sec/${lang}${p}`)),
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
    const data = dataStrings([plans.map((p) => p?.plan), 'Smart City Expo 2018', 'IoT Week 2019'], (s) =>
      /[A-Z\s]/.test(s),
    );
    const english = catalogEnglish();
    const problems: string[] = [];
    for (const path of [...PAGES.map((p) => `/site/m-sec/ja${p}`), '/site/wave-y/ja']) {
      await page.goto(`${server.url}${path}`);
      expect(await page.getAttribute('html', 'lang')).toBe('ja');
      const text = await page.locator('body').innerText();
      problems.push(...englishIn(text, english, data).map((e) => `${path} ${e.key}: "${e.match}"`));
      // The language switcher is named by its visible text.
      expect(await page.getByRole('link', { name: 'English', exact: true }).count(), path).toBe(1);
    }
    expect(problems).toEqual([]);
  }, 120_000);

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
