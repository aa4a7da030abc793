/** Opens the database: embedded PGlite on disk by default, a real PostgreSQL when DATABASE_URL is set. Same schema, same migrations. */
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import { createLogger } from '../log';
import { lockDataDir } from './lock';
import * as schema from './schema';

export type Schema = typeof schema;
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
/** A transaction handle; it can be passed wherever a `Db` is expected. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

export interface Database {
  db: Db;
  driver: 'pglite' | 'pg';
  /** Applies every pending migration from `drizzle/`. */
  migrate(): Promise<void>;
  close(): Promise<void>;
}

export const migrationsFolder = fileURLToPath(new URL('../../drizzle', import.meta.url));

/** Wraps an open PGlite instance (on disk, in memory, or loaded from a template dump). */
export function fromPglite(client: PGlite): Database {
  const db = drizzlePglite(client, { schema });
  return {
    db: db as unknown as Db,
    driver: 'pglite',
    migrate: async () => {
      await migratePglite(db, { migrationsFolder });
    },
    close: () => client.close(),
  };
}

/** Where the pool reports connection errors it survived (default: a warning line on stderr via pino). */
export type DbErrorLog = (err: Error, what: string) => void;

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
export function fromPostgresUrl(url: string, opts: { max?: number; onError?: DbErrorLog } = {}): Database {
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
  return {
    db: db as unknown as Db,
    driver: 'pg',
    migrate: async () => {
      await migratePg(db, { migrationsFolder });
    },
    close: () => pool.end(),
  };
}

/** How the lock file names this process: `herald serve`, `herald kpi`, `herald plan import` (no arguments or options). */
export function commandName(argv: string[] = process.argv): string {
  const words: string[] = [];
  for (const a of argv.slice(2)) {
    if (a.startsWith('-') || words.length === 2) break;
    words.push(a);
  }
  return ['herald', ...words].join(' ');
}

/**
 * Opens the configured database. PGlite's data folder gets an exclusive lock first (src/db/lock.ts): a second
 * process on the same folder stops with `data_dir_locked` naming the holder, before anything is opened.
 */
export async function openDatabase(opts: {
  databaseUrl?: string;
  dataDir: string;
  onError?: DbErrorLog;
  /** Who opens the folder, for the lock's message to others (default: `herald <command>` from argv). */
  command?: string;
}): Promise<Database> {
  if (opts.databaseUrl) return fromPostgresUrl(opts.databaseUrl, { onError: opts.onError });
  mkdirSync(opts.dataDir, { recursive: true });
  const lock = lockDataDir(opts.dataDir, { command: opts.command ?? commandName() });
  try {
    const database = fromPglite(await PGlite.create({ dataDir: opts.dataDir }));
    return {
      ...database,
      close: async () => {
        try {
          await database.close();
        } finally {
          lock.release();
        }
      },
    };
  } catch (e) {
    lock.release();
    throw e;
  }
}
