/**
 * Newsletter issues (src/newsletter/issues.ts): written by the coordinator in Markdown per language (English
 * required, Japanese optional: Japanese subscribers get English with a note), `draft → sending → sent`. The
 * messages themselves are in `mail_queue` (idempotency key `newsletter.issue:<issueId>:<subscriberId>`).
 */
import { index, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { projects } from './projects';

export const newsletterIssues = pgTable(
  'newsletter_issues',
  {
    id: text('id').primaryKey(),
    projectId: text('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    subjectEn: text('subject_en').notNull(),
    subjectJa: text('subject_ja'),
    bodyEn: text('body_en').notNull(),
    bodyJa: text('body_ja'),
    /** draft | sending | sent */
    state: text('state').notNull(),
    /** Who wrote it (an actor id). */
    createdBy: text('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
    /** When "send" was pressed (the messages were queued then). */
    sendingAt: timestamp('sending_at', { withTimezone: true }),
    sentAt: timestamp('sent_at', { withTimezone: true }),
    /** Messages queued on "send" (one per confirmed subscriber). */
    recipients: integer('recipients'),
    /** The communication activity recorded when it was sent (the "Newsletters" KPI counts it). */
    activityId: text('activity_id'),
  },
  (t) => [index('newsletter_issues_project').on(t.projectId, t.state, t.createdAt)],
);

export type NewsletterIssueRow = typeof newsletterIssues.$inferSelect;
