/**
 * In Chromium, in English and in Japanese: a partner editor signs in, reports an event through the form, attaches
 * a photo (a real PNG made here), sees the photo on the event's page and the event in the list, found by the
 * live search (htmx replaces the table as one types). No page breaks the CSP.
 */
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../test/app';
import { makeUser, type AuthTestApp } from '../../test/auth-helpers';
import { launchBrowser } from '../../test/browser';
import { createRecordsTestApp, PARTNER_A, PROJECT, tinyPng } from '../../test/records';
import { en, ja } from './messages';

const PASSWORD = 'correct horse battery';
let t: AuthTestApp;
let server: TestServer;
let browser: Browser;
const cspViolations: string[] = [];
const photo = join(tmpdir(), `herald-booth-${process.pid}.png`);

beforeAll(async () => {
  t = await createRecordsTestApp();
  for (const lang of ['en', 'ja'])
    await makeUser(t.db, {
      email: `editor-${lang}@example.org`,
      name: `Editor ${lang}`,
      password: PASSWORD,
      role: 'editor',
      partnerCode: PARTNER_A,
    });
  writeFileSync(photo, tinyPng(24, [200, 80, 40]));
  server = await startTestServer(t.app);
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await t?.close();
});

async function signIn(page: Page, email: string, lang: 'en' | 'ja') {
  await page.goto(`${server.url}/login?lang=${lang}`);
  await page.locator('input[name=email]').fill(email);
  await page.locator('input[name=password]').fill(PASSWORD);
  await page.locator('form[action="/login"] button[type=submit]').click();
  await expect
    .poll(() => page.locator('header .user-menu a.user').innerText())
    .toBe(email.replace(/^editor-(\w+)@.*/, 'Editor $1'));
}

describe.each([
  { lang: 'en' as const, m: en, name: 'Ocean Energy Forum' },
  { lang: 'ja' as const, m: ja, name: '海洋エネルギー展示会' },
])('a partner editor reports an event with a photo ($lang)', ({ lang, m, name }) => {
  it('fills the form, attaches the photo, and finds the event in the list', async () => {
    const ctx = await browser.newContext({ locale: lang === 'ja' ? 'ja-JP' : 'en-GB' });
    const page = await ctx.newPage();
    page.on('console', (msg) => {
      if (/Content[- ]Security[- ]Policy/i.test(msg.text())) cspViolations.push(msg.text());
    });
    await signIn(page, `editor-${lang}@example.org`, lang);

    // From the project's Records tab to the events list, then the form.
    await page.goto(`${server.url}/p/${PROJECT}`);
    await page.locator('nav.project a', { hasText: m['nav.records'] }).click();
    await page.locator('nav.record-kinds a', { hasText: m['records.kind.event'] }).click();
    await expect.poll(() => page.locator('main h1').innerText()).toBe(m['records.kind.event']);
    await page
      .locator('main a.button', { hasText: m['records.newOf'].replace('{what}', m['records.one.event']) })
      .click();

    // First a mistake: the server answers with the problem beside the field and keeps what was typed.
    await page.locator('#f-name').fill(name);
    expect(await page.locator('#f-lead_partner').inputValue()).toBe(PARTNER_A);
    await page.locator('#f-kind').selectOption('exhibition');
    await page.locator('#f-city').fill('Lisboa');
    await page.locator('#f-country').fill('Portugal');
    await page.locator('#f-start_date').fill('2024-09-18');
    await page.locator('fieldset[data-field=roles] input[value=booth]').check();
    await page.locator('form.record-form button[type=submit]').click();
    await expect.poll(() => page.locator('[data-field=country] .field-error').count()).toBe(1);
    expect(await page.locator('#f-name').inputValue()).toBe(name);
    await page.screenshot({ path: `/tmp/herald-event-form-refused-${lang}.png`, fullPage: true });
    expect(await page.locator('.form-errors').innerText()).toContain(m['records.error.validation']);
    await page.locator('#f-country').fill('PT');
    await page.locator('form.record-form button[type=submit]').click();
    await expect.poll(() => page.locator('main h1').innerText()).toBe(name);
    expect(await page.locator('p.notice').innerText()).toBe(m['records.created']);

    // The photo.
    await page.locator('form.upload input[type=file]').setInputFiles(photo);
    await page.locator('form.upload button[type=submit]').click();
    const img = page.locator('ul.files img');
    await expect.poll(() => img.count()).toBe(1);
    await expect
      .poll(() => img.evaluate((el) => (el as unknown as { naturalWidth: number }).naturalWidth))
      .toBe(24);
    // The history names the action in the page's language, the code kept as its title.
    const added = page.locator('section.history span[title="record.file.add"]');
    expect(await added.innerText()).toBe(lang === 'ja' ? '証拠ファイルを追加' : 'Evidence file added');
    await page.screenshot({ path: `/tmp/herald-event-with-photo-${lang}.png`, fullPage: true });

    // The list: the live search narrows the table without reloading the page.
    await page.locator('nav.record-kinds a', { hasText: m['records.kind.event'] }).click();
    await expect.poll(() => page.locator('table.records').innerText()).toContain(name);
    const marker = await page.evaluate(
      () => ((globalThis as unknown as { marker: number }).marker = Math.random()),
    );
    await page.locator('input[name=q]').pressSequentially('no such event');
    await expect.poll(() => page.locator('#records-table').innerText()).toContain(m['records.empty']);
    await page.locator('input[name=q]').fill('');
    await page.locator('input[name=q]').pressSequentially(name.slice(0, 4));
    await expect.poll(() => page.locator('table.records').innerText()).toContain(name);
    expect(await page.evaluate(() => (globalThis as unknown as { marker?: number }).marker)).toBe(marker);
    await page.screenshot({ path: `/tmp/herald-events-list-${lang}.png`, fullPage: true });
    await ctx.close();
    expect(cspViolations).toEqual([]);
  });
});
