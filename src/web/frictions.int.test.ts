/** Small frictions: a trailing slash finds the page; the language link is named by its visible text. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/app';

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp({ plan: true });
});
afterAll(async () => {
  await t?.close();
});

describe('trailing slashes', () => {
  it.each([
    ['/p/m-sec/', '/p/m-sec'],
    ['/p/m-sec/kpis/', '/p/m-sec/kpis'],
    ['/p/m-sec/timeline/?lang=ja', '/p/m-sec/timeline?lang=ja'],
    ['/login/', '/login'],
  ])('%s redirects to %s, which answers', async (from, to) => {
    const res = await t.app.request(from);
    expect(res.status).toBe(301);
    expect(res.headers.get('location')).toBe(to);
    expect((await t.app.request(to)).status).toBe(200);
  });

  it('never redirects to another site', async () => {
    const res = await t.app.request('//evil.example/');
    expect(res.headers.get('location')).toBe('/evil.example');
  });

  it('leaves the root and POSTs alone', async () => {
    expect((await t.app.request('/')).status).not.toBe(301);
    expect((await t.app.request('/login/', { method: 'POST' })).status).not.toBe(301);
  });
});

describe('language link', () => {
  it.each([
    ['en', '日本語', 'ja'],
    ['ja', 'English', 'en'],
  ])('on a %s page its accessible name is its visible text (%s)', async (lang, text, other) => {
    const html = await (await t.app.request(`/p/m-sec?lang=${lang}`)).text();
    const link = /<a class="lang"[^>]*>([^<]*)<\/a>/.exec(html);
    expect(link?.[1]).toBe(text);
    expect(link?.[0]).not.toContain('aria-label');
    expect(link?.[0]).toContain(`lang="${other}"`);
  });
});
