/**
 * The preference links of the reminder mails, end to end: the link page (GET writes nothing, a wrong link is a 404
 * and changes nothing, the form needs its signed token and our origin), a snooze and an unsubscribe through the links
 * and the RFC 8058 one-click POST are honoured by the next reminders, opting back in works; a member's own page lists
 * every topic, the digest as opt-in for an editor.
 */
import { and, eq } from 'drizzle-orm';
import type { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { TestClient } from '../../test/auth-helpers';
import { createTestDatabase } from '../../test/db';
import { leaves, parseMime } from '../../test/smtp';
import { BASE, createReminderSetting, PROJECT, type ReminderSetting } from '../../test/reminders';
import type { Database } from '../db/client';
import { auditEntries, mailPreferences } from '../db/schema';
import type { MailTopic } from '../mail/preferences';
import { topicLinks } from '../mail/recipients';
import type { AppEnv } from '../web/env';

vi.setConfig({ testTimeout: 40_000 });

let database: Database;
let s: ReminderSetting;
let app: Hono<AppEnv>;

beforeAll(async () => {
  database = await createTestDatabase();
  s = await createReminderSetting({ database, start: '2024-03-20T07:00:00Z' });
  app = s.app();
});
afterAll(() => Promise.all([database?.close(), s?.smtp.close()]));

const pathOf = (userId: string, topic: MailTopic) =>
  topicLinks({ baseUrl: BASE, keyFile: s.keyFile }, { userId, projectId: PROJECT, topic }).page.slice(
    BASE.length,
  );

const prefs = () => database.db.select().from(mailPreferences);
const prefAudits = () =>
  database.db
    .select()
    .from(auditEntries)
    .where(and(eq(auditEntries.chain, PROJECT), eq(auditEntries.action, 'mail.preference')));

const formTokenIn = (html: string) => /name="form" value="([^"]+)"/.exec(html)?.[1] ?? '';

async function post(path: string, form: Record<string, string>, headers: Record<string, string> = {}) {
  return app.request(path, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(form).toString(),
  });
}

/** Presses a button of the link page, as a browser would (the page's form token, no cookie). */
async function press(path: string, action: string, lang = 'en') {
  const page = await (await app.request(path, { headers: { 'accept-language': lang } })).text();
  return post(path, { form: formTokenIn(page), action }, { 'accept-language': lang });
}

/** Who got a monthly reminder on `day` (running that day's schedule). */
async function monthlyOn(day: string): Promise<string[]> {
  const before = s.smtp.received.length;
  await s.visit(s.runner(), [day]);
  return s.smtp.received
    .slice(before)
    .filter((m) => (leaves(parseMime(m.raw))[0]?.body ?? '').includes('/reminder.monthly/'))
    .map((m) => m.to[0] ?? '')
    .sort();
}

describe('the preference link page', () => {
  it('shows the topic and its state in the reader’s language; GET writes nothing', async () => {
    const path = pathOf(s.editorJa.id, 'reminder.monthly');
    const res = await app.request(path, { headers: { 'accept-language': 'ja' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const html = await res.text();
    expect(html).toContain('月次報告のリマインダー');
    expect(html).toContain('data-state="on"');
    expect(html).toContain('このメールを配信停止');
    expect(await prefs()).toEqual([]);
  });

  it('a wrong, forged or other person’s link is a 404 and changes nothing', async () => {
    const good = pathOf(s.editorJa.id, 'reminder.monthly');
    const token = good.split('/').at(-1) ?? '';
    const forged = [
      good.replace(/[\w-]{43}$/, 'A'.repeat(43)),
      good.replace(s.editorJa.id, s.editorEn.id),
      good.replace('reminder.monthly', 'reminder.due'),
      `/mail/preferences/${PROJECT}/${s.editorJa.id}/nonsense/${token}`,
      `/mail/preferences/NOT%20A%20PROJECT/${s.editorJa.id}/reminder.monthly/${token}`,
    ];
    for (const path of forged) {
      const res = await app.request(path);
      expect(res.status, path).toBe(404);
      expect(await res.text()).toContain('This link is not valid');
      expect((await post(path, { action: 'unsubscribe' })).status).toBe(404);
      expect((await post(`${path}/one-click`, { 'List-Unsubscribe': 'One-Click' })).status).toBe(404);
    }
    expect(await prefs()).toEqual([]);
  });

  it('refuses a POST without the page’s token or from another origin', async () => {
    const path = pathOf(s.editorJa.id, 'reminder.monthly');
    expect((await post(path, { action: 'unsubscribe' })).status).toBe(403);
    const page = await (await app.request(path)).text();
    const evil = await post(
      path,
      { form: formTokenIn(page), action: 'unsubscribe' },
      { origin: 'https://evil.example' },
    );
    expect(evil.status).toBe(403);
    expect(await evil.text()).toContain('The form has expired');
    expect((await post(path, { form: formTokenIn(page), action: 'explode' })).status).toBe(422);
    expect(await prefs()).toEqual([]);
  });
});

describe('snooze, unsubscribe, one-click and opting back in', () => {
  it('are honoured by the next reminders', async () => {
    await s.visit(s.runner(), ['2024-03-24']); // the schedule's first tick
    // The Japanese editor snoozes the monthly reminder for 2 weeks from its page (on 03-24: until 04-07).
    const snooze = await press(pathOf(s.editorJa.id, 'reminder.monthly'), 'snooze-14', 'ja');
    expect(snooze.status).toBe(200);
    expect(await snooze.text()).toContain('2024年4月7日 まで一時停止中');
    expect(await monthlyOn('2024-03-25')).toEqual([s.editorEn.email]);

    // The English editor unsubscribes with their mail client's one-click POST; twice changes nothing.
    const oneClick = `${pathOf(s.editorEn.id, 'reminder.monthly')}/one-click`;
    for (let i = 0; i < 2; i++) {
      const res = await post(oneClick, { 'List-Unsubscribe': 'One-Click' });
      expect(res.status).toBe(200);
      expect(await res.text()).toBe('unsubscribed');
    }
    expect((await prefAudits()).length).toBe(2); // the snooze and one unsubscribe
    expect((await post(oneClick, { unsubscribe: 'yes' })).status).toBe(400);
    expect(await monthlyOn('2024-04-25')).toEqual([s.editorJa.email]);

    // The page of that link now offers to opt back in; doing so brings the reminder back.
    const page = await (await app.request(pathOf(s.editorEn.id, 'reminder.monthly'))).text();
    expect(page).toContain('data-state="off"');
    expect((await press(pathOf(s.editorEn.id, 'reminder.monthly'), 'opt-in')).status).toBe(200);

    // Unsubscribing from all of the project's mail silences every topic; opting back in to one lifts it.
    expect((await press(pathOf(s.editorJa.id, 'reminder.due'), 'unsubscribe-all')).status).toBe(200);
    expect(await monthlyOn('2024-05-25')).toEqual([s.editorEn.email]);
    // A one-click unsubscribe meanwhile is recorded once, however often the mail client posts it.
    const audits = (await prefAudits()).length;
    for (let i = 0; i < 2; i++)
      await post(`${pathOf(s.editorJa.id, 'reminder.due')}/one-click`, { 'List-Unsubscribe': 'One-Click' });
    expect((await prefAudits()).length).toBe(audits + 1);
    const res = await press(pathOf(s.editorJa.id, 'reminder.monthly'), 'opt-in');
    expect(await res.text()).toContain('data-state="on"');
    expect(await monthlyOn('2024-06-25')).toEqual([s.editorEn.email, s.editorJa.email].sort());
  });
});

describe('a member’s own mail page', () => {
  it('lists every topic with its state, the digest opt-in for an editor, and changes them', async () => {
    const editor = await TestClient.signedIn({ app, db: database.db }, s.editorEn.id);
    // Reached from the account page's list of projects.
    expect(await (await editor.get('/account')).text()).toContain(`href="/p/${PROJECT}/mail"`);
    const html = await (await editor.get(`/p/${PROJECT}/mail`)).text();
    expect(html).toContain('data-topic="digest" data-state="optIn"');
    expect(html).toContain('data-topic="reminder.monthly" data-state="on"');
    const res = await editor.post(`/p/${PROJECT}/mail`, { topic: 'digest', action: 'opt-in' });
    expect(res.status).toBe(303);
    expect(await (await editor.get(`/p/${PROJECT}/mail`)).text()).toContain(
      'data-topic="digest" data-state="on"',
    );
    expect((await editor.post(`/p/${PROJECT}/mail`, { topic: 'digest', action: 'nope' })).status).toBe(422);

    const coordinator = await TestClient.signedIn({ app, db: database.db }, s.coordinator.id);
    expect(await (await coordinator.get(`/p/${PROJECT}/mail`)).text()).toContain(
      'data-topic="digest" data-state="on"',
    );
  });
});
