/**
 * `herald init`: a new project's plan from flags (issue 24): acronym, programme, grant, start, duration and the
 * partner table file; the KPIs from the indicator library (the size's core set, or --indicators). Writes the YAML
 * (stdout, or --out) and with --import creates the project. Bad flags exit 2 naming the flag; bad partner rows exit
 * 1 naming row and column.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { Command, Option } from 'commander';
import { isAppError, type ErrorDetail } from '../errors';
import { INDICATORS } from '../plan/library/indicators';
import { INIT_PROGRAMMES } from '../plan/library/programmes';
import { PROJECT_SIZES, type ProjectSize } from '../plan/library/types';
import { INIT_FIELDS, initPlan, type InitInput, type InitResult } from '../projects/init';
import { CliExit, cliActor, withDatabase } from './context';
import { cliIo, userPath } from './io';

interface InitFlags {
  acronym: string;
  title?: string;
  programme: string;
  grant: string;
  start: string;
  months: string;
  partners: string;
  size: string;
  indicators?: string;
  languages: string;
  out?: string;
  import?: boolean;
}

const list = (v: string | undefined) =>
  v === undefined
    ? undefined
    : v
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s !== '');

/** Prints each error (a fact's under its flag, a partner row's under the file) and exits 2 for flags, else 1. */
function refuse(file: string, details: readonly ErrorDetail[]): never {
  let flagError = false;
  for (const d of details) {
    const isFlag = (INIT_FIELDS as readonly string[]).includes(d.path ?? '') && d.path !== 'partners';
    flagError ||= isFlag;
    cliIo().err.write(
      isFlag ? `--${d.path}: ${d.message.replace(`${d.path}: `, '')}\n` : `${file}: ${d.message}\n`,
    );
  }
  throw new CliExit(flagError ? 2 : 1);
}

async function run(flags: InitFlags): Promise<void> {
  let partners: string;
  try {
    partners = await readFile(userPath(flags.partners), 'utf8');
  } catch (e) {
    cliIo().err.write(`--partners: cannot read ${flags.partners}: ${(e as Error).message}\n`);
    throw new CliExit(1);
  }
  const input: InitInput = {
    acronym: flags.acronym,
    title: flags.title,
    programme: flags.programme,
    grant: flags.grant,
    start: flags.start,
    durationMonths: /^\d+$/.test(flags.months) ? Number(flags.months) : Number.NaN,
    partners,
    size: flags.size as ProjectSize,
    indicators: list(flags.indicators),
    languages: list(flags.languages),
  };
  let made: InitResult;
  try {
    made = initPlan(input);
  } catch (e) {
    if (isAppError(e) && e.status === 422) refuse(flags.partners, e.details ?? []);
    throw e;
  }
  for (const w of made.warnings) cliIo().err.write(`warning: ${w.path}: ${w.message}\n`);
  if (flags.out) {
    await writeFile(userPath(flags.out), made.yaml);
    cliIo().out.write(
      `${flags.out}: plan for ${made.plan.project.acronym} (id ${made.projectId}), ${made.plan.kpis.length} KPI(s)\n`,
    );
  } else if (!flags.import) cliIo().out.write(made.yaml);
  if (!flags.import) return;
  const { createProjectFromInit } = await import('../projects/init-service');
  const r = await withDatabase((d) => createProjectFromInit(d.db, { actor: cliActor(), input }));
  cliIo().out.write(`project ${r.projectId}: created (version ${r.version})\n`);
}

export function initCommand(): Command {
  return new Command('init')
    .description(
      'start a new project: its plan from a few facts, the partner table and the indicator library',
    )
    .requiredOption('--acronym <acronym>', 'project acronym (the project id is made from it)')
    .option('--title <title>', 'project title (default: the acronym)')
    .addOption(
      new Option('--programme <programme>', 'funding programme')
        .choices(INIT_PROGRAMMES)
        .makeOptionMandatory(),
    )
    .requiredOption('--grant <number>', 'grant agreement number')
    .requiredOption('--start <date>', 'start date, YYYY-MM-DD (the first day of month 1)')
    .requiredOption('--months <n>', 'duration in months')
    .requiredOption(
      '--partners <file>',
      'partner table (TSV or CSV: number, code, name, country, kind, sector)',
    )
    .addOption(
      new Option('--size <size>', 'project size (suggested targets)')
        .choices(PROJECT_SIZES)
        .default('medium'),
    )
    .option(
      '--indicators <ids>',
      `comma-separated indicator ids (default: the size's core set), of: ${INDICATORS.map((i) => i.id).join(', ')}`,
    )
    .option('--languages <list>', 'plan languages, comma-separated (en, ja)', 'en')
    .option('--out <file>', 'write the plan YAML to this file (default: standard output)')
    .option('--import', 'also create the project (as `herald plan import` would)')
    .action((flags: InitFlags) => run(flags));
}
