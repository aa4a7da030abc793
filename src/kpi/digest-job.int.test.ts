/**
 * The weekly digest on the schedule, through the real runner and a loopback SMTP server, the injected clock moving
 * day by day over three due Mondays: each coordinator gets one digest per window (contiguous windows), an editor who
 * opted in gets it in Japanese, an editor who did not and a coordinator who unsubscribed get none; a rerun, a
 * restart (a new runner) and two concurrent checks queue nothing twice.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { and, asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeUser, PROJECT } from '../../test/auth-helpers';
import { createTestDatabase } from '../../test/db';
import { makePlan } from '../../test/factories/plan';
import { leaves, parseMime, startTestSmtp, type TestSmtp } from '../../test/smtp';
import { systemActor } from '../auth/permissions';
import type { Database } from '../db/client';
import { auditEntries, kpiDigests, mailQueue, users } from '../db/schema';
import { createRunner } from '../jobs/runner';
import { fixedClock, isoDay } from '../lib/clock';
import { createLogger } from '../log';
import { mailSendJob } from '../mail/jobs';
import { smtpMailer } from '../mail/mailer';
import { setMailPreference } from '../mail/preference-service';
import { importPlan } from '../projects/service';
import { digestJob, digestSchedule } from './digest-jobs';
import { sendDueDigest } from './digest-service';

const BASE = 'https://herald.example.org';
const keyFile = join(mkdtempSync(join(tmpdir(), 'herald-digest-key-')), 'key.pem');
const system = systemActor('test');
let database: Database;
let smtp: TestSmtp;
const who: Record<'coordinator' | 'quiet' | 'optedIn' | 'notOptedIn', { id: string; email: string }> =
  {} as never;
// Tide-X starts on Monday 2024-01-01; the digest is weekly on Mondays (the default).
const clock = fixedClock('2024-03-03T12:00:00Z');

interface Sent {
  to: string;
  day: string;
  subject: string;
  text: string;
  html: string;
  headers: Map<string, string>;
}

/** What the SMTP server received, with the day (of the injected clock) each was sent. */
async function sentMails(): Promise<Sent[]> {
  const rows = await database.db.select().from(mailQueue).orderBy(mailQueue.id);
  return smtp.received.map((m) => {
    const parsed = parseMime(m.raw);
    const row = rows.find((r) => r.messageId === parsed.headers.get('message-id'));
    const parts = leaves(parsed);
    const part = (type: string) =>
      parts.find((p) => (p.headers.get('content-type') ?? '').startsWith(type))?.body ?? '';
    return {
      to: m.to[0] ?? '',
      day: row?.sentAt ? isoDay(row.sentAt) : '?',
      subject: parsed.headers.get('subject') ?? '',
      text: part('text/plain'),
      html: part('text/html'),
      headers: parsed.headers,
    };
  });
}

beforeAll(async () => {
  [database, smtp] = await Promise.all([createTestDatabase(), startTestSmtp()]);
  const plan = makePlan({ reminders: { enabled: true } } as never);
  await importPlan(database.db, {
    plan,
    sourceText: JSON.stringify(plan),
    sourceName: 'tide-x.yaml',
    actor: 'cli:test',
  });
  const db = database.db;
  who.coordinator = await makeUser(db, { role: 'coordinator' });
  who.quiet = await makeUser(db, { role: 'coordinator' });
  who.optedIn = await makeUser(db, { role: 'editor', partnerCode: 'UNIA' });
  who.notOptedIn = await makeUser(db, { role: 'editor', partnerCode: 'CORPB' });
  await db.update(users).set({ lang: 'ja' }).where(eq(users.id, who.optedIn.id));
  const set = (userId: string, state: 'on' | 'off') =>
    setMailPreference(db, {
      actor: system,
      userId,
      projectId: PROJECT,
      topic: 'digest',
      change: { state },
      clock,
    });
  await set(who.optedIn.id, 'on');
  await set(who.quiet.id, 'off');
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
      keyFile,
    },
    jobs: [digestJob, mailSendJob],
    schedules: [digestSchedule],
  });

/** Moves the clock day by day from `from` to `to` (noon, after the 06:00 due time), running the jobs each day. */
async function days(r: ReturnType<typeof runner>, from: string, to: string): Promise<void> {
  for (let d = new Date(`${from}T12:00:00Z`); isoDay(d) <= to; d = new Date(d.getTime() + 86_400_000)) {
    clock.set(d);
    await r.runUntilIdle();
  }
}

describe('the weekly KPI digest', () => {
  it('sends each window once to coordinators and opted-in editors, in their language', async () => {
    await days(runner(), '2024-03-03', '2024-03-19');
    const sent = await sentMails();
    const days_ = (email: string) => sent.filter((m) => m.to === email).map((m) => m.day);
    const mondays = ['2024-03-04', '2024-03-11', '2024-03-18'];
    expect(days_(who.coordinator.email)).toEqual(mondays);
    expect(days_(who.optedIn.email)).toEqual(mondays);
    expect(days_(who.notOptedIn.email), 'the digest is opt-in for editors').toEqual([]);
    expect(days_(who.quiet.email), 'unsubscribed').toEqual([]);
    expect(sent).toHaveLength(6);

    // Contiguous windows: the first one week back, each next from where the last ended.
    const rows = await database.db
      .select({ dueOn: kpiDigests.dueOn, since: kpiDigests.since, until: kpiDigests.until })
      .from(kpiDigests)
      .orderBy(asc(kpiDigests.dueOn));
    expect(rows).toEqual([
      { dueOn: '2024-03-04', since: '2024-02-26', until: '2024-03-04' },
      { dueOn: '2024-03-11', since: '2024-03-04', until: '2024-03-11' },
      { dueOn: '2024-03-18', since: '2024-03-11', until: '2024-03-18' },
    ]);

    const en = sent.find((m) => m.to === who.coordinator.email && m.day === '2024-03-11');
    expect(en?.subject).toBe('Tide-X: KPI digest to 2024-03-10');
    expect(en?.text).toContain('records created from 2024-03-04 to 2024-03-10');
    expect(en?.text).toContain(`Open the digest in Herald: ${BASE}/p/${PROJECT}/digest?since=2024-03-04`);
    expect(en?.text).toContain('KPI changes since the digest of 2024-03-04.');
    expect(en?.text).toMatch(/## Overdue\r?\n- Timeline: Leaflet · project month\(s\) 2\r?\n/);
    expect(en?.html).toContain('<h2');
    expect(en?.html).toContain(`${BASE}/p/${PROJECT}/digest?since=2024-03-04`);
    expect(en?.headers.get('list-unsubscribe')).toMatch(
      new RegExp(`^<${BASE}/mail/preferences/${PROJECT}/${who.coordinator.id}/digest/[\\w-]+/one-click>$`),
    );
    expect(en?.text).toContain(`${BASE}/mail/preferences/${PROJECT}/${who.coordinator.id}/digest/`);

    const ja = sent.find((m) => m.to === who.optedIn.email && m.day === '2024-03-18');
    expect(ja?.subject).toBe('Tide-X：2024-03-17 までの KPI ダイジェスト');
    expect(ja?.text).toContain('2024-03-11 から 2024-03-17 までに登録された記録');
    expect(ja?.text).toContain('新しい記録はありません。');
    expect(ja?.html).toContain('<html lang="ja">');

    // One audit entry per digest, naming the recipients by id.
    const entries = await database.db
      .select()
      .from(auditEntries)
      .where(and(eq(auditEntries.action, 'kpi.digest'), eq(auditEntries.chain, PROJECT)))
      .orderBy(asc(auditEntries.seq));
    expect(entries.map((e) => e.entityId)).toEqual(['2024-03-04', '2024-03-11', '2024-03-18']);
    expect(((entries[0]?.after as { recipients: string[] }).recipients ?? []).sort()).toEqual(
      [who.coordinator.id, who.optedIn.id].sort(),
    );
  });

  it('a rerun, a restart and two concurrent checks queue nothing twice', async () => {
    const before = smtp.received.length;
    // The same day again, with a new runner (a restart), and the job run by hand (a retry).
    clock.set('2024-03-19T18:00:00Z');
    const r = runner();
    await r.runUntilIdle();
    const again = await sendDueDigest(database.db, {
      actor: system,
      projectId: PROJECT,
      clock,
      deps: { baseUrl: BASE, keyFile },
    });
    expect(again).toEqual({ status: 'not-due' });
    await r.runUntilIdle();
    expect(smtp.received.length).toBe(before);

    // The next Monday: two checks at once (two instances) store one digest and queue one mail per recipient.
    clock.set('2024-03-25T07:00:00Z');
    const check = () =>
      sendDueDigest(database.db, {
        actor: system,
        projectId: PROJECT,
        clock,
        deps: { baseUrl: BASE, keyFile },
      });
    const results = await Promise.all([check(), check()]);
    expect(results.filter((x) => x.status === 'sent')).toHaveLength(1);
    await runner().runUntilIdle();
    const fresh = smtp.received.slice(before).map((m) => m.to[0]);
    expect(fresh.sort()).toEqual([who.coordinator.email, who.optedIn.email].sort());
    expect(
      await database.db.select().from(kpiDigests).where(eq(kpiDigests.dueOn, '2024-03-25')),
    ).toHaveLength(1);
  });
});
