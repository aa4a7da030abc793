/**
 * The newsletter through the real app on a real database and a loopback SMTP server: subscribe → confirmation mail
 * (in the chosen language) → confirm → unsubscribe by the link and by the RFC 8058 one-click POST; bad addresses,
 * forged forms, repeated subscriptions, expired and reused links, unsubscribing twice: clear answers, nothing
 * changed that should not be; the consent evidence verifies with the chain and holds no address; erasure leaves the
 * address nowhere in the database; the coordinator's page; the purge and snapshot jobs.
 */
import { and, count, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeUser, TestClient } from '../../test/auth-helpers';
import { BASE, createNewsletterTestApp, type NewsletterTestApp } from '../../test/newsletter';
import { verifyChain } from '../audit/chain';
import { auditEntries, auditHeads, metricSnapshots, newsletterSubscribers } from '../db/schema';
import { newsletterSystem, purgeUnconfirmed, snapshotSubscribers } from './jobs';
import { addressHash } from './secrets';

const P = 'm-sec';
const SITE = `/site/${P}`;
let t: NewsletterTestApp;
let n = 0;
const fresh = (what = 'reader') => `${what}.${++n}@Example.ORG`;
/** The address as stored: the domain lower-cased. */
const stored = (a: string) => a.replace(/@(.*)$/, (_m, d: string) => `@${d.toLowerCase()}`);

beforeAll(async () => {
  t = await createNewsletterTestApp();
}, 120_000);
afterAll(async () => {
  await t?.close();
});

const ip = { 'x-forwarded-for': '198.51.100.7' };
const get = (path: string) => t.app.request(path, { headers: ip });
const post = (path: string, form: Record<string, string> = {}, headers: Record<string, string> = {}) =>
  t.app.request(path, {
    method: 'POST',
    headers: { ...ip, 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(form).toString(),
  });

async function formToken(lang = 'en'): Promise<string> {
  const html = await (await get(`${SITE}/${lang}/newsletter`)).text();
  const m = /name="form" value="([^"]+)"/.exec(html);
  if (!m?.[1]) throw new Error('no form token');
  return m[1];
}

async function subscribe(email: string, lang = 'en', extra: Record<string, string> = {}) {
  return post(`${SITE}/${lang}/newsletter`, {
    form: await formToken(lang),
    email,
    lang,
    consent: 'yes',
    ...extra,
  });
}

const rowOf = async (email: string) =>
  (
    await t.db
      .select()
      .from(newsletterSubscribers)
      .where(and(eq(newsletterSubscribers.projectId, P), eq(newsletterSubscribers.address, stored(email))))
  )[0];
const rowCount = async () =>
  (
    await t.db
      .select({ n: count() })
      .from(newsletterSubscribers)
      .where(eq(newsletterSubscribers.projectId, P))
  )[0]?.n;
const head = async () => (await t.db.select().from(auditHeads).where(eq(auditHeads.chain, P)))[0]?.seq ?? 0;
const mailsTo = (email: string) => t.mails.filter((m) => m.to.includes(stored(email)));
const linkOf = (text: string, kind: 'confirm' | 'unsubscribe' | 'data') => {
  const m = new RegExp(`${BASE}(/site/${P}/(?:en|ja)/newsletter/${kind}/[\\w-]+)`).exec(text);
  if (!m?.[1]) throw new Error(`no ${kind} link in: ${text}`);
  return m[1];
};

/** Subscribes and confirms an address; its mail's links. */
async function confirmed(email: string, lang = 'en') {
  expect((await subscribe(email, lang)).status).toBe(200);
  const mail = mailsTo(email).at(-1);
  if (!mail) throw new Error('no mail');
  expect((await post(linkOf(mail.text, 'confirm'))).status).toBe(200);
  return { confirm: linkOf(mail.text, 'confirm'), unsubscribe: linkOf(mail.text, 'unsubscribe'), mail };
}

describe('subscribe, confirm, unsubscribe', () => {
  it('mails a double opt-in link in the chosen language; the GET page writes nothing, the POST confirms', async () => {
    const email = fresh('kenji');
    const before = await head();
    const res = await subscribe(email, 'ja');
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('メールをご確認ください');
    const [mail] = mailsTo(email);
    expect(mail?.subject).toBe('M-Sec ニュースレター: 購読の確認をお願いします');
    expect(mail?.text).toContain('7 日以内に次のリンクを開いてください');
    const row = await rowOf(email);
    expect(row).toMatchObject({ status: 'pending', lang: 'ja', noticeVersion: '2026-12' });
    expect(await head()).toBe(before + 1);

    const link = linkOf(mail?.text ?? '', 'confirm');
    const writes = t.database.writes; // PGlite counts every write (PostgreSQL: the row's state below says it)
    const mark0 = writes?.mark();
    const page = await get(link);
    await get(linkOf(mail?.text ?? '', 'unsubscribe'));
    await get(`${SITE}/ja/newsletter`);
    if (writes && mark0 !== undefined) expect(writes.unchangedSince(mark0)).toBe(true);
    expect(page.status).toBe(200);
    expect(page.headers.get('cache-control')).toBe('no-store');
    expect(await page.text()).toContain('購読を確定する');
    expect((await rowOf(email))?.status).toBe('pending');

    const done = await post(link);
    expect(done.status).toBe(200);
    expect(await done.text()).toContain('購読が確定しました');
    expect((await rowOf(email))?.status).toBe('confirmed');
    // Reused: a clear answer, nothing changes.
    const mark = await head();
    const again = await post(link);
    expect(again.status).toBe(200);
    expect(await again.text()).toContain('確定済みです');
    expect(await head()).toBe(mark);
  });

  it('unsubscribes by the link page (a button) and by the one-click POST; twice changes nothing', async () => {
    const a = await confirmed(fresh());
    const page = await get(a.unsubscribe);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('>Unsubscribe</button>');
    const res = await post(a.unsubscribe);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('You are unsubscribed');

    const emailB = fresh();
    const b = await confirmed(emailB);
    // RFC 8058: no cookie, no form token, no page; the body names the one-click action.
    const oneClick = await t.app.request(b.unsubscribe, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });
    expect(oneClick.status).toBe(200);
    expect(oneClick.headers.get('location')).toBeNull();
    expect(oneClick.headers.get('set-cookie')).toBeNull();
    expect((await rowOf(emailB))?.status).toBe('unsubscribed');
    const mark = await head();
    const twice = await t.app.request(b.unsubscribe, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });
    expect(twice.status).toBe(200);
    expect(await (await post(b.unsubscribe)).text()).toContain('already unsubscribed');
    expect(await head()).toBe(mark);
    // A made-up token: 404 for one-click, the "not valid" page otherwise.
    const forged = `${SITE}/en/newsletter/unsubscribe/${'x'.repeat(43)}`;
    expect(
      (
        await t.app.request(forged, {
          method: 'POST',
          body: 'List-Unsubscribe=One-Click',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
        })
      ).status,
    ).toBe(404);
    expect(await (await get(forged)).text()).toContain('This link is not valid');
  });
});

describe('bad input and repeated requests', () => {
  it.each([
    ['not-an-address', 'email', 'Enter a valid e-mail address'],
    ['', 'email', 'Enter your e-mail address'],
    ['two@@example.org', 'email', 'Enter a valid e-mail address'],
  ])('refuses %j with 422, the error beside the field, nothing stored', async (email, field, text) => {
    const [rows, seq, mails] = [await rowCount(), await head(), t.mails.length];
    const res = await subscribe(email);
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain(`id="${field}-error">${text}`);
    expect(html).toContain('aria-invalid="true"');
    expect([await rowCount(), await head(), t.mails.length]).toEqual([rows, seq, mails]);
  });

  it('refuses a subscription without consent, a forged or foreign form, nothing stored', async () => {
    const [rows, seq] = [await rowCount(), await head()];
    const email = fresh();
    const noConsent = await post(`${SITE}/en/newsletter`, { form: await formToken(), email, lang: 'en' });
    expect(noConsent.status).toBe(422);
    expect(await noConsent.text()).toContain('id="consent-error"');
    const forged = await post(`${SITE}/en/newsletter`, { form: '1.abc', email, lang: 'en', consent: 'yes' });
    expect(forged.status).toBe(403);
    expect(await forged.text()).toContain('This form has expired');
    const foreign = await post(
      `${SITE}/en/newsletter`,
      { form: await formToken(), email, lang: 'en', consent: 'yes' },
      { origin: 'https://evil.example' },
    );
    expect(foreign.status).toBe(403);
    expect([await rowCount(), await head()]).toEqual([rows, seq]);
  });

  it('resends to a pending address (throttled), never duplicates, and answers a confirmed one the same', async () => {
    const email = fresh();
    await subscribe(email);
    const first = mailsTo(email);
    expect(first).toHaveLength(1);
    const again = await subscribe(email);
    expect(again.status).toBe(200);
    expect(mailsTo(email)).toHaveLength(1);
    t.clock.advance(11 * 60 * 1000);
    await subscribe(email, 'ja');
    expect(mailsTo(email)).toHaveLength(2);
    expect(
      (
        await t.db
          .select({ n: count() })
          .from(newsletterSubscribers)
          .where(eq(newsletterSubscribers.address, stored(email)))
      )[0]?.n,
    ).toBe(1);
    // The first link was replaced by the new one.
    const old = await post(linkOf(first[0]?.text ?? '', 'confirm'));
    expect(old.status).toBe(404);
    expect(await old.text()).toContain('This link is not valid');
    expect(await (await post(linkOf(mailsTo(email)[1]?.text ?? '', 'confirm'))).text()).toContain(
      '購読が確定しました',
    );
    // Confirmed: the same neutral page, no mail, nothing recorded.
    const [seq, mails] = [await head(), t.mails.length];
    const known = await subscribe(email);
    expect(await known.text()).toContain('Check your mailbox');
    expect([await head(), t.mails.length]).toEqual([seq, mails]);
  });

  it('answers an expired link clearly and leaves the subscription pending', async () => {
    const email = fresh();
    await subscribe(email);
    const link = linkOf(mailsTo(email)[0]?.text ?? '', 'confirm');
    t.clock.advance(8 * 86_400_000);
    const page = await get(link);
    expect(page.status).toBe(410);
    expect(await page.text()).toContain('This link has expired');
    expect((await post(link)).status).toBe(410);
    expect((await rowOf(email))?.status).toBe('pending');
  });

  it('is a 404 where the site is not public or the newsletter not enabled', async () => {
    expect((await get('/site/tide-x/en/newsletter')).status).toBe(404);
    expect((await get(`${SITE}/fr/newsletter`)).status).toBe(404);
  });
});

describe('consent evidence, data and erasure', () => {
  it('records each step in the chain with hashes only; the data download holds them; the chain verifies', async () => {
    const email = fresh('ana');
    const a = await confirmed(email);
    await post(a.unsubscribe);
    const hash = addressHash(P, stored(email));
    const data = await get(linkOf(a.mail.text, 'data'));
    expect(data.headers.get('content-disposition')).toContain('attachment');
    const json = (await data.json()) as {
      subscriber: { address: string };
      address_sha256: string;
      evidence: Array<{ action: string; after: Record<string, unknown> }>;
    };
    expect(json.subscriber.address).toBe(stored(email));
    expect(json.address_sha256).toBe(hash);
    expect(json.evidence.map((e) => e.action)).toEqual([
      'newsletter.asked',
      'newsletter.confirmed',
      'newsletter.unsubscribed',
    ]);
    expect(json.evidence[0]?.after).toMatchObject({
      notice_version: '2026-12',
      address_sha256: hash,
      via: 'site',
    });
    expect(json.evidence[0]?.after.ip_hmac).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(json.evidence)).not.toContain('198.51.100.7');
    const [leak] = await t.db
      .select({ n: count() })
      .from(auditEntries)
      .where(
        sql`(${auditEntries.after}::text || coalesce(${auditEntries.before}::text, '')) ilike ${`%${stored(email)}%`}`,
      );
    expect(leak?.n).toBe(0);
    expect(await verifyChain(t.db, P)).toMatchObject({ ok: true });
  });

  it('erases on request: the address is left in no text or jsonb column of any table', async () => {
    const email = fresh('erase-me');
    const a = await confirmed(email);
    const page = await (await get(a.unsubscribe)).text();
    expect(page).toContain('Erase my data');
    const res = await post(linkOf(a.mail.text, 'unsubscribe').replace('/unsubscribe/', '/erase/'));
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('Your data has been erased');
    expect(await rowOf(email)).toBeUndefined();
    const columns = (await t.db.execute(sql`
      select table_name, column_name from information_schema.columns
      where table_schema = 'public' and data_type in ('text', 'character varying', 'jsonb', 'json')`)) as unknown as
      | { rows: Array<{ table_name: string; column_name: string }> }
      | Array<{ table_name: string; column_name: string }>;
    const list = Array.isArray(columns) ? columns : columns.rows;
    expect(list.length).toBeGreaterThan(20);
    const found: string[] = [];
    for (const c of list) {
      const r = (await t.db.execute(
        sql`select count(*)::int as n from ${sql.identifier(c.table_name)} where ${sql.identifier(c.column_name)}::text ilike ${`%${stored(email)}%`}`,
      )) as unknown as { rows: Array<{ n: number }> } | Array<{ n: number }>;
      const rows = Array.isArray(r) ? r : r.rows;
      if ((rows[0]?.n ?? 0) > 0) found.push(`${c.table_name}.${c.column_name}`);
    }
    expect(found).toEqual([]);
    // The evidence stays, with the erasure, and the chain verifies.
    const hash = addressHash(P, stored(email));
    const steps = await t.db
      .select({ action: auditEntries.action })
      .from(auditEntries)
      .where(and(eq(auditEntries.chain, P), eq(auditEntries.entityId, hash)));
    expect(steps.map((s) => s.action)).toEqual([
      'newsletter.asked',
      'newsletter.confirmed',
      'newsletter.erased',
    ]);
    expect(await verifyChain(t.db, P)).toMatchObject({ ok: true });
    // The link is dead now: clear answers.
    expect((await get(a.unsubscribe)).status).toBe(404);
  });
});

describe('the coordinator and the jobs', () => {
  it('shows counts and addresses to a coordinator, exports one subscriber’s evidence, erases (audited)', async () => {
    const email = fresh('coord-view');
    await confirmed(email, 'ja');
    const coordinator = await makeUser(t.db, { role: 'coordinator', projectId: P });
    const viewer = await makeUser(t.db, { role: 'viewer', projectId: P });
    const client = await TestClient.signedIn(t, coordinator.id);
    const html = await (await client.get(`/p/${P}/newsletter/subscribers`)).text();
    expect(html).toContain(stored(email));
    expect(html).toMatch(/data-status="confirmed" data-lang="ja"/);
    const denied = await (await TestClient.signedIn(t, viewer.id)).get(`/p/${P}/newsletter/subscribers`);
    expect(denied.status).toBe(403);
    const id = (await rowOf(email))?.id as string;
    const evidence = (await (
      await client.get(`/p/${P}/newsletter/subscribers/${id}/evidence.json`)
    ).json()) as {
      evidence: Array<{ action: string }>;
    };
    expect(evidence.evidence.map((e) => e.action)).toEqual(['newsletter.asked', 'newsletter.confirmed']);
    const erase = await client.post(`/p/${P}/newsletter/subscribers/${id}/erase`);
    expect(erase.status).toBe(303);
    expect(await rowOf(email)).toBeUndefined();
    const [last] = await t.db
      .select()
      .from(auditEntries)
      .where(eq(auditEntries.chain, P))
      .orderBy(sql`${auditEntries.seq} desc`)
      .limit(1);
    expect(last).toMatchObject({ action: 'newsletter.erased', actorLabel: 'coordinator' });
    expect((await client.post(`/p/${P}/newsletter/subscribers/${id}/erase`)).status).toBe(404);
  });

  it('purges subscriptions unconfirmed after 7 days (audited as the system) and snapshots the confirmed count daily', async () => {
    const purge = () => purgeUnconfirmed(t.db, { projectId: P, clock: t.clock, actor: newsletterSystem });
    await purge(); // what earlier tests left expired
    const email = fresh('never-confirms');
    await subscribe(email);
    expect(await purge()).toBe(0);
    t.clock.advance(7 * 86_400_000 + 60_000);
    const mark = await head();
    expect(await purge()).toBe(1);
    const [entry] = await t.db
      .select()
      .from(auditEntries)
      .where(and(eq(auditEntries.chain, P), eq(auditEntries.seq, mark + 1)));
    expect(entry).toMatchObject({ action: 'newsletter.purged', actorId: 'job:newsletter' });
    expect(await rowOf(email)).toBeUndefined();
    const pendingLeft = await t.db
      .select({ n: count() })
      .from(newsletterSubscribers)
      .where(and(eq(newsletterSubscribers.projectId, P), eq(newsletterSubscribers.status, 'pending')));
    expect(pendingLeft[0]?.n).toBe(0);
    const confirmedNow = await t.db
      .select({ n: count() })
      .from(newsletterSubscribers)
      .where(and(eq(newsletterSubscribers.projectId, P), eq(newsletterSubscribers.status, 'confirmed')));
    const first = await snapshotSubscribers(t.db, { projectId: P, clock: t.clock, actor: newsletterSystem });
    expect(first).toEqual({ value: confirmedNow[0]?.n, recorded: true });
    expect(
      await snapshotSubscribers(t.db, { projectId: P, clock: t.clock, actor: newsletterSystem }),
    ).toMatchObject({
      recorded: false,
    });
    const [snap] = await t.db
      .select()
      .from(metricSnapshots)
      .where(and(eq(metricSnapshots.projectId, P), eq(metricSnapshots.metric, 'subscribers')));
    expect(snap).toMatchObject({
      channelKind: 'newsletter',
      value: confirmedNow[0]?.n,
      date: t.clock.today(),
    });
    expect(await verifyChain(t.db, P)).toMatchObject({ ok: true });
  });
});
