/**
 * The Dissemination Activities Report: what the coordinator writes for it (texts, deviations, reviewers'
 * recommendations), the reports generated and submitted (files stored byte for byte, figures, the signed evidence
 * manifest), the records a submitted report froze, and the corrections made to them afterwards.
 */
import { sql } from 'drizzle-orm';
import {
  customType,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { projects } from './projects';

const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({
  dataType: () => 'bytea',
});

/**
 * Texts the coordinator writes for one report scope, per language: `summary`, `deviations` (free text beside the
 * deviation rows), `kpi:<code>` (the KPI table's comment). Scope: `year:<n>` or `range:<from>..<to>`.
 */
export const reportTexts = pgTable(
  'report_texts',
  {
    projectId: text('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    scope: text('scope').notNull(),
    key: text('key').notNull(),
    lang: text('lang').notNull(),
    body: text('body').notNull(),
    /** Optimistic version: a save names the version it edited; a mismatch is a conflict. */
    version: integer('version').notNull().default(1),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    updatedBy: text('updated_by').notNull(),
  },
  (t) => [primaryKey({ name: 'report_texts_pk', columns: [t.projectId, t.scope, t.key, t.lang] })],
);

/** Common columns of the coordinator-kept report items (deviations, recommendations). */
const itemColumns = () => ({
  id: uuid('id').primaryKey().defaultRandom(),
  projectId: text('project_id')
    .notNull()
    .references(() => projects.id, { onDelete: 'cascade' }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  createdBy: text('created_by').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  updatedBy: text('updated_by').notNull(),
  version: integer('version').notNull().default(1),
  deletedAt: timestamp('deleted_at', { withTimezone: true }),
  deletedBy: text('deleted_by'),
});

/** A deviation from the plan and its corrective action, dated so that it falls into a report period. */
export const deviations = pgTable(
  'deviations',
  {
    ...itemColumns(),
    notedOn: date('noted_on').notNull(),
    /** The KPI, work package or timeline item it concerns (plan codes), when any. */
    kpi: text('kpi'),
    wp: text('wp'),
    description: text('description').notNull(),
    correctiveAction: text('corrective_action').notNull().default(''),
  },
  (t) => [index('deviations_project').on(t.projectId, t.notedOn)],
);

/**
 * A reviewers' recommendation (from a periodic review) and how the project answers it: the response, the actions
 * taken, the KPIs and records that show it. Status: open | in_progress | addressed.
 */
export const recommendations = pgTable(
  'recommendations',
  {
    ...itemColumns(),
    /** Which review made it, e.g. "First periodic review (M18)". */
    review: text('review').notNull(),
    receivedOn: date('received_on'),
    text: text('text').notNull(),
    response: text('response').notNull().default(''),
    actions: text('actions').notNull().default(''),
    kpis: text('kpis')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    /** [{ kind, id }]: records that answer it. */
    records: jsonb('records')
      .notNull()
      .default(sql`'[]'::jsonb`),
    status: text('status').notNull().default('open'),
  },
  (t) => [index('recommendations_project').on(t.projectId, t.createdAt)],
);

/**
 * A generated report (state `draft`) or a submitted one (`submitted`: its files, figures and manifest never change
 * again). Scope as in report_texts; the period is [from_date, to_date].
 */
export const reports = pgTable(
  'reports',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    projectId: text('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    scope: text('scope').notNull(),
    /** The project year, for a year report. */
    year: integer('year'),
    fromDate: date('from_date').notNull(),
    toDate: date('to_date').notNull(),
    lang: text('lang').notNull(),
    /** draft | submitted */
    state: text('state').notNull().default('draft'),
    planVersion: integer('plan_version').notNull(),
    /** The project's audit chain head when the report was made: seq and entry hash. */
    auditSeq: integer('audit_seq').notNull(),
    auditHead: text('audit_head'),
    /** Every figure the report shows: [{ kpi, value, target, status, forecast, … }]. */
    figures: jsonb('figures').notNull(),
    /** The evidence manifest (submitted reports): per figure its query, record ids and content hashes. */
    manifest: jsonb('manifest'),
    merkleRoot: text('merkle_root'),
    /** Ed25519 signature (base64) over the manifest's canonical JSON, and the signing key's fingerprint. */
    signature: text('signature'),
    keyFingerprint: text('key_fingerprint'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    createdBy: text('created_by').notNull(),
    submittedAt: timestamp('submitted_at', { withTimezone: true }),
    submittedBy: text('submitted_by'),
  },
  (t) => [
    index('reports_project').on(t.projectId, t.scope, t.createdAt),
    uniqueIndex('reports_one_submitted')
      .on(t.projectId, t.scope, t.lang)
      .where(sql`state = 'submitted'`),
  ],
);

/** A report's files, byte for byte: docx | html | pdf. */
export const reportFiles = pgTable(
  'report_files',
  {
    reportId: uuid('report_id')
      .notNull()
      .references(() => reports.id, { onDelete: 'cascade' }),
    format: text('format').notNull(),
    fileName: text('file_name').notNull(),
    contentType: text('content_type').notNull(),
    sha256: text('sha256').notNull(),
    size: integer('size').notNull(),
    content: bytea('content').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ name: 'report_files_pk', columns: [t.reportId, t.format] })],
);

/**
 * The records a submitted report listed as `Delivered` (or otherwise froze): uneditable in place from then on. Kind
 * as in src/records/kinds.ts; version and digest are the record's state at submission.
 */
export const reportLocks = pgTable(
  'report_locks',
  {
    reportId: uuid('report_id')
      .notNull()
      .references(() => reports.id, { onDelete: 'cascade' }),
    projectId: text('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    kind: text('kind').notNull(),
    recordId: uuid('record_id').notNull(),
    version: integer('version').notNull(),
    digest: text('digest').notNull(),
  },
  (t) => [
    primaryKey({ name: 'report_locks_pk', columns: [t.kind, t.recordId, t.reportId] }),
    index('report_locks_project').on(t.projectId),
  ],
);

/**
 * A correction of a locked record: a new record (`correction_id`) replaces the original, which is withdrawn (soft
 * deleted by the correction act) but never changed; the next report lists the correction (`reported_in`).
 */
export const recordCorrections = pgTable(
  'record_corrections',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    projectId: text('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    kind: text('kind').notNull(),
    originalId: uuid('original_id').notNull(),
    correctionId: uuid('correction_id').notNull(),
    /** The submitted report that locked the original. */
    reportId: uuid('report_id').references(() => reports.id, { onDelete: 'set null' }),
    reason: text('reason').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    createdBy: text('created_by').notNull(),
    /** The later submitted report that listed this correction; null: flagged for the next one. */
    reportedIn: uuid('reported_in').references(() => reports.id, { onDelete: 'set null' }),
  },
  (t) => [
    uniqueIndex('record_corrections_original').on(t.kind, t.originalId),
    index('record_corrections_project').on(t.projectId, t.createdAt),
  ],
);
