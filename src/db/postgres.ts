/** PostgreSQL through node-postgres: a pool that survives restarts. Loaded only when DATABASE_URL is set. */
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import { createLogger } from '../log';
import { migrationsFolder, type Database, type DbErrorLog, type Db } from './client';
import * as schema from './schema';
import { WriteGeneration } from './write-generation';
import { notifyWrites, WriteListener } from './write-notify';

/** How long a request waits for a new PostgreSQL connection before it fails with 503 (an unreachable server). */
export const CONNECT_TIMEOUT_MS = 5_000;

/**
 * Connects to PostgreSQL; int8 (count(*)) is parsed as a number like PGlite does.
 *
 * The pool survives its server restarting, failing over or terminating our backends: node-postgres emits 'error'
 * on the pool (an idle client died) and on checked-out clients (a connection died between two queries of a
 * transaction), and an 'error' event without a listener ends the process. Both are logged here; a dead idle client
 * is dropped by the pool, a dead checked-out client is released at once (drizzle leaves one that failed `begin`
 * checked out forever, which would exhaust the pool), and the next request connects anew. Queries in flight fail
 * with a connection error, which the web app answers with 503 + Retry-After (src/db/unavailable.ts).
 */
export function fromPostgresUrl(
  url: string,
  opts: {
    max?: number;
    onError?: DbErrorLog;
    /**
     * Listen for every Herald process's writes (src/db/write-notify.ts) and expose `writes`, so reads can be reused
     * while nothing was written (`herald serve`). Every process notifies after its writes either way.
     */
    listen?: boolean;
  } = {},
): Database {
  const onError: DbErrorLog =
    opts.onError ??
    ((err, what) => createLogger(process.env.LOG_LEVEL ?? 'warn').warn({ err }, `database: ${what}`));
  const pool = new pg.Pool({
    connectionString: url,
    max: opts.max ?? 10,
    application_name: 'herald',
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    keepAlive: true,
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
        oid === 20
          ? (v: string) => Number(v)
          : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
    },
  });
  const checkedOut = new Set<pg.PoolClient>();
  pool.on('error', (err) => onError(err, 'an idle connection was lost; the next query reconnects'));
  pool.on('acquire', (client) => checkedOut.add(client));
  pool.on('release', (_err, client) => checkedOut.delete(client));
  pool.on('connect', (client) => {
    client.on('error', (err) => {
      if (!checkedOut.has(client)) return; // idle: the pool's own listener drops it and reports it above
      onError(err, 'a connection in use was lost; the request fails with 503');
      const release = client.release;
      // Whoever holds it may still call release(): make that a no-op instead of pg-pool's "released twice" error.
      client.release = () => {};
      release(err);
    });
  });
  const db = drizzlePg(pool, { schema });
  const writes = opts.listen ? new WriteGeneration() : undefined;
  notifyWrites({ pool, db: db as unknown as Db, writes });
  const listener = writes && new WriteListener({ url, writes, onError });
  return {
    db: db as unknown as Db,
    driver: 'pg',
    ...(writes ? { writes } : {}),
    ...(listener ? { listening: () => listener.ready() } : {}),
    migrate: async () => {
      await migratePg(db, { migrationsFolder });
    },
    close: async () => {
      await listener?.close();
      await pool.end();
    },
  };
}
