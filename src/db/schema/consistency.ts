/**
 * Inconsistency alerts (src/records/consistency.ts): records that contradict each other, as the daily job saw them.
 * One row per project and fingerprint (rule + sorted record ids + the contradicting values): first and last seen,
 * resolved when a run no longer finds it, dismissed by a person with a reason. A changed contradiction has another
 * fingerprint, so it is a new row and comes back even when the old one was dismissed.
 */
import { index, jsonb, pgTable, serial, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { projects } from './projects';

export const consistencyAlerts = pgTable(
  'consistency_alerts',
  {
    id: serial('id').primaryKey(),
    projectId: text('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    /** sha256 hex of the rule, the sorted record ids and the contradicting values. */
    fingerprint: text('fingerprint').notNull(),
    /** The rule's id (CONSISTENCY_RULES in src/records/consistency-rules.ts). */
    rule: text('rule').notNull(),
    /** error | warning */
    severity: text('severity').notNull(),
    /** [{ kind, id, label, partner }]: the records involved, as last seen. */
    records: jsonb('records').notNull(),
    /** The contradicting values (field → text), as last seen: the message's parameters. */
    values: jsonb('values').notNull(),
    firstSeenAt: timestamp('first_seen_at', { withTimezone: true }).notNull(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull(),
    /** Set by the run that no longer found it; cleared when it is found again. */
    resolvedAt: timestamp('resolved_at', { withTimezone: true }),
    dismissedAt: timestamp('dismissed_at', { withTimezone: true }),
    /** actorId of who dismissed it (`user:<id>`). */
    dismissedBy: text('dismissed_by'),
    dismissReason: text('dismiss_reason'),
  },
  (t) => [
    uniqueIndex('consistency_alerts_fingerprint').on(t.projectId, t.fingerprint),
    index('consistency_alerts_open').on(t.projectId, t.resolvedAt),
  ],
);
