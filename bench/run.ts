/**
 * `npm run bench -- --size small|medium|portfolio --engine pglite|postgres [--only SCENARIO[,SCENARIO]] [--pairs N]
 * [--seed N] [--keep DIR] [--export-rows N] [--label NAME]`: generates the data set, runs every scenario beside its
 * physical baseline (bench/runner.ts), prints the table and writes bench/results/<date>-<engine>-<label>.json: the
 * label is `--label`, else the size, with the scenarios appended when `--only` picks some (`small-site+export`), so
 * a partial run never overwrites a whole run's file. Progress goes to stderr.
 * A reduced portfolio: `--size portfolio --engine postgres --projects N [--records 1000]` (N projects of that many
 * records; the kpis flatness on 10 and on N; results in …-portfolio-<N>x<records>.json). `--only report`
 * (the year report's DOCX for 5,000 activities beside `docx` packing the same tables) needs no data set. `--only
 * export` adds one project of N activities (default 100,000; bench/gen-export.ts) and exports it to CSV beside COPY.
 *
 * The older single-purpose benches stay reachable:
 *   --only fuzz [--cases 500] [--seed N]        the importers' fuzz run (bench/fuzz.ts)
 *   --only import-healthz [--rows N] [--pg]     /healthz during a large import (bench/import.ts; also `--only import`
 *                                               with --rows/--chunk/--pg and no --engine, as before)
 *   --only parse [--rows 100000]                streaming a large CSV (bench/parse.ts)
 *   --only cli [--runs 7]                       CLI start-up beside `node -e 0` (bench/cli.ts)
 *   --only jobs [--jobs 1000] [--pg]            the job queue's throughput (bench/jobs.ts)
 *   --only newsletter [--recipients 10000] [--pg]  an issue's send beside raw nodemailer sends (bench/newsletter.ts)
 *   --only kpi-timings [--records N] [--pg]     each dashboard query's time (bench/kpi.ts)
 */
import { table, type Engine, type Size } from './harness';
import { SCENARIOS, runBench, type Scenario } from './runner';

const argv = process.argv.slice(2);
const value = (name: string): string | undefined => {
  const i = argv.indexOf(`--${name}`);
  return i === -1 ? undefined : argv[i + 1];
};
const has = (name: string) => argv.includes(`--${name}`);

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(2);
}

const only = value('only');
const legacyImport = only === 'import' && !has('engine') && (has('rows') || has('chunk') || has('pg'));

if (only === 'fuzz') {
  const { runFuzzBench } = await import('./fuzz');
  process.exitCode = await runFuzzBench(process.argv);
} else if (only === 'import-healthz' || legacyImport) await (await import('./import')).run();
else if (only === 'parse') await (await import('./parse')).run();
else if (only === 'cli') await (await import('./cli')).run();
else if (only === 'jobs') await (await import('./jobs')).run();
else if (only === 'newsletter') await (await import('./newsletter')).run();
else if (only === 'kpi-timings') await (await import('./kpi')).run();
else {
  const size = (value('size') ?? 'small') as Size;
  const engine = (value('engine') ?? 'pglite') as Engine;
  if (!['small', 'medium', 'portfolio'].includes(size))
    fail(`--size ${size}: use small, medium or portfolio`);
  if (!['pglite', 'postgres'].includes(engine)) fail(`--engine ${engine}: use pglite or postgres`);
  if (size === 'portfolio' && engine !== 'postgres')
    fail('--size portfolio runs on PostgreSQL only: add --engine postgres');
  const scenarios = only?.split(',').map((s) => s.trim());
  for (const s of scenarios ?? []) {
    if (!(SCENARIOS as readonly string[]).includes(s)) {
      fail(
        `--only ${s}: use one of ${SCENARIOS.join(', ')}, or fuzz, import-healthz, parse, cli, jobs, newsletter, kpi-timings`,
      );
    }
  }
  const num = (name: string) => (value(name) === undefined ? undefined : Number(value(name)));
  // A reduced portfolio: N projects of R records (default 1,000), the kpis flatness measured on 10 and then on N.
  const projects = num('projects');
  if (projects !== undefined && (size !== 'portfolio' || !Number.isInteger(projects) || projects < 11))
    fail('--projects N: a whole number above 10, with --size portfolio');
  const records = num('records') ?? 1_000;
  const reduced =
    projects === undefined
      ? {}
      : { spec: [{ projects, records }], label: `portfolio-${projects}x${records}` };
  const label = value('label');
  if (label !== undefined && !/^[\w.+-]{1,80}$/.test(label))
    fail(`--label ${label}: letters, digits, . + - _ only`);
  const named =
    label !== undefined
      ? { label }
      : scenarios && !('label' in reduced)
        ? { label: `${size}-${scenarios.join('+')}` }
        : {};
  const result = await runBench({
    engine,
    size,
    ...reduced,
    ...named,
    ...(scenarios ? { only: scenarios as Scenario[] } : {}),
    seed: num('seed'),
    pairs: num('pairs'),
    importRows: num('import-rows'),
    exportRows: num('export-rows'),
    seconds: num('seconds'),
    connections: num('connections'),
    ...(value('keep') ? { dataDir: value('keep'), keep: true } : {}),
  });
  process.stdout.write(`${table(result.figures)}\n`);
  for (const s of result.skipped) process.stdout.write(`skipped ${s}\n`);
  process.stderr.write(`results: ${result.file}\n`);
}
