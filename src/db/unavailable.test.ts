/** Which errors mean "the database is away for the moment" (503 + Retry-After) rather than a bug (500). */
import { describe, expect, it } from 'vitest';
import { AppError } from '../errors';
import { databaseUnavailable, isDatabaseUnavailable } from './unavailable';

const withCode = (message: string, code: string) => Object.assign(new Error(message), { code });
/** drizzle wraps the driver's error: `Failed query: …` with the driver's as `cause`. */
const failedQuery = (cause: Error) => new Error('Failed query: insert into "activities" …', { cause });

describe('isDatabaseUnavailable', () => {
  it('recognises restarts, failovers, terminated backends and refused connections, also wrapped', () => {
    for (const e of [
      withCode('terminating connection due to administrator command', '57P01'),
      withCode('the database system is starting up', '57P03'),
      withCode('the database system is shutting down', '57P03'),
      withCode('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED'),
      withCode('read ECONNRESET', 'ECONNRESET'),
      withCode('connection failure', '08006'),
      new Error('Connection terminated unexpectedly'),
      new Error('Client has encountered a connection error and is not queryable'),
      new Error('timeout exceeded when trying to connect'),
      new AggregateError([withCode('connect ECONNREFUSED ::1:5432', 'ECONNREFUSED')], ''),
      databaseUnavailable(),
    ]) {
      expect(isDatabaseUnavailable(e), e.message).toBe(true);
      expect(isDatabaseUnavailable(failedQuery(e)), e.message).toBe(true);
    }
  });

  it('leaves real errors alone: constraint violations, syntax, app errors', () => {
    for (const e of [
      withCode('duplicate key value violates unique constraint', '23505'),
      withCode('syntax error at or near "selec"', '42601'),
      withCode('canceling statement due to statement timeout', '57014'),
      new AppError({ code: 'validation', message: 'title: required' }),
      new TypeError('x is undefined'),
      'a string',
      null,
    ]) {
      expect(isDatabaseUnavailable(e)).toBe(false);
    }
  });

  it('is one AppError: 503, a stable code, an i18n key with the retry delay', () => {
    expect(databaseUnavailable()).toMatchObject({
      code: 'database_unavailable',
      status: 503,
      messageKey: 'error.database_unavailable',
      params: { seconds: 5 },
    });
  });
});
