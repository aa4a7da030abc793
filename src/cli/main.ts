/**
 * The `herald` command line. Exit codes: 0 success, 1 user error (bad input, invalid plan), 2 internal error.
 * Every command that touches a project takes `--project ID`.
 */
import { Command, CommanderError } from 'commander';
import { isDatabaseUnavailable } from '../db/unavailable';
import { isAppError } from '../errors';
import { auditCommands } from './audit';
import { userCommands } from './user';
import { CliExit } from './context';
import { dbCommands } from './db';
import { importCommand } from './import';
import { jobsCommands, workerCommand } from './jobs';
import { kpiCommand } from './kpi';
import { planCommands } from './plan';
import { serveCommand } from './serve';
import { yearCommands } from './year';

export function buildProgram(): Command {
  const program = new Command('herald')
    .description('Herald: a dissemination plan as tracked, provable data')
    .version('0.1.0')
    .showHelpAfterError()
    .exitOverride();
  program.addCommand(serveCommand());
  program.addCommand(planCommands());
  program.addCommand(dbCommands());
  program.addCommand(kpiCommand());
  program.addCommand(importCommand());
  program.addCommand(auditCommands());
  program.addCommand(userCommands());
  program.addCommand(yearCommands());
  program.addCommand(jobsCommands());
  program.addCommand(workerCommand());
  for (const cmd of program.commands) cmd.exitOverride();
  return program;
}

export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (e) {
    if (e instanceof CliExit) return e.code;
    if (e instanceof CommanderError) {
      // --help and --version exit with 0; usage errors with 1.
      return e.exitCode === 0 ? 0 : 1;
    }
    if (isDatabaseUnavailable(e) && !isAppError(e)) {
      process.stderr.write(
        `herald: the database is unavailable (${rootMessage(e)}): check DATABASE_URL and that PostgreSQL is running\n`,
      );
      return 1;
    }
    if (isAppError(e)) {
      process.stderr.write(`herald: ${e.message}\n`);
      return 1;
    }
    process.stderr.write(
      `herald: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`,
    );
    return 2;
  }
}

/** The innermost cause's message: the driver's words ("connect ECONNREFUSED …") rather than drizzle's "Failed query". */
function rootMessage(e: unknown): string {
  let cur = e;
  while (cur instanceof Error && cur.cause instanceof Error) cur = cur.cause;
  return cur instanceof Error ? cur.message : String(cur);
}
