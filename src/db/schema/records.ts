/**
 * What happened: activities, events, publications, synergies, metric snapshots, manual KPI values and evidence
 * files. One typed table per record type; column names follow the plan's RECORD_FIELDS (src/plan/schema.ts),
 * which KPI measures filter on. Partners are referenced by code within the project (composite foreign key), so
 * data stays readable and a plan version that renames nothing keeps every link.
 */
import { sql } from 'drizzle-orm';
import {
  boolean,
  date,
  doublePrecision,
  foreignKey,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uuid,
  type AnyPgColumn,
} from 'drizzle-orm/pg-core';
import { partners, projects } from './projects';

/** Columns every record has: project, partners, links to the plan, provenance, soft delete, optimistic version. */
const recordColumns = () => ({
  id: uuid('id').primaryKey().defaultRandom(),
  projectId: text('project_id')
    .notNull()
    .references(() => projects.id, { onDelete: 'cascade' }),
  /** Partner code of the lead partner (the one who reports and may edit it). */
  leadPartner: text('lead_partner').notNull(),
  /** Other partners involved (codes). */
  partners: text('partners')
    .array()
    .notNull()
    .default(sql`'{}'::text[]`),
  wp: text('wp'),
  deliverable: text('deliverable'),
  timelineItem: text('timeline_item'),
  kpi: text('kpi'),
  /** form | api | import:<batch id> */
  source: text('source').notNull().default('form'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  createdBy: text('created_by').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  updatedBy: text('updated_by').notNull(),
  deletedAt: timestamp('deleted_at', { withTimezone: true }),
  deletedBy: text('deleted_by'),
  version: integer('version').notNull().default(1),
  /**
   * Set while the import batch that wrote this row is still being written in chunks: the row counts nowhere until
   * `import_batches.state` is `committed` (one-row switch), and is swept back to null afterwards. Rows of a batch that
   * never committed (aborted, or the process died) are deleted on the next start.
   */
  pendingBatch: uuid('pending_batch'),
});

const leadPartnerFk = (name: string, t: { projectId: AnyPgColumn; leadPartner: AnyPgColumn }) =>
  foreignKey({
    name,
    columns: [t.projectId, t.leadPartner],
    foreignColumns: [partners.projectId, partners.code],
  });

export const activities = pgTable(
  'activities',
  {
    ...recordColumns(),
    title: text('title').notNull(),
    description: text('description'),
    /** communication | dissemination: the Horizon Europe Portal has a form (and audience list) for each. */
    category: text('category').notNull().default('communication'),
    startDate: date('start_date').notNull(),
    endDate: date('end_date'),
    kind: text('kind').notNull(),
    type: text('type').notNull(),
    audiences: text('audiences')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    channels: text('channels')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    status: text('status').notNull(),
    personsReached: integer('persons_reached'),
    reachByAudience: jsonb('reach_by_audience'),
    countries: text('countries')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    links: text('links')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    jointWithOtherProjects: boolean('joint_with_other_projects').notNull().default(false),
    /** What the activity achieved (the Portal's "outcome" of a communication activity). */
    outcome: text('outcome'),
  },
  (t) => [
    leadPartnerFk('activities_lead_partner_fk', t),
    index('activities_pending')
      .on(t.pendingBatch)
      .where(sql`pending_batch is not null`),
    index('activities_project_date').on(t.projectId, t.startDate),
    index('activities_project_kind').on(t.projectId, t.kind),
  ],
);

export const events = pgTable(
  'events',
  {
    ...recordColumns(),
    name: text('name').notNull(),
    kind: text('kind').notNull(),
    city: text('city').notNull(),
    country: text('country').notNull(),
    startDate: date('start_date').notNull(),
    endDate: date('end_date'),
    website: text('website'),
    roles: text('roles')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    participants: integer('participants'),
    international: boolean('international').notNull().default(false),
    jointWithOtherProjects: boolean('joint_with_other_projects').notNull().default(false),
    status: text('status').notNull(),
    description: text('description'),
  },
  (t) => [
    leadPartnerFk('events_lead_partner_fk', t),
    index('events_pending')
      .on(t.pendingBatch)
      .where(sql`pending_batch is not null`),
    index('events_project_date').on(t.projectId, t.startDate),
    index('events_project_kind').on(t.projectId, t.kind),
  ],
);

export const publications = pgTable(
  'publications',
  {
    ...recordColumns(),
    type: text('type').notNull(),
    title: text('title').notNull(),
    /** [{ name, affiliation?, partner? }] */
    authors: jsonb('authors')
      .notNull()
      .default(sql`'[]'::jsonb`),
    venue: text('venue'),
    publisher: text('publisher'),
    volume: text('volume'),
    issue: text('issue'),
    pages: text('pages'),
    year: integer('year').notNull(),
    date: date('date'),
    /** How much of `date` is known: day | month | year (an approximate date holds the first day of its month or year). */
    datePrecision: text('date_precision').notNull().default('day'),
    doi: text('doi'),
    /** The DOI of the container (proceedings volume, book) when it is not the paper's own, e.g. inherited via BibTeX crossref. */
    containerDoi: text('container_doi'),
    /** The title as the source wrote it (LaTeX, HTML markup), when `title` is its plain-text form. */
    titleOriginal: text('title_original'),
    /** The entry's key in its source file: a BibTeX citation key, a RIS record number. */
    sourceKey: text('source_key'),
    isbn: text('isbn'),
    issn: text('issn'),
    peerReviewed: boolean('peer_reviewed').notNull().default(true),
    openAccess: text('open_access').notNull(),
    embargoEnd: date('embargo_end'),
    repositoryUrl: text('repository_url'),
    /** The licence in normal form (src/records/licence.ts): an SPDX id such as CC-BY-4.0, or the licence's URL. */
    licence: text('licence'),
    url: text('url'),
    acknowledgesGrant: boolean('acknowledges_grant').notNull().default(false),
    /** Computed from the authors' partners' regions and sectors when the record is written; never typed. */
    jointEuJp: boolean('joint_eu_jp').notNull().default(false),
    jointPublicPrivate: boolean('joint_public_private').notNull().default(false),
  },
  (t) => [
    leadPartnerFk('publications_lead_partner_fk', t),
    index('publications_pending')
      .on(t.pendingBatch)
      .where(sql`pending_batch is not null`),
    index('publications_project_year').on(t.projectId, t.year),
    index('publications_project_doi').on(t.projectId, t.doi),
  ],
);

export const synergies = pgTable(
  'synergies',
  {
    ...recordColumns(),
    initiative: text('initiative').notNull(),
    kind: text('kind').notNull(),
    date: date('date').notNull(),
    description: text('description'),
    outcome: text('outcome'),
  },
  (t) => [
    leadPartnerFk('synergies_lead_partner_fk', t),
    index('synergies_pending')
      .on(t.pendingBatch)
      .where(sql`pending_batch is not null`),
    index('synergies_project_date').on(t.projectId, t.date),
  ],
);

export const metricSnapshots = pgTable(
  'metric_snapshots',
  {
    ...recordColumns(),
    channel: text('channel').notNull(),
    channelKind: text('channel_kind').notNull(),
    channelScope: text('channel_scope').notNull(),
    metric: text('metric').notNull(),
    value: doublePrecision('value').notNull(),
    date: date('date').notNull(),
    /** Where the figure comes from (x-analytics, zenodo, manual, csv…): the record input's `source`. */
    dataSource: text('data_source').notNull().default('manual'),
  },
  (t) => [
    leadPartnerFk('metric_snapshots_lead_partner_fk', t),
    index('metric_snapshots_pending')
      .on(t.pendingBatch)
      .where(sql`pending_batch is not null`),
    index('metric_snapshots_latest').on(t.projectId, t.metric, t.channel, t.date),
  ],
);

/** A KPI value entered by hand (for indicators no record type serves), with its evidence. */
export const kpiManualValues = pgTable(
  'kpi_manual_values',
  {
    ...recordColumns(),
    kpiCode: text('kpi_code').notNull(),
    value: doublePrecision('value').notNull(),
    date: date('date').notNull(),
    evidence: text('evidence').notNull(),
  },
  (t) => [
    leadPartnerFk('kpi_manual_values_lead_partner_fk', t),
    index('kpi_manual_values_latest').on(t.projectId, t.kpiCode, t.date),
  ],
);

/** Evidence files (photos, slides, PDFs) attached to a record; bytes on disk, addressed by content hash. */
export const evidenceFiles = pgTable(
  'evidence_files',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    projectId: text('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    recordType: text('record_type').notNull(),
    recordId: uuid('record_id').notNull(),
    fileName: text('file_name').notNull(),
    contentType: text('content_type').notNull(),
    size: integer('size').notNull(),
    sha256: text('sha256').notNull(),
    uploadedBy: text('uploaded_by').notNull(),
    uploadedAt: timestamp('uploaded_at', { withTimezone: true }).notNull().defaultNow(),
    deletedAt: timestamp('deleted_at', { withTimezone: true }),
  },
  (t) => [index('evidence_files_record').on(t.recordType, t.recordId)],
);
