/** Opens the configured database for a command and closes it afterwards. */
import { userInfo } from 'node:os';
import { loadConfig } from '../config';
import type { Database } from '../db/client';

export async function withDatabase<T>(
  fn: (database: Database) => Promise<T>,
  opts: { migrate?: boolean } = {},
): Promise<T> {
  const config = loadConfig();
  const { openDatabase } = await import('../db/client');
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
