/**
 * Outgoing mail. `mail_queue` holds one row per message and recipient: enqueued in the caller's transaction, sent by
 * the `mail.send` job (src/mail/sender.ts), kept as the send log. `mail_sender` is the sender's shared state: the rate
 * limit's next free slot and the circuit breaker. `mail_outbox` is the legacy local outbox (before the queue): no
 * longer written; its old rows are still erased with their account and expire with the instance's data.
 */
import { sql } from 'drizzle-orm';
import {
  bigserial,
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  serial,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { projects } from './projects';

export const mailOutbox = pgTable('mail_outbox', {
  id: serial('id').primaryKey(),
  to: text('to').notNull(),
  subject: text('subject').notNull(),
  text: text('text').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

export type OutboxRow = typeof mailOutbox.$inferSelect;

/** A file attached by reference: the bytes stay in the content-addressed store (`<files dir>/<sha256>`). */
export interface MailAttachmentRef {
  filename: string;
  contentType: string;
  sha256: string;
}

export const mailQueue = pgTable(
  'mail_queue',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    /** `auth.reset`, `auth.invite`, `year.close-reminder`, `newsletter.issue`, … */
    purpose: text('purpose').notNull(),
    /** Enqueueing the same key again returns the existing message: the same mail is sent once. */
    idempotencyKey: text('idempotency_key').notNull(),
    /** `<hash of the key@herald>`: the same on every attempt, so a resent copy is recognisably the same message. */
    messageId: text('message_id').notNull(),
    to: text('to').notNull(),
    lang: text('lang').notNull(),
    subject: text('subject').notNull(),
    text: text('text').notNull(),
    html: text('html'),
    /** Extra headers: List-Id, List-Unsubscribe, List-Unsubscribe-Post, Reply-To… */
    headers: jsonb('headers').$type<Record<string, string>>().notNull().default({}),
    attachments: jsonb('attachments').$type<MailAttachmentRef[]>().notNull().default([]),
    /** A secret link inside: the bodies are blanked once sent through SMTP (the outbox keeps them for the admin). */
    sensitive: boolean('sensitive').notNull().default(false),
    /** queued | sending | sent | failed | cancelled */
    status: text('status').notNull().default('queued'),
    attempts: integer('attempts').notNull().default(0),
    /** Not before: the first send, or the next attempt after a back-off. */
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull(),
    /** Which sender holds it while `sending`, and until when (an expired lease sends it again). */
    lockedBy: text('locked_by'),
    lockedUntil: timestamp('locked_until', { withTimezone: true }),
    /** The SMTP reply code of the last failure (null for connection errors). */
    lastErrorCode: integer('last_error_code'),
    lastError: text('last_error'),
    /** What the SMTP server answered (its queue id), or `outbox` when kept locally. */
    providerMessageId: text('provider_message_id'),
    sentAt: timestamp('sent_at', { withTimezone: true }),
    projectId: text('project_id').references(() => projects.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex('mail_queue_idempotency').on(t.idempotencyKey),
    // (next_attempt_at, id): the sender's claim walks it in order, LIMIT 1 (src/mail/queue.ts claimNext).
    index('mail_queue_due')
      .on(t.nextAttemptAt, t.id)
      .where(sql`status = 'queued'`),
    index('mail_queue_sending')
      .on(t.lockedUntil)
      .where(sql`status = 'sending'`),
    index('mail_queue_created').on(t.createdAt),
    index('mail_queue_to').on(t.to),
  ],
);

export type MailQueueRow = typeof mailQueue.$inferSelect;

/** One row (`id = 'smtp'`): the rate limit's next free slot and the circuit breaker, shared by every sender. */
export const mailSender = pgTable('mail_sender', {
  id: text('id').primaryKey(),
  /** The earliest time the next message may be handed over (rate limit). */
  nextSlotAt: timestamp('next_slot_at', { withTimezone: true }),
  /** Transient errors in a row (reset by a success). */
  consecutiveErrors: integer('consecutive_errors').notNull().default(0),
  /** Set when the breaker opened: nothing is sent before this time. */
  pausedUntil: timestamp('paused_until', { withTimezone: true }),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
});
