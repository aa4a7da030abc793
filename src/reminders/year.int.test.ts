/**
 * A project year of the reminder check alone, by due days on the injected clock with the real schedule, runner and
 * loopback SMTP: each expected reminder arrives once (monthly reports, due dates, silent partners, year-end
 * collection), never early, with its contents in its recipient's language; a submitted deliverable is not reminded
 * of; downtime is caught up within the grace days, never beyond. The whole instance (every schedule, a restart,
 * preferences, an old project imported) is `project-year.pg.test.ts`.
 */
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestDatabase } from '../../test/db';
import { BASE, createReminderSetting, PROJECT, type Mail, type ReminderSetting } from '../../test/reminders';
import type { Database } from '../db/client';
import { auditEntries } from '../db/schema';
import { systemActor } from '../auth/permissions';
import { setDeliverableStatus } from '../records/deliverables';
import { addDays } from './due';

// About 80 days of the schedule, runner and SMTP: more than the default 20 s on a loaded machine.
vi.setConfig({ testTimeout: 60_000 });

let database: Database;
let s: ReminderSetting;

beforeAll(async () => {
  database = await createTestDatabase();
  s = await createReminderSetting({ database, start: '2023-12-31T07:00:00Z' });
});
afterAll(() => Promise.all([database?.close(), s?.smtp.close()]));

/** [day, to, topic, subject] of each mail, sorted. */
const summary = (mails: Mail[]) =>
  mails
    .map((m) => [m.day, m.to, /\/mail\/preferences\/[^/]+\/[^/]+\/([^/]+)\//.exec(m.text)?.[1] ?? '?'])
    .sort((a, b) => (a.join(' ') < b.join(' ') ? -1 : 1));

describe('a project year of reminders', () => {
  it('sends each reminder once, never early, on its day or within the grace after downtime', async () => {
    const { coordinator: co, editorJa: ja, editorEn: en } = s;
    // By due days: each one and the day after it (nothing twice within the grace); for one of each kind, the day
    // before as well (nothing early).
    const around = (...days: string[]) => days.flatMap((d) => [d, addDays(d, 1)]);
    const early = (...days: string[]) => days.flatMap((d) => [addDays(d, -1), d, addDays(d, 1)]);
    let r = s.runner();
    // The schedule starts from its first tick (2023-12-31): nothing is back-filled.
    await s.visit(r, ['2023-12-31', ...early('2024-01-25'), '2024-02-09']);
    // UNIA reports on 2024-02-10 (one record dated 2024-02-08), twice.
    s.clock.set('2024-02-10T09:00:00Z');
    await s.report('UNIA', '2024-02-08', 'Talk at the harbour');
    await s.report('UNIA', '2024-02-10', 'Leaflet printed');
    await s.visit(r, [
      ...early('2024-02-15'),
      ...around('2024-02-25'),
      '2024-02-27',
      ...around('2024-03-17'),
      '2024-03-20',
    ]);
    // D1.1 is submitted on 03-20: its 3-days-before reminder (03-28) is not sent.
    await setDeliverableStatus(database.db, {
      actor: systemActor('test'),
      projectId: PROJECT,
      code: 'D1.1',
      input: { status: 'Submitted', submitted_on: '2024-03-20' },
    });
    await s.visit(r, [
      ...around('2024-03-25', '2024-03-28'),
      ...early('2024-04-01'),
      ...around('2024-04-25', '2024-05-10', '2024-05-25'),
      '2024-06-04',
    ]);
    // UNIA reports again on 06-05, before the day's check.
    s.clock.set('2024-06-05T06:00:00Z');
    await s.report('UNIA', '2024-06-05');
    await s.visit(r, ['2024-06-05', '2024-06-24', '2024-06-25', '2024-06-26', '2024-07-19']);
    // Down from 2024-07-20 to 2024-07-27 (the 07-25 monthly is caught up on 07-28), then from 2024-08-20 to
    // 2024-09-03 (the 08-25 monthly's grace ended on 09-01: it is never sent).
    r = s.runner();
    await s.visit(r, ['2024-07-28', '2024-07-29', '2024-08-19']);
    r = s.runner();
    await s.visit(r, [
      ...around('2024-09-05', '2024-09-25', '2024-10-25', '2024-11-25'),
      ...early('2024-12-17'),
      ...around('2024-12-25'),
      '2024-12-31',
    ]);

    const mails = await s.mails();
    const months = ['01', '02', '03', '04', '05', '06', '07', '09', '10', '11', '12'];
    const monthly = months.flatMap((m) => {
      const day = m === '07' ? '2024-07-28' : `2024-${m}-25`;
      return [
        [day, ja.email, 'reminder.monthly'],
        [day, en.email, 'reminder.monthly'],
      ];
    });
    const expected = [
      ...monthly,
      // Due dates: the leaflet (UNIA, month 2: 2024-02-29) and D1.1 (month 3: 2024-03-31), 14 and 3 days before
      // (D1.1 was submitted before the second).
      ['2024-02-15', co.email, 'reminder.due'],
      ['2024-02-15', ja.email, 'reminder.due'],
      ['2024-02-26', co.email, 'reminder.due'],
      ['2024-02-26', ja.email, 'reminder.due'],
      ['2024-03-17', co.email, 'reminder.due'],
      // Silent: CORPB never reported (3 months from the start); UNIA since 02-10, then again since 06-05.
      ['2024-04-01', co.email, 'reminder.silent'],
      ['2024-05-10', co.email, 'reminder.silent'],
      ['2024-09-05', co.email, 'reminder.silent'],
      // Year-end collection: 14 days before 2024-12-31.
      ['2024-12-17', co.email, 'reminder.year-end'],
      ['2024-12-17', ja.email, 'reminder.year-end'],
      ['2024-12-17', en.email, 'reminder.year-end'],
    ];
    expect(summary(mails)).toEqual(
      summary(
        expected.map(([day, to, topic]) => ({ day, to, text: `/mail/preferences/x/y/${topic}/` }) as Mail),
      ),
    );

    // Every mail: the preference footer and the RFC 8058 headers.
    for (const m of mails) {
      expect(m.headers.get('list-unsubscribe')).toMatch(
        new RegExp(`^<${BASE}/mail/preferences/${PROJECT}/.+/one-click>$`),
      );
      expect(m.headers.get('list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
    }

    // The languages and contents of February's monthly reminders.
    const feb = mails.filter((m) => m.day === '2024-02-25');
    const toJa = feb.find((m) => m.to === ja.email);
    expect(toJa?.subject).toBe('Tide-X：University A (UNIA) の 2024年2月 の活動は？');
    expect(toJa?.text).toContain('（2 件）');
    expect(toJa?.text).toContain('Talk at the harbour');
    expect(toJa?.text).toContain(`${BASE}/p/${PROJECT}/records/events/new`);
    expect(toJa?.text).toContain('普及活動リーダー（University A (UNIA)）');
    const toEn = feb.find((m) => m.to === en.email);
    expect(toEn?.subject).toBe('Tide-X: what did Corp B (CORPB) do in February 2024?');
    expect(toEn?.text).toContain('Herald has no record of Corp B (CORPB) for February 2024 yet.');
    expect(toEn?.text).not.toContain('Talk at the harbour');
    expect(toEn?.text).toContain(
      'tell the dissemination leads (University A (UNIA)) before you attend an event',
    );
    // The other kinds in Japanese too.
    const dueJa = mails.find((m) => m.day === '2024-02-15' && m.to === ja.email);
    expect(dueJa?.subject).toBe('Tide-X：期限が近づいています（2024-02-29）');
    expect(dueJa?.text).toContain('タイムライン「Leaflet」：期限 2024-02-29（あと 14 日）');
    expect(dueJa?.text).toContain(`${BASE}/p/${PROJECT}/timeline`);
    const dueCo = mails.find((m) => m.day === '2024-03-17' && m.to === co.email);
    expect(dueCo?.text).toContain('Deliverable D1.1 Website: due on 2024-03-31 (in 14 days)');
    const yearJa = mails.find((m) => m.day === '2024-12-17' && m.to === ja.email);
    expect(yearJa?.subject).toBe('Tide-X：2024-12-31 までに KPI の状況を収集してください');
    expect(yearJa?.text).toContain(`${BASE}/p/${PROJECT}/dashboard`);
    expect(yearJa?.text).toContain('配信停止・一時停止');
    const silent = mails.find((m) => m.day === '2024-04-01');
    expect(silent?.subject).toBe('Tide-X: Corp B (CORPB) has reported nothing for 3 months');

    // One audit entry per check that queued something, naming users by id, never addresses.
    const entries = await database.db
      .select()
      .from(auditEntries)
      .where(and(eq(auditEntries.chain, PROJECT), eq(auditEntries.action, 'reminder.sent')));
    expect(entries.length).toBeGreaterThan(0);
    const recipients = entries.flatMap((e) => (e.after as { mails: Array<{ userId: string }> }).mails);
    expect(recipients).toHaveLength(mails.length);
    expect(JSON.stringify(entries.map((e) => e.after))).not.toContain('@');
  });
});
