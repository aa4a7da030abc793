/**
 * When the database cannot be reached (PostgreSQL restarting, failed over, our connection terminated): which errors
 * mean that, and the one AppError (503 + Retry-After) requests fail with while it lasts.
 */
import { AppError } from '../errors';

/** Seconds a client should wait before retrying a request that failed because the database was unavailable. */
export const RETRY_AFTER_SECONDS = 5;

/** SQLSTATEs of a lost or refused connection: class 08, admin/crash shutdown, cannot connect now, too many connections. */
const SQLSTATES = new Set(['57P01', '57P02', '57P03', '53300']);
/** Socket errors of an unreachable server. */
const SYSCALL_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);
/** node-postgres and pg-pool say these in plain words, without a code. */
const MESSAGES = [
  /^Connection terminated/,
  /connection error and is not queryable/,
  /^Client was closed and is not queryable/,
  /^timeout exceeded when trying to connect/,
  /^Connection terminated due to connection timeout/,
];

function isOwnConnectionError(e: unknown): boolean {
  if (!(e instanceof Error)) return false;
  const code = (e as { code?: unknown }).code;
  if (typeof code === 'string' && (code.startsWith('08') || SQLSTATES.has(code) || SYSCALL_CODES.has(code)))
    return true;
  return MESSAGES.some((re) => re.test(e.message));
}

/** True when `e` (or an error it wraps, e.g. drizzle's "Failed query" around the driver's) is a lost database connection. */
export function isDatabaseUnavailable(e: unknown): boolean {
  const seen = new Set<unknown>();
  for (
    let cur = e;
    cur !== undefined && cur !== null && !seen.has(cur);
    cur = (cur as { cause?: unknown }).cause
  ) {
    seen.add(cur);
    if (cur instanceof AppError && cur.code === 'database_unavailable') return true;
    if (isOwnConnectionError(cur)) return true;
    if (cur instanceof AggregateError && cur.errors.some(isOwnConnectionError)) return true;
  }
  return false;
}

/** The error a request fails with while the database is unavailable (HTTP 503; the handler adds Retry-After). */
export const databaseUnavailable = (cause?: unknown): AppError =>
  new AppError({
    code: 'database_unavailable',
    status: 503,
    message: `The database is unavailable for the moment (it may be restarting). Try again in ${RETRY_AFTER_SECONDS} seconds; if you were saving a change, check whether it was saved before repeating it.`,
    messageKey: 'error.database_unavailable',
    params: { seconds: RETRY_AFTER_SECONDS },
    cause,
  });
