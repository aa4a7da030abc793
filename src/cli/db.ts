/** `herald db …`: database maintenance. */
import { Command } from 'commander';
import { withDatabase } from './context';

export function dbCommands(): Command {
  const db = new Command('db').description('database maintenance');
  db.command('migrate')
    .description('apply every pending migration (PGlite in HERALD_DATA_DIR, or PostgreSQL at DATABASE_URL)')
    .action(async () => {
      const driver = await withDatabase(async (d) => d.driver);
      process.stdout.write(`migrations applied (${driver})\n`);
    });
  return db;
}
