/**
 * Brand checks of evidence files (src/brand/evidence.ts): a clean check result attached to an activity keeps its
 * summary beside the evidence file, so the report pre-flight can show which materials were checked. One row per
 * project and evidence file.
 */
import { integer, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { evidenceFiles } from './records';
import { projects } from './projects';

export const brandChecks = pgTable(
  'brand_checks',
  {
    projectId: text('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    fileId: uuid('file_id')
      .notNull()
      .references(() => evidenceFiles.id, { onDelete: 'cascade' }),
    /** The checker's rule set version (BRAND_RULESET_VERSION). */
    rulesetVersion: text('ruleset_version').notNull(),
    /** dissemination | patent | standard */
    context: text('context').notNull(),
    checkedAt: timestamp('checked_at', { withTimezone: true }).notNull(),
    /** Always 0: only a result without errors can be attached. */
    errors: integer('errors').notNull(),
    warnings: integer('warnings').notNull(),
    notes: integer('notes').notNull(),
    /** SHA-256 of the checked bytes (the evidence file's). */
    sha256: text('sha256').notNull(),
    /** actorId of who checked and attached it. */
    checkedBy: text('checked_by').notNull(),
  },
  (t) => [primaryKey({ columns: [t.projectId, t.fileId] })],
);
