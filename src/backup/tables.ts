/**
 * What a project backup holds, table by table, and what it leaves out and why. Every table of src/db/schema is named
 * here exactly once (tables.test.ts fails otherwise), so a new table cannot silently be missing from backups.
 *
 * BACKUP_TABLES is in restore order (a table after the ones its foreign keys point at). Each names the rows of one
 * project (`scope`, SQL with `$1` = the project id). Columns come from the drizzle schema at run time, so a new
 * column of a backed-up table is in the next backup without a change here; `omit` leaves columns out on purpose.
 */
import { getTableConfig, PgTable, type PgColumn } from 'drizzle-orm/pg-core';
import * as schema from '../db/schema';

export interface BackupTable {
  name: string;
  /** Which rows belong to the project: an SQL condition on the table (alias-free) with `$1` the project id. */
  scope: string;
  /** Columns left out of the backup, with the reason (secrets, instance-level state, bytes stored as entries). */
  omit?: Record<string, string>;
  /**
   * How the rows meet the target database: `insert` (the default: they must not exist), `users` (an account with the
   * same id or e-mail is used, else a disabled one without password is created), `keep` (insert when missing, e.g.
   * public keys, which are the same everywhere by construction).
   */
  restore?: 'insert' | 'users' | 'keep';
  /** Columns whose bytes are archive entries (`files/<sha256>`), keyed by the column that holds the sha256. */
  blob?: { column: string; sha256Column: string };
}

const byProject = 'project_id = $1';
const byChain = 'chain = $1';

export const BACKUP_TABLES: readonly BackupTable[] = [
  { name: 'projects', scope: 'id = $1' },
  { name: 'plan_versions', scope: byProject },
  { name: 'partners', scope: byProject },
  { name: 'work_packages', scope: byProject },
  { name: 'deliverables', scope: byProject },
  { name: 'kpis', scope: byProject },
  { name: 'timeline_items', scope: byProject },
  {
    name: 'users',
    scope: 'id in (select user_id from memberships where project_id = $1)',
    omit: {
      password_hash: 'a secret: a restored account has no password until its owner resets it',
      is_admin: 'an instance privilege, not the project’s: never granted by a restore',
    },
    restore: 'users',
  },
  { name: 'memberships', scope: byProject },
  // Each member's choices about reminders, sign-off requests, digests and alerts (unsubscribed, snoozed, opted in).
  { name: 'mail_preferences', scope: byProject },
  { name: 'import_batches', scope: byProject },
  { name: 'activities', scope: byProject },
  { name: 'events', scope: byProject },
  { name: 'publications', scope: byProject },
  { name: 'synergies', scope: byProject },
  { name: 'metric_snapshots', scope: byProject },
  { name: 'kpi_manual_values', scope: byProject },
  { name: 'evidence_files', scope: byProject },
  { name: 'deliverable_status', scope: byProject },
  // Brand checks of evidence files (src/brand/evidence.ts): which materials were checked, with the summary.
  { name: 'brand_checks', scope: byProject },
  // Inconsistency alerts as the daily job last saw them, and who dismissed which, with the reason.
  { name: 'consistency_alerts', scope: byProject },
  // The public site's deliverable files (bytes are `files/<sha256>` like evidence) and their counted downloads.
  { name: 'site_deliverable_files', scope: byProject },
  { name: 'site_download_counts', scope: byProject },
  { name: 'kpi_snapshots', scope: byProject },
  { name: 'year_closures', scope: byProject },
  // The KPI digests sent (window, values shown): the next digest after a restore still says what changed since.
  { name: 'kpi_digests', scope: byProject },
  { name: 'report_texts', scope: byProject },
  // Each partner's sign-off of a reporting period (confirmed, or what is still missing); its history is the chain.
  { name: 'period_signoffs', scope: byProject },
  { name: 'deviations', scope: byProject },
  { name: 'recommendations', scope: byProject },
  { name: 'reports', scope: byProject },
  {
    name: 'report_files',
    scope: 'report_id in (select id from reports where project_id = $1)',
    omit: { content: 'the bytes are the archive entry files/<sha256>' },
    blob: { column: 'content', sha256Column: 'sha256' },
  },
  { name: 'report_locks', scope: byProject },
  { name: 'record_corrections', scope: byProject },
  { name: 'newsletter_subscribers', scope: byProject },
  { name: 'newsletter_issues', scope: byProject },
  // A post's image: the archive entry files/<sha256> (export.ts), restored into `<files>/site/`.
  { name: 'news_posts', scope: byProject },
  // A planned social post's image: the same folder and entry as news images.
  { name: 'social_posts', scope: byProject },
  // Live sources (src/sources): settings without the credential, every run, the suggested outputs with their
  // decisions (a rejected suggestion stays rejected after a restore) and the OpenAIRE link states.
  {
    name: 'source_configs',
    scope: byProject,
    omit: {
      secret: 'sealed under a key derived from this instance’s private key: enter the credential again',
      secret_set_at: 'belongs with the omitted credential',
    },
  },
  { name: 'source_runs', scope: byProject },
  { name: 'suggested_outputs', scope: byProject },
  { name: 'openaire_link_checks', scope: byProject },
  {
    name: 'instance_keys',
    scope:
      'id in (select key_id from audit_signed_heads where chain = $1 union select key_fingerprint from reports where project_id = $1)',
    restore: 'keep',
  },
  { name: 'audit_entries', scope: byChain },
  { name: 'audit_heads', scope: byChain },
  { name: 'audit_signed_heads', scope: byChain },
];

/** Tables a backup leaves out, with the reason (docs/BACKUP.md repeats them). */
export const EXCLUDED_TABLES: Readonly<Record<string, string>> = {
  figure_cache: 'a cache of the dashboard’s figures: recomputed from the records on the first visit',
  jobs: 'this instance’s queue of work in progress; a restored project’s scheduled jobs are enqueued again',
  job_schedules: 'this instance’s scheduler state (last due times); recreated by the scheduler',
  invitations: 'pending invitations carry secret link digests and expire within days: invite again',
  api_tokens: 'secrets (token digests) issued by this instance: issue new tokens after a restore',
  portfolio_projects: 'portfolios are instance-level groupings of projects, kept by the instance’s admins',
  portfolios: 'instance-level, not a project’s',
  portfolio_members: 'instance-level roles across portfolios, not a project’s',
  sessions: 'signed-in browsers: secrets of this instance',
  password_tokens: 'single-use password links: secrets of this instance',
  login_failures: 'sign-in throttling state of this instance',
  mail_outbox: 'this instance’s legacy local mail outbox',
  mail_queue: 'this instance’s outgoing mail and its send log: a restore sends nothing again',
  mail_sender: 'this instance’s mail rate limit and circuit breaker state',
  source_cache:
    'answers of outside services (Crossref, DataCite, OpenAIRE) kept for a while: fetched again when needed',
  site_download_salts:
    'the day’s visitor-hash salt: a secret of this instance, deleted when the day is counted',
  site_download_events:
    'the current day’s raw downloads, counted into site_download_counts by the daily rollup',
};

export interface ColumnSpec {
  name: string;
  /** The SQL type as the schema declares it (`timestamp with time zone`, `text[]`, `jsonb`, …). */
  sqlType: string;
}

/** Every pgTable of the schema by SQL name. */
export function schemaTables(): Map<string, PgTable> {
  const out = new Map<string, PgTable>();
  for (const value of Object.values(schema)) {
    if (value instanceof PgTable) out.set(getTableConfig(value).name, value);
  }
  return out;
}

/** A table's columns in the schema's order. */
export function columnsOf(table: PgTable): ColumnSpec[] {
  return getTableConfig(table).columns.map((c: PgColumn) => ({ name: c.name, sqlType: c.getSQLType() }));
}

/** The primary key's columns: rows are written in this order (keyset paging reads them so). */
export function primaryKeyOf(table: PgTable): string[] {
  const config = getTableConfig(table);
  const single = config.columns.filter((c) => c.primary).map((c) => c.name);
  if (single.length > 0) return single;
  const composite = config.primaryKeys[0];
  if (!composite) throw new Error(`table ${config.name} has no primary key`);
  return composite.columns.map((c) => c.name);
}

/** Whether the column is a serial (its sequence is set past the restored ids). */
export function isSerial(table: PgTable, column: string): boolean {
  const c = getTableConfig(table).columns.find((x) => x.name === column);
  return (
    c?.columnType === 'PgSerial' || c?.columnType === 'PgBigSerial53' || c?.columnType === 'PgBigSerial64'
  );
}

/** The columns a backup holds of a table: the schema's, less the omitted ones. */
export function backupColumns(spec: BackupTable, table: PgTable): ColumnSpec[] {
  return columnsOf(table).filter((c) => !spec.omit || !(c.name in spec.omit));
}
