/**
 * The mail queue's statements: claim one due message (`FOR UPDATE SKIP LOCKED` with a lease), mark it sent, retried
 * or failed, release it untouched, the sender's shared rate-limit slot and circuit breaker, reading and tidying.
 * Every time comes from the injected clock.
 */
import { and, desc, eq, inArray, lt, sql } from 'drizzle-orm';
import type { Db, Tx } from '../db/client';
import { mailQueue, mailSender, type MailQueueRow } from '../db/schema';
import type { Clock } from '../lib/clock';
import type { SendFailure } from './mailer';

export type { MailQueueRow };
export const MAIL_STATUSES = ['queued', 'sending', 'sent', 'failed', 'cancelled'] as const;
export type MailStatus = (typeof MAIL_STATUSES)[number];

/** The one row of `mail_sender`. */
export const SENDER_ID = 'smtp';

const ts = (d: Date) => sql`${d.toISOString()}::timestamptz`;

/**
 * Claims the next due message for `workerId`: first a `sending` one whose lease expired (its sender died between
 * claiming and marking it), else the oldest queued and due. Counts the attempt. Rows another sender holds are
 * skipped. Two lookups, each a LIMIT 1 walk of its own partial index in order (`mail_queue_sending`,
 * `mail_queue_due` on (next_attempt_at, id)): one OR'd query sorted every due row on each claim, O(n²) for a
 * newsletter of n messages.
 */
export async function claimNext(
  db: Db,
  opts: { workerId: string; leaseMs: number; clock: Clock },
): Promise<MailQueueRow | undefined> {
  const now = opts.clock.now();
  const expired = sql`(select ${mailQueue.id} from ${mailQueue}
    where ${mailQueue.status} = 'sending' and ${mailQueue.lockedUntil} < ${ts(now)}
    order by ${mailQueue.lockedUntil}, ${mailQueue.id}
    limit 1
    for update skip locked)`;
  const queued = sql`(select ${mailQueue.id} from ${mailQueue}
    where ${mailQueue.status} = 'queued' and ${mailQueue.nextAttemptAt} <= ${ts(now)}
    order by ${mailQueue.nextAttemptAt}, ${mailQueue.id}
    limit 1
    for update skip locked)`;
  const claim = async (due: typeof queued) => {
    const [row] = await db
      .update(mailQueue)
      .set({
        status: 'sending',
        attempts: sql`${mailQueue.attempts} + 1`,
        lockedBy: opts.workerId,
        lockedUntil: new Date(now.getTime() + opts.leaseMs),
      })
      .where(inArray(mailQueue.id, due))
      .returning();
    return row;
  };
  return (await claim(expired)) ?? (await claim(queued));
}

const mine = (id: number, workerId: string) =>
  and(eq(mailQueue.id, id), eq(mailQueue.lockedBy, workerId), eq(mailQueue.status, 'sending'));

/**
 * The server accepted it: `sent`, in a short transaction of its own, with the breaker's error count reset. A
 * sensitive message sent through SMTP loses its bodies (they held a one-time link). False when the lease was lost.
 */
export async function markSent(
  db: Db,
  opts: { row: MailQueueRow; workerId: string; providerMessageId: string; redact: boolean; clock: Clock },
): Promise<boolean> {
  const now = opts.clock.now();
  return db.transaction(async (tx) => {
    const rows = await tx
      .update(mailQueue)
      .set({
        status: 'sent',
        sentAt: now,
        providerMessageId: opts.providerMessageId,
        lockedBy: null,
        lockedUntil: null,
        ...(opts.redact ? { text: '', html: null } : {}),
      })
      .where(mine(opts.row.id, opts.workerId))
      .returning({ id: mailQueue.id });
    await tx
      .update(mailSender)
      .set({ consecutiveErrors: 0, updatedAt: now })
      .where(and(eq(mailSender.id, SENDER_ID), sql`${mailSender.consecutiveErrors} <> 0`));
    return rows.length > 0;
  });
}

/** A failed attempt: back to `queued` at `retryAt`, or `failed` for good (permanent, or out of attempts). */
export async function markFailedAttempt(
  db: Db,
  opts: { row: MailQueueRow; workerId: string; failure: SendFailure; retryAt: Date | null },
): Promise<void> {
  await db
    .update(mailQueue)
    .set({
      status: opts.retryAt ? 'queued' : 'failed',
      ...(opts.retryAt ? { nextAttemptAt: opts.retryAt } : {}),
      lastErrorCode: opts.failure.code,
      lastError: opts.failure.text,
      lockedBy: null,
      lockedUntil: null,
    })
    .where(mine(opts.row.id, opts.workerId));
}

/** Gives a claimed message back untouched (rate limit or breaker): its attempt is not counted. */
export async function release(
  db: Db,
  opts: { row: MailQueueRow; workerId: string; at: Date },
): Promise<void> {
  await db
    .update(mailQueue)
    .set({
      status: 'queued',
      attempts: sql`${mailQueue.attempts} - 1`,
      nextAttemptAt: opts.at,
      lockedBy: null,
      lockedUntil: null,
    })
    .where(mine(opts.row.id, opts.workerId));
}

/** The sender's state, created on first use. */
export async function senderState(db: Db, clock: Clock): Promise<typeof mailSender.$inferSelect> {
  await db
    .insert(mailSender)
    .values({ id: SENDER_ID, consecutiveErrors: 0, updatedAt: clock.now() })
    .onConflictDoNothing();
  const [row] = await db.select().from(mailSender).where(eq(mailSender.id, SENDER_ID));
  if (!row) throw new Error('mail_sender: no state row');
  return row;
}

/**
 * Takes the next rate-limit slot when it is free (one message every `stepMs`, shared by every sender) and the breaker
 * is closed; else returns when to come back.
 */
export async function takeSlot(
  db: Db,
  opts: { stepMs: number; clock: Clock },
): Promise<{ ok: true } | { ok: false; at: Date; paused: boolean }> {
  const now = opts.clock.now();
  const taken = await db
    .update(mailSender)
    .set({
      nextSlotAt: sql`greatest(coalesce(${mailSender.nextSlotAt}, ${ts(now)}), ${ts(now)}) + ${opts.stepMs} * interval '1 millisecond'`,
      updatedAt: now,
    })
    .where(
      and(
        eq(mailSender.id, SENDER_ID),
        sql`coalesce(${mailSender.pausedUntil}, '-infinity'::timestamptz) <= ${ts(now)}`,
        sql`coalesce(${mailSender.nextSlotAt}, '-infinity'::timestamptz) <= ${ts(now)}`,
      ),
    )
    .returning({ id: mailSender.id });
  if (taken.length > 0) return { ok: true };
  const state = await senderState(db, opts.clock);
  if (state.pausedUntil && state.pausedUntil > now) return { ok: false, at: state.pausedUntil, paused: true };
  return { ok: false, at: state.nextSlotAt ?? now, paused: false };
}

/**
 * One more transient error in a row; at `pauseAfter` the breaker opens until now + `pauseMs` (and the count starts
 * again). Returns the pause's end when it opened.
 */
export async function countError(
  db: Db,
  opts: { pauseAfter: number; pauseMs: number; clock: Clock },
): Promise<Date | undefined> {
  const now = opts.clock.now();
  const until = new Date(now.getTime() + opts.pauseMs);
  const [row] = await db
    .update(mailSender)
    .set({
      consecutiveErrors: sql`case when ${mailSender.consecutiveErrors} + 1 >= ${opts.pauseAfter} then 0 else ${mailSender.consecutiveErrors} + 1 end`,
      pausedUntil: sql`case when ${mailSender.consecutiveErrors} + 1 >= ${opts.pauseAfter} then ${ts(until)} else ${mailSender.pausedUntil} end`,
      updatedAt: now,
    })
    .where(eq(mailSender.id, SENDER_ID))
    .returning({ pausedUntil: mailSender.pausedUntil });
  return row?.pausedUntil && row.pausedUntil.getTime() === until.getTime() ? until : undefined;
}

/** The queue, newest first (the outbox page). */
export function listMail(db: Db | Tx, opts: { limit: number; status?: MailStatus }): Promise<MailQueueRow[]> {
  return db
    .select()
    .from(mailQueue)
    .where(opts.status ? eq(mailQueue.status, opts.status) : undefined)
    .orderBy(desc(mailQueue.id))
    .limit(opts.limit);
}

/** Deletes finished messages (sent, failed, cancelled) created before `before`; returns how many. */
export async function purgeFinished(db: Db, opts: { before: Date }): Promise<number> {
  const rows = await db
    .delete(mailQueue)
    .where(
      and(inArray(mailQueue.status, ['sent', 'failed', 'cancelled']), lt(mailQueue.createdAt, opts.before)),
    )
    .returning({ id: mailQueue.id });
  return rows.length;
}

/** Cancels a message not yet handed over; false when it was already sending, sent, failed or cancelled. */
export async function cancelMail(db: Db | Tx, opts: { id: number }): Promise<boolean> {
  const rows = await db
    .update(mailQueue)
    .set({ status: 'cancelled', lockedBy: null, lockedUntil: null })
    .where(and(eq(mailQueue.id, opts.id), eq(mailQueue.status, 'queued')))
    .returning({ id: mailQueue.id });
  return rows.length > 0;
}

/**
 * PGlite: one process holds the data folder, so a message still `sending` when a process opens it was left by a dead
 * one: its lease ends now (sent again at once: the at-least-once window) instead of in up to 5 minutes. Never on
 * PostgreSQL, where other instances may be sending.
 */
export async function releaseOrphanedMail(db: Db): Promise<number> {
  const rows = await db
    .update(mailQueue)
    .set({ lockedUntil: new Date(0) })
    .where(eq(mailQueue.status, 'sending'))
    .returning({ id: mailQueue.id });
  return rows.length;
}
