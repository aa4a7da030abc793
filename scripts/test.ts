/**
 * `npm test`: provisions what the tiers need (PostgreSQL, Chromium and LibreOffice Writer from Debian's packages
 * when missing and running as root), runs every tier with vitest and, beside it, the static checks (typecheck, lint,
 * format: each counts as one test), and ends with the plain line `N passed, N failed`. Missing packages install while
 * the tiers that need none of them run; the tiers that wait for them run in a second vitest run.
 * Extra arguments go to vitest (e.g. `npm test -- --project unit`); with extra arguments the static checks are skipped.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, openSync, readFileSync, rmSync } from 'node:fs';
import { findPgBin } from './pg-cluster';

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
const hasApt = existsSync('/usr/bin/apt-get');
let aptUpdated = false;

/** One apt-get (update first, once): resolves with an error message, or null when the packages are in. */
function aptGet(packages: string[], opts: { noRecommends?: boolean } = {}): Promise<string | null> {
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const run = (argv: string[], stdio: 'inherit' | 'ignore') =>
    new Promise<number | null>((resolve) => {
      const child = spawn('apt-get', argv, { stdio: ['ignore', stdio, 'inherit'], env });
      child.on('error', () => resolve(null));
      child.on('exit', (code) => resolve(code));
    });
  return (async () => {
    console.log(`Installing ${packages.join(', ')} from Debian's packages…`);
    if (!aptUpdated) {
      aptUpdated = true;
      await run(['update', '-qq'], 'inherit');
    }
    const flags = opts.noRecommends ? ['--no-install-recommends'] : [];
    const code = await run(['install', '-y', '-qq', ...flags, ...packages], 'ignore');
    return code === 0 ? null : `apt-get install ${packages.join(' ')} failed (exit ${code}).`;
  })();
}

function hasJapaneseFont(): boolean {
  const r = spawnSync('fc-list', [':lang=ja'], { encoding: 'utf8' });
  return r.status === 0 && r.stdout.trim().length > 0;
}

const args = process.argv.slice(2);
const TIERS = ['unit', 'pglite', 'postgres', 'browser', 'office'] as const;
type Tier = (typeof TIERS)[number];
/** The tiers asked for (`--project NAME`, repeatable; default every tier), and the arguments besides. */
const named: string[] = [];
const rest: string[] = [];
for (let i = 0; i < args.length; i++) {
  const a = args[i] as string;
  if (a === '--project' && i + 1 < args.length) named.push(args[++i] as string);
  else if (a.startsWith('--project=')) named.push(a.slice('--project='.length));
  else rest.push(a);
}
const requested: Tier[] = named.length ? TIERS.filter((t) => named.includes(t)) : [...TIERS];

const out = '.test-results/vitest.json';
mkdirSync('.test-results', { recursive: true });
rmSync(out, { force: true });
rmSync(out.replace(/\.json$/, '-1.json'), { force: true });

// The static checks run one after another in a process of their own, started first: beside the Debian packages'
// download and install (which leave the cores idle), then beside vitest (whose workers leave part of the cores idle
// while they wait on child processes); their output goes to a file, shown when one fails. They run at a lower
// priority (nice 10): they take the CPU vitest leaves idle instead of slowing its workers, whose files are the run's
// critical path (the checks end well before vitest either way).
const CHECKS = ['typecheck', 'lint', 'format:check'] as const;
const hasNice = existsSync('/usr/bin/nice') || existsSync('/bin/nice');
const checkLog = '.test-results/checks.log';
const checks =
  args.length > 0
    ? null
    : new Promise<string>((resolve) => {
        const fd = openSync(checkLog, 'w');
        const script = CHECKS.map((c) => `npm run -s ${c}; echo "check ${c} exit $?"`).join('; ');
        const command = hasNice ? ['nice', '-n', '10', 'sh', '-c', script] : ['sh', '-c', script];
        const child = spawn(command[0] as string, command.slice(1), { stdio: ['ignore', fd, fd] });
        child.on('exit', () => resolve(readFileSync(checkLog, 'utf8')));
      });

/** Each tier's missing Debian packages (`office` without recommends: math, gstreamer, Java… are not needed). */
const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** A command given by path, or found on the PATH. */
const onPath = (cmd: string): boolean =>
  cmd.includes('/') ? existsSync(cmd) : spawnSync('sh', ['-c', 'command -v "$0"', cmd]).status === 0;
const soffice = process.env.SOFFICE_PATH ?? 'soffice';
const japaneseFont = hasJapaneseFont();
const needs: Record<Tier, string[]> = {
  unit: [],
  pglite: [],
  postgres: findPgBin() ? [] : ['postgresql'],
  browser: [...(existsSync(chromium) ? [] : ['chromium']), ...(japaneseFont ? [] : ['fonts-noto-cjk'])],
  // The office tier converts DOCX to PDF with soffice and draws charts with the Japanese font. libreoffice-writer
  // without its recommends (math, gstreamer, Java…) converts DOCX to PDF, at a fraction of the size.
  office: [...(onPath(soffice) ? [] : ['libreoffice-writer']), ...(japaneseFont ? [] : ['fonts-noto-cjk'])],
};
const ready = requested.filter((t) => needs[t].length === 0);
const waiting = requested.filter((t) => needs[t].length > 0);

/**
 * The packages install while the tiers that need none run (downloads and unpacking leave the cores half idle): the
 * tiers that wait for them run in a second vitest run once both are done.
 */
let installed: Promise<string | null> = Promise.resolve(null);
if (waiting.length) {
  const all = [...new Set(waiting.flatMap((t) => needs[t]))];
  if (!isRoot || !hasApt) {
    console.error(
      `Missing system packages: ${all.join(' ')}. Install them (apt-get install ${all.join(' ')}) and run again.`,
    );
    process.exit(1);
  }
  const withRecommends = [...new Set(waiting.filter((t) => t !== 'office').flatMap((t) => needs[t]))];
  const officeOnly = needs.office.filter((p) => waiting.includes('office') && !withRecommends.includes(p));
  installed = (async () => {
    const first = withRecommends.length ? await aptGet(withRecommends) : null;
    if (first) return first;
    return officeOnly.length ? aptGet(officeOnly, { noRecommends: true }) : null;
  })();
}

interface Counts {
  passed: number;
  failed: number;
  ok: boolean;
}

/** One vitest run over some tiers, its JSON report in `file`: the counts (a file that fails to load counts once). */
function vitest(tiers: readonly Tier[], file: string, opts: { split: boolean }): Promise<Counts> {
  rmSync(file, { force: true });
  const argv = [
    'vitest',
    'run',
    '--maxWorkers=2',
    '--reporter=default',
    '--reporter=json',
    `--outputFile=${file}`,
    ...tiers.flatMap((t) => ['--project', t]),
    // Split in two runs, a file filter may leave one of them without files: not a failure.
    ...(opts.split ? ['--passWithNoTests'] : []),
    ...rest,
  ];
  return new Promise((resolve) => {
    const child = spawn('npx', argv, {
      stdio: 'inherit',
      env: { ...process.env, TZ: 'UTC', CHROMIUM_PATH: chromium, SOFFICE_PATH: soffice },
    });
    child.on('exit', (code) => {
      if (!existsSync(file)) {
        console.error('vitest wrote no report: counting the run as one failure.');
        resolve({ passed: 0, failed: 1, ok: false });
        return;
      }
      const report = JSON.parse(readFileSync(file, 'utf8')) as {
        numPassedTests: number;
        numFailedTests: number;
        numFailedTestSuites?: number;
      };
      const failed = report.numFailedTests || (report.numFailedTestSuites ?? 0);
      resolve({ passed: report.numPassedTests, failed, ok: code === 0 && failed === 0 });
    });
  });
}

const split = ready.length > 0 && waiting.length > 0;
if (split) console.log(`Running ${ready.join(', ')} while the packages for ${waiting.join(', ')} install.`);
const runs: Counts[] = [];
if (ready.length)
  runs.push(await vitest(ready, waiting.length ? out.replace(/\.json$/, '-1.json') : out, { split }));
if (waiting.length) {
  const problem = await installed;
  if (problem) {
    console.error(problem);
    runs.push({ passed: 0, failed: 1, ok: false });
  } else {
    runs.push(await vitest(waiting, out, { split }));
  }
}

let passed = runs.reduce((n, r) => n + r.passed, 0);
let failed = runs.reduce((n, r) => n + r.failed, 0);
if (checks) {
  const log = await checks;
  for (const c of CHECKS) {
    const ok = log.includes(`check ${c} exit 0`);
    if (ok) passed += 1;
    else failed += 1;
    console.log(`${ok ? '✓' : '×'} npm run ${c}`);
  }
  if (CHECKS.some((c) => !log.includes(`check ${c} exit 0`))) console.log(log);
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 || runs.some((r) => !r.ok) ? 1 : 0);
