/**
 * Issue 22's Done-when as ONE project year: every job and schedule of the registry running together (as `herald
 * serve` runs them) on the injected clock, with loopback SMTP, by due days from the project's start (2024-01-01) to
 * mid-January of its second year. Each expected mail arrives once, on its day, in its recipient's language: the
 * monthly and due-date reminders, the silent-partner warning, the year-end collection, the monthly KPI digests (the
 * coordinator and the editor who opted in), the sign-off requests of period 1 (until the partner signs off), the
 * year-close reminder and one alert mail for one seeded contradiction. A snooze through the link page and a one-click
 * unsubscribe are honoured by the topic they cover, an unsubscribe from all by every topic; a restart in the middle
 * (the process dies after the checks queued, before sending) loses and duplicates nothing. An old project imported
 * meanwhile (2019–2020) gets no mail about its past.
 *
 * On PostgreSQL only (14 s there; about 33 s of CPU on PGlite, where each visited day runs 11–16 jobs): the engines'
 * parts are each covered on both by the domains' own tests (year.int, requests.int, digest-job.int, consistency.int).
 */
import type { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { BASE, createReminderSetting, PROJECT, remindersPlanInput, type Mail } from '../../test/reminders';
import type { ReminderSetting } from '../../test/reminders';
import { userActor } from '../auth/actors';
import type { Actor } from '../auth/permissions';
import type { Database } from '../db/client';
import { setMailPreference } from '../mail/preference-service';
import type { MailTopic } from '../mail/preferences';
import { topicLinks } from '../mail/recipients';
import { signOffPeriod } from '../signoff/service';
import type { AppEnv } from '../web/env';
import { addDays } from './due';
import { makeUser } from '../../test/auth-helpers';
import { createTestDatabase } from '../../test/db';
import { makePlan } from '../../test/factories/plan';
import { importPlan } from '../projects/service';

// About 60 days of every schedule, the runner and SMTP.
vi.setConfig({ testTimeout: 90_000 });

let database: Database;
let s: ReminderSetting;
let app: Hono<AppEnv>;

beforeAll(async () => {
  database = await createTestDatabase();
  s = await createReminderSetting({
    database,
    start: '2023-12-31T07:00:00Z',
    plan: remindersPlanInput({ reminders: { enabled: true, digest: { every: 'monthly' } } }),
  });
  app = s.app();
  // An old project imported now (2019–2020, reminders enabled) with a coordinator and an editor: no schedule may mail
  // anything about its past.
  const base = remindersPlanInput();
  const old = makePlan(
    remindersPlanInput({ project: { ...base.project, acronym: 'Old-X', start_date: '2019-01-01' } }),
  );
  await importPlan(database.db, {
    plan: old,
    sourceText: JSON.stringify(old),
    sourceName: 'old-x.yaml',
    actor: 'test',
  });
  await makeUser(database.db, { role: 'coordinator', projectId: 'old-x' });
  await makeUser(database.db, { role: 'editor', partnerCode: 'UNIA', projectId: 'old-x' });
});
afterAll(() => Promise.all([database?.close(), s?.smtp.close()]));

/** The topic of a mail, from its preference link. */
const topicOf = (m: Mail): string => /\/mail\/preferences\/[^/]+\/[^/]+\/([^/]+)\//.exec(m.text)?.[1] ?? '?';

/** "day to topic" of each mail, sorted. */
const lines = (mails: Array<Pick<Mail, 'day' | 'to'> & { topic: string }>) =>
  mails.map((m) => `${m.day} ${m.to} ${m.topic}`).sort();

const pathOf = (userId: string, topic: MailTopic) =>
  topicLinks({ baseUrl: BASE, keyFile: s.keyFile }, { userId, projectId: PROJECT, topic }).page.slice(
    BASE.length,
  );

/** Presses a button of a link page as a browser would (the page's form token, no cookie). */
async function press(path: string, action: string) {
  const page = await (await app.request(path)).text();
  const form = /name="form" value="([^"]+)"/.exec(page)?.[1] ?? '';
  return app.request(path, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ form, action }).toString(),
  });
}

const oneClick = (userId: string, topic: MailTopic) =>
  app.request(`${pathOf(userId, topic)}/one-click`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: 'List-Unsubscribe=One-Click',
  });

describe('a project year with every schedule running', () => {
  it('sends each expected mail once, in its recipient’s language, and honours the preferences', async () => {
    const { coordinator: co, editorJa: ja, editorEn: en } = s;
    // UNIA's editor (ja) opts in to the digest.
    await setMailPreference(database.db, {
      actor: (await userActor(database.db, ja.id)) as Actor,
      userId: ja.id,
      projectId: PROJECT,
      topic: 'digest',
      change: { state: 'on' },
      clock: s.clock,
    });
    // By due days; the day after only for the first of each kind and around the events (nothing twice within the
    // grace days: each later one is the same check).
    const around = (...days: string[]) => days.flatMap((d) => [d, addDays(d, 1)]);
    let r = s.runner({ full: true });
    await s.visit(r, ['2023-12-31', ...around('2024-01-01', '2024-01-25'), '2024-02-01']);
    s.clock.set('2024-02-10T09:00:00Z');
    await s.report('UNIA', '2024-02-08', 'Talk at the harbour');
    await s.visit(r, [
      ...around('2024-02-15'),
      '2024-02-25',
      ...around('2024-02-26'),
      '2024-03-01',
      ...around('2024-03-17'),
      '2024-03-25',
      '2024-03-28',
      ...around('2024-04-01'),
      '2024-04-25',
      '2024-05-01',
      ...around('2024-05-10'),
    ]);
    // The seeded contradiction: an activity reported Delivered, dated in the future.
    s.clock.set('2024-05-20T09:00:00Z');
    await s.report('UNIA', '2024-05-30', 'Workshop yet to come');
    await s.visit(r, [...around('2024-05-21'), '2024-05-25', '2024-06-01']);
    // The process dies on 06-25 after the checks queued their mails, before sending them; a new one starts.
    await s.visit(s.runner({ full: true, sendMail: false }), ['2024-06-25']);
    expect((await s.mails()).filter((m) => m.day === '2024-06-25')).toEqual([]);
    r = s.runner({ full: true });
    await s.visit(r, [...around('2024-06-25'), '2024-07-01']);
    // CORPB's editor unsubscribes from the monthly reminder with their mail client's one-click POST.
    expect((await oneClick(en.id, 'reminder.monthly')).status).toBe(200);
    await s.visit(r, ['2024-07-25', '2024-08-01', '2024-08-25', '2024-09-01', '2024-09-20']);
    // UNIA's editor snoozes the monthly reminder for 30 days from its link page (on 09-20: until 10-20).
    expect((await press(pathOf(ja.id, 'reminder.monthly'), 'snooze-30')).status).toBe(200);
    await s.visit(r, [
      '2024-09-25',
      '2024-10-01',
      '2024-10-25',
      '2024-11-01',
      '2024-11-25',
      '2024-12-01',
      ...around('2024-12-17'),
      '2024-12-25',
      ...around('2025-01-01'),
    ]);
    // UNIA signs off period 1 on 01-05: no more requests for it.
    s.clock.set('2025-01-05T09:00:00Z');
    await signOffPeriod(database.db, {
      actor: (await userActor(database.db, ja.id)) as Actor,
      projectId: PROJECT,
      input: { period: 1, partner: 'UNIA', state: 'confirmed', version: 0 },
      clock: s.clock,
    });
    await s.visit(r, around('2025-01-08'));
    // The coordinator unsubscribes from all of the project's mail from a digest's link page.
    expect((await press(pathOf(co.id, 'digest'), 'unsubscribe-all')).status).toBe(200);
    await s.visit(r, [...around('2025-01-15'), '2025-02-01']);

    const mails = await s.mails();
    const monthly = (to: string, ...days: string[]) =>
      days.map((day) => ({ day, to, topic: 'reminder.monthly' }));
    const m24 = (...mm: string[]) => mm.map((m) => `2024-${m}-25`);
    const firsts = [
      ...['01', '02', '03', '04', '05', '06', '07', '08', '09', '10', '11', '12'].map((m) => `2024-${m}-01`),
      '2025-01-01',
    ];
    const expected = [
      // Monthly: CORPB's editor until the one-click unsubscribe (07-01); UNIA's but the one snoozed (09-25), and
      // 2025-01-25's caught up on 02-01 (within the grace; the 25th was not visited).
      ...monthly(en.email, ...m24('01', '02', '03', '04', '05', '06')),
      ...monthly(
        ja.email,
        ...m24('01', '02', '03', '04', '05', '06', '07', '08', '10', '11', '12'),
        '2025-02-01',
      ),
      // Due dates: the leaflet (UNIA, 2024-02-29) and D1.1 (2024-03-31), 14 and 3 days before.
      { day: '2024-02-15', to: co.email, topic: 'reminder.due' },
      { day: '2024-02-15', to: ja.email, topic: 'reminder.due' },
      { day: '2024-02-26', to: co.email, topic: 'reminder.due' },
      { day: '2024-02-26', to: ja.email, topic: 'reminder.due' },
      { day: '2024-03-17', to: co.email, topic: 'reminder.due' },
      { day: '2024-03-28', to: co.email, topic: 'reminder.due' },
      // Silent: CORPB never reported (3 months from the start); UNIA since 02-10, then since 05-20 (due 08-20,
      // caught up on 08-25).
      { day: '2024-04-01', to: co.email, topic: 'reminder.silent' },
      { day: '2024-05-10', to: co.email, topic: 'reminder.silent' },
      { day: '2024-08-25', to: co.email, topic: 'reminder.silent' },
      // The seeded contradiction, once.
      { day: '2024-05-21', to: co.email, topic: 'alerts' },
      // Year-end collection, 14 days before 2024-12-31; the year-close reminder (same topic) the day after it.
      ...[co, ja, en].map((u) => ({ day: '2024-12-17', to: u.email, topic: 'reminder.year-end' })),
      { day: '2025-01-01', to: co.email, topic: 'reminder.year-end' },
      // Monthly digests on the 1st: the coordinator until they unsubscribed from all (01-09), UNIA's editor (opted in).
      ...firsts.map((day) => ({ day, to: co.email, topic: 'digest' })),
      ...[...firsts, '2025-02-01'].map((day) => ({ day, to: ja.email, topic: 'digest' })),
      // Period 1's sign-off requests: from 01-01 every 7 days; UNIA signed off on 01-05; 01-29's caught up on 02-01.
      { day: '2025-01-01', to: ja.email, topic: 'signoff.request' },
      ...['2025-01-01', '2025-01-08', '2025-01-15', '2025-02-01'].map((day) => ({
        day,
        to: en.email,
        topic: 'signoff.request',
      })),
    ];
    // Nothing else: nothing twice, nothing early, nothing to Old-X's people.
    expect(lines(mails.map((m) => ({ ...m, topic: topicOf(m) })))).toEqual(lines(expected));

    // Each in its recipient's language (UNIA's editor reads Japanese), with the preference footer and headers.
    const japanese = /[\u3040-\u30ff\u4e00-\u9fff]/;
    for (const m of mails) {
      expect(japanese.test(m.subject), `${m.day} ${m.to} ${m.subject}`).toBe(m.to === ja.email);
      expect(m.headers.get('list-unsubscribe')).toMatch(
        new RegExp(`^<${BASE}/mail/preferences/${PROJECT}/.+/one-click>$`),
      );
      expect(m.headers.get('list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
    }
    const first = (to: string, topic: string) => mails.find((m) => m.to === to && topicOf(m) === topic);
    expect(first(ja.email, 'signoff.request')?.text).toContain(`${BASE}/p/${PROJECT}/signoff?partner=UNIA`);
    expect(first(co.email, 'alerts')?.text).toContain('Workshop yet to come');
    expect(first(ja.email, 'digest')?.text).toContain('配信停止・一時停止');
  });
});
