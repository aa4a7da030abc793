/**
 * Opens the database: embedded PGlite on disk by default, a real PostgreSQL when DATABASE_URL is set (the `pg`
 * driver, src/db/postgres.ts, is loaded only then). Same schema, same migrations.
 */
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { lockDataDir } from './lock';
import { PGLITE_MEMORY, type PgliteMemory } from './pglite-memory';
import * as schema from './schema';
import { trackPgliteWrites, type WriteGeneration } from './write-generation';

export type Schema = typeof schema;
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
/** A transaction handle; it can be passed wherever a `Db` is expected. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

export interface Database {
  db: Db;
  driver: 'pglite' | 'pg';
  /**
   * Bumped by every write through `db` when this process is the database's only writer (PGlite), and on PostgreSQL
   * opened with `listen` by every Herald process's writes too (their notifications, src/db/write-notify.ts); absent
   * otherwise. Caches reuse a read while it says nothing changed.
   */
  writes?: WriteGeneration;
  /** PostgreSQL with `listen`: resolves once the connection listening for other processes' writes is open. */
  listening?: () => Promise<void>;
  /** Applies every pending migration from `drizzle/`. */
  migrate(): Promise<void>;
  close(): Promise<void>;
}

/** Where the pool reports connection errors it survived (default: a warning line on stderr via pino). */
export type DbErrorLog = (err: Error, what: string) => void;

export const migrationsFolder = fileURLToPath(new URL('../../drizzle', import.meta.url));

/** Wraps an open PGlite instance (on disk, in memory, or loaded from a template dump). */
export function fromPglite(client: PGlite): Database {
  const writes = trackPgliteWrites(client);
  const db = drizzlePglite(client, { schema });
  return {
    db: db as unknown as Db,
    driver: 'pglite',
    writes,
    migrate: async () => {
      await migratePglite(db, { migrationsFolder });
    },
    close: () => client.close(),
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

/** PGlite's own start parameters plus our memory settings. */
export const pgliteStartParams = (memory: Partial<PgliteMemory> = {}): string[] => {
  const m = { ...PGLITE_MEMORY, ...memory };
  return [
    ...PGlite.defaultStartParams,
    '-c',
    `shared_buffers=${m.sharedBuffers}`,
    '-c',
    `work_mem=${m.workMem}`,
  ];
};

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
  /** PGlite's memory settings (default PGLITE_MEMORY); ignored for PostgreSQL. */
  pglite?: Partial<PgliteMemory>;
  /** PostgreSQL: listen for other processes' writes, so reads can be reused (`herald serve`); PGlite has `writes` always. */
  listen?: boolean;
}): Promise<Database> {
  if (opts.databaseUrl) {
    const { fromPostgresUrl } = await import('./postgres');
    return fromPostgresUrl(opts.databaseUrl, { onError: opts.onError, listen: opts.listen });
  }
  mkdirSync(opts.dataDir, { recursive: true });
  const lock = lockDataDir(opts.dataDir, { command: opts.command ?? commandName() });
  try {
    const database = fromPglite(
      await PGlite.create({ dataDir: opts.dataDir, startParams: pgliteStartParams(opts.pglite) }),
    );
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
