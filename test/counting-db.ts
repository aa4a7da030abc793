/** A Db that records the SQL of every statement it runs (through drizzle's session), to count a page's queries. */
import type { Db } from '../src/db/client';

export interface CountingDb {
  db: Db;
  /** The SQL text of each statement run since the last reset, in order. */
  statements: string[];
  reset(): void;
}

/**
 * Wraps `db`: every query builder and `execute` prepares its statement through `session.prepareQuery`, which is
 * recorded. Statements inside a transaction run on the transaction's own session and are not recorded.
 */
export function countingDb(db: Db): CountingDb {
  const statements: string[] = [];
  // drizzle's `session` is internal (absent from its types) but is what every builder of `db` runs through.
  const inner = (db as unknown as { session: object }).session;
  const session = new Proxy(inner, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver) as unknown;
      if (prop !== 'prepareQuery' || typeof value !== 'function') return value;
      return (query: { sql: string }, ...rest: unknown[]) => {
        statements.push(query.sql);
        return (value as (...a: unknown[]) => unknown).call(receiver, query, ...rest);
      };
    },
  });
  const counted = Object.create(db, { session: { value: session } }) as Db;
  return { db: counted, statements, reset: () => void statements.splice(0) };
}
