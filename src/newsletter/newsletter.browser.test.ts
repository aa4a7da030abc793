/**
 * The subscription flow in Chromium, in English and in Japanese (one browser context): the form, its errors, the
 * neutral answer, the confirmation link from the mail (received by a loopback SMTP server), the unsubscribe page;
 * each kind of page (form, errors, link page with a button) checked by axe (@axe-core/playwright, WCAG 2.0/2.1
 * A and AA rules). The pages carry no script.
 */
import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../test/app';
import { launchBrowser } from '../../test/browser';
import { BASE, createNewsletterTestApp, type NewsletterTestApp } from '../../test/newsletter';

let t: NewsletterTestApp;
let server: TestServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  t = await createNewsletterTestApp();
  server = await startTestServer(t.app);
  browser = await launchBrowser();
  context = await browser.newContext();
  page = await context.newPage();
  page.setDefaultNavigationTimeout(90_000);
}, 240_000);
afterAll(async () => {
  await browser?.close();
  await server?.close();
  await t?.close();
});

async function axe(where: string): Promise<string[]> {
  const result = await new AxeBuilder({ page: page as never })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  expect(result.passes.length, where).toBeGreaterThan(10);
  return result.violations.map(
    (v) => `${where}: ${v.id} ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
  );
}

const TEXT = {
  en: {
    email: 'E-mail address',
    consent: /I have read the privacy notice/,
    submit: 'Subscribe',
    asked: 'Check your mailbox',
    confirm: 'Confirm my subscription',
    confirmed: 'Subscription confirmed',
    unsubscribe: 'Unsubscribe',
    unsubscribed: 'You are unsubscribed',
    lang: 'English',
    missing: 'Enter your e-mail address.',
  },
  ja: {
    email: 'メールアドレス',
    consent: /プライバシー通知を読み/,
    submit: '購読する',
    asked: 'メールをご確認ください',
    confirm: '購読を確定する',
    confirmed: '購読が確定しました',
    unsubscribe: '配信を停止する',
    unsubscribed: '配信を停止しました',
    lang: '日本語',
    missing: 'メールアドレスを入力してください。',
  },
} as const;

describe('subscribing in Chromium', () => {
  it.each(['en', 'ja'] as const)(
    'works in %s, every page passing axe',
    async (lang) => {
      const s = TEXT[lang];
      const found: string[] = [];
      await page.goto(`${server.url}/site/m-sec/${lang}/newsletter`);
      expect(await page.getAttribute('html', 'lang')).toBe(lang);
      expect(await page.getByRole('checkbox', { name: s.consent }).isChecked()).toBe(false);
      found.push(...(await axe(`${lang} form`)));

      // Nothing filled in: the errors beside the fields, linked from the summary.
      await page.getByRole('button', { name: s.submit }).click();
      expect(await page.locator('#email-error').innerText()).toBe(s.missing);
      expect(await page.locator('#consent-error').isVisible()).toBe(true);
      found.push(...(await axe(`${lang} errors`)));

      const address = `browser-${lang}@example.org`;
      await page.getByRole('textbox', { name: s.email }).fill(address);
      await page.getByRole('radio', { name: s.lang }).check();
      await page.getByRole('checkbox', { name: s.consent }).check();
      await page.getByRole('button', { name: s.submit }).click();
      expect(await page.locator('h1').innerText()).toBe(s.asked);

      await t.deliver();
      const mail = t.mails.filter((m) => m.to.includes(address)).at(-1);
      const confirm = new RegExp(`${BASE}(\\S+/confirm/[\\w-]+)`).exec(mail?.text ?? '')?.[1];
      const unsubscribe = new RegExp(`${BASE}(\\S+/unsubscribe/[\\w-]+)`).exec(mail?.text ?? '')?.[1];
      expect(confirm).toContain(`/site/m-sec/${lang}/newsletter/confirm/`);
      await page.goto(`${server.url}${confirm}`);
      found.push(...(await axe(`${lang} confirm`)));
      await page.getByRole('button', { name: s.confirm }).click();
      expect(await page.locator('h1').innerText()).toBe(s.confirmed);

      await page.goto(`${server.url}${unsubscribe}`);
      found.push(...(await axe(`${lang} unsubscribe`)));
      await page.getByRole('button', { name: s.unsubscribe }).click();
      expect(await page.locator('h1').innerText()).toBe(s.unsubscribed);
      expect(found).toEqual([]);
    },
    180_000,
  );
});
