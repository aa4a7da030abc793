/**
 * Where `herald serve`'s resident memory goes (issue 17's ≤ 300 MB): the server is started as the bench starts it,
 * with bench/memory-probe.mjs preloaded, through three phases: idle (after the first 200 from /healthz), under the
 * dashboard's load (autocannon), during a web import of a CSV on a copy of the data. For each phase, the sample with
 * the highest RSS is broken down: file-backed pages (node's binary and libraries), the main thread's V8 heap (committed
 * and used, new space apart), V8 code, PGlite's WebAssembly memory (resident and reserved), and the rest of the
 * anonymous memory (worker threads' heaps, compiled WebAssembly code, malloc'd native buffers).
 *
 *   npx tsx bench/profile-memory.ts --data DIR | --url postgres://… [--project ID] [--email E --password P]
 *       [--import FILE.csv] [--seconds 10] [--connections 10] [--node-args "--max-semi-space-size=2 …"]
 *       [--env K=V,K=V] [--json FILE] [--timeline] [--export PROJECT [--export-only]]
 *
 * `--export PROJECT` adds a phase on a server of its own: idle, then GET /p/PROJECT/records/activities/export.csv
 * read to the end (issue 19's streamed export); `--export-only` skips the dashboard and import phases.
 *
 * DIR and FILE come from `npm run bench -- --size medium --engine pglite --only memory --keep DIR` (the CSV is the
 * run's server-import.csv). `--node-args` / `--env` try a lever without rebuilding (e.g. HERALD_PGLITE_SHARED_BUFFERS).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { BENCH_EMAIL, BENCH_PASSWORD } from './generate';
import { copyTarget, importThroughWeb } from './server-import';
import { distIsCurrent, signIn, startServer, type Served, type Target } from './server-process';

const PROBE = fileURLToPath(new URL('./memory-probe.mjs', import.meta.url));

/** One line of the probe's file. */
export interface ProbeSample {
  t: number;
  rss: number;
  hwm: number;
  rssFile: number;
  rssAnon: number;
  heapTotal: number;
  heapUsed: number;
  external: number;
  arrayBuffers: number;
  code: number;
  spaces: Record<string, { size: number; used: number }>;
  wasm: Array<{ size: number; resident: number }>;
}

/** A phase's peak, in MB. */
export interface Breakdown {
  phase: string;
  samples: number;
  rss: number;
  /** VmHWM at the end of the phase (the kernel's own peak, between samples too). */
  hwm: number;
  fileBacked: number;
  heapCommitted: number;
  heapUsed: number;
  newSpace: number;
  wasmResident: number;
  wasmReserved: number;
  /** Anonymous memory that is neither the main heap nor WebAssembly memory. */
  otherAnon: number;
}

const MB = 1024 * 1024;
const mb = (n: number) => Math.round((n / MB) * 10) / 10;

export function breakdown(phase: string, samples: ProbeSample[]): Breakdown | undefined {
  if (samples.length === 0) return undefined;
  const peak = samples.reduce((a, b) => (b.rss > a.rss ? b : a));
  const wasmResident = peak.wasm.reduce((n, w) => n + w.resident, 0);
  return {
    phase,
    samples: samples.length,
    rss: mb(peak.rss),
    hwm: mb(samples[samples.length - 1]!.hwm),
    fileBacked: mb(peak.rssFile),
    heapCommitted: mb(peak.heapTotal),
    heapUsed: mb(peak.heapUsed),
    newSpace: mb(peak.spaces.new_space?.size ?? 0),
    wasmResident: mb(wasmResident),
    wasmReserved: mb(peak.wasm.reduce((n, w) => n + w.size, 0)),
    otherAnon: mb(peak.rssAnon - peak.heapTotal - wasmResident),
  };
}

export function readSamples(file: string): ProbeSample[] {
  let text = '';
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return [];
  }
  return text
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as ProbeSample);
}

/** One line per `everyMs` of a phase: the highest-RSS sample of each step (MB), to see when memory grows. */
export function timeline(samples: ProbeSample[], everyMs = 5000): string {
  if (samples.length === 0) return '';
  const t0 = samples[0]!.t;
  const steps = new Map<number, ProbeSample>();
  for (const s of samples) {
    const k = Math.floor((s.t - t0) / everyMs);
    const had = steps.get(k);
    if (!had || s.rss > had.rss) steps.set(k, s);
  }
  const lines = ['s | RSS | heap | heap used | WASM resident | WASM size | other anon'];
  for (const [k, s] of steps) {
    const wasm = s.wasm.reduce((n, w) => n + w.resident, 0);
    lines.push(
      [
        (k * everyMs) / 1000,
        mb(s.rss),
        mb(s.heapTotal),
        mb(s.heapUsed),
        mb(wasm),
        mb(s.wasm.reduce((n, w) => n + w.size, 0)),
        mb(s.rssAnon - s.heapTotal - wasm),
      ].join(' | '),
    );
  }
  return lines.join('\n');
}

export function breakdownTable(rows: Breakdown[]): string {
  const cols: Array<[keyof Breakdown, string]> = [
    ['phase', 'phase'],
    ['rss', 'RSS peak'],
    ['hwm', 'VmHWM'],
    ['fileBacked', 'file-backed'],
    ['heapCommitted', 'V8 heap'],
    ['heapUsed', 'heap used'],
    ['newSpace', 'new space'],
    ['wasmResident', 'WASM resident'],
    ['wasmReserved', 'WASM size'],
    ['otherAnon', 'other anon'],
  ];
  const lines = [cols.map(([, h]) => h).join(' | '), cols.map(() => '---').join(' | ')];
  for (const r of rows) lines.push(cols.map(([k]) => String(r[k])).join(' | '));
  return `${lines.join('\n')}\n(MB; the breakdown is the phase's highest-RSS sample)`;
}

/** A started server whose probe lines are read per phase (each phase keeps the lines written since it began). */
async function probed(
  target: Target,
  opts: { jobs: boolean; nodeArgs: string[]; env: Record<string, string>; dir: string; name: string },
): Promise<{ served: Served; since(): () => ProbeSample[] }> {
  const file = join(opts.dir, `${opts.name}.ndjson`);
  writeFileSync(file, '');
  const served = await startServer(target, {
    jobs: opts.jobs,
    nodeArgs: ['--import', PROBE, ...opts.nodeArgs],
    env: { ...opts.env, HERALD_MEMORY_PROBE: file, HERALD_MEMORY_PROBE_MS: '50' },
  });
  const take = () => process.kill(served.pid, 'SIGUSR2');
  return {
    served,
    since: () => {
      take();
      const t0 = Date.now();
      return () => {
        take();
        return readSamples(file).filter((s) => s.t >= t0 - 60);
      };
    },
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function profileMemory(o: {
  target: Target;
  projectId: string;
  email: string;
  password: string;
  importCsv?: string;
  seconds: number;
  connections: number;
  nodeArgs: string[];
  env: Record<string, string>;
  /** Prints each phase's timeline (see `timeline`) to stderr. */
  timelines?: boolean;
  /** A project whose activities' CSV export is profiled (a phase on a server of its own). */
  exportProject?: string;
  /** Only the export phases (idle and export). */
  exportOnly?: boolean;
}): Promise<Breakdown[]> {
  const dir = mkdtempSync(join(tmpdir(), 'herald-profile-memory-'));
  const rows: Breakdown[] = [];
  const push = (samples: ProbeSample[], phase: string) => {
    const b = breakdown(phase, samples);
    if (b) rows.push(b);
    if (o.timelines) process.stderr.write(`${phase}\n${timeline(samples)}\n\n`);
  };
  try {
    if (o.exportProject) {
      const e = await probed(o.target, { ...o, jobs: false, dir, name: 'export' });
      try {
        await sleep(1000);
        const session = await signIn(e.served.url, o.email, o.password);
        const idle = e.since();
        await sleep(500);
        push(idle(), 'idle, signed in (0.5 s)');
        const during = e.since();
        const t0 = performance.now();
        const res = await fetch(`${e.served.url}/p/${o.exportProject}/records/activities/export.csv`, {
          headers: { cookie: session.cookie },
        });
        if (res.status !== 200) throw new Error(`export answered ${res.status}`);
        let bytes = 0;
        for await (const chunk of res.body!) bytes += (chunk as Uint8Array).length;
        const s = ((performance.now() - t0) / 1000).toFixed(1);
        await sleep(200);
        push(during(), `CSV export (${(bytes / MB).toFixed(1)} MB, ${s} s)`);
      } finally {
        await e.served.stop();
      }
      if (o.exportOnly) return rows;
    }
    const a = await probed(o.target, { ...o, jobs: false, dir, name: 'serve' });
    try {
      // Idle: everything from the start to a second after the first 200 (the probe began with the process).
      await sleep(1000);
      const file = join(dir, 'serve.ndjson');
      process.kill(a.served.pid, 'SIGUSR2');
      await sleep(100);
      push(readSamples(file), 'idle (start + 1 s)');
      const session = await signIn(a.served.url, o.email, o.password);
      const load = a.since();
      await autocannon({
        url: `${a.served.url}/p/${o.projectId}/dashboard`,
        connections: o.connections,
        duration: o.seconds,
        headers: { cookie: session.cookie, 'accept-encoding': 'gzip, deflate, br, zstd' },
      });
      await sleep(200);
      push(load(), `dashboard load (${o.connections} conn, ${o.seconds} s)`);
    } finally {
      await a.served.stop();
    }
    if (o.importCsv) {
      const copy = await copyTarget(o.target);
      try {
        const b = await probed(copy.target, { ...o, jobs: true, dir, name: 'import' });
        try {
          const session = await signIn(b.served.url, o.email, o.password);
          const during = b.since();
          const outcome = await importThroughWeb({
            url: b.served.url,
            session,
            projectId: o.projectId,
            csvFile: o.importCsv,
          });
          await sleep(200);
          push(during(), `web import (${outcome.state}, ${Math.round(outcome.ms / 1000)} s)`);
        } finally {
          await b.served.stop();
        }
      } finally {
        await copy.drop();
      }
    }
    return rows;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const arg = (name: string): string | undefined => {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? undefined : process.argv[i + 1];
};

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const data = arg('data');
  const url = arg('url');
  if (!data === !url) {
    process.stderr.write('give --data DIR (PGlite) or --url postgres://… (see the header of this file)\n');
    process.exit(2);
  }
  const env = Object.fromEntries(
    (arg('env') ?? '')
      .split(',')
      .filter((kv) => kv.includes('='))
      .map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]),
  );
  const rows = await profileMemory({
    target: data ? { dataDir: data } : { databaseUrl: url },
    projectId: arg('project') ?? 'm-sec-0001',
    email: arg('email') ?? BENCH_EMAIL,
    password: arg('password') ?? BENCH_PASSWORD,
    importCsv: arg('import'),
    seconds: Number(arg('seconds') ?? 10),
    connections: Number(arg('connections') ?? 10),
    nodeArgs: (arg('node-args') ?? '').split(' ').filter(Boolean),
    env,
    timelines: process.argv.includes('--timeline'),
    exportProject: arg('export'),
    exportOnly: process.argv.includes('--export-only'),
  });
  const json = arg('json');
  if (json) writeFileSync(json, `${JSON.stringify(rows, null, 2)}\n`);
  process.stdout.write(
    `${breakdownTable(rows)}\ndist: ${distIsCurrent()}, engine: ${data ? 'pglite' : 'postgres'}, ` +
      `node args: ${arg('node-args') ?? '(none)'}, env: ${arg('env') ?? '(none)'}, load average: ${loadavg()
        .map((x) => x.toFixed(2))
        .join(' ')}\n`,
  );
}
