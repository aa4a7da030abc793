/** Stored KPI figures: the yearly snapshot taken when a project year is closed, never recomputed silently. */
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

/**
 * A project year closed on purpose (the coordinator's "close year N", or a submitted report). Only a closed year's
 * snapshot is frozen; until then its figures are live and provisional. Re-opening deletes the row (with a reason,
 * audited); re-baselining replaces the snapshot and updates `closed_at`.
 */
export const yearClosures = pgTable(
  'year_closures',
  {
    projectId: text('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    year: integer('year').notNull(),
    closedAt: timestamp('closed_at', { withTimezone: true }).notNull(),
    /** `user:<id>`, `cli:<user>`, `system:<job>` (as in the audit trail). */
    closedBy: text('closed_by').notNull(),
    /** manual | report */
    via: text('via').notNull().default('manual'),
    reason: text('reason'),
  },
  (t) => [primaryKey({ name: 'year_closures_pk', columns: [t.projectId, t.year] })],
);
