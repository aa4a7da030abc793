/** Projects, their plan versions, and the plan entities that records point at (partners, WPs, deliverables, KPIs, timeline items). */
import { sql } from 'drizzle-orm';
import {
  boolean,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  serial,
  text,
  timestamp,
  unique,
  uniqueIndex,
} from 'drizzle-orm/pg-core';

/** One project = one dissemination plan. `id` is the slug of the acronym (M-Sec → m-sec). */
export const projects = pgTable(
  'projects',
  {
    id: text('id').primaryKey(),
    acronym: text('acronym').notNull(),
    title: text('title').notNull(),
    programme: text('programme').notNull(),
    startDate: text('start_date').notNull(),
    durationMonths: integer('duration_months').notNull(),
    currentVersion: integer('current_version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  // The portfolio pages project lists by (acronym, id) with keyset paging and filter by programme.
  (t) => [
    index('projects_acronym_id').on(t.acronym, t.id),
    index('projects_programme').on(t.programme, t.acronym, t.id),
  ],
);

/** Every imported version of a plan, immutable. `changes` lists what differs from the previous version. */
export const planVersions = pgTable(
  'plan_versions',
  {
    id: serial('id').primaryKey(),
    projectId: text('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    version: integer('version').notNull(),
    contentHash: text('content_hash').notNull(),
    sourceName: text('source_name').notNull(),
    sourceText: text('source_text').notNull(),
    plan: jsonb('plan').notNull(),
    changes: jsonb('changes')
      .notNull()
      .default(sql`'[]'::jsonb`),
    importedBy: text('imported_by').notNull(),
    importedAt: timestamp('imported_at', { withTimezone: true }).notNull().defaultNow(),
    /** Why the plan changed (1–500 characters): required for edits in the app, absent for file imports. */
    reason: text('reason'),
  },
  (t) => [uniqueIndex('plan_versions_project_version').on(t.projectId, t.version)],
);

const entityColumns = {
  id: serial('id').primaryKey(),
  projectId: text('project_id')
    .notNull()
    .references(() => projects.id, { onDelete: 'cascade' }),
  code: text('code').notNull(),
  /** Set when a later plan version no longer contains the entity; records keep pointing at it. */
  retiredAt: timestamp('retired_at', { withTimezone: true }),
};

export const partners = pgTable(
  'partners',
  {
    ...entityColumns,
    number: integer('number').notNull(),
    name: text('name').notNull(),
    country: text('country').notNull(),
    region: text('region').notNull(),
    kind: text('kind').notNull(),
    sector: text('sector').notNull(),
  },
  // A constraint, not just an index: records reference (project_id, code) with a foreign key.
  (t) => [unique('partners_project_code').on(t.projectId, t.code), index('partners_name').on(t.name)],
);

export const workPackages = pgTable(
  'work_packages',
  {
    ...entityColumns,
    title: text('title').notNull(),
  },
  (t) => [uniqueIndex('work_packages_project_code').on(t.projectId, t.code)],
);

export const deliverables = pgTable(
  'deliverables',
  {
    ...entityColumns,
    wpCode: text('wp_code').notNull(),
    title: text('title').notNull(),
    dueMonth: integer('due_month').notNull(),
    disseminationLevel: text('dissemination_level').notNull(),
  },
  (t) => [uniqueIndex('deliverables_project_code').on(t.projectId, t.code)],
);

export const kpis = pgTable(
  'kpis',
  {
    ...entityColumns,
    position: integer('position').notNull(),
    label: text('label').notNull(),
    target: doublePrecision('target').notNull(),
    comparator: text('comparator').notNull(),
    measure: jsonb('measure').notNull(),
    parts: jsonb('parts')
      .notNull()
      .default(sql`'[]'::jsonb`),
  },
  (t) => [uniqueIndex('kpis_project_code').on(t.projectId, t.code)],
);

export const timelineItems = pgTable(
  'timeline_items',
  {
    ...entityColumns,
    position: integer('position').notNull(),
    label: text('label').notNull(),
    responsible: jsonb('responsible').notNull(),
    months: jsonb('months').notNull(),
    estimated: boolean('estimated').notNull().default(false),
  },
  (t) => [
    uniqueIndex('timeline_items_project_code').on(t.projectId, t.code),
    index('timeline_items_project').on(t.projectId),
  ],
);
