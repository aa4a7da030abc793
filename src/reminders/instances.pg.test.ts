/**
 * PostgreSQL only: two app instances (each its own pool, runner, schedule and mail sender) over one database, on the
 * due days of a project's first months, running concurrently, and each also running the check by hand at the same
 * moment: every reminder is queued, audited and sent once.
 */
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { createTestDatabaseEnv } from '../../test/db';
import { createReminderSetting, PROJECT, type ReminderSetting } from '../../test/reminders';
import { and, eq } from 'drizzle-orm';
import { systemActor } from '../auth/permissions';
import type { Database } from '../db/client';
import { fromPostgresUrl } from '../db/postgres';
import { auditEntries, mailQueue } from '../db/schema';
import { parseMime } from '../../test/smtp';
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
  s = await createReminderSetting({ database: pools[0]!, start: '2023-12-31T07:00:00Z' });
});
afterAll(async () => {
  await s?.smtp.close();
  for (const p of pools) await p.close();
  await cleanup?.();
});

it('two instances send each reminder once', async () => {
  const [a, b] = pools.map((p) => s.runner({ db: p.db }));
  const days = [
    '2023-12-31',
    '2024-01-25',
    '2024-01-26',
    '2024-02-15',
    '2024-02-26',
    '2024-03-17',
    '2024-04-01',
  ];
  for (const day of days) {
    s.clock.set(`${day}T07:00:00Z`);
    const byHand = (db: Database['db']) =>
      runReminderCheck(db, { actor: systemActor('test'), projectId: PROJECT, clock: s.clock, links: {} });
    await Promise.all([
      a!.tick(),
      b!.tick(),
      byHand(pools[0]!.db),
      byHand(pools[1]!.db),
      a!.tick(),
      b!.tick(),
    ]);
    await Promise.all([a!.runUntilIdle(), b!.runUntilIdle()]);
  }

  const received = s.smtp.received.map((m) => parseMime(m.raw).headers.get('message-id') ?? '');
  expect(new Set(received).size, 'no message twice').toBe(received.length);
  const queued = await pools[0]!.db.select().from(mailQueue);
  expect(queued.every((m) => m.status === 'sent')).toBe(true);
  expect(received.length).toBe(queued.length);
  // 01-25, 02-25 (on 02-26) and 03-25 (on 04-01): the two editors' monthly; the due dates of 02-15, 02-26 (coordinator
  // and UNIA's editor), 03-17 and 03-28 (on 04-01; coordinator); on 04-01, both partners silent since the start.
  expect(received.length).toBe(6 + 4 + 2 + 2);
  const entries = await pools[0]!.db
    .select()
    .from(auditEntries)
    .where(and(eq(auditEntries.chain, PROJECT), eq(auditEntries.action, 'reminder.sent')));
  const audited = entries.flatMap((e) => (e.after as { mails: unknown[] }).mails);
  expect(audited).toHaveLength(received.length);
});
