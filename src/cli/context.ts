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
  const [{ loadConfig }, { openDatabase }] = await Promise.all([import('../config'), import('../db/client')]);
  const config = loadConfig();
  const database = await openDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.HERALD_DATA_DIR });
  try {
    if (opts.migrate !== false) {
      await database.migrate();
      // Imports a dead process left pending count nowhere; their rows go now.
      const { recoverOnStart } = await import('../importers/pending');
      await recoverOnStart(database);
    }
    return await fn(database);
  } finally {
    await database.close();
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
