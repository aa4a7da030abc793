/**
 * `npm run bench -- --only cli [--runs N]`: the CLI's start-up on a prepared data folder (migrated, the M-Sec plan
 * imported), as child processes: median wall time of `herald --help`, `herald kpi --project m-sec` and
 * `herald plan check plans/m-sec.yaml` over N runs, beside `node -e 0`, and whether dist/ or tsx ran them.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../', import.meta.url));
const bin = join(root, 'bin/herald.mjs');

function timed(args: string[], env: NodeJS.ProcessEnv): number {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, args, { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`${args.join(' ')} exited ${r.status}: ${String(r.stderr)}`);
  return ms;
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

/** Which code bin/herald.mjs runs now (the same check it makes). */
function distCurrent(): boolean {
  try {
    const stamp = JSON.parse(readFileSync(join(root, 'dist/stamp.json'), 'utf8')) as {
      files: Record<string, [number, number]>;
    };
    return Object.entries(stamp.files).every(([f, [size, mtime]]) => {
      const s = statSync(join(root, f));
      return s.size === size && s.mtimeMs === mtime;
    });
  } catch {
    return false;
  }
}

export async function run(argv: string[] = process.argv): Promise<void> {
  const i = argv.indexOf('--runs');
  const runs = i === -1 ? 7 : Number(argv[i + 1]);
  const dir = mkdtempSync(join(tmpdir(), 'herald-bench-cli-'));
  const { DATABASE_URL: _pg, ...rest } = process.env;
  const env = { ...rest, HERALD_DATA_DIR: join(dir, 'data'), LOG_LEVEL: 'warn' };
  try {
    // The prepared folder: migrated, with the plan (what an existing installation has).
    timed([bin, 'plan', 'import', 'plans/m-sec.yaml'], env);
    const cases: Array<[string, string[]]> = [
      ['node -e 0', ['-e', '0']],
      ['herald --help', [bin, '--help']],
      ['herald kpi --project m-sec', [bin, 'kpi', '--project', 'm-sec']],
      ['herald plan check plans/m-sec.yaml', [bin, 'plan', 'check', 'plans/m-sec.yaml']],
    ];
    console.log(
      `CLI start-up, median of ${runs} runs (after one warm-up), running ${distCurrent() ? 'dist/ (built)' : 'src/ through tsx (dist/ missing or stale: npm run build)'}`,
    );
    let baseline = 0;
    for (const [label, args] of cases) {
      timed(args, env);
      const ms = median(Array.from({ length: runs }, () => timed(args, env)));
      if (label === 'node -e 0') baseline = ms;
      console.log(
        `  ${label.padEnd(38)} ${`${ms.toFixed(0)} ms`.padStart(9)}  ${(ms / baseline).toFixed(1)}×`,
      );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
