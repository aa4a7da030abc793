/**
 * The year-close reminder on the schedule, with the injected clock moving day by day over the end of a project
 * year: none before the year ended, one mail per coordinator per year (queued, then sent by `mail.send` to a loopback
 * SMTP server) (in each one's language, with the year's
 * link and the preference footer of the `reminder.year-end` topic) however many days it stays open, none to a
 * coordinator who unsubscribed from that topic, none for a year closed before its reminder, never a closure.
 */
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeUser, PROJECT } from '../../test/auth-helpers';
import { createTestDatabase } from '../../test/db';
import { makePlan } from '../../test/factories/plan';
import { systemActor } from '../auth/permissions';
import type { Database } from '../db/client';
import { auditEntries, jobs, mailQueue, users, yearClosures } from '../db/schema';
import { createRunner } from '../jobs/runner';
import { fixedClock, isoDay } from '../lib/clock';
import { createLogger } from '../log';
import { mailSendJob } from '../mail/jobs';
import { smtpMailer } from '../mail/mailer';
import { leaves, parseMime, startTestSmtp, type TestSmtp } from '../../test/smtp';
import { setMailPreference } from '../mail/preference-service';
import { importPlan } from '../projects/service';
import { yearCloseReminderJob, yearCloseReminderMailJob, yearCloseReminderSchedule } from './jobs';
import { closeYear } from './year-closures';
import { sendYearCloseReminder } from './year-reminder';

const BASE = 'https://herald.example.org';
let database: Database;
let en: { id: string; email: string };
let ja: { id: string; email: string };
let others: string[];
/** A coordinator who unsubscribed from the year-end reminders. */
let quiet: { id: string; email: string };
let smtp: TestSmtp;
// Tide-X: 2024-01-01, 24 months; year 1 ends on 2024-12-31, year 2 on 2025-12-31.
const clock = fixedClock('2024-12-20T12:00:00Z');

/** What the SMTP server received, with the day (of the injected clock) the queue says each was sent. */
async function sentMails(): Promise<Array<{ to: string; day: string; subject: string; text: string }>> {
  const rows = await database.db.select().from(mailQueue).orderBy(mailQueue.id);
  return smtp.received.map((m) => {
    const parsed = parseMime(m.raw);
    const row = rows.find((r) => r.messageId === parsed.headers.get('message-id'));
    return {
      to: m.to[0] ?? '',
      day: row?.sentAt ? isoDay(row.sentAt) : '?',
      subject: parsed.headers.get('subject') ?? '',
      text: leaves(parsed)[0]?.body ?? '',
    };
  });
}

beforeAll(async () => {
  [database, smtp] = await Promise.all([createTestDatabase(), startTestSmtp()]);
  const plan = makePlan();
  await importPlan(database.db, {
    plan,
    sourceText: JSON.stringify(plan),
    sourceName: 'tide-x.yaml',
    actor: 'cli:test',
  });
  const db = database.db;
  en = await makeUser(db, { role: 'coordinator' });
  ja = await makeUser(db, { role: 'coordinator' });
  await db.update(users).set({ lang: 'ja' }).where(eq(users.id, ja.id));
  quiet = await makeUser(db, { role: 'coordinator' });
  await setMailPreference(db, {
    actor: systemActor('test'),
    userId: quiet.id,
    projectId: PROJECT,
    topic: 'reminder.year-end',
    change: { state: 'off' },
    clock,
  });
  const gone = await makeUser(db, { role: 'coordinator' });
  await db.update(users).set({ deletedAt: new Date() }).where(eq(users.id, gone.id));
  others = [
    gone.email,
    (await makeUser(db, { role: 'editor', partnerCode: 'UNIA' })).email,
    (await makeUser(db, { role: 'viewer' })).email,
    (await makeUser(db, { isAdmin: true })).email,
  ];
});
afterAll(() => Promise.all([database?.close(), smtp?.close()]));

const runner = () =>
  createRunner({
    db: database.db,
    clock,
    log: createLogger('silent'),
    deps: {
      mailer: smtpMailer({ url: smtp.url, from: 'Herald <herald@example.org>' }),
      mailPolicy: { ratePerSecond: 0 },
      baseUrl: BASE,
    },
    jobs: [yearCloseReminderJob, yearCloseReminderMailJob, mailSendJob],
    schedules: [yearCloseReminderSchedule],
  });

/** Moves the clock day by day from `from` to `to` (noon, after the 06:00 due time), running the jobs each day. */
async function days(r: ReturnType<typeof runner>, from: string, to: string): Promise<void> {
  for (let d = new Date(`${from}T12:00:00Z`); isoDay(d) <= to; d = new Date(d.getTime() + 86_400_000)) {
    clock.set(d);
    await r.runUntilIdle();
  }
}

const reminders = (year: number) =>
  database.db
    .select()
    .from(auditEntries)
    .where(
      and(
        eq(auditEntries.action, 'year.close-reminder'),
        eq(auditEntries.chain, PROJECT),
        eq(auditEntries.entityId, String(year)),
      ),
    );

describe('year-close reminder', () => {
  it('mails each coordinator once when the year has ended, in their language, and never closes it', async () => {
    const r = runner();
    await days(r, '2024-12-20', '2024-12-31');
    expect(await sentMails(), 'no reminder before the year has ended').toEqual([]);
    // …though the daily check ran every day (from the second: the schedule starts from its first tick).
    const checks = await database.db
      .select()
      .from(jobs)
      .where(and(eq(jobs.kind, 'year.close-reminder'), eq(jobs.state, 'succeeded')));
    expect(checks).toHaveLength(11);

    await days(r, '2025-01-01', '2025-01-15');
    const sent = await sentMails();
    expect(sent.map((m) => [m.to, m.day]).sort()).toEqual(
      [
        [en.email, '2025-01-01'],
        [ja.email, '2025-01-01'],
      ].sort(),
    );
    for (const email of [...others, quiet.email]) expect(sent.map((m) => m.to)).not.toContain(email);
    // The preference footer of the year-end reminders' topic, in each one's language.
    for (const m of sent) expect(m.text).toMatch(/\/mail\/preferences\/tide-x\/[^/]+\/reminder\.year-end\//);
    const link = `${BASE}/p/${PROJECT}/dashboard?year=1#snapshots`;
    const toEn = sent.find((m) => m.to === en.email);
    expect(toEn?.subject).toBe('Tide-X: year 1 has ended and is not closed');
    expect(toEn?.text).toContain('ended on 2024-12-31');
    expect(toEn?.text).toContain(link);
    const toJa = sent.find((m) => m.to === ja.email);
    expect(toJa?.subject).toBe('Tide-X：1 年目が終了しましたが、まだ締められていません');
    expect(toJa?.text).toContain('2024-12-31 に終了しました');
    expect(toJa?.text).toContain(link);
    expect(toJa?.text).toContain('配信停止・一時停止');

    // One audit entry, naming the recipients by id; the year stays open.
    const entries = await reminders(1);
    expect(entries).toHaveLength(1);
    expect(entries[0]?.after).toMatchObject({ year: 1, at: '2024-12-31' });
    expect(((entries[0]?.after as { recipients: string[] }).recipients ?? []).sort()).toEqual(
      [en.id, ja.id].sort(),
    );
    expect(await database.db.select().from(yearClosures)).toEqual([]);
  });

  it('sends nothing for a year closed before its reminder, nor again for a year already reminded of', async () => {
    const before = smtp.received.length;
    // Year 2 ends on 2025-12-31; a coordinator closes it early on 2026-01-01, before the 06:00 due time.
    clock.set('2026-01-01T01:00:00Z');
    await closeYear(database.db, {
      actor: systemActor('test'),
      projectId: PROJECT,
      year: 2,
      now: clock.now(),
    });
    await days(runner(), '2026-01-01', '2026-01-07');
    expect(smtp.received.slice(before), 'year 2 is closed; year 1 was reminded of already').toEqual([]);
    expect(await reminders(2)).toEqual([]);
    expect(await reminders(1)).toHaveLength(1);
  });

  it('a retried mail job queues nobody twice; a closed year gets nothing', async () => {
    await database.db.delete(yearClosures).where(eq(yearClosures.year, 2));
    const before = smtp.received.length;
    const remind = () =>
      sendYearCloseReminder(database.db, {
        actor: systemActor('test'),
        projectId: PROJECT,
        year: 2,
        clock,
        baseUrl: BASE,
      });
    const first = await remind();
    // The job's retry (its first attempt's outcome unknown): the same mails, by their idempotency keys.
    const retried = await remind();
    expect(first).toMatchObject({ status: 'sent' });
    expect(retried.recipients.sort()).toEqual([en.id, ja.id].sort());
    await runner().runUntilIdle();
    expect(
      smtp.received
        .slice(before)
        .map((m) => m.to[0])
        .sort(),
    ).toEqual([en.email, ja.email].sort());

    await closeYear(database.db, {
      actor: systemActor('test'),
      projectId: PROJECT,
      year: 2,
      now: clock.now(),
    });
    const again = await remind();
    expect(again).toMatchObject({ status: 'closed', recipients: [] });
    await runner().runUntilIdle();
    expect(smtp.received.length - before).toBe(2);
  });
});
