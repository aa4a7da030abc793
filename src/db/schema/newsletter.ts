/**
 * Newsletter subscribers (src/newsletter): one row per project and address. No plaintext secret is stored: the
 * confirmation token only as its SHA-256, the unsubscribe token is an HMAC of the row's id under a secret derived
 * from the instance key (only its SHA-256 is stored, for lookup). Consent evidence lives in the audit chain, with
 * hashes only; erasing a subscriber deletes the row. Every personal field is listed in docs/PRIVACY.md.
 */
import { index, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { projects } from './projects';

export const newsletterSubscribers = pgTable(
  'newsletter_subscribers',
  {
    id: text('id').primaryKey(),
    projectId: text('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    /** Normalised: trimmed, domain lower-cased. */
    address: text('address').notNull(),
    /** SHA-256 of `<project>\0<address>`: the key of the subscriber's consent evidence in the audit chain. */
    addressHash: text('address_hash').notNull(),
    /** en | ja: the language of every mail. */
    lang: text('lang').notNull(),
    /** pending | confirmed | unsubscribed */
    status: text('status').notNull(),
    /** The privacy notice version the person consented to (the plan's `newsletter.privacy_notice.version`). */
    noticeVersion: text('notice_version').notNull(),
    /** SHA-256 of the double opt-in token (kept after confirmation, so a reused link says "already confirmed"). */
    confirmHash: text('confirm_hash'),
    confirmExpiresAt: timestamp('confirm_expires_at', { withTimezone: true }),
    /** SHA-256 of the unsubscribe token (itself HMAC-derived from the id: never stored). */
    unsubscribeHash: text('unsubscribe_hash').notNull(),
    /** The last confirmation mail (repeated subscriptions resend at most once per throttle window). */
    mailedAt: timestamp('mailed_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
    confirmedAt: timestamp('confirmed_at', { withTimezone: true }),
    unsubscribedAt: timestamp('unsubscribed_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('newsletter_subscribers_address').on(t.projectId, t.address),
    uniqueIndex('newsletter_subscribers_confirm').on(t.confirmHash),
    uniqueIndex('newsletter_subscribers_unsubscribe').on(t.unsubscribeHash),
    index('newsletter_subscribers_status').on(t.projectId, t.status, t.createdAt),
  ],
);

export type SubscriberRow = typeof newsletterSubscribers.$inferSelect;
