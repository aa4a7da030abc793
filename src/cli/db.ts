/** `herald db …`: database maintenance. */
import { Command } from 'commander';
import { isForwarded, withDatabase } from './context';
import { cliIo } from './io';

export function dbCommands(): Command {
  const db = new Command('db').description('database maintenance');
  db.command('migrate')
    .description('apply every pending migration (PGlite in HERALD_DATA_DIR, or PostgreSQL at DATABASE_URL)')
    .action(async () => {
      const driver = await withDatabase(async (d) => d.driver);
      cliIo().out.write(
        isForwarded()
          ? `the running herald serve applied the migrations when it started (${driver})\n`
          : `migrations applied (${driver})\n`,
      );
    });
  return db;
}
