/**
 * The `herald` command line. Exit codes: 0 success, 1 user error (bad input, invalid plan), 2 internal error.
 * Every command that touches a project takes `--project ID`.
 */
import { Command, CommanderError } from 'commander';
import { isDatabaseUnavailable } from '../db/unavailable';
import { isAppError } from '../errors';
import { CliExit, isForwarded } from './context';
import { cliIo } from './io';

interface CommandEntry {
  /** The line `herald --help` shows (the module is not loaded for it). */
  description: string;
  load: () => Promise<Command>;
  /** Exit code of a usage error (unknown option, missing argument) when not 1: `lint` exits 2, as linters do. */
  usageExitCode?: number;
}

/**
 * Every top-level command, loaded only when it runs: `herald --help` and `herald kpi` do not pay for the modules of
 * the other commands (the importers, the web app, …). A new command adds a line here.
 */
const COMMANDS: Record<string, CommandEntry> = {
  serve: {
    description:
      'serve the web app (PORT, default 3000; PGlite in HERALD_DATA_DIR unless DATABASE_URL is set)',
    load: async () => (await import('./serve')).serveCommand(),
  },
  plan: {
    description: 'dissemination plans: check and import',
    load: async () => (await import('./plan')).planCommands(),
  },
  init: {
    description:
      'start a new project: its plan from the acronym, programme, grant, dates, partners and indicators',
    load: async () => (await import('./init')).initCommand(),
    usageExitCode: 2,
  },
  db: { description: 'database maintenance', load: async () => (await import('./db')).dbCommands() },
  kpi: {
    description: 'print every KPI of a project: value, target, status and forecast',
    load: async () => (await import('./kpi')).kpiCommand(),
  },
  import: {
    description:
      'import records from files (CSV, XLSX, BibTeX, RIS, CSL-JSON, Crossref, X, Zenodo, metrics CSV)',
    load: async () => (await import('./import')).importCommand(),
  },
  audit: {
    description: 'the hash-chained audit trail and its signed heads',
    load: async () => (await import('./audit')).auditCommands(),
  },
  user: {
    description: 'accounts: create the admin, list users',
    load: async () => (await import('./user')).userCommands(),
  },
  portfolio: {
    description: 'portfolios: create one, add/remove projects, grant/revoke a role across them, list',
    load: async () => (await import('./portfolio')).portfolioCommands(),
  },
  year: {
    description:
      'project years: close one to freeze its KPI figures; re-open or re-baseline it with a reason',
    load: async () => (await import('./year')).yearCommands(),
  },
  report: {
    description:
      'the Dissemination Activities Report of a project year or a date range, as DOCX, HTML or PDF; submit it',
    load: async () => {
      const [{ reportCommand }, { reportSubmitCommand }] = await Promise.all([
        import('./report'),
        import('./report-submit'),
      ]);
      // Positional: `report submit --project …` gives --project to submit, not to the generating command.
      return reportCommand().enablePositionalOptions().addCommand(reportSubmitCommand());
    },
  },
  jobs: {
    description: 'durable jobs: list them and the schedule, run one now, retry a failed one',
    load: async () => (await import('./jobs')).jobsCommands(),
  },
  verify: {
    description: 'check a submitted report file: sha256, signature, Merkle root, and records changed since',
    load: async () => (await import('./verify')).verifyCommand(),
  },
  export: {
    description: 'export a whole project to a file: --format backup writes its restorable archive',
    load: async () => (await import('./backup')).exportCommand(),
  },
  restore: {
    description:
      'restore a project from a backup archive (refused when the project exists, unless --replace)',
    load: async () => (await import('./backup')).restoreCommand(),
  },
  lint: {
    description:
      "check materials (DOCX, PPTX, ODT, PDF, HTML, Markdown, text, social posts) against the plan's identity and funding rules",
    load: async () => (await import('./lint')).lintCommand(),
    usageExitCode: 2,
  },
  brand: {
    description:
      'the plan’s visual identity: write the communication kit (templates, logo, palette, funding texts)',
    load: async () => (await import('./brand-kit')).brandCommands(),
  },
  fetch: {
    description: 'run a configured live source now and import what it answers (--dry-run previews it)',
    load: async () => (await import('./fetch')).fetchCommand(),
  },
  sources: {
    description: 'live sources of a project: list them, set their settings and credentials',
    load: async () => (await import('./sources')).sourcesCommands(),
  },
  worker: {
    description: 'run only jobs (PostgreSQL deployments with several app instances)',
    load: async () => (await import('./jobs')).workerCommand(),
  },
};

/** The top-level command `args` (after `herald`) runs, if any; `help X` names X. */
export function commandOf(args: readonly string[]): string | undefined {
  const words = args.filter((a) => !a.startsWith('-'));
  return words[0] === 'help' ? words[1] : words[0];
}

/** Commander writes usage errors and help through the command's streams (a forwarded command's too). */
function routeOutput(cmd: Command): void {
  cmd.configureOutput({
    writeOut: (s) => void cliIo().out.write(s),
    writeErr: (s) => void cliIo().err.write(s),
    getOutHelpWidth: () => cliIo().out.columns ?? 80,
    getErrHelpWidth: () => cliIo().err.columns ?? 80,
  });
  cmd.exitOverride();
  for (const sub of cmd.commands) routeOutput(sub);
}

/** The program with the command `args` runs loaded in full (all of them with `all`), the others as their names. */
export async function buildProgram(
  args: readonly string[] = [],
  opts: { all?: boolean } = {},
): Promise<Command> {
  const program = new Command('herald')
    .description('Herald: a dissemination plan as tracked, provable data')
    .version('0.1.0')
    // A command's options after its subcommand's name belong to the subcommand (`report submit --project`).
    .enablePositionalOptions()
    .showHelpAfterError();
  const wanted = commandOf(args);
  for (const [name, entry] of Object.entries(COMMANDS)) {
    program.addCommand(
      opts.all || name === wanted ? await entry.load() : new Command(name).description(entry.description),
    );
  }
  routeOutput(program);
  return program;
}

export async function main(argv: string[]): Promise<number> {
  try {
    // PGlite: a running `herald serve` holds the data folder; it runs the command (src/cli/forward.ts).
    if (!isForwarded()) {
      const { forwardToServer } = await import('./forward');
      const forwarded = await forwardToServer(argv.slice(2));
      if (forwarded !== null) return forwarded;
    }
    const program = await buildProgram(argv.slice(2));
    await program.parseAsync(argv);
    return typeof process.exitCode === 'number' && !isForwarded() ? process.exitCode : 0;
  } catch (e) {
    if (e instanceof CliExit) return e.code;
    if (e instanceof CommanderError) {
      // --help and --version exit with 0; usage errors with 1 (or the command's own code).
      return e.exitCode === 0 ? 0 : (COMMANDS[commandOf(argv.slice(2)) ?? '']?.usageExitCode ?? 1);
    }
    if (isDatabaseUnavailable(e) && !isAppError(e)) {
      cliIo().err.write(
        `herald: the database is unavailable (${rootMessage(e)}): check DATABASE_URL and that PostgreSQL is running\n`,
      );
      return 1;
    }
    if (isAppError(e)) {
      cliIo().err.write(`herald: ${e.message}\n`);
      return 1;
    }
    cliIo().err.write(`herald: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    return 2;
  }
}

/** The innermost cause's message: the driver's words ("connect ECONNREFUSED …") rather than drizzle's "Failed query". */
function rootMessage(e: unknown): string {
  let cur = e;
  while (cur instanceof Error && cur.cause instanceof Error) cur = cur.cause;
  return cur instanceof Error ? cur.message : String(cur);
}
