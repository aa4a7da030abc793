/**
 * The reminders' test setting: Tide-X (2024-01-01, 24 months) with reminders enabled and UNIA as dissemination lead,
 * a coordinator (en), a UNIA editor (ja) and a CORPB editor (en); a loopback SMTP server; the real runner with the
 * reminder check on its schedule and `mail.send`, or with every job and schedule of the registry (`full`), on a
 * movable clock; and the app (preference pages) over the same database and instance key.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq, sql } from 'drizzle-orm';
import type { Hono } from 'hono';
import { systemActor } from '../src/auth/permissions';
import type { Database, Db } from '../src/db/client';
import { mailQueue, users } from '../src/db/schema';
import { createRunner } from '../src/jobs/runner';
import { fixedClock, isoDay, type MovableClock } from '../src/lib/clock';
import { createLogger } from '../src/log';
import { smtpMailer } from '../src/mail/mailer';
import type { PlanInput } from '../src/plan/schema';
import { importPlan } from '../src/projects/service';
import { KIND_TABLES } from '../src/records/kinds';
import { createRecord } from '../src/records/service';
import { JOBS, SCHEDULES } from '../src/jobs/registry';
import { mailSendJob, mailSendSchedule } from '../src/mail/jobs';
import { reminderCheckJob, reminderCheckSchedule } from '../src/reminders/jobs';
import { createApp } from '../src/web/app';
import type { AppEnv } from '../src/web/env';
import { makeUser, PROJECT, type MadeUser } from './auth-helpers';
import { makePlan, planInput } from './factories/plan';
import { activityInput } from './factories/records';
import { leaves, parseMime, startTestSmtp, type TestSmtp } from './smtp';

export { PROJECT };
export const BASE = 'https://herald.test';

export interface Mail {
  to: string;
  subject: string;
  text: string;
  headers: Map<string, string>;
  /** The clock's day when the runner handed it to SMTP. */
  day: string;
}

export interface ReminderSetting {
  db: Db;
  clock: MovableClock;
  smtp: TestSmtp;
  keyFile: string;
  coordinator: MadeUser;
  /** UNIA's editor, who reads Japanese. */
  editorJa: MadeUser;
  /** CORPB's editor. */
  editorEn: MadeUser;
  /** Every mail received so far, in order. */
  mails(): Promise<Mail[]>;
  /**
   * The runner with the reminder check and `mail.send` (`full`: every job and schedule of the registry, as `herald
   * serve` runs them); `sendMail: false` leaves `mail.send` out, as if the process died before sending.
   */
  runner(o?: RunnerOptions): ReturnType<typeof createRunner>;
  /** Moves the clock day by day over [from, to] (07:00 UTC, after the 06:30 check), running `r` each day. */
  days(r: ReturnType<typeof createRunner>, from: string, to: string): Promise<void>;
  /** Moves the clock to each day (07:00 UTC) in order, running `r` on each: the project "by due days". */
  visit(r: ReturnType<typeof createRunner>, days: readonly string[]): Promise<void>;
  /** A UNIA or CORPB record created now (the clock's time), dated `date`. */
  report(partner: string, date: string, title?: string): Promise<void>;
  app(): Hono<AppEnv>;
}

export interface RunnerOptions {
  db?: Db;
  sendMail?: boolean;
  full?: boolean;
}

/** The jobs and schedules a test runner runs. */
function runnerJobs(r: RunnerOptions) {
  const send = r.sendMail !== false;
  if (r.full)
    return {
      jobs: send ? JOBS : JOBS.filter((j) => j.kind !== mailSendJob.kind),
      schedules: send ? SCHEDULES : SCHEDULES.filter((e) => e.name !== mailSendSchedule.name),
    };
  return {
    jobs: send ? [reminderCheckJob, mailSendJob] : [reminderCheckJob],
    schedules: [reminderCheckSchedule],
  };
}

/** The Tide-X plan with reminders enabled (and `overrides` of the plan input). */
export const remindersPlanInput = (overrides: Partial<PlanInput> = {}): PlanInput => {
  const base = planInput();
  return planInput({
    project: { ...base.project, dissemination_leads: ['UNIA'] },
    reminders: { enabled: true },
    ...overrides,
  });
};

export async function createReminderSetting(o: {
  database: Database;
  start: string;
  /** Overrides of the plan input (default: `remindersPlanInput()`). */
  plan?: PlanInput;
}): Promise<ReminderSetting> {
  const { db } = o.database;
  const plan = makePlan(o.plan ?? remindersPlanInput());
  await importPlan(db, {
    plan,
    sourceText: JSON.stringify(plan),
    sourceName: 'tide-x.yaml',
    actor: 'cli:test',
  });
  const smtp = await startTestSmtp();
  const clock = fixedClock(o.start);
  const keyFile = join(mkdtempSync(join(tmpdir(), 'herald-key-')), 'key.pem');
  const coordinator = await makeUser(db, { role: 'coordinator' });
  const editorJa = await makeUser(db, { role: 'editor', partnerCode: 'UNIA' });
  await db.update(users).set({ lang: 'ja' }).where(eq(users.id, editorJa.id));
  const editorEn = await makeUser(db, { role: 'editor', partnerCode: 'CORPB' });
  const mailer = smtpMailer({ url: smtp.url, from: 'Herald <herald@example.org>' });
  // The clock's day of each mail received, stamped after each day's run (the queue's rows of sent mail are purged
  // after OUTBOX_RETENTION_DAYS by the full registry's sweep).
  const stamped: string[] = [];
  const stamp = () => {
    while (stamped.length < smtp.received.length) stamped.push(clock.today());
  };
  const mails = async (): Promise<Mail[]> => {
    const rows = await db.select().from(mailQueue);
    return smtp.received.map((m, i) => {
      const parsed = parseMime(m.raw);
      const row = rows.find((r) => r.messageId === parsed.headers.get('message-id'));
      return {
        to: m.to[0] ?? '',
        subject: parsed.headers.get('subject') ?? '',
        text: leaves(parsed)[0]?.body ?? '',
        headers: parsed.headers,
        day: row?.sentAt ? isoDay(row.sentAt) : (stamped[i] ?? '?'),
      };
    });
  };
  const runner = (r: RunnerOptions = {}) =>
    createRunner({
      db: r.db ?? db,
      clock,
      log: createLogger('silent'),
      deps: { mailer, mailPolicy: { ratePerSecond: 0 }, baseUrl: BASE, keyFile },
      ...runnerJobs(r),
    });
  return {
    db,
    clock,
    smtp,
    keyFile,
    coordinator,
    editorJa,
    editorEn,
    mails,
    runner,
    async days(r, from, to) {
      for (let d = new Date(`${from}T07:00:00Z`); isoDay(d) <= to; d = new Date(d.getTime() + 86_400_000)) {
        clock.set(d);
        await r.runUntilIdle();
        stamp();
      }
    },
    async visit(r, days) {
      for (const d of days) {
        clock.set(`${d}T07:00:00Z`);
        await r.runUntilIdle();
        stamp();
      }
    },
    async report(partner, date, title = `Talk on ${date}`) {
      const r = await createRecord(db, {
        actor: systemActor('test'),
        projectId: PROJECT,
        kind: 'activity',
        input: activityInput({ lead_partner: partner, partners: [], start_date: date, title }),
        clock,
      });
      await db
        .update(KIND_TABLES.activity)
        .set({ createdAt: clock.now() })
        .where(sql`id = ${r.id}`);
    },
    app: () =>
      createApp({ database: o.database, log: createLogger('silent'), baseUrl: BASE, keyFile, clock }),
  };
}
