/**
 * Stored KPI figures: the yearly snapshot taken when a project year is closed, never recomputed silently; and the
 * dashboard's cache of live figures, keyed on what changes them.
 */
import { sql } from 'drizzle-orm';
import {
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
} from 'drizzle-orm/pg-core';
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

/**
 * The dashboard's computed figures per project and view, so that the page costs one lookup when nothing changed.
 * A row is fresh while its key still matches: the head of the project's audit chain (every write appends to it),
 * the plan version and the date. A stale row may still be served, but only with its "as of" shown; a job recomputes
 * it. Charts are rendered once per computation and kept beside the figures.
 */
export const figureCache = pgTable(
  'figure_cache',
  {
    projectId: text('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    /** Which view: '' is the default (the whole run up to today); other windows have their own key. */
    variant: text('variant').notNull(),
    /** `audit_heads.seq` of the project's chain when the figures were computed (0: empty chain). */
    auditSeq: integer('audit_seq').notNull(),
    planVersion: integer('plan_version').notNull(),
    /** The date (YYYY-MM-DD) the figures are for: "today" when they were computed. */
    asOf: text('as_of').notNull(),
    computedAt: timestamp('computed_at', { withTimezone: true }).notNull(),
    /** The dashboard's data as JSON. */
    payload: jsonb('payload').notNull(),
    /** Rendered charts (SVG) by key, e.g. `<kpi id>:<lang>`. */
    charts: jsonb('charts')
      .notNull()
      .default(sql`'{}'::jsonb`),
    /** How many KPIs have each status: { on_track: 12, behind: 2, … }. */
    statusCounts: jsonb('status_counts')
      .notNull()
      .default(sql`'{}'::jsonb`),
    /** The worst status among the KPIs (behind > at_risk > on_track > achieved), for the portfolio's filter; null: none. */
    worstStatus: text('worst_status'),
  },
  (t) => [
    primaryKey({ name: 'figure_cache_pk', columns: [t.projectId, t.variant] }),
    index('figure_cache_status').on(t.worstStatus, t.projectId),
  ],
);

/**
 * Each KPI digest sent for a project (src/kpi/digest*.ts): its due day, its window of record creation
 * [`since`, `until`) (ISO dates, `until` exclusive: the due day), and the KPI values it showed as of the day before
 * `until`, so the next digest says what changed since. One row per project and due day: the digest job inserts it in
 * the transaction that queues the mails, so a rerun or a second instance queues nothing twice.
 */
export const kpiDigests = pgTable(
  'kpi_digests',
  {
    projectId: text('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    dueOn: text('due_on').notNull(),
    since: text('since').notNull(),
    until: text('until').notNull(),
    /** [{ id, value, hasValue, target, status }] in plan order. */
    kpis: jsonb('kpis').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    primaryKey({ name: 'kpi_digests_pk', columns: [t.projectId, t.dueOn] }),
    index('kpi_digests_until_idx').on(t.projectId, t.until),
  ],
);
export type KpiDigestRow = typeof kpiDigests.$inferSelect;
