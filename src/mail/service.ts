/** Reading the mail queue (the outbox page): instance admins only. */
import { count, eq } from 'drizzle-orm';
import type { Db } from '../db/client';
import { mailQueue, mailSender } from '../db/schema';
import { authorize, type Actor } from '../auth/permissions';
import type { Clock } from '../lib/clock';
import { listMail, SENDER_ID, type MailQueueRow, type MailStatus } from './queue';

export interface OutboxView {
  mails: MailQueueRow[];
  /** Messages per status (SQL count). */
  counts: Partial<Record<MailStatus, number>>;
  /** Sending is paused (the circuit breaker) until then. */
  pausedUntil: Date | null;
}

export async function readOutbox(
  db: Db,
  opts: { actor: Actor; clock: Clock; limit?: number; status?: MailStatus },
): Promise<OutboxView> {
  authorize(opts.actor, 'outbox.read');
  const [mails, rows, [state]] = await Promise.all([
    listMail(db, { limit: opts.limit ?? 100, status: opts.status }),
    db.select({ status: mailQueue.status, n: count() }).from(mailQueue).groupBy(mailQueue.status),
    // Read only (a GET never writes): the row exists once anything was sent through SMTP.
    db.select().from(mailSender).where(eq(mailSender.id, SENDER_ID)),
  ]);
  const counts: Partial<Record<MailStatus, number>> = {};
  for (const r of rows) counts[r.status as MailStatus] = r.n;
  const paused = state?.pausedUntil && state.pausedUntil > opts.clock.now() ? state.pausedUntil : null;
  return { mails, counts, pausedUntil: paused };
}
