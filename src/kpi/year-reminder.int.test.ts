/**
 * The year-close reminder on the schedule, with the injected clock moving day by day over the end of a project
 * year: none before the year ended, one mail per coordinator per year (in each one's language, with the year's
 * link) however many days it stays open, none for a year closed before its reminder, never a closure.
 */
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeUser, PROJECT } from '../../test/auth-helpers';
import { createTestDatabase } from '../../test/db';
import { makePlan } from '../../test/factories/plan';
import { systemActor } from '../auth/permissions';
import type { Database } from '../db/client';
import { auditEntries, jobs, users, yearClosures } from '../db/schema';
import { createRunner } from '../jobs/runner';
import { fixedClock, isoDay } from '../lib/clock';
import { createLogger } from '../log';
import type { Mailer, MailMessage } from '../mail/mailer';
import { importPlan } from '../projects/service';
import { yearCloseReminderJob, yearCloseReminderMailJob, yearCloseReminderSchedule } from './jobs';
import { closeYear } from './year-closures';
import { sendYearCloseReminder } from './year-reminder';

const BASE = 'https://herald.example.org';
let database: Database;
let en: { id: string; email: string };
let ja: { id: string; email: string };
let others: string[];
const sent: Array<MailMessage & { day: string }> = [];
// Tide-X: 2024-01-01, 24 months; year 1 ends on 2024-12-31, year 2 on 2025-12-31.
const clock = fixedClock('2024-12-20T12:00:00Z');
const mailer: Mailer = {
  kind: 'outbox',
  send: async (m) => {
    sent.push({ ...m, day: clock.today() });
  },
};

beforeAll(async () => {
  database = await createTestDatabase();
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
  const gone = await makeUser(db, { role: 'coordinator' });
  await db.update(users).set({ deletedAt: new Date() }).where(eq(users.id, gone.id));
  others = [
    gone.email,
    (await makeUser(db, { role: 'editor', partnerCode: 'UNIA' })).email,
    (await makeUser(db, { role: 'viewer' })).email,
    (await makeUser(db, { isAdmin: true })).email,
  ];
});
afterAll(() => database.close());

const runner = () =>
  createRunner({
    db: database.db,
    clock,
    log: createLogger('silent'),
    deps: { mailer, baseUrl: BASE },
    jobs: [yearCloseReminderJob, yearCloseReminderMailJob],
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
    expect(sent, 'no reminder before the year has ended').toEqual([]);
    // …though the daily check ran every day (from the second: the schedule starts from its first tick).
    const checks = await database.db
      .select()
      .from(jobs)
      .where(and(eq(jobs.kind, 'year.close-reminder'), eq(jobs.state, 'succeeded')));
    expect(checks).toHaveLength(11);

    await days(r, '2025-01-01', '2025-01-15');
    expect(sent.map((m) => [m.to, m.day]).sort()).toEqual(
      [
        [en.email, '2025-01-01'],
        [ja.email, '2025-01-01'],
      ].sort(),
    );
    for (const email of others) expect(sent.map((m) => m.to)).not.toContain(email);
    const link = `${BASE}/p/${PROJECT}/dashboard?year=1#snapshots`;
    const toEn = sent.find((m) => m.to === en.email);
    expect(toEn?.subject).toBe('Tide-X: year 1 has ended and is not closed');
    expect(toEn?.text).toContain('ended on 2024-12-31');
    expect(toEn?.text).toContain(link);
    const toJa = sent.find((m) => m.to === ja.email);
    expect(toJa?.subject).toBe('Tide-X：1 年目が終了しましたが、まだ締められていません');
    expect(toJa?.text).toContain('2024-12-31 に終了しました');
    expect(toJa?.text).toContain(link);

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
    const before = sent.length;
    // Year 2 ends on 2025-12-31; a coordinator closes it early on 2026-01-01, before the 06:00 due time.
    clock.set('2026-01-01T01:00:00Z');
    await closeYear(database.db, {
      actor: systemActor('test'),
      projectId: PROJECT,
      year: 2,
      now: clock.now(),
    });
    await days(runner(), '2026-01-01', '2026-01-07');
    expect(sent.slice(before), 'year 2 is closed; year 1 was reminded of already').toEqual([]);
    expect(await reminders(2)).toEqual([]);
    expect(await reminders(1)).toHaveLength(1);
  });

  it('a retried mail job does not mail again whom it already mailed; a closed year gets nothing', async () => {
    await database.db.delete(yearClosures).where(eq(yearClosures.year, 2));
    const mails: MailMessage[] = [];
    const capture: Mailer = { kind: 'outbox', send: async (m) => void mails.push(m) };
    const result = await sendYearCloseReminder(database.db, {
      actor: systemActor('test'),
      projectId: PROJECT,
      year: 2,
      clock,
      mailer: capture,
      baseUrl: BASE,
      alreadySent: [en.id],
    });
    expect(mails.map((m) => m.to)).toEqual([ja.email]);
    expect(result).toMatchObject({ status: 'sent', recipients: [en.id, ja.id] });

    await closeYear(database.db, {
      actor: systemActor('test'),
      projectId: PROJECT,
      year: 2,
      now: clock.now(),
    });
    const again = await sendYearCloseReminder(database.db, {
      actor: systemActor('test'),
      projectId: PROJECT,
      year: 2,
      clock,
      mailer: capture,
      baseUrl: BASE,
    });
    expect(again).toMatchObject({ status: 'closed', recipients: [] });
    expect(mails).toHaveLength(1);
  });
});
