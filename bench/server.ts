/**
 * The bench's server scenarios (issue 17): `herald serve` as a child process, signed in over HTTP, then
 * - `dashboard`: autocannon on GET /p/<id>/dashboard vs GET /_bench/hello of the same server, A B A B …;
 * - `memory`: the server's peak resident memory idle, under the dashboard's load, during a web import;
 * - `coldstart`: spawn → first 200 from /healthz on the existing data.
 * Standalone: npx tsx bench/server.ts --data DIR | --url postgres://… --project ID --email E --password P
 *             [--pairs 5] [--seconds 10] [--connections 10] [--import FILE.csv] [--only dashboard,memory,coldstart]
 */
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { paired, single, table, type PairedFigure, type SingleFigure } from './harness';
import { copyTarget, importThroughWeb } from './server-import';
import {
  cpuMsOf,
  distIsCurrent,
  memoryOf,
  sampleMemory,
  signIn,
  startServer,
  type Served,
  type Session,
  type Target,
} from './server-process';

export const SERVER_SCENARIOS = ['dashboard', 'memory', 'coldstart'] as const;

export interface ServerBenchOptions {
  dataDir?: string;
  databaseUrl?: string;
  projectId: string;
  email: string;
  password: string;
  pairs: number;
  seconds: number;
  connections: number;
  /** An activities CSV imported through the web routes (on a copy of the data) for the memory scenario. */
  importCsv?: string;
  /** Any of SERVER_SCENARIOS (default: all). */
  only?: string[];
  /** Readers of GET /portfolio measured beside the dashboard (the portfolio size: an admin, a portfolio of 5). */
  portfolioReaders?: ReadonlyArray<{ label: string; email: string; password: string; projects: number }>;
}

/** Issue 17's targets. */
const DASHBOARD_RATIO = 0.25;
const MEMORY_MB = 300;
const COLDSTART_MS = 3000;

interface LoadRun {
  rps: number;
  p99: number;
  non2xx: number;
  errors: number;
  requests: number;
}

/** What Chromium and Firefox send as Accept-Encoding. */
const BROWSER_ENCODINGS = 'gzip, deflate, br, zstd';

/** autocannon for `seconds` on `path`; requests/s = responses / duration. */
async function load(
  url: string,
  path: string,
  opts: { cookie?: string; seconds: number; connections: number },
): Promise<LoadRun> {
  const r = await autocannon({
    url: `${url}${path}`,
    connections: opts.connections,
    duration: opts.seconds,
    timeout: 60,
    // As a browser asks (every one accepts gzip); the hello route ignores it.
    headers: { 'accept-encoding': BROWSER_ENCODINGS, ...(opts.cookie ? { cookie: opts.cookie } : {}) },
  });
  const responses = r['1xx'] + r['2xx'] + r['3xx'] + r['4xx'] + r['5xx'];
  return {
    rps: responses / r.duration,
    p99: r.latency.p99,
    non2xx: r.non2xx,
    errors: r.errors,
    requests: responses,
  };
}

/**
 * Waits until the server answers the hello route again: requests that a finished autocannon run left queued (each
 * can hold PGlite, on the same thread, for a while) are done before the next run starts.
 */
async function settle(url: string): Promise<void> {
  const res = await fetch(`${url}/_bench/hello`);
  await res.arrayBuffer();
}

/** One signed-in GET of the dashboard: it must be the page (200), not a redirect to the sign-in form. */
async function checkDashboard(url: string, projectId: string, session: Session): Promise<void> {
  const res = await fetch(`${url}/p/${projectId}/dashboard`, {
    headers: { cookie: session.cookie },
    redirect: 'manual',
  });
  await res.arrayBuffer();
  if (res.status !== 200)
    throw new Error(`GET /p/${projectId}/dashboard answered ${res.status} to the signed-in session`);
}

export async function measureServer(opts: ServerBenchOptions): Promise<Array<PairedFigure | SingleFigure>> {
  if (!opts.dataDir === !opts.databaseUrl) throw new Error('measureServer: give dataDir or databaseUrl');
  const target: Target = opts.dataDir ? { dataDir: opts.dataDir } : { databaseUrl: opts.databaseUrl };
  const wants = (s: (typeof SERVER_SCENARIOS)[number]) => !opts.only || opts.only.includes(s);
  const pairs = Math.max(1, opts.pairs);
  const dist = distIsCurrent();
  const figures: Array<PairedFigure | SingleFigure> = [];
  const idle: number[] = [];

  if (wants('coldstart')) {
    const runs: number[] = [];
    const cpuMs: number[] = [];
    for (let i = 0; i < pairs; i++) {
      const s = await startServer(target, { jobs: false });
      runs.push(s.readyMs);
      cpuMs.push(cpuMsOf(s.pid));
      idle.push(memoryOf(s.pid).peakMb);
      await s.stop();
    }
    figures.push(
      single({
        scenario: 'cold start of herald serve to /healthz',
        unit: 'ms',
        runs,
        target: { op: '<=', value: COLDSTART_MS },
        // CPU time to the first 200: the steadier figure on a shared machine (wall time waits for other work).
        extra: { dist, engine: target.dataDir ? 'pglite' : 'postgres', cpuMs, loadAverage: loadavg() },
      }),
    );
  }

  if (wants('dashboard') || wants('memory')) {
    const s: Served = await startServer(target, { jobs: false });
    try {
      idle.push(memoryOf(s.pid).peakMb);
      const session = await signIn(s.url, opts.email, opts.password);
      await checkDashboard(s.url, opts.projectId, session);
      const dashboardPath = `/p/${opts.projectId}/dashboard`;
      const a: LoadRun[] = [];
      const b: LoadRun[] = [];
      const underLoad: number[] = [];
      const rounds = wants('dashboard') ? pairs : 1;
      for (let i = 0; i < rounds; i++) {
        const sampler = sampleMemory(s.pid);
        a.push(await load(s.url, dashboardPath, { ...opts, cookie: session.cookie }));
        await settle(s.url);
        underLoad.push(sampler.stop());
        if (wants('dashboard')) {
          b.push(await load(s.url, '/_bench/hello', opts));
          await settle(s.url);
        }
      }
      if (wants('dashboard')) {
        const non2xx = a.reduce((n, r) => n + r.non2xx + r.errors, 0);
        const f = paired({
          scenario: 'dashboard under autocannon',
          a: `GET ${dashboardPath} signed in, accepting gzip (${opts.connections} connections, ${opts.seconds} s)`,
          b: 'GET /_bench/hello of the same server',
          unit: 'requests/s',
          aRuns: a.map((r) => r.rps),
          bRuns: b.map((r) => r.rps),
          target: { op: '>=', ratio: DASHBOARD_RATIO },
          extra: {
            aP99Ms: a.map((r) => r.p99),
            bP99Ms: b.map((r) => r.p99),
            aRequests: a.map((r) => r.requests),
            bRequests: b.map((r) => r.requests),
            dashboardNot2xx: non2xx,
            dist,
          },
        });
        // A figure made of redirects or errors is no dashboard figure.
        figures.push(non2xx > 0 ? { ...f, met: false } : f);
      }
      if (wants('dashboard'))
        for (const reader of opts.portfolioReaders ?? [])
          figures.push(await measurePortfolio(s.url, reader, { ...opts, pairs }));
      if (wants('memory')) {
        figures.push(
          single({
            scenario: 'server memory under the dashboard load',
            unit: 'MB',
            runs: underLoad,
            target: { op: '<=', value: MEMORY_MB },
            extra: { sampledEveryMs: 50, peakVmHWM: memoryOf(s.pid).peakMb },
          }),
        );
      }
    } finally {
      await s.stop();
    }
  }

  if (wants('memory')) {
    figures.unshift(
      single({
        scenario: 'server memory idle (peak after start)',
        unit: 'MB',
        runs: idle,
        target: { op: '<=', value: MEMORY_MB },
        extra: { measure: 'VmHWM after the first 200 from /healthz' },
      }),
    );
    if (opts.importCsv) figures.push(await measureImportMemory(target, opts));
  }
  return figures;
}

/** GET /portfolio signed in as `reader` vs the hello route, A B A B …, with the page's first 200 checked. */
async function measurePortfolio(
  url: string,
  reader: NonNullable<ServerBenchOptions['portfolioReaders']>[number],
  opts: { pairs: number; seconds: number; connections: number },
): Promise<PairedFigure> {
  const session = await signIn(url, reader.email, reader.password);
  const first = await fetch(`${url}/portfolio`, { headers: { cookie: session.cookie }, redirect: 'manual' });
  await first.arrayBuffer();
  if (first.status !== 200) throw new Error(`GET /portfolio answered ${first.status} to ${reader.email}`);
  const a: LoadRun[] = [];
  const b: LoadRun[] = [];
  for (let i = 0; i < opts.pairs; i++) {
    a.push(await load(url, '/portfolio', { ...opts, cookie: session.cookie }));
    await settle(url);
    b.push(await load(url, '/_bench/hello', opts));
    await settle(url);
  }
  const non2xx = a.reduce((n, r) => n + r.non2xx + r.errors, 0);
  const f = paired({
    scenario: `portfolio page, ${reader.label}`,
    a: `GET /portfolio signed in, ${reader.projects} projects visible (${opts.connections} connections, ${opts.seconds} s)`,
    b: 'GET /_bench/hello of the same server',
    unit: 'requests/s',
    aRuns: a.map((r) => r.rps),
    bRuns: b.map((r) => r.rps),
    target: { op: '>=', ratio: DASHBOARD_RATIO },
    extra: {
      aP99Ms: a.map((r) => r.p99),
      bP99Ms: b.map((r) => r.p99),
      aRequests: a.map((r) => r.requests),
      projectsVisible: reader.projects,
      portfolioNot2xx: non2xx,
    },
  });
  return non2xx > 0 ? { ...f, met: false } : f;
}

/** Peak resident memory of a server (jobs on: the commit is a job) while it imports `importCsv` from the web. */
async function measureImportMemory(target: Target, opts: ServerBenchOptions): Promise<SingleFigure> {
  const copy = await copyTarget(target);
  try {
    const s = await startServer(copy.target, { jobs: true });
    try {
      const session = await signIn(s.url, opts.email, opts.password);
      const sampler = sampleMemory(s.pid);
      const outcome = await importThroughWeb({
        url: s.url,
        session,
        projectId: opts.projectId,
        csvFile: opts.importCsv!,
      }).catch((e: unknown) => {
        // A dropped connection is the server's doing: say what it printed, and whether it is still running.
        const alive = s.child.exitCode === null && s.child.signalCode === null;
        throw new Error(
          `web import of ${opts.importCsv}: ${String(e)}${e instanceof Error && e.cause ? ` (${String(e.cause)})` : ''}; ` +
            `herald serve ${alive ? 'still running' : `exited (${s.child.exitCode ?? s.child.signalCode})`}, its last output:\n${s.output().slice(-4000)}`,
        );
      });
      const peak = sampler.stop();
      const f = single({
        scenario: 'server memory during a web import',
        unit: 'MB',
        runs: [peak],
        target: { op: '<=', value: MEMORY_MB },
        extra: {
          file: opts.importCsv,
          outcome: outcome.state,
          importMs: Math.round(outcome.ms),
          pollResets: outcome.pollResets ?? 0,
          peakVmHWM: memoryOf(s.pid).peakMb,
          onACopy: copy.copied,
        },
      });
      return outcome.state === 'succeeded' ? f : { ...f, met: false };
    } finally {
      await s.stop();
    }
  } finally {
    await copy.drop();
  }
}

const arg = (name: string): string | undefined => {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? undefined : process.argv[i + 1];
};

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const figures = await measureServer({
    dataDir: arg('data'),
    databaseUrl: arg('url'),
    projectId: arg('project') ?? 'm-sec',
    email: arg('email') ?? '',
    password: arg('password') ?? '',
    pairs: Number(arg('pairs') ?? 5),
    seconds: Number(arg('seconds') ?? 10),
    connections: Number(arg('connections') ?? 10),
    importCsv: arg('import'),
    only: arg('only')?.split(','),
  });
  process.stdout.write(`${table(figures)}\n\n${JSON.stringify(figures, null, 2)}\n`);
}
