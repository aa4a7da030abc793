/**
 * Each person's choices about the project mail Herald sends on its own (reminders, sign-off requests, digests,
 * alerts): one row per user, project and topic, written only when the person (or the coordinator on their behalf)
 * changes something. No row: the topic's default (src/mail/preferences.ts). Topic `all` covers every topic.
 */
import { date, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import { users } from './auth';
import { projects } from './projects';

export const mailPreferences = pgTable(
  'mail_preferences',
  {
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    projectId: text('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    /** A MAIL_TOPICS entry, or `all`. */
    topic: text('topic').notNull(),
    /** `on` (opted in) | `off` (unsubscribed) | null (the topic's default). */
    state: text('state'),
    /** Nothing of this topic is sent before this day (exclusive end of the snooze), UTC. */
    snoozedUntil: date('snoozed_until', { mode: 'string' }),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.projectId, t.topic] })],
);

export type MailPreferenceRow = typeof mailPreferences.$inferSelect;
