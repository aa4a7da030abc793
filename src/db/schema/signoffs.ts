/**
 * Period sign-off (src/signoff): each partner's confirmation that its records for a reporting period are complete,
 * or what is still missing. One current row per project, period and partner; every change is an audit entry
 * (before/after), so the history is the chain. The period's dates are kept: a row whose dates no longer match the
 * plan's period (the plan's cadence changed) counts as not signed.
 */
import { boolean, check, date, integer, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { projects } from './projects';

export const periodSignoffs = pgTable(
  'period_signoffs',
  {
    projectId: text('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    /** The period's number (1 = the first `kpi_collection_every_months` months from the project start). */
    period: integer('period').notNull(),
    partnerCode: text('partner_code').notNull(),
    periodFrom: date('period_from', { mode: 'string' }).notNull(),
    periodTo: date('period_to', { mode: 'string' }).notNull(),
    /** `confirmed` | `incomplete`. */
    state: text('state').notNull(),
    /** What is still missing (required when incomplete; null when confirmed). */
    missing: text('missing'),
    /** Optimistic version: a change names the version it saw; a mismatch is a conflict (409). */
    version: integer('version').notNull().default(1),
    /** Who said so (user id, or the actor's id) and whether a coordinator did it on the partner's behalf. */
    updatedBy: text('updated_by').notNull(),
    onBehalf: boolean('on_behalf').notNull().default(false),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    primaryKey({ name: 'period_signoffs_pk', columns: [t.projectId, t.period, t.partnerCode] }),
    check('period_signoffs_state', sql`${t.state} IN ('confirmed', 'incomplete')`),
    check(
      'period_signoffs_missing',
      sql`(${t.state} = 'confirmed' AND ${t.missing} IS NULL) OR (${t.state} = 'incomplete' AND ${t.missing} IS NOT NULL)`,
    ),
  ],
);

export type PeriodSignoffRow = typeof periodSignoffs.$inferSelect;
