/**
 * Sign-off requests through the real job runner and a loopback SMTP server, the injected clock moving day by day
 * over the end of a period. Tide-X (2024-01-01, 24 months): period 1 ends 2024-12-31; requests are due on
 * 2025-01-01, -08, -15, -22, -29 (every 7 days up to 30 days after the end), each within 7 grace days. UNIA has two
 * editors (en, ja); CORPB has none, so the coordinators hear about it. Each runner is a "restart".
 */
import { and, eq } from 'drizzle-orm';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeUser, PARTNER_A, PARTNER_B, PROJECT } from '../../test/auth-helpers';
import { createTestDatabase } from '../../test/db';
import { makePlan } from '../../test/factories/plan';
import { leaves, parseMime, startTestSmtp, type TestSmtp } from '../../test/smtp';
import { userActor } from '../auth/actors';
import { systemActor, type Actor } from '../auth/permissions';
import type { Database } from '../db/client';
import { auditEntries, mailQueue, users } from '../db/schema';
import { createRunner } from '../jobs/runner';
import { fixedClock, isoDay } from '../lib/clock';
import { createLogger } from '../log';
import { mailSendJob } from '../mail/jobs';
import { smtpMailer } from '../mail/mailer';
import { setMailPreference } from '../mail/preference-service';
import { importPlan } from '../projects/service';
import { signoffRequestsJob, signoffRequestsSchedule } from './jobs';
import { sendSignoffRequests } from './requests';
import { signOffPeriod } from './service';

const BASE = 'https://herald.example.org';
const keyFile = join(mkdtempSync(join(tmpdir(), 'herald-signoff-key-')), 'key.pem');
const clock = fixedClock('2024-12-25T12:00:00Z');
let database: Database;
let smtp: TestSmtp;
const people: Record<'en' | 'ja' | 'coordEn' | 'coordJa', { id: string; email: string }> = {} as never;

interface Sent {
  to: string;
  day: string;
  subject: string;
  text: string;
  headers: Map<string, string>;
}

/** What the SMTP server received from `from` on, with the day (injected clock) the queue says each was sent. */
async function sentMails(from = 0): Promise<Sent[]> {
  const rows = await database.db.select().from(mailQueue).orderBy(mailQueue.id);
  return smtp.received.slice(from).map((m) => {
    const parsed = parseMime(m.raw);
    const row = rows.find((r) => r.messageId === parsed.headers.get('message-id'));
    return {
      to: m.to[0] ?? '',
      day: row?.sentAt ? isoDay(row.sentAt) : '?',
      subject: parsed.headers.get('subject') ?? '',
      text: leaves(parsed)[0]?.body ?? '',
      headers: parsed.headers,
    };
  });
}
const check = () =>
  sendSignoffRequests(database.db, {
    actor: systemActor('test'),
    projectId: PROJECT,
    clock,
    deps: { baseUrl: BASE, keyFile },
  });
const byDay = (mails: Sent[]) => mails.map((m) => [m.day, m.to]).sort();

const runner = () =>
  createRunner({
    db: database.db,
    clock,
    log: createLogger('silent'),
    deps: {
      mailer: smtpMailer({ url: smtp.url, from: 'Herald <herald@example.org>' }),
      mailPolicy: { ratePerSecond: 0 },
      baseUrl: BASE,
      keyFile,
    },
    jobs: [signoffRequestsJob, mailSendJob],
    schedules: [signoffRequestsSchedule],
  });

/** Moves the clock day by day (noon, after the 06:30 due time) from `from` to `to`, running the jobs each day. */
async function days(from: string, to: string): Promise<void> {
  const r = runner();
  for (let d = new Date(`${from}T12:00:00Z`); isoDay(d) <= to; d = new Date(d.getTime() + 86_400_000)) {
    clock.set(d);
    await r.runUntilIdle();
  }
}

const requestAudits = () =>
  database.db
    .select()
    .from(auditEntries)
    .where(and(eq(auditEntries.chain, PROJECT), eq(auditEntries.action, 'signoff.request')));

beforeAll(async () => {
  [database, smtp] = await Promise.all([createTestDatabase(), startTestSmtp()]);
  const plan = makePlan({ reminders: { enabled: true } });
  await importPlan(database.db, {
    plan,
    sourceText: JSON.stringify(plan),
    sourceName: 'tide-x.yaml',
    actor: 'cli:test',
  });
  const db = database.db;
  people.en = await makeUser(db, { role: 'editor', partnerCode: PARTNER_A });
  people.ja = await makeUser(db, { role: 'editor', partnerCode: PARTNER_A });
  people.coordEn = await makeUser(db, { role: 'coordinator' });
  people.coordJa = await makeUser(db, { role: 'coordinator' });
  for (const who of [people.ja, people.coordJa])
    await db.update(users).set({ lang: 'ja' }).where(eq(users.id, who.id));
  await makeUser(db, { role: 'viewer' });
});
afterAll(() => Promise.all([database?.close(), smtp?.close()]));

describe('sign-off requests', () => {
  it('none before the period has ended; after downtime, the first request within its grace days, once', async () => {
    await days('2024-12-25', '2024-12-31');
    expect(await sentMails()).toEqual([]);
    // The instance was down on 1–2 January: the request due on the 1st goes out on the 3rd, once, though two
    // instances check at the same time.
    clock.set('2025-01-03T07:00:00Z');
    const [one, two] = await Promise.all([check(), check()]);
    expect([...(one ?? []), ...(two ?? [])].map((q) => q.users.length)).toEqual([2, 2]);
    await days('2025-01-03', '2025-01-07');
    const sent = await sentMails();
    expect(byDay(sent)).toEqual(
      [
        ['2025-01-03', people.en.email],
        ['2025-01-03', people.ja.email],
        ['2025-01-03', people.coordEn.email],
        ['2025-01-03', people.coordJa.email],
      ].sort(),
    );
    const toEn = sent.find((m) => m.to === people.en.email);
    expect(toEn?.subject).toBe(
      'Tide-X: please sign off UNIA’s records for period 1 (2024-01-01 – 2024-12-31)',
    );
    expect(toEn?.text).toContain(`${BASE}/p/${PROJECT}/signoff?partner=UNIA`);
    expect(toEn?.text).toContain('due on 2025-01-30');
    expect(toEn?.text).toContain(`${BASE}/mail/preferences/`);
    expect(toEn?.headers.get('list-unsubscribe')).toContain(BASE);
    const toJa = sent.find((m) => m.to === people.ja.email);
    expect(toJa?.subject).toBe('Tide-X：UNIAの第1期（2024-01-01～2024-12-31）の記録を確認してください');
    expect(toJa?.text).toContain(`${BASE}/p/${PROJECT}/signoff?partner=UNIA`);
    const orphans = sent.find((m) => m.to === people.coordEn.email);
    expect(orphans?.subject).toBe(
      'Tide-X: partners without an editor cannot sign off period 1 (2024-01-01 – 2024-12-31)',
    );
    expect(orphans?.text).toContain(`have no editor in Herald to sign off their records: ${PARTNER_B}.`);
    expect(orphans?.text).toMatch(new RegExp(`${BASE}/p/${PROJECT}/signoff\\r?\\n`));
    expect(sent.find((m) => m.to === people.coordJa.email)?.subject).toContain('編集者のいないパートナー');

    const audits = await requestAudits();
    expect(audits).toHaveLength(1);
    expect(audits[0]?.after).toMatchObject({
      today: '2025-01-03',
      mails: [
        { period: 1, day: '2025-01-01', partner: PARTNER_A, users: [people.en.id, people.ja.id].sort() },
        {
          period: 1,
          day: '2025-01-01',
          orphans: [PARTNER_B],
          users: [people.coordEn.id, people.coordJa.id].sort(),
        },
      ],
    });
    // The same check again (a retry) queues nothing.
    expect(await check()).toEqual([]);
  });

  it('repeats every 7 days, honours a snooze, and stops for a partner once it has confirmed', async () => {
    const before = smtp.received.length;
    // The Japanese editor snoozes sign-off requests for 10 days (until 2025-01-17).
    const ja = (await userActor(database.db, people.ja.id)) as Actor;
    await setMailPreference(database.db, {
      actor: ja,
      userId: people.ja.id,
      projectId: PROJECT,
      topic: 'signoff.request',
      change: { snoozeDays: 10 },
      clock,
    });
    await days('2025-01-08', '2025-01-14');
    expect(byDay(await sentMails(before))).toEqual(
      [
        ['2025-01-08', people.en.email],
        ['2025-01-08', people.coordEn.email],
        ['2025-01-08', people.coordJa.email],
      ].sort(),
    );

    // UNIA confirms early on the 15th, before the check: its editors hear no more; CORPB is still missing.
    clock.set('2025-01-15T01:00:00Z');
    const en = (await userActor(database.db, people.en.id)) as Actor;
    await signOffPeriod(database.db, {
      actor: en,
      projectId: PROJECT,
      input: { period: 1, partner: PARTNER_A, state: 'confirmed', version: 0 },
      clock,
    });
    const mid = smtp.received.length;
    await days('2025-01-15', '2025-02-10');
    const later = await sentMails(mid);
    expect(later.filter((m) => m.to === people.en.email || m.to === people.ja.email)).toEqual([]);
    expect(byDay(later.filter((m) => m.to === people.coordEn.email))).toEqual([
      ['2025-01-15', people.coordEn.email],
      ['2025-01-22', people.coordEn.email],
      ['2025-01-29', people.coordEn.email],
    ]);
  });

  it('sends nothing for a period whose requests are all past their grace days', async () => {
    // Period 2 ended 2025-12-31; its last request was due 2026-01-29, sendable until 2026-02-05.
    const before = smtp.received.length;
    const audits = (await requestAudits()).length;
    await days('2026-02-06', '2026-02-12');
    expect(await sentMails(before)).toEqual([]);
    expect(await requestAudits()).toHaveLength(audits);
  });
});
