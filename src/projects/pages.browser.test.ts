import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, startTestServer, type TestApp, type TestServer } from '../../test/app';
import { launchBrowser } from '../../test/browser';
import { en, ja } from './messages';
import { en as webEn, ja as webJa } from '../web/messages';

let t: TestApp;
let server: TestServer;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  t = await createTestApp({ plan: true });
  server = await startTestServer(t.app);
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'en-GB' });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await t?.close();
});

const htmlLang = () => page.locator('html').getAttribute('lang');
/** The computed background colour of the first element matching `selector` (evaluated in the page). */
const background = (selector: string) =>
  page.evaluate(`getComputedStyle(document.querySelector(${JSON.stringify(selector)})).backgroundColor`);
const h1 = () => page.locator('main h1').first().innerText();

describe('plan pages in Chromium', () => {
  it('opens the only project from / in English, themed with its palette', async () => {
    await page.goto(`${server.url}/`);
    expect(new URL(page.url()).pathname).toBe('/p/m-sec');
    expect(await htmlLang()).toBe('en');
    expect(await h1()).toContain('M-Sec');
    expect(await page.locator('dd.acronym').innerText()).toBe('M-Sec');
    expect(await page.locator('blockquote.funding').innerText()).toContain(
      'jointly funded by the European Union’s Horizon 2020 research and innovation programme',
    );
    // The project stylesheet applied: header in the darkest palette colour, swatches coloured.
    const header = await background('header.top');
    expect(header).toBe('rgb(0, 61, 88)');
    const swatch = await background('.swatch-1');
    expect(swatch).toBe('rgb(238, 114, 96)');
    await page.screenshot({ path: '/tmp/herald-overview-en.png', fullPage: true });
  });

  it('switches to Japanese with the language link', async () => {
    await page.locator('header.top a.lang').click();
    await page.waitForURL(/lang=ja/);
    await expect.poll(() => page.locator('#identity').innerText()).toBe(ja['overview.identity']);
    await page.screenshot({ path: '/tmp/herald-overview-ja.png', fullPage: true });
    const nav = await page.locator('nav.project').innerText();
    expect(nav).toContain(webJa['nav.timeline']);
    expect(nav).toContain(webJa['nav.kpis']);
    expect(nav).not.toContain(webEn['nav.timeline']);
    expect(await page.locator('blockquote.funding').innerText()).toContain(
      '国立研究開発法人情報通信研究機構',
    );
    // The document's language must follow (a boosted swap would keep the old <html lang>).
    expect(await htmlLang()).toBe('ja');
  });

  it('navigates to the timeline and the KPIs, staying in Japanese', async () => {
    await page.locator('nav.project a', { hasText: webJa['nav.timeline'] }).click();
    await page.waitForURL(/\/p\/m-sec\/timeline$/);
    await expect.poll(h1).toBe(ja['timeline.title']);
    expect(await page.locator('.gantt tbody tr').count()).toBe(12);
    expect(await page.locator('.gantt tbody tr').first().locator('td.m').count()).toBe(36);
    await page.screenshot({ path: '/tmp/herald-timeline-ja.png', fullPage: true });

    await page.locator('nav.project a', { hasText: webJa['nav.kpis'] }).click();
    await page.waitForURL(/\/p\/m-sec\/kpis$/);
    await expect.poll(h1).toBe(ja['kpis.title']);
    expect(await page.locator('table.kpis tbody tr').count()).toBe(18);
    expect(await page.locator('nav.project a[aria-current="page"]').innerText()).toBe(webJa['nav.kpis']);
    await page.screenshot({ path: '/tmp/herald-kpis-ja.png', fullPage: true });
  });

  it('comes back to English on the KPI page', async () => {
    await page.locator('header.top a.lang').click();
    await page.waitForURL(/\/kpis\?lang=en$/);
    await expect.poll(h1).toBe(en['kpis.title']);
    expect(await htmlLang()).toBe('en');
  });
});
