/** Where each deliverable of the plan stands: Pending → Draft → Submitted → Approved, with dates and a justification when late. */
import { date, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import { projects } from './projects';

export const deliverableStatus = pgTable(
  'deliverable_status',
  {
    projectId: text('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    code: text('code').notNull(),
    /** Pending | Draft | Submitted | Approved */
    status: text('status').notNull(),
    submittedOn: date('submitted_on'),
    approvedOn: date('approved_on'),
    /** Required when submitted after the due month. */
    justification: text('justification'),
    updatedBy: text('updated_by').notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ name: 'deliverable_status_pk', columns: [t.projectId, t.code] })],
);
