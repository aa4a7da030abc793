/**
 * PostgreSQL only: two app instances (each its own pool, runner with every job and schedule of the registry, and mail
 * sender) over one database, on due days of a project's first year and the start of its second, running concurrently,
 * and each also running the mail checks by hand at the same moment (reminders, digest, sign-off requests,
 * inconsistency alerts): every mail is queued, audited and sent once.
 */
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { createTestDatabaseEnv } from '../../test/db';
import {
  createReminderSetting,
  PROJECT,
  remindersPlanInput,
  type ReminderSetting,
} from '../../test/reminders';
import { and, eq, inArray } from 'drizzle-orm';
import { systemActor } from '../auth/permissions';
import type { Database } from '../db/client';
import { fromPostgresUrl } from '../db/postgres';
import { auditEntries, mailQueue } from '../db/schema';
import { sendDueDigest } from '../kpi/digest-service';
import { enqueue } from '../jobs/queue';
import { mailSendJob } from '../mail/jobs';
import { setMailPreference } from '../mail/preference-service';
import { checkConsistency } from '../records/consistency-jobs';
import { sendSignoffRequests } from '../signoff/requests';
import { leaves, parseMime } from '../../test/smtp';
import { runReminderCheck } from './service';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 60_000 });

let cleanup: () => Promise<void>;
const pools: Database[] = [];
let s: ReminderSetting;

beforeAll(async () => {
  const made = await createTestDatabaseEnv();
  cleanup = made.cleanup;
  const url = made.env.DATABASE_URL;
  if (!url) throw new Error('the postgres project runs this file');
  for (let i = 0; i < 2; i++) pools.push(fromPostgresUrl(url, { max: 4 }));
  s = await createReminderSetting({
    database: pools[0]!,
    start: '2023-12-31T07:00:00Z',
    plan: remindersPlanInput({ reminders: { enabled: true, digest: { every: 'monthly' } } }),
  });
  // UNIA's editor (ja) opts in to the digest.
  await setMailPreference(pools[0]!.db, {
    actor: systemActor('test'),
    userId: s.editorJa.id,
    projectId: PROJECT,
    topic: 'digest',
    change: { state: 'on' },
    clock: s.clock,
  });
});
afterAll(async () => {
  await s?.smtp.close();
  for (const p of pools) await p.close();
  await cleanup?.();
});

/** Every mail check of the project, by hand, as the system. */
const byHand = (db: Database['db']) => {
  const actor = systemActor('test');
  const deps = { baseUrl: 'https://herald.test', keyFile: s.keyFile };
  const o = { actor, projectId: PROJECT, clock: s.clock };
  return Promise.all([
    runReminderCheck(db, { ...o, links: deps }),
    sendDueDigest(db, { ...o, deps }),
    sendSignoffRequests(db, { ...o, deps }),
    checkConsistency(db, { ...o, ...deps }),
  ]);
};

it('two instances running the full registry send each mail once', async () => {
  const [a, b] = pools.map((p) => s.runner({ db: p.db, full: true }));
  const days = [
    '2023-12-31',
    '2024-01-01',
    '2024-01-25',
    '2024-01-26',
    '2024-02-15',
    '2024-02-26',
    '2024-03-17',
    '2024-04-01',
    '2024-04-02',
    '2024-12-17',
    '2025-01-01',
    '2025-01-08',
  ];
  /** The day each mail was received. */
  const dayOf: string[] = [];
  for (const day of days) {
    if (day === '2024-04-02') {
      // The seeded contradiction: an activity reported Delivered, dated in the future.
      s.clock.set('2024-04-01T09:00:00Z');
      await s.report('UNIA', '2024-04-20', 'Workshop yet to come');
    }
    s.clock.set(`${day}T07:00:00Z`);
    await Promise.all([
      a!.tick(),
      b!.tick(),
      byHand(pools[0]!.db),
      byHand(pools[1]!.db),
      a!.tick(),
      b!.tick(),
    ]);
    await Promise.all([a!.runUntilIdle(), b!.runUntilIdle()]);
    // A message committed while a `mail.send` that stood for it was already running waits for the next one (the
    // schedule's sweep, every minute, which this clock does not reach): send until nothing of the day is left.
    while (
      (
        await pools[0]!.db
          .select({ id: mailQueue.id })
          .from(mailQueue)
          .where(inArray(mailQueue.status, ['queued', 'sending']))
          .limit(1)
      ).length > 0
    ) {
      await enqueue(pools[0]!.db, {
        job: mailSendJob,
        payload: {},
        unlessQueued: true,
        createdBy: 'test',
        clock: s.clock,
      });
      await Promise.all([a!.runUntilIdle(), b!.runUntilIdle()]);
    }
    while (dayOf.length < s.smtp.received.length) dayOf.push(day);
  }

  const received = s.smtp.received.map((m) => parseMime(m.raw).headers.get('message-id') ?? '');
  expect(new Set(received).size, 'no message twice').toBe(received.length);
  const queued = await pools[0]!.db.select().from(mailQueue);
  expect(queued.every((m) => m.status === 'sent')).toBe(true);
  const lines = s.smtp.received
    .map((m, i) => {
      const text = leaves(parseMime(m.raw))[0]?.body ?? '';
      const topic = /\/mail\/preferences\/[^/]+\/[^/]+\/([^/]+)\//.exec(text)?.[1] ?? '?';
      return `${dayOf[i]} ${m.to[0]} ${topic}`;
    })
    .sort();
  // Each once, on its day (or caught up within the grace on the next day visited): the digests of 01-01, 04-01 and
  // 2025-01-01 (the coordinator and UNIA's editor, who opted in); the monthly reminders of 01-25, 02-25 (on 02-26),
  // 03-25 (on 04-01) and 12-25 (on 2025-01-01); the due dates of 02-15, 02-26, 03-17 and 03-28 (on 04-01); on 04-01
  // both partners silent since the start; the alert for the contradiction seeded on 04-01; the year-end collection
  // and the year-close reminder; period 1's sign-off requests of 01-01 and 01-08.
  const { coordinator: co, editorJa: ja, editorEn: en } = s;
  const who = { CO: co.email, JA: ja.email, EN: en.email };
  const expected = `2024-01-01 CO digest
2024-01-01 JA digest
2024-01-25 JA reminder.monthly
2024-01-25 EN reminder.monthly
2024-02-15 CO reminder.due
2024-02-15 JA reminder.due
2024-02-26 CO reminder.due
2024-02-26 JA reminder.due
2024-02-26 JA reminder.monthly
2024-02-26 EN reminder.monthly
2024-03-17 CO reminder.due
2024-04-01 CO digest
2024-04-01 CO reminder.due
2024-04-01 CO reminder.silent
2024-04-01 CO reminder.silent
2024-04-01 JA digest
2024-04-01 JA reminder.monthly
2024-04-01 EN reminder.monthly
2024-04-02 CO alerts
2024-12-17 CO reminder.year-end
2024-12-17 JA reminder.year-end
2024-12-17 EN reminder.year-end
2025-01-01 CO digest
2025-01-01 CO reminder.year-end
2025-01-01 JA digest
2025-01-01 JA reminder.monthly
2025-01-01 JA signoff.request
2025-01-01 EN reminder.monthly
2025-01-01 EN signoff.request
2025-01-08 JA signoff.request
2025-01-08 EN signoff.request`
    .split('\n')
    .map((l) => l.replace(/ (CO|JA|EN) /, (_, k: keyof typeof who) => ` ${who[k]} `))
    .sort();
  expect(lines).toEqual(expected);

  // One audit entry per check that queued something: the reminders' name each of their mails once (the year-close
  // reminder, of the year-end topic, is audited as `year.close-reminder`).
  const entries = await pools[0]!.db
    .select()
    .from(auditEntries)
    .where(and(eq(auditEntries.chain, PROJECT), eq(auditEntries.action, 'reminder.sent')));
  const audited = entries.flatMap((e) => (e.after as { mails: unknown[] }).mails);
  expect(audited).toHaveLength(
    lines.filter((l) => / reminder\.(monthly|due|silent|year-end)$/.test(l)).length - 1,
  );
});
