/**
 * The public site's deliverable files and their download counting (issue 20): the files the coordinator uploads per
 * plan deliverable (several versions, each published or not), the raw download events of the current days (a
 * visitor hash, never an address), the salt of each day (deleted once the day is counted), and the counted
 * downloads per file and day (COUNTER: total and unique).
 */
import {
  bigserial,
  boolean,
  date,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { projects } from './projects';

export const siteDeliverableFiles = pgTable(
  'site_deliverable_files',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    projectId: text('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    /** The plan deliverable's code (D5.2). */
    code: text('code').notNull(),
    /** The version label (1.0, v2, final): part of the download address. */
    version: text('version').notNull(),
    /** The version's date. */
    issuedOn: date('issued_on').notNull(),
    fileName: text('file_name').notNull(),
    contentType: text('content_type').notNull(),
    size: integer('size').notNull(),
    /** The bytes, content-addressed under the files folder (as evidence files). */
    sha256: text('sha256').notNull(),
    published: boolean('published').notNull().default(false),
    uploadedBy: text('uploaded_by').notNull(),
    uploadedAt: timestamp('uploaded_at', { withTimezone: true }).notNull().defaultNow(),
    publishedAt: timestamp('published_at', { withTimezone: true }),
  },
  (t) => [uniqueIndex('site_deliverable_files_version').on(t.projectId, t.code, t.version)],
);

/** A day's random salt of the visitor hash, per project; deleted when the rollup has counted the day. */
export const siteDownloadSalts = pgTable(
  'site_download_salts',
  {
    projectId: text('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    day: date('day').notNull(),
    salt: text('salt').notNull(),
  },
  (t) => [primaryKey({ name: 'site_download_salts_pk', columns: [t.projectId, t.day] })],
);

/** One GET that served a deliverable's bytes (200), before the day's rollup counts and deletes it. */
export const siteDownloadEvents = pgTable(
  'site_download_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    projectId: text('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    fileId: uuid('file_id')
      .notNull()
      .references(() => siteDeliverableFiles.id, { onDelete: 'cascade' }),
    at: timestamp('at', { withTimezone: true }).notNull(),
    /** The UTC day of `at` (the salt's day). */
    day: date('day').notNull(),
    /** sha256(salt of the day ‖ address ‖ user agent), hex. */
    visitor: text('visitor').notNull(),
    /** The user agent is a robot's (isbot) or missing. */
    robot: boolean('robot').notNull(),
  },
  (t) => [index('site_download_events_day').on(t.projectId, t.day)],
);

/** The counted downloads of one file on one day (COUNTER Total_Item_Requests and Unique_Item_Requests). */
export const siteDownloadCounts = pgTable(
  'site_download_counts',
  {
    projectId: text('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    fileId: uuid('file_id')
      .notNull()
      .references(() => siteDeliverableFiles.id, { onDelete: 'cascade' }),
    day: date('day').notNull(),
    total: integer('total').notNull().default(0),
    unique: integer('unique').notNull().default(0),
    /** Requests left out: robots, and the earlier click of each double click. */
    robots: integer('robots').notNull().default(0),
    doubleClicks: integer('double_clicks').notNull().default(0),
  },
  (t) => [
    primaryKey({ name: 'site_download_counts_pk', columns: [t.projectId, t.fileId, t.day] }),
    index('site_download_counts_day').on(t.projectId, t.day),
  ],
);
