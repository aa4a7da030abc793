/**
 * The database's health for `/healthz`: `select 1` raced against a short timeout, so the answer never waits behind
 * a long transaction or a connection attempt. One probe at a time per database: while one is pending, callers share it.
 */
import type { Database } from './client';

/** ok: answered in time; busy: up but did not answer in time (e.g. PGlite inside a long transaction); unavailable: no connection. */
export type DbHealth = 'ok' | 'busy' | 'unavailable';

export const DEFAULT_PROBE_TIMEOUT_MS = 500;

const pending = new WeakMap<Database, Promise<DbHealth>>();

/** Probes the database, settling within `timeoutMs` whatever the database does. */
export function probeDatabase(database: Database, opts: { timeoutMs?: number } = {}): Promise<DbHealth> {
  const inFlight = pending.get(database);
  if (inFlight) return inFlight;
  const query = database.db.execute('select 1').then(
    (): DbHealth => 'ok',
    // Any failure of `select 1` means the database cannot serve: a lost connection, a refused one, a server shutting down.
    (): DbHealth => 'unavailable',
  );
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<DbHealth>((resolve) => {
    timer = setTimeout(() => resolve('busy'), opts.timeoutMs ?? DEFAULT_PROBE_TIMEOUT_MS);
    timer.unref();
  });
  const probe = Promise.race([query, timeout]);
  // The next caller may probe again once this query has settled (not merely timed out): no pile-up of `select 1`.
  pending.set(database, probe);
  void query.finally(() => {
    clearTimeout(timer);
    pending.delete(database);
  });
  return probe;
}
