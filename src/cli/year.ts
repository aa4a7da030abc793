/** `herald year close|reopen|rebaseline`: freeze a project year's KPI figures on purpose, or change that with a reason. */
import { Command } from 'commander';
import { cliActor, withDatabase } from './context';
import { cliIo } from './io';

interface YearOpts {
  project: string;
  year: number;
  reason?: string;
}

const yearOption = (v: string) => (/^\d+$/.test(v) ? Number(v) : NaN);

function withYearOptions(cmd: Command, reason: 'required' | 'optional'): Command {
  cmd
    .requiredOption('--project <id>', 'project id (e.g. m-sec)')
    .requiredOption('--year <n>', 'the project year (1, 2, …)', yearOption);
  return reason === 'required'
    ? cmd.requiredOption('--reason <text>', 'why (required; recorded in the audit trail)')
    : cmd.option('--reason <text>', 'a note recorded with the closure');
}

const print = (r: { year: number; at: string; values: Record<string, number> }, what: string) => {
  cliIo().out.write(`year ${r.year} (as of ${r.at}) ${what}\n`);
  for (const [id, value] of Object.entries(r.values)) cliIo().out.write(`  ${id}  ${value}\n`);
};

export function yearCommands(): Command {
  const year = new Command('year').description(
    'project years: close one to freeze its KPI figures; re-open or re-baseline it with a reason',
  );

  withYearOptions(
    year
      .command('close')
      .description('close an ended project year: its figures as of its last day are frozen'),
    'optional',
  ).action(async (opts: YearOpts) => {
    const [{ closeYear }, { systemActor }] = await Promise.all([
      import('../kpi/year-closures'),
      import('../auth/permissions'),
    ]);
    const r = await withDatabase((d) =>
      closeYear(d.db, {
        actor: systemActor(cliActor()),
        projectId: opts.project,
        year: opts.year,
        reason: opts.reason,
      }),
    );
    print(r, 'closed: figures frozen');
  });

  withYearOptions(
    year.command('reopen').description('re-open a closed year: its figures are live and provisional again'),
    'required',
  ).action(async (opts: YearOpts) => {
    const [{ reopenYear }, { systemActor }] = await Promise.all([
      import('../kpi/year-closures'),
      import('../auth/permissions'),
    ]);
    const r = await withDatabase((d) =>
      reopenYear(d.db, {
        actor: systemActor(cliActor()),
        projectId: opts.project,
        year: opts.year,
        reason: opts.reason ?? '',
      }),
    );
    cliIo().out.write(`year ${r.year} re-opened: its figures are provisional until it is closed again\n`);
  });

  withYearOptions(
    year
      .command('rebaseline')
      .description('re-take a closed year’s frozen figures now (late records included)'),
    'required',
  ).action(async (opts: YearOpts) => {
    const [{ rebaselineYear }, { systemActor }] = await Promise.all([
      import('../kpi/year-closures'),
      import('../auth/permissions'),
    ]);
    const r = await withDatabase((d) =>
      rebaselineYear(d.db, {
        actor: systemActor(cliActor()),
        projectId: opts.project,
        year: opts.year,
        reason: opts.reason ?? '',
      }),
    );
    print(r, 're-baselined: figures frozen anew');
  });

  // Usage errors (a missing --reason) end with exit code 1 like the other commands, not process.exit.
  for (const cmd of year.commands) cmd.exitOverride();
  return year;
}
