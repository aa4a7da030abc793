/** Opens the configured database for a command and closes it afterwards (or uses the running server's). */
import { AsyncLocalStorage } from 'node:async_hooks';
import { userInfo } from 'node:os';
import type { Database } from '../db/client';

const ambient = new AsyncLocalStorage<Database>();

/**
 * Runs `fn` with `database` as every command's database: a command forwarded to `herald serve` uses the server's
 * open (migrated, recovered) database instead of opening the folder the server holds.
 */
export const withAmbientDatabase = <T>(database: Database, fn: () => Promise<T>): Promise<T> =>
  ambient.run(database, fn);

/** True inside a command forwarded to the running server. */
export const isForwarded = (): boolean => ambient.getStore() !== undefined;

export async function withDatabase<T>(
  fn: (database: Database) => Promise<T>,
  opts: { migrate?: boolean } = {},
): Promise<T> {
  const shared = ambient.getStore();
  if (shared) return fn(shared);
  const [{ loadConfig, pgliteMemoryOf }, { openDatabase }] = await Promise.all([
    import('../config'),
    import('../db/client'),
  ]);
  const config = loadConfig();
  const database = await openDatabase({
    databaseUrl: config.DATABASE_URL,
    dataDir: config.HERALD_DATA_DIR,
    pglite: pgliteMemoryOf(config),
  });
  try {
    if (opts.migrate !== false) {
      if (!(await isMigrated(database))) await database.migrate();
      // Imports a dead process left pending count nowhere; their rows go now.
      const { recoverOnStart } = await import('../importers/pending');
      await recoverOnStart(database);
    }
    return await fn(database);
  } finally {
    await database.close();
  }
}

/**
 * True when the database has applied the newest migration of drizzle/meta/_journal.json (drizzle's own table keeps
 * each applied migration's `when` as created_at): one small query instead of drizzle's migrator, which reads and
 * hashes every migration file and opens a transaction at every start.
 */
export async function isMigrated(database: Database): Promise<boolean> {
  const [{ readFile }, { join }, { sql }, { migrationsFolder }] = await Promise.all([
    import('node:fs/promises'),
    import('node:path'),
    import('drizzle-orm'),
    import('../db/client'),
  ]);
  const journal = JSON.parse(await readFile(join(migrationsFolder, 'meta', '_journal.json'), 'utf8')) as {
    entries: { when: number }[];
  };
  const newest = Math.max(...journal.entries.map((e) => e.when));
  try {
    const r = await database.db.execute(
      sql`SELECT max(created_at)::text AS last FROM drizzle.__drizzle_migrations`,
    );
    const rows = (Array.isArray(r) ? r : (r as { rows: unknown[] }).rows) as { last: string | null }[];
    return Number(rows[0]?.last ?? 0) >= newest;
  } catch {
    return false; // no migrations table yet: a new database
  }
}

/** The actor recorded for changes made from the command line. */
export const cliActor = (): string => {
  try {
    return `cli:${userInfo().username}`;
  } catch {
    return 'cli';
  }
};

/** Thrown by a command to end with an exit code after it has printed its own message. */
export class CliExit extends Error {
  constructor(readonly code: number) {
    super(`exit ${code}`);
  }
}
