/** One error type for the whole app: a stable code (a typed union), an HTTP status, an i18n message key and details. */
import type { ContentfulStatusCode } from 'hono/utils/http-status';

/**
 * Every code an AppError may carry: what the API's `error.code`, the CLI and the pages branch on. Bad input has ONE
 * code, `validation` (422): a body, form field or argument that breaks its rules, `details` naming each field.
 * `bad_parameter` (400) is a query or path parameter (src/web/query.ts), `bad_request` (400) a body that cannot be
 * read at all (not JSON); the other codes name one specific situation.
 */
export const ERROR_CODES = [
  // generic
  'not_found',
  'validation',
  'bad_parameter',
  'bad_request',
  'conflict',
  'internal',
  'config',
  // who may do what
  'unauthenticated',
  'forbidden',
  'csrf',
  'payload_too_large',
  'link_invalid',
  'last_admin',
  'sign_in_failed',
  'throttled',
  // records and evidence files
  'version_required',
  'file_empty',
  'file_too_large',
  'file_type',
  'file_mismatch',
  // the public site's deliverable files
  'deliverable_not_public',
  'deliverable_version_taken',
  // plans and KPIs
  'plan_invalid',
  'kpi_filter_invalid',
  'invalid_date',
  'invalid_year',
  'invalid_period',
  'year_open',
  'year_closed',
  'year_not_ended',
  // period sign-off
  'period_not_ended',
  // imports
  'import_no_file',
  'import_abandoned',
  'import_year_closed',
  'import_file_refused',
  'import_format_unknown',
  'import_format_type',
  'import_zip',
  'upload_no_space',
  // jobs
  'job_not_failed',
  // the database
  'data_dir_locked',
  'database_unavailable',
  // reports
  'chromium_missing',
  // reports: submission, locked records
  'report_submitted',
  'record_locked',
  'not_locked',
  'preflight_errors',
  'preflight_warnings',
  // backup and restore
  'backup_invalid',
  'backup_project_exists',
  'backup_file_missing',
  // the public site
  'news_state',
  'social_state',
  // the brand checker: a file it cannot read
  'lint_input',
  // live sources: a run of a source the project has not configured, or has turned off
  'source_not_configured',
  'source_disabled',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export interface ErrorDetail {
  /** Where: a field path (`kpis.3.target`), or `row 12, column date` for files. */
  path?: string;
  /** The English text (what the CLI, logs and the API print). */
  message: string;
  /** i18n key of the message, when it has one: views show `translate(lang, key, params)` instead of `message`. */
  key?: string;
  /** Values of the key's `{name}` placeholders. */
  params?: Record<string, string | number>;
  line?: number;
  column?: number;
  row?: number;
  /** Imports: the file and the entry's own name (BibTeX key, JSON id). */
  file?: string;
  entry?: string;
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: ContentfulStatusCode;
  readonly details: ErrorDetail[];
  /** i18n key of the user-facing message; the English message is `message`. */
  readonly messageKey: string;
  readonly params: Record<string, string | number>;

  constructor(opts: {
    code: ErrorCode;
    status?: ContentfulStatusCode;
    message: string;
    messageKey?: string;
    params?: Record<string, string | number>;
    details?: ErrorDetail[];
    cause?: unknown;
  }) {
    super(opts.message, { cause: opts.cause });
    this.name = 'AppError';
    this.code = opts.code;
    this.status = opts.status ?? 400;
    this.messageKey = opts.messageKey ?? `error.${opts.code}`;
    this.params = opts.params ?? {};
    this.details = opts.details ?? [];
  }
}

export const notFound = (what: string): AppError =>
  new AppError({ code: 'not_found', status: 404, message: `${what} not found`, params: { what } });

/** Nobody is signed in (401): pages send the visitor to sign in, the API answers with this code. */
export const unauthenticated = (message = 'Sign in to continue'): AppError =>
  new AppError({ code: 'unauthenticated', status: 401, message, messageKey: 'error.unauthenticated' });

/** Someone is signed in (or a token acts) but may not do this (403). `params` say what was needed. */
export const forbidden = (
  message = 'You do not have permission to do this',
  params: Record<string, string | number> = {},
): AppError =>
  new AppError({ code: 'forbidden', status: 403, message, messageKey: 'error.forbidden', params });

/** Access refused: `unauthenticated` for an anonymous visitor (who may sign in), `forbidden` for anyone else. */
export const denied = (opts: {
  anonymous: boolean;
  message: string;
  params?: Record<string, string | number>;
}): AppError => (opts.anonymous ? unauthenticated() : forbidden(opts.message, opts.params));

export const isAppError = (e: unknown): e is AppError => e instanceof AppError;
