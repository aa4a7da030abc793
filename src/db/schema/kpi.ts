/** Stored KPI figures: the yearly snapshot taken at the end of each project year, never recomputed. */
import { doublePrecision, integer, jsonb, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import { projects } from './projects';

export const kpiSnapshots = pgTable(
  'kpi_snapshots',
  {
    projectId: text('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    /** `yearly` (project year n); other kinds may follow (e.g. report submissions). */
    kind: text('kind').notNull(),
    period: integer('period').notNull(),
    kpiCode: text('kpi_code').notNull(),
    /** The date the figures are as of (the last day of the project year). */
    at: text('at').notNull(),
    planVersion: integer('plan_version').notNull(),
    value: doublePrecision('value').notNull(),
    target: doublePrecision('target').notNull(),
    comparator: text('comparator').notNull(),
    status: text('status'),
    forecast: doublePrecision('forecast'),
    /** [{ id, value, target, comparator, met }] */
    parts: jsonb('parts').notNull(),
    takenAt: timestamp('taken_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ name: 'kpi_snapshots_pk', columns: [t.projectId, t.kind, t.period, t.kpiCode] })],
);
