/**
 * Imports that were committed: one row per file (or pasted text) imported into a project, with its counts. A record
 * made by an import has `source = import:<id>`, so each record leads back to the file it came from.
 */
import { date, index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { projects } from './projects';

export const importBatches = pgTable(
  'import_batches',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    projectId: text('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    recordType: text('record_type').notNull(),
    /** csv | xlsx | bibtex | ris | csl-json | crossref | x-analytics | zenodo-stats | metrics-csv | x-account-overview */
    format: text('format').notNull(),
    fileName: text('file_name').notNull(),
    /** SHA-256 of the file's bytes, hex. */
    sha256: text('sha256').notNull(),
    /** Rows read, rows added, rows left out as duplicates, invalid rows left out (with the explicit skip choice). */
    rows: integer('rows').notNull(),
    imported: integer('imported').notNull(),
    duplicates: integer('duplicates').notNull(),
    invalid: integer('invalid').notNull(),
    /** `user:<id>`, `token:<id>` or `cli:<user>` (as in the audit trail). */
    actorId: text('actor_id').notNull(),
    /**
     * Set when the file is a complete export of a metrics source (e.g. `zenodo`) as of `complete_as_of`: items of that
     * source absent from it are no longer counted as current from that date on.
     */
    completeSource: text('complete_source'),
    completeAsOf: date('complete_as_of'),
    /**
     * pending: rows are being written in chunks (invisible, see records' `pending_batch`); committed: visible, the
     * audit entry is written; aborted: given up, its rows are being removed. Rows from before chunked commits are
     * committed.
     */
    state: text('state').notNull().default('committed'),
    /** When the writer of a pending batch last wrote a chunk: a pending batch silent for long was abandoned. */
    heartbeatAt: timestamp('heartbeat_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('import_batches_project').on(t.projectId, t.createdAt)],
);

export type ImportBatchRow = typeof importBatches.$inferSelect;
