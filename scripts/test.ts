/**
 * `npm test`: provisions what the tiers need (PostgreSQL, Chromium and LibreOffice Writer from Debian's packages
 * when missing and running as root), runs every tier with vitest and, beside it, the static checks (typecheck, lint,
 * format: each counts as one test), and ends with the plain line `N passed, N failed`.
 * Extra arguments go to vitest (e.g. `npm test -- --project unit`); with extra arguments the static checks are skipped.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, openSync, readFileSync, rmSync } from 'node:fs';
import { findPgBin } from './pg-cluster';

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
const hasApt = existsSync('/usr/bin/apt-get');
let aptUpdated = false;

function aptInstall(packages: string[], opts: { noRecommends?: boolean } = {}): void {
  if (!isRoot || !hasApt) {
    console.error(
      `Missing system packages: ${packages.join(' ')}. Install them (apt-get install ${packages.join(' ')}) and run again.`,
    );
    process.exit(1);
  }
  console.log(`Installing ${packages.join(', ')} from Debian's packages…`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  if (!aptUpdated) {
    spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
    aptUpdated = true;
  }
  const flags = opts.noRecommends ? ['--no-install-recommends'] : [];
  const r = spawnSync('apt-get', ['install', '-y', '-qq', ...flags, ...packages], {
    stdio: ['ignore', 'ignore', 'inherit'],
    env,
  });
  if (r.status !== 0) {
    console.error(`apt-get install ${packages.join(' ')} failed (exit ${r.status}).`);
    process.exit(1);
  }
}

function hasJapaneseFont(): boolean {
  const r = spawnSync('fc-list', [':lang=ja'], { encoding: 'utf8' });
  return r.status === 0 && r.stdout.trim().length > 0;
}

const args = process.argv.slice(2);
const wants = (tier: string) => {
  const i = args.indexOf('--project');
  return i === -1 || args[i + 1] === tier;
};

const out = '.test-results/vitest.json';
mkdirSync('.test-results', { recursive: true });
rmSync(out, { force: true });

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

const missing: string[] = [];
if (wants('postgres') && !findPgBin()) missing.push('postgresql');
const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (wants('browser')) {
  if (!existsSync(chromium)) missing.push('chromium');
  if (!hasJapaneseFont()) missing.push('fonts-noto-cjk');
}
if (missing.length) aptInstall(missing);

/** A command given by path, or found on the PATH. */
const onPath = (cmd: string): boolean =>
  cmd.includes('/') ? existsSync(cmd) : spawnSync('sh', ['-c', 'command -v "$0"', cmd]).status === 0;
const soffice = process.env.SOFFICE_PATH ?? 'soffice';
if (wants('office')) {
  // The office tier converts DOCX to PDF with soffice and draws charts with the Japanese font. libreoffice-writer
  // without its recommends (math, gstreamer, Java…) converts DOCX to PDF, at a fraction of the size.
  const office: string[] = [];
  if (!onPath(soffice)) office.push('libreoffice-writer');
  if (!hasJapaneseFont()) office.push('fonts-noto-cjk');
  if (office.length) aptInstall(office, { noRecommends: true });
}

const r = spawnSync(
  'npx',
  [
    'vitest',
    'run',
    '--maxWorkers=2',
    '--reporter=default',
    '--reporter=json',
    `--outputFile=${out}`,
    ...args,
  ],
  { stdio: 'inherit', env: { ...process.env, TZ: 'UTC', CHROMIUM_PATH: chromium, SOFFICE_PATH: soffice } },
);

let passed = 0;
let failed = 0;
if (existsSync(out)) {
  const report = JSON.parse(readFileSync(out, 'utf8')) as {
    numPassedTests: number;
    numFailedTests: number;
    numFailedTestSuites?: number;
  };
  passed = report.numPassedTests;
  // A file that fails to load has no failed test but a failed suite: count it once.
  failed = report.numFailedTests || (report.numFailedTestSuites ?? 0);
} else {
  console.error('vitest wrote no report: counting the run as one failure.');
  failed = 1;
}
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
process.exit(failed > 0 || r.status !== 0 ? 1 : 0);
