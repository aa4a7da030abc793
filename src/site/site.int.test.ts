/**
 * The public site through the real app on a real database: addresses under `/site/<project>/<lang>` and on the
 * project's own host name, 404 for projects that have not opted in, English fallback with its notice, only public
 * fields, references and BibTeX, the calendar feed, sitemap and robots, ETag/304, and no cookie or write on a GET.
 */
import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSiteTestApp, SITE_HOST, type SiteTestApp } from '../../test/site';
import { systemActor } from '../auth/permissions';
import { createRecord } from '../records/service';
import { eventInput } from '../../test/factories/records';

let t: SiteTestApp;

beforeAll(async () => {
  t = await createSiteTestApp();
  // citation-js loads on the first references page (seconds on a busy machine): here, not inside a test's time.
  expect((await t.app.request('/site/m-sec/en/publications')).status).toBe(200);
}, 240_000);
afterAll(async () => {
  await t?.close();
});

const get = (path: string, headers: Record<string, string> = {}) => t.app.request(path, { headers });
const onHost = (path: string, headers: Record<string, string> = {}) =>
  t.app.request(`http://${SITE_HOST}${path}`, { headers: { host: SITE_HOST, ...headers } });

const PAGES = ['', '/news', '/events', '/publications', '/deliverables', '/accessibility'];

describe('under the app: /site/<project>/<lang>', () => {
  it('serves every page in English and Japanese, cacheable, without a cookie', async () => {
    for (const lang of ['en', 'ja'])
      for (const page of PAGES) {
        const res = await get(`/site/m-sec/${lang}${page}`);
        expect(res.status, `${lang}${page}`).toBe(200);
        expect(res.headers.get('set-cookie'), `${lang}${page}`).toBeNull();
        expect(res.headers.get('cache-control')).toBe('public, max-age=300, stale-while-revalidate=86400');
        expect(res.headers.get('etag')).toMatch(/^"[0-9a-f]{32}"$/);
        const html = await res.text();
        expect(html).toContain(`<html lang="${lang}">`);
        // Canonical on the project's own host, both language versions linked.
        expect(html).toContain(`<link rel="canonical" href="https://${SITE_HOST}/${lang}${page}"/>`);
        expect(html).toContain(`<link rel="alternate" hreflang="en" href="https://${SITE_HOST}/en${page}"/>`);
        expect(html).toContain(`<link rel="alternate" hreflang="ja" href="https://${SITE_HOST}/ja${page}"/>`);
        expect(html).toContain('<meta property="og:title"');
        expect(html).toContain('<meta name="twitter:card" content="summary"/>');
        // The funding sentence and the EU emblem on every page; no script.
        expect(html).toMatch(/aria-label="(Emblem of the European Union|欧州連合のエンブレム)"/);
        expect(html).not.toContain('<script');
        expect(html).toContain(`href="/site/m-sec/${lang}/accessibility"`);
      }
  }, 60_000);

  it('shows the plan on the home page: description, key messages, partners with links, acknowledgement', async () => {
    const en = await (await get('/site/m-sec/en')).text();
    expect(en).toContain('strengthening connections in the technological spheres');
    expect(en).toContain('We empower social entrepreneurs');
    expect(en).toContain(
      '<a href="https://es.worldline.com/" rel="noopener noreferrer">Worldline Iberia SA</a>',
    );
    expect(en).toContain('contract No 814917');
    expect(en).toContain('NICT emblem');
    expect(en).toContain('<a href="/site/m-sec/ja" hreflang="ja" lang="ja">日本語</a>');
    const ja = await (await get('/site/m-sec/ja')).text();
    expect(ja).toContain('欧州連合のHorizon 2020研究・イノベーションプログラム（契約番号814917）');
    expect(ja).toContain('<a href="/site/m-sec/en" hreflang="en" lang="en">English</a>');
    // Partner names without Japanese are English, marked as such, without the notice (names are not prose).
    expect(ja).toContain('<span lang="en">Worldline Iberia SA</span>');
  });

  it('falls back to English with a visible notice where a text has no Japanese', async () => {
    const ja = await (await get('/site/wave-y/ja')).text();
    expect(ja).toContain('このページの一部の内容にはまだ日本語訳がなく、英語で表示しています');
    expect(ja).toContain('<span lang="en">Wave-Y brings wave power to island grids.</span>');
    expect(ja).toContain('<span class="fallback">英語のみ</span>');
    const en = await (await get('/site/wave-y/en')).text();
    expect(en).not.toContain('class="notice"');
    // No acknowledgement in the plan: the reports' generic sentence with the grant, and the drawn EU emblem.
    expect(en).toContain('This project has received funding from European Commission (101000002).');
    // M-Sec's Japanese home has every prose text translated: no notice.
    expect(await (await get('/site/m-sec/ja')).text()).not.toContain('class="notice"');
  });

  it('redirects the site root to the visitor’s language', async () => {
    const ja = await get('/site/m-sec', { 'accept-language': 'ja-JP,ja;q=0.9,en;q=0.5' });
    expect(ja.status).toBe(302);
    expect(ja.headers.get('location')).toBe('/site/m-sec/ja');
    expect((await get('/site/m-sec')).headers.get('location')).toBe('/site/m-sec/en');
  });

  it('answers 404 for a project that has not opted in, one that does not exist, and unknown pages', async () => {
    const paths = [
      ...[
        '',
        '/en',
        '/ja',
        '/en/events',
        '/en/publications',
        '/en/accessibility',
        '/en/events.ics',
        '/en/news',
        '/en/news/feed.rss',
        '/card.png',
      ].map((p) => `/site/tide-x${p}`),
      '/site/tide-x/robots.txt',
      '/site/tide-x/sitemap.xml',
      '/site/tide-x/en/publications.bib',
      '/site/nowhere/en',
      '/site/m-sec/fr',
      '/site/m-sec/en/nowhere',
      '/site/m-sec/en/news/no-such-post',
      '/site/m-sec/logo',
      '/site/NUL%00/en',
    ];
    for (const path of paths) {
      const res = await get(path);
      expect(res.status, path).toBe(404);
      expect(res.headers.get('set-cookie'), path).toBeNull();
      const html = await res.text();
      expect(html, path).not.toContain('Tide-X');
    }
    // The same page for a private project and a missing one.
    const a = await (await get('/site/tide-x/en')).text();
    const b = await (await get('/site/nowhere/en')).text();
    expect(a).toBe(b);
  });

  it('canonical links point under the app when no host is mapped', async () => {
    const html = await (await t.plainApp.request('/site/m-sec/en/events')).text();
    expect(html).toContain('<link rel="canonical" href="http://herald.test/site/m-sec/en/events"/>');
    const robots = await (await t.plainApp.request('/site/m-sec/robots.txt')).text();
    expect(robots).toContain('Sitemap: http://herald.test/site/m-sec/sitemap.xml');
  });
});

describe('on its own host name', () => {
  it('is the site at / with links from the root', async () => {
    const root = await onHost('/', { 'accept-language': 'ja' });
    expect(root.status).toBe(302);
    expect(root.headers.get('location')).toBe('/ja');
    const res = await onHost('/en/events');
    expect(res.status).toBe(200);
    expect(res.headers.get('set-cookie')).toBeNull();
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    const html = await res.text();
    expect(html).toContain('href="/en/publications"');
    expect(html).toContain('href="/site.css"');
    expect(html).toContain(`<link rel="canonical" href="https://${SITE_HOST}/en/events"/>`);
    expect((await onHost('/site.css')).headers.get('content-type')).toContain('text/css');
    // The host name and a forwarded default port are the same host.
    expect((await onHost('/en', { host: `${SITE_HOST.toUpperCase()}:443` })).status).toBe(200);
  });

  it('answers its errors in the address’s language', async () => {
    const missing = await onHost('/ja/nowhere');
    expect(missing.status).toBe(404);
    expect(await missing.text()).toContain('ページが見つかりません');
    const bad = await onHost('/ja/events?before=x');
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('アドレスに正しくないパラメーターがあります: before');
    expect(await (await get('/site/m-sec/ja/nowhere')).text()).toContain('ページが見つかりません');
  });

  it('serves none of the app on that host', async () => {
    for (const path of ['/login', '/p/m-sec', '/portfolio', '/site/m-sec/en', '/static/app.css']) {
      const res = await onHost(path);
      expect(res.status, path).toBe(404);
      expect(res.headers.get('set-cookie'), path).toBeNull();
    }
    const slash = await onHost('/en/events/');
    expect(slash.status).toBe(301);
    expect(slash.headers.get('location')).toBe('/en/events');
  });

  it('has robots.txt and a sitemap of every page in both languages', async () => {
    const robots = await (await onHost('/robots.txt')).text();
    expect(robots).toBe(`User-agent: *\nAllow: /\nSitemap: https://${SITE_HOST}/sitemap.xml\n`);
    const res = await onHost('/sitemap.xml');
    expect(res.headers.get('content-type')).toContain('application/xml');
    const xml = await res.text();
    const locs = [...xml.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => m[1]);
    // M-Sec's newsletter is enabled: its subscribe page and archive are listed too.
    const pages = [...PAGES, '/newsletter', '/newsletter/archive'];
    const expected = ['en', 'ja'].flatMap((l) => pages.map((p) => `https://${SITE_HOST}/${l}${p}`));
    expect(locs.sort()).toEqual(expected.sort());
    expect(xml.match(/<xhtml:link rel="alternate" hreflang="ja"/g)).toHaveLength(pages.length * 2);
    // Every page the sitemap lists answers 200.
    for (const loc of locs) expect((await onHost(new URL(loc as string).pathname)).status, loc).toBe(200);
  });

  it('leaves other hosts to the app', async () => {
    const res = await get('/site/m-sec/en', { host: 'herald.test' });
    expect(res.status).toBe(200);
    expect((await get('/login')).status).toBe(200);
  });
});

describe('events', () => {
  it('lists upcoming and past events with the public fields only', async () => {
    const html = await (await get('/site/m-sec/en/events')).text();
    const upcoming = html.slice(html.indexOf('Upcoming events'), html.indexOf('Past events'));
    const past = html.slice(html.indexOf('Past events'));
    expect(upcoming).toContain('IoT Week 2019');
    expect(past).toContain('Smart City Expo 2018');
    expect(past).toContain('13 November 2018 – 15 November 2018');
    for (const hidden of ['Cancelled summit', 'Withdrawn meetup', 'INTERNAL', 'travel budget'])
      expect(html).not.toContain(hidden);
    const ja = await (await get('/site/m-sec/ja/events')).text();
    expect(ja).toContain('2018年11月13日');
  });

  it('publishes the calendar feed without a key, public fields only, parsed by ical.js', async () => {
    const res = await get('/site/m-sec/en/events.ics');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
    const text = await res.text();
    const vevents = new ICAL.Component(ICAL.parse(text)).getAllSubcomponents('vevent');
    expect(vevents.map((v) => v.getFirstPropertyValue('summary')).sort()).toEqual([
      'IoT Week 2019',
      'Smart City Expo 2018',
    ]);
    for (const hidden of ['INTERNAL', 'Participants', 'Status', '/p/m-sec/records'])
      expect(text).not.toContain(hidden);
    expect(text).toContain(`@${SITE_HOST}`);
  });
});

describe('publications', () => {
  it('shows formatted references with open-access links', async () => {
    const html = await (await get('/site/m-sec/en/publications')).text();
    expect(html).toMatch(/Silva, A\., &amp; Tanaka, K\. \(2019\)\. Blockchain for smart-city data markets/);
    expect(html).toContain('Open access: Gold');
    expect(html).toContain(
      '<a href="https://zenodo.org/record/123" rel="noopener noreferrer">Open-access copy</a>',
    );
    expect(html).toContain('href="https://doi.org/10.1000/msec.1"');
    // Latest first.
    expect(html.indexOf('Blockchain for smart-city')).toBeLessThan(html.indexOf('Securing IoT gateways'));
  });

  it('downloads them as BibTeX (the records’ own writer)', async () => {
    const res = await get('/site/m-sec/en/publications.bib');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="m-sec-publications.bib"');
    const text = await res.text();
    expect(text.match(/^@article\{/gm)).toHaveLength(2);
    expect(text).toContain('doi = {10.1000/msec.2}');
    expect(text).toContain('oaurl = {https://zenodo.org/record/123}');
  });

  it('refuses a malformed cursor naming it', async () => {
    const res = await get(
      '/site/m-sec/en/publications?before=2019-02-30~00000000-0000-4000-8000-000000000000',
    );
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('The address has a parameter that is not valid: before.');
    expect((await get('/site/m-sec/en/events?before=yesterday')).status).toBe(400);
  });
});

describe('caching', () => {
  it('answers 304 to a matching If-None-Match and a new ETag after the records change', async () => {
    const first = await get('/site/m-sec/en/events');
    const etag = first.headers.get('etag') as string;
    const again = await get('/site/m-sec/en/events', { 'if-none-match': etag });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
    expect(
      (
        await onHost('/robots.txt', {
          'if-none-match': (await onHost('/robots.txt')).headers.get('etag') as string,
        })
      ).status,
    ).toBe(304);
    await createRecord(t.database.db, {
      actor: systemActor('site-test'),
      projectId: 'm-sec',
      kind: 'event',
      input: eventInput({
        lead_partner: 'WLI',
        partners: [],
        name: 'Smart Cities Week',
        start_date: '2019-09-01',
        end_date: undefined,
        status: 'planned',
      }),
    });
    const changed = await get('/site/m-sec/en/events', { 'if-none-match': etag });
    expect(changed.status).toBe(200);
    expect(changed.headers.get('etag')).not.toBe(etag);
    expect(await changed.text()).toContain('Smart Cities Week');
  });

  it('never writes on a GET (PGlite counts every write)', async () => {
    const writes = t.database.writes;
    if (!writes) return expect(t.database.driver).toBe('pg');
    const mark = writes.mark();
    for (const lang of ['en', 'ja'])
      for (const page of [...PAGES, '/events.ics', '/publications.bib'])
        await get(`/site/m-sec/${lang}${page}`);
    await onHost('/sitemap.xml');
    expect(writes.unchangedSince(mark)).toBe(true);
  });
});
