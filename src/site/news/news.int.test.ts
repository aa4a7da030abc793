/**
 * News on the public site through the real app on a real database: the use cases' permissions (coordinator
 * publishes; a partner editor proposes, the coordinator sends back with a reason or approves), audit entries, the
 * app's forms (422 with errors beside the fields; a refused request changes nothing), and the public side: drafts
 * and future posts invisible until the clock passes their day, the article without script or handlers, Open Graph,
 * the English fallback, home's latest posts, the sitemap, both feeds (parsed with rss-parser), images, ETags.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { count, eq } from 'drizzle-orm';
import Parser from 'rss-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeUser, TestClient } from '../../../test/auth-helpers';
import { tinyPng } from '../../../test/records';
import { createSiteTestApp, SITE_HOST, type SiteTestApp } from '../../../test/site';
import { seedNews } from '../../../test/site-news';
import { entityHistory } from '../../audit/service';
import { systemActor, type Actor } from '../../auth/permissions';
import { newsPosts } from '../../db/schema';
import { fixedClock } from '../../lib/clock';
import { createLogger } from '../../log';
import { createApp } from '../../web/app';
import { createNews, decideNews, updateNews } from './service';

const PROJECT = 'm-sec';
const filesDir = mkdtempSync(join(tmpdir(), 'herald-news-files-'));
let t: SiteTestApp;
let seeded: Awaited<ReturnType<typeof seedNews>>;
let coordinator: TestClient;
let editor: TestClient;
let otherEditor: TestClient;
let viewer: TestClient;
const actors: Record<string, Actor> = {};

const userActor = (id: string, role: 'coordinator' | 'editor', partnerCode: string | null): Actor => ({
  kind: 'user',
  userId: id,
  isAdmin: false,
  memberships: [{ projectId: PROJECT, role, partnerCode }],
});

beforeAll(async () => {
  t = await createSiteTestApp({ filesDir });
  seeded = await seedNews(t.database.db, { projectId: PROJECT, filesDir });
  const db = t.database.db;
  const make = async (role: 'coordinator' | 'editor' | 'viewer', partnerCode: string | null = null) => {
    const u = await makeUser(db, { role, partnerCode, projectId: PROJECT });
    return { id: u.id, client: await TestClient.signedIn({ app: t.app, db }, u.id) };
  };
  const c = await make('coordinator');
  const e = await make('editor', 'WLI');
  const o = await make('editor', 'ICCS');
  coordinator = c.client;
  editor = e.client;
  otherEditor = o.client;
  viewer = (await make('viewer')).client;
  actors.coordinator = userActor(c.id, 'coordinator', null);
  actors.editor = userActor(e.id, 'editor', 'WLI');
  actors.otherEditor = userActor(o.id, 'editor', 'ICCS');
}, 240_000);
afterAll(async () => {
  await t?.close();
});

const get = (path: string, headers: Record<string, string> = {}) => t.app.request(path, { headers });
const postCount = async () =>
  (await t.database.db.select({ n: count() }).from(newsPosts).where(eq(newsPosts.projectId, PROJECT)))[0]?.n;

const form = (over: Record<string, string> = {}) => ({
  slug: `post-${Math.random().toString(36).slice(2, 8)}`,
  title_en: 'A title',
  summary_en: 'A summary.',
  body_en: 'Some *text*.',
  publish_on: '2019-05-01',
  ...over,
});

describe('writing news: permissions, proposals, audit', () => {
  it('lets a partner propose, the coordinator send it back with a reason, then approve it', async () => {
    const db = t.database.db;
    const proposed = await createNews(db, {
      actor: actors.editor as Actor,
      projectId: PROJECT,
      input: form({ slug: 'partner-news' }),
      filesDir,
    });
    expect(proposed.state).toBe('proposed');
    expect(proposed.partnerCode).toBe('WLI');
    // Another partner's editor may not change it; the proposer may not publish it.
    await expect(
      updateNews(db, {
        actor: actors.otherEditor as Actor,
        projectId: PROJECT,
        id: proposed.id,
        version: 1,
        input: form({ slug: 'partner-news' }),
        filesDir,
      }),
    ).rejects.toMatchObject({ status: 403 });
    await expect(
      decideNews(db, {
        actor: actors.editor as Actor,
        projectId: PROJECT,
        id: proposed.id,
        version: 1,
        decision: 'publish',
      }),
    ).rejects.toMatchObject({ status: 403 });
    // A rejection needs a reason.
    await expect(
      decideNews(db, {
        actor: actors.coordinator as Actor,
        projectId: PROJECT,
        id: proposed.id,
        version: 1,
        decision: 'reject',
        input: { reason: '' },
      }),
    ).rejects.toMatchObject({ status: 422 });
    const rejected = await decideNews(db, {
      actor: actors.coordinator as Actor,
      projectId: PROJECT,
      id: proposed.id,
      version: 1,
      decision: 'reject',
      input: { reason: 'Please add a photo credit.' },
    });
    expect(rejected).toMatchObject({ state: 'draft', rejectionReason: 'Please add a photo credit.' });
    // The partner sees the reason on the post's page, changes the post: proposed again, reason cleared.
    const page = await (await editor.get(`/p/${PROJECT}/news/${proposed.id}`)).text();
    expect(page).toContain('Please add a photo credit.');
    const res = await editor.post(`/p/${PROJECT}/news/${proposed.id}`, {
      ...form({ slug: 'partner-news', title_en: 'Partner news, with credit' }),
      version: '2',
    });
    expect(res.status).toBe(303);
    const again = await t.database.db.select().from(newsPosts).where(eq(newsPosts.id, proposed.id));
    expect(again[0]).toMatchObject({
      state: 'proposed',
      rejectionReason: null,
      titleEn: 'Partner news, with credit',
    });
    // Approval publishes; publishing twice is a state error.
    expect(
      (await coordinator.post(`/p/${PROJECT}/news/${proposed.id}/publish`, { version: '3' })).status,
    ).toBe(303);
    expect(
      (await coordinator.post(`/p/${PROJECT}/news/${proposed.id}/publish`, { version: '4' })).status,
    ).toBe(409);
    // Published: the partner may no longer change it.
    expect(
      (
        await editor.post(`/p/${PROJECT}/news/${proposed.id}`, {
          ...form({ slug: 'partner-news' }),
          version: '4',
        })
      ).status,
    ).toBe(403);
    const history = await entityHistory(db, {
      actor: systemActor('test'),
      projectId: PROJECT,
      entityType: 'news_post',
      entityId: proposed.id,
    });
    expect(history.entries.map((e) => e.action).sort()).toEqual(
      ['news.propose', 'news.reject', 'news.update', 'news.publish'].sort(),
    );
    // The history is on the post's page.
    expect(await (await coordinator.get(`/p/${PROJECT}/news/${proposed.id}`)).text()).toContain(
      'News proposal sent back',
    );
    // Public now.
    expect((await get('/site/m-sec/en/news/partner-news')).status).toBe(200);
  });

  it('keeps viewers and other projects’ people out of writing', async () => {
    expect((await viewer.get(`/p/${PROJECT}/news`)).status).toBe(200);
    expect((await viewer.post(`/p/${PROJECT}/news`, form())).status).toBe(403);
    expect((await viewer.get(`/p/${PROJECT}/news/new`)).status).toBe(403);
    // A partner editor may not change the coordinator's draft.
    const edit = { ...form({ slug: 'draft-post' }), version: '1' };
    expect((await otherEditor.post(`/p/${PROJECT}/news/${seeded.draft.id}`, edit)).status).toBe(403);
    expect(
      (await editor.post(`/p/${PROJECT}/news/${seeded.draft.id}/withdraw`, { version: '1' })).status,
    ).toBe(403);
  });

  it('shows a refused form again with the errors beside the fields (422), changing nothing', async () => {
    const before = await postCount();
    const res = await coordinator.post(`/p/${PROJECT}/news`, form({ title_en: '', slug: 'Bad Slug!' }));
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toMatch(/id="err-title_en"[^>]*>[^<]*required/);
    expect(html).toContain('id="err-slug"');
    expect(html).toContain('value="Bad Slug!"');
    // The slug of another post.
    const taken = await coordinator.post(`/p/${PROJECT}/news`, form({ slug: 'pilot-launch' }));
    expect(taken.status).toBe(422);
    expect(await taken.text()).toContain('The address &quot;pilot-launch&quot; is used by another post.');
    // An image needs its English alternative text; a file that is not an image is refused by its bytes.
    await expect(
      createNews(t.database.db, {
        actor: actors.coordinator as Actor,
        projectId: PROJECT,
        input: form(),
        image: { bytes: tinyPng() },
        filesDir,
      }),
    ).rejects.toMatchObject({ status: 422, details: [{ path: 'image_alt_en' }] });
    await expect(
      createNews(t.database.db, {
        actor: actors.coordinator as Actor,
        projectId: PROJECT,
        input: form({ image_alt_en: 'x' }),
        image: { bytes: new TextEncoder().encode('<svg onload="alert(1)"></svg>') },
        filesDir,
      }),
    ).rejects.toMatchObject({ status: 422, details: [{ path: 'image' }] });
    // A stale version is a conflict.
    const stale = await coordinator.post(`/p/${PROJECT}/news/${seeded.draft.id}`, {
      ...form({ slug: 'draft-post' }),
      version: '99',
    });
    expect(stale.status).toBe(409);
    expect(await postCount()).toBe(before);
  });

  it('previews a draft exactly as the public article, the public address still 404', async () => {
    const preview = await coordinator.get(`/p/${PROJECT}/news/${seeded.draft.id}/preview/en`);
    expect(preview.status).toBe(200);
    const html = await preview.text();
    expect(html).toContain('<h1>Unfinished draft</h1>');
    expect(html).toContain('class="site-footer"');
    expect((await get('/site/m-sec/en/news/draft-post')).status).toBe(404);
  });
});

describe('news on the public site', () => {
  it('lists published posts due today, newest first; drafts and later posts are not public', async () => {
    const html = await (await get('/site/m-sec/en/news')).text();
    const launch = html.indexOf('Pilot launched in Santander');
    const workshop = html.indexOf('Workshop report');
    expect(launch).toBeGreaterThan(0);
    expect(workshop).toBeGreaterThan(launch);
    expect(html).not.toContain('Unfinished draft');
    expect(html).not.toContain('Announced for July');
    expect((await get('/site/m-sec/en/news/coming-soon')).status).toBe(404);
    // The same database a month later: the July post is public.
    const later = createApp({
      database: t.database,
      log: createLogger('silent'),
      baseUrl: 'http://herald.test',
      filesDir,
      clock: fixedClock('2019-07-02T09:00:00Z'),
    });
    expect((await later.request('/site/m-sec/en/news/coming-soon')).status).toBe(200);
    expect(await (await later.request('/site/m-sec/en/news')).text()).toContain('Announced for July');
  });

  it('renders the article without script or event handlers, with Open Graph for an article with an image', async () => {
    const res = await get('/site/m-sec/en/news/pilot-launch');
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('public, max-age=300, stale-while-revalidate=86400');
    const html = await res.text();
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<img[^>]*onerror/i);
    expect(html).toContain('<strong>started</strong>');
    expect(html).toContain('<a href="https://pilot.example.org/" rel="noopener nofollow ugc">Pilot page</a>');
    const image = `https://${SITE_HOST}/images/${seeded.launch.imageSha256}`;
    expect(html).toContain('<meta property="og:type" content="article"/>');
    expect(html).toContain(`<meta property="og:image" content="${image}"/>`);
    expect(html).toContain('<meta name="twitter:card" content="summary_large_image"/>');
    expect(html).toContain('alt="Sensors on a street lamp"');
    expect(html).toContain(`<link rel="canonical" href="https://${SITE_HOST}/en/news/pilot-launch"/>`);
    // The image itself, from the site: its sniffed type.
    const img = await get(`/site/m-sec/images/${seeded.launch.imageSha256}`);
    expect(img.status).toBe(200);
    expect(img.headers.get('content-type')).toBe('image/png');
    expect(new Uint8Array(await img.arrayBuffer())).toEqual(new Uint8Array(tinyPng(8)));
  });

  it('falls back to English with the notice where a post has no Japanese', async () => {
    const ja = await (await get('/site/m-sec/ja/news/workshop-report')).text();
    expect(ja).toContain('このページの一部の内容にはまだ日本語訳がなく');
    expect(ja).toContain('<div class="news-body" lang="en">');
    const translated = await (await get('/site/m-sec/ja/news/pilot-launch')).text();
    expect(translated).toContain('サンタンデールでパイロット開始');
    expect(translated).not.toContain('class="notice"');
  });

  it('gives every page an absolute og:image: the generated card where the plan has no logo', async () => {
    const home = await (await get('/site/m-sec/en')).text();
    expect(home).toContain(`<meta property="og:image" content="https://${SITE_HOST}/card.png"/>`);
    const card = await get('/site/m-sec/card.png');
    expect(card.status).toBe(200);
    expect(card.headers.get('content-type')).toBe('image/png');
    const bytes = new Uint8Array(await card.arrayBuffer());
    expect([...bytes.slice(1, 4)]).toEqual([0x50, 0x4e, 0x47]);
    // 1200 × 630 (the PNG header's width and height).
    const view = new DataView(bytes.buffer, bytes.byteOffset);
    expect([view.getUint32(16), view.getUint32(20)]).toEqual([1200, 630]);
  });

  it('shows the latest posts on the home page and lists news pages in the sitemap in both languages', async () => {
    const home = await (await get('/site/m-sec/en')).text();
    expect(home).toContain('Latest news');
    expect(home).toContain('href="/site/m-sec/en/news/pilot-launch"');
    const xml = await (await get('/site/m-sec/sitemap.xml')).text();
    for (const lang of ['en', 'ja'])
      for (const page of ['/news', '/news/pilot-launch', '/news/workshop-report'])
        expect(xml).toContain(`<loc>https://${SITE_HOST}/${lang}${page}</loc>`);
    expect(xml).not.toContain('draft-post');
    expect(xml).not.toContain('coming-soon');
  });

  it('has RSS and Atom feeds that a feed parser reads: items, absolute links, dates', async () => {
    const parser = new Parser();
    const head = await (await get('/site/m-sec/en/news')).text();
    expect(head).toContain(
      `<link rel="alternate" type="application/rss+xml" title="News feed (RSS)" href="https://${SITE_HOST}/en/news/feed.rss"/>`,
    );
    for (const format of ['rss', 'atom'] as const) {
      const res = await get(`/site/m-sec/en/news/feed.${format}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toContain(
        format === 'rss' ? 'application/rss+xml' : 'application/atom+xml',
      );
      const feed = await parser.parseString(await res.text());
      const items = feed.items.map((i) => ({
        title: i.title,
        link: i.link,
        date: new Date(i.isoDate ?? '').toISOString(),
      }));
      // Newest first (the partner's post of the first test sits between the two seeded ones).
      expect(items.filter((i) => !i.link?.endsWith('/partner-news'))).toEqual([
        {
          title: 'Pilot launched in Santander',
          link: `https://${SITE_HOST}/en/news/pilot-launch`,
          date: '2019-05-20T00:00:00.000Z',
        },
        {
          title: 'Workshop report',
          link: `https://${SITE_HOST}/en/news/workshop-report`,
          date: '2019-04-02T00:00:00.000Z',
        },
      ]);
      expect(items.map((i) => i.title)).not.toContain('Unfinished draft');
      expect(items.map((i) => i.title)).not.toContain('Announced for July');
      // The items' HTML: the raw HTML of the Markdown is text (escaped), never markup.
      const html = feed.items
        .map((i) => String((i as Record<string, unknown>)['content:encoded'] ?? i.content ?? ''))
        .join('');
      expect(html).toContain('<strong>started</strong>');
      expect(html).not.toMatch(/<script|<img/i);
    }
    const ja = await parser.parseString(await (await get('/site/m-sec/ja/news/feed.atom')).text());
    expect(ja.items.map((i) => i.title)).toContain('サンタンデールでパイロット開始');
  });

  it('changes the ETag when a post changes, answers 304 while it does not', async () => {
    const first = await get('/site/m-sec/en/news/workshop-report');
    const etag = first.headers.get('etag') as string;
    expect((await get('/site/m-sec/en/news/workshop-report', { 'if-none-match': etag })).status).toBe(304);
    const row = seeded.englishOnly;
    await updateNews(t.database.db, {
      actor: actors.coordinator as Actor,
      projectId: PROJECT,
      id: row.id,
      version: row.version,
      input: form({
        slug: 'workshop-report',
        title_en: 'Workshop report, revised',
        publish_on: row.publishOn,
      }),
      filesDir,
    });
    const changed = await get('/site/m-sec/en/news/workshop-report', { 'if-none-match': etag });
    expect(changed.status).toBe(200);
    expect(await changed.text()).toContain('Workshop report, revised');
    // Withdrawn: gone from the site.
    const current = (await t.database.db.select().from(newsPosts).where(eq(newsPosts.id, row.id)))[0];
    await decideNews(t.database.db, {
      actor: actors.coordinator as Actor,
      projectId: PROJECT,
      id: row.id,
      version: current?.version ?? 0,
      decision: 'withdraw',
    });
    expect((await get('/site/m-sec/en/news/workshop-report')).status).toBe(404);
  });
});
