/**
 * Live sources (issue 25, src/sources): what a project fetches instead of typing, and what the fetching saw.
 * - source_configs: one row per project and source (zenodo, matomo, plausible, umami, youtube, openaire): its
 *   settings (no secrets) and its credential sealed with AES-256-GCM under a key derived from the instance key
 *   (src/sources/secrets.ts); the credential is never read back to a page, an API answer, a log or an audit entry.
 * - source_runs: every run of an adapter (scheduled, by hand, from the CLI; dry runs too): status, counts, the error
 *   as a code and a message without secrets, when to try again.
 * - source_cache: answers of the outside services kept for a while (DOI metadata, OpenAIRE pages), keyed by the
 *   request with its secrets removed; only successful and "not found" answers are kept.
 * - suggested_outputs: research products a source (OpenAIRE) links to the project's grant, waiting for a coordinator
 *   to accept them (they become publications) or reject them (remembered, never suggested again).
 * - openaire_link_checks: per project and DOI, whether OpenAIRE knows the publication and links it to the grant.
 */
import {
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  serial,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { projects } from './projects';

export const sourceConfigs = pgTable(
  'source_configs',
  {
    id: serial('id').primaryKey(),
    projectId: text('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    /** SOURCE_IDS of src/sources/types.ts. */
    source: text('source').notNull(),
    /** The adapter's settings (its zod schema): base URL, site or record ids, channel… never a secret. */
    settings: jsonb('settings').notNull(),
    /** The credential sealed by src/sources/secrets.ts (`v1.<base64url>`), or null when the source needs none. */
    secret: text('secret'),
    secretSetAt: timestamp('secret_set_at', { withTimezone: true }),
    enabled: boolean('enabled').notNull().default(true),
    /** Optimistic concurrency: a form carries the version it was read at. */
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [uniqueIndex('source_configs_project_source').on(t.projectId, t.source)],
);

export const sourceRuns = pgTable(
  'source_runs',
  {
    id: serial('id').primaryKey(),
    projectId: text('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    source: text('source').notNull(),
    /** schedule | manual (the page) | cli | api */
    trigger: text('trigger').notNull(),
    dryRun: boolean('dry_run').notNull().default(false),
    /** actorId of who ran it (`user:<id>`, `job:<kind>`, `cli`). */
    actor: text('actor').notNull(),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull(),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
    /** running | ok | failed | partial (some items failed, the rest imported) */
    status: text('status').notNull(),
    /** Items the source answered with, rows imported, duplicates, invalid rows. */
    items: integer('items').notNull().default(0),
    imported: integer('imported').notNull().default(0),
    duplicates: integer('duplicates').notNull().default(0),
    invalid: integer('invalid').notNull().default(0),
    /** FETCH_STATUSES of src/sources/http.ts (network, rate_limited, server_error, malformed, unauthorized…). */
    errorCode: text('error_code'),
    /** English text without secrets (redacted by the HTTP client). */
    message: text('message'),
    /** When the source asked us (Retry-After) or the back-off says to try again. */
    retryAt: timestamp('retry_at', { withTimezone: true }),
    /** The import batch the run committed, if any (records have `source = import:<batchId>`). */
    batchId: text('batch_id'),
    /** Per-item statuses and notes (bounded list). */
    details: jsonb('details'),
  },
  (t) => [index('source_runs_project_source').on(t.projectId, t.source, t.startedAt)],
);

export const sourceCache = pgTable(
  'source_cache',
  {
    /** sha256 hex of method, redacted URL and Accept header. */
    key: text('key').primaryKey(),
    /** The URL with its secrets removed (what logs and pages may show). */
    url: text('url').notNull(),
    httpStatus: integer('http_status').notNull(),
    contentType: text('content_type'),
    body: text('body').notNull(),
    fetchedAt: timestamp('fetched_at', { withTimezone: true }).notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('source_cache_expires').on(t.expiresAt)],
);

export const suggestedOutputs = pgTable(
  'suggested_outputs',
  {
    id: serial('id').primaryKey(),
    projectId: text('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    /** The source that suggested it (openaire). */
    source: text('source').notNull(),
    /** The source's own id of the product (OpenAIRE's research product id). */
    externalId: text('external_id').notNull(),
    /** Lower-case DOI, when the product has one. */
    doi: text('doi'),
    title: text('title').notNull(),
    /** The source's product type (publication, dataset, software, other). */
    productType: text('product_type'),
    publishedOn: text('published_on'),
    /** The candidate as a CSL-JSON item: what an accept imports through the one import path. */
    item: jsonb('item').notNull(),
    /** suggested | accepted | rejected */
    status: text('status').notNull(),
    firstSeenAt: timestamp('first_seen_at', { withTimezone: true }).notNull(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull(),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    decidedBy: text('decided_by'),
    /** The publication it became (accepted) or already was (a duplicate). */
    recordId: text('record_id'),
    reason: text('reason'),
  },
  (t) => [
    uniqueIndex('suggested_outputs_external').on(t.projectId, t.source, t.externalId),
    index('suggested_outputs_status').on(t.projectId, t.status),
  ],
);

export const openaireLinkChecks = pgTable(
  'openaire_link_checks',
  {
    projectId: text('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    /** Lower-case DOI. */
    doi: text('doi').notNull(),
    /** linked (OpenAIRE links it to the grant) | pending (OpenAIRE knows it, not linked) | not_found */
    state: text('state').notNull(),
    openaireId: text('openaire_id'),
    checkedAt: timestamp('checked_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.projectId, t.doi] })],
);

export type SourceConfigRow = typeof sourceConfigs.$inferSelect;
export type SourceRunRow = typeof sourceRuns.$inferSelect;
export type SuggestedOutputRow = typeof suggestedOutputs.$inferSelect;
