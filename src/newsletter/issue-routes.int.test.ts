/**
 * The coordinator's issue pages and the public archive through the real app (M-Sec, loopback SMTP): a refused
 * draft comes back (422) with what was typed; preview per language; a test copy to oneself; "send" → subscribers
 * receive it, the progress block polls while sending and stops once sent; the archive lists only sent issues, in
 * the page's language, linked from the subscribe page, in the sitemap and the site's navigation. And the whole
 * path of one reader: subscribe on the site → confirmation mail → confirm → the issue in their language with both
 * unsubscribe headers → the RFC 8058 one-click POST to the List-Unsubscribe URL unsubscribes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeUser, TestClient } from '../../test/auth-helpers';
import { createNewsletterTestApp, type NewsletterTestApp } from '../../test/newsletter';
import { eq } from 'drizzle-orm';
import { newsletterIssues, newsletterSubscribers } from '../db/schema';
import { newId, sha256 } from '../lib/ids';
import { createRunner } from '../jobs/runner';
import { createLogger } from '../log';
import { newsletterSendJob } from './issue-send';

const P = 'm-sec';
let t: NewsletterTestApp;
let client: TestClient;
let coordinatorEmail: string;

beforeAll(async () => {
  t = await createNewsletterTestApp();
  const coordinator = await makeUser(t.db, { role: 'coordinator', projectId: P });
  coordinatorEmail = coordinator.email;
  client = await TestClient.signedIn(t, coordinator.id);
  const now = t.clock.now();
  await t.db.insert(newsletterSubscribers).values(
    (['en', 'ja'] as const).map((lang) => ({
      id: newId(),
      projectId: P,
      address: `archive-${lang}@example.org`,
      addressHash: sha256(lang),
      lang,
      status: 'confirmed',
      noticeVersion: '2026-12',
      unsubscribeHash: sha256(`u-${lang}`),
      createdAt: now,
      updatedAt: now,
      confirmedAt: now,
    })),
  );
}, 120_000);
afterAll(async () => {
  await t?.close();
});

const base = `/p/${P}/newsletter/issues`;

describe('the coordinator’s issue pages and the archive', () => {
  it('writes, previews, tests, sends, shows progress, and archives', async () => {
    expect((await client.get(base)).status).toBe(200);
    const bad = await client.post(base, { subject_en: '', body_en: 'Typed text that must come back.' });
    expect(bad.status).toBe(422);
    const badHtml = await bad.text();
    expect(badHtml).toContain('data-field="subject_en"');
    expect(badHtml).toContain('Typed text that must come back.');

    const created = await client.post(base, {
      subject_en: 'Spring issue',
      subject_ja: '春号',
      body_en: 'Hello **readers**.',
      body_ja: '読者の皆さん、こんにちは。',
    });
    expect(created.status).toBe(303);
    const page = created.headers.get('location')?.replace(/\?.*$/, '') ?? '';
    const id = page.split('/').pop() ?? '';
    expect(page).toBe(`${base}/${id}`);
    const issuePage = await (await client.get(page)).text();
    expect(issuePage).toContain('Send to 2 confirmed subscribers');

    const preview = await client.get(`${page}/preview/ja`);
    expect(preview.headers.get('content-security-policy')).toContain('sandbox');
    expect(await preview.text()).toContain('読者の皆さん');

    // Before sending, the archive does not show it.
    expect((await t.app.request(`/site/${P}/en/newsletter/archive/${id}`)).status).toBe(404);

    const tested = await client.post(`${page}/test/en`, {});
    expect(tested.status).toBe(303);
    expect(t.mails.filter((m) => m.to.includes(coordinatorEmail)).map((m) => m.subject)).toEqual([
      '[TEST] Spring issue',
    ]);

    expect((await client.post(`${page}/send`, {})).status).toBe(303);
    const ja = t.mails.find((m) => m.to.includes('archive-ja@example.org'));
    expect(ja?.subject).toBe('春号');
    expect(t.mails.find((m) => m.to.includes('archive-en@example.org'))?.subject).toBe('Spring issue');
    // Sent twice: a conflict.
    expect((await client.post(`${page}/send`, {})).status).toBe(409);
    const sending = await (await client.get(`${page}/progress`)).text();
    expect(sending).toContain('data-state="sending"');
    expect(sending).toContain('hx-get');

    // The test clock (2026) is after M-Sec's end (2021): sent, but no activity record (the records refuse the date).
    // The `newsletter.send` job queued by "send" marks it sent (the mails are all handed over by now).
    const runner = createRunner({
      db: t.db,
      clock: t.clock,
      log: createLogger('silent'),
      deps: {},
      jobs: [newsletterSendJob],
      schedules: [],
    });
    expect(await runner.runUntilIdle()).toBe(1);
    const [row] = await t.db.select().from(newsletterIssues).where(eq(newsletterIssues.id, id));
    expect(row).toMatchObject({ state: 'sent', activityId: null });
    const sent = await (await client.get(`${page}/progress`)).text();
    expect(sent).toContain('data-state="sent"');
    expect(sent).not.toContain('hx-get');
    expect(sent).toContain('2 of 2');

    const archive = await (await t.app.request(`/site/${P}/ja/newsletter/archive`)).text();
    expect(archive).toContain(`/site/${P}/ja/newsletter/archive/${id}`);
    expect(archive).toContain('春号');
    const one = await (await t.app.request(`/site/${P}/ja/newsletter/archive/${id}`)).text();
    expect(one).toContain('読者の皆さん、こんにちは。');
    const en = await (await t.app.request(`/site/${P}/en/newsletter/archive/${id}`)).text();
    expect(en).toContain('Hello <strong>readers</strong>.');
    const form = await (await t.app.request(`/site/${P}/en/newsletter`)).text();
    expect(form).toContain(`href="/site/${P}/en/newsletter/archive"`);
    expect(form).toMatch(/<a href="\/site\/m-sec\/en\/newsletter" aria-current="page">Newsletter<\/a>/);
    const sitemap = await (await t.app.request(`/site/${P}/sitemap.xml`)).text();
    expect(sitemap).toContain(`/site/${P}/en/newsletter/archive/${id}</loc>`);
  });

  it('takes one reader from the subscribe form to an issue in Japanese, then one-click unsubscribes them', async () => {
    const reader = 'kanako@example.org';
    const site = `/site/${P}/ja/newsletter`;
    const html = await (await t.app.request(site)).text();
    const formToken = /name="form" value="([^"]+)"/.exec(html)?.[1] ?? '';
    const subscribed = await t.app.request(site, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ form: formToken, email: reader, lang: 'ja', consent: 'yes' }).toString(),
    });
    expect(subscribed.status).toBe(200);
    const confirmMail = t.mails.filter((m) => m.to.includes(reader)).at(-1);
    const confirm = /https:\/\/[^/\s]+(\/site\/m-sec\/ja\/newsletter\/confirm\/[\w-]+)/.exec(
      confirmMail?.text ?? '',
    )?.[1];
    expect(confirm).toBeTruthy();
    expect((await t.app.request(confirm ?? '', { method: 'POST' })).status).toBe(200);
    const [row] = await t.db
      .select()
      .from(newsletterSubscribers)
      .where(eq(newsletterSubscribers.address, reader));
    expect(row?.status).toBe('confirmed');

    const created = await client.post(base, {
      subject_en: 'Summer issue',
      subject_ja: '夏号',
      body_en: 'Summer news.',
      body_ja: '夏のお知らせです。',
    });
    const page = created.headers.get('location')?.replace(/\?.*$/, '') ?? '';
    expect((await client.post(`${page}/send`, {})).status).toBe(303);
    const issue = t.mails.filter((m) => m.to.includes(reader)).at(-1);
    expect(issue?.subject).toBe('夏号');
    const listUnsubscribe = issue?.headers['list-unsubscribe'] ?? '';
    expect(issue?.headers['list-unsubscribe-post']).toBe('List-Unsubscribe=One-Click');
    expect(issue?.headers['list-id']).toContain(`<${P}.newsletter.`);
    const url = /<(https:\/\/[^>]+)>/.exec(listUnsubscribe)?.[1] ?? '';
    expect(url).toMatch(/\/site\/m-sec\/ja\/newsletter\/unsubscribe\/[\w-]+$/);

    // RFC 8058: a POST of `List-Unsubscribe=One-Click` to that URL, no cookie, no form token, no page.
    const oneClick = await t.app.request(new URL(url).pathname, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });
    expect(oneClick.status).toBe(200);
    const [after] = await t.db
      .select()
      .from(newsletterSubscribers)
      .where(eq(newsletterSubscribers.address, reader));
    expect(after?.status).toBe('unsubscribed');
  });
});
