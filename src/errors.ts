/** One error type for the whole app: a stable string code, an HTTP status, an i18n message key and details. */
import type { ContentfulStatusCode } from 'hono/utils/http-status';

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
  readonly code: string;
  readonly status: ContentfulStatusCode;
  readonly details: ErrorDetail[];
  /** i18n key of the user-facing message; the English message is `message`. */
  readonly messageKey: string;
  readonly params: Record<string, string | number>;

  constructor(opts: {
    code: string;
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

export const isAppError = (e: unknown): e is AppError => e instanceof AppError;
