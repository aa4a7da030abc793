/**
 * Where a dashboard request's time goes: `herald serve` under node's `--cpu-prof`, autocannon on
 * the signed-in dashboard, then the profile's self time summed per function and per file, heaviest first; and the
 * server's CPU time per request of the dashboard beside the hello route's (a ratio a busy machine disturbs less), and
 * of /_bench/chain (every middleware, signed in, no page work: the framework's share).
 * Usage: npx tsx bench/profile-dashboard.ts --data DIR | --url postgres://… [--project m-sec-0001]
 *        [--email E --password P] [--seconds 10] [--connections 10] [--top 30] [--path /p/ID/dashboard] [--gzip]
 * (a data folder kept by `npm run bench -- --size small --only dashboard --keep DIR` has cached figures).
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { BENCH_EMAIL, BENCH_PASSWORD } from './generate';
import { cpuMsOf, signIn, startServer } from './server-process';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}
interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

const arg = (name: string): string | undefined => {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? undefined : process.argv[i + 1];
};

/** A file's short name: the package under node_modules, else the path from src/ or bench/. */
function shortFile(url: string): string {
  if (!url) return '(native)';
  const nm = url.lastIndexOf('node_modules/');
  if (nm !== -1) {
    const rest = url.slice(nm + 'node_modules/'.length).split('/');
    const pkg = rest[0]?.startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
    return `${pkg}/…/${rest.at(-1)}`;
  }
  const src = url.search(/\/(src|bench|dist)\//);
  return src === -1 ? url.replace(/^file:\/\//, '') : url.slice(src + 1);
}

/** A span of CLOCK_MONOTONIC in µs (what both V8's profile and process.hrtime count). */
interface Span {
  from: number;
  to: number;
}
const nowUs = () => Number(process.hrtime.bigint() / 1000n);

/** The process's user and system CPU time in ms (/proc/PID/stat utime, stime: clock ticks of 10 ms). */
function cpuSplitOf(pid: number): { user: number; sys: number } {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return { user: Number(fields[11]) * 10, sys: Number(fields[12]) * 10 };
}

/** Self time (ms) per key, from the samples (and their time deltas) taken inside `span`. */
function selfTimes(p: CpuProfile, span: Span, keyOf: (n: ProfileNode) => string): Map<string, number> {
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const out = new Map<string, number>();
  let t = p.startTime;
  p.samples.forEach((id, i) => {
    const dt = p.timeDeltas[i] ?? 0;
    t += dt;
    const n = byId.get(id);
    if (!n || t < span.from || t > span.to) return;
    const k = keyOf(n);
    out.set(k, (out.get(k) ?? 0) + dt / 1000);
  });
  return out;
}

const frame = (n: ProfileNode) =>
  `${n.callFrame.functionName || '(anonymous)'}  ${shortFile(n.callFrame.url)}:${n.callFrame.lineNumber + 1}`;

function printTop(title: string, m: Map<string, number>, total: number, top: number): void {
  console.log(`\n${title}`);
  for (const [k, ms] of [...m].sort((a, b) => b[1] - a[1]).slice(0, top)) {
    console.log(`${((100 * ms) / total).toFixed(1).padStart(5)} %  ${ms.toFixed(0).padStart(7)} ms  ${k}`);
  }
}

const dataDir = arg('data');
const databaseUrl = arg('url');
const projectId = arg('project') ?? 'm-sec-0001';
const seconds = Number(arg('seconds') ?? 10);
const top = Number(arg('top') ?? 30);
const path = arg('path') ?? `/p/${projectId}/dashboard`;
if (!dataDir === !databaseUrl) throw new Error('give --data DIR or --url postgres://…');

const profDir = mkdtempSync(join(tmpdir(), 'herald-prof-'));
const s = await startServer(dataDir ? { dataDir } : { databaseUrl: databaseUrl! }, {
  jobs: false,
  nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${profDir}`],
});
let requests = 0;
const span: Span = { from: 0, to: 0 };
try {
  const session = await signIn(s.url, arg('email') ?? BENCH_EMAIL, arg('password') ?? BENCH_PASSWORD);
  const first = await fetch(`${s.url}${path}`, { headers: { cookie: session.cookie } });
  const body = await first.text();
  console.log(
    `GET ${path}: ${first.status}, ${body.length} characters, figures ${first.headers.get('x-herald-figures')}`,
  );
  const cpu0 = cpuMsOf(s.pid);
  const split0 = cpuSplitOf(s.pid);
  span.from = nowUs();
  const r = await autocannon({
    url: `${s.url}${path}`,
    connections: Number(arg('connections') ?? 10),
    duration: seconds,
    headers: {
      cookie: session.cookie,
      ...(process.argv.includes('--gzip') ? { 'accept-encoding': 'gzip, deflate, br, zstd' } : {}),
    },
  });
  span.to = nowUs();
  const dashCpu = (cpuMsOf(s.pid) - cpu0) / Math.max(1, r['2xx']);
  const split1 = cpuSplitOf(s.pid);
  const per = (ms: number, n: number) => (ms / Math.max(1, n)).toFixed(3);
  requests = r['2xx'];
  console.log(
    `${(r['2xx'] / r.duration).toFixed(1)} requests/s (2xx ${r['2xx']}, other ${r.non2xx}), p99 ${r.latency.p99} ms`,
  );
  // The baseline the same way: the server's CPU time per answered request (steadier than requests/s on a shared
  // machine, where the server waits for a core). Between the two, /_bench/chain: every middleware, signed in, and
  // no page work (what the framework chain costs before the dashboard's own code runs).
  const cpuOf = async (p: string, cookie?: string) => {
    const c0 = cpuMsOf(s.pid);
    const s0 = cpuSplitOf(s.pid);
    const r = await autocannon({
      url: `${s.url}${p}`,
      connections: 10,
      duration: seconds,
      headers: cookie ? { cookie } : {},
    });
    const s1 = cpuSplitOf(s.pid);
    return {
      ms: (cpuMsOf(s.pid) - c0) / Math.max(1, r['2xx']),
      rps: r['2xx'] / r.duration,
      split: `user ${per(s1.user - s0.user, r['2xx'])} + system ${per(s1.sys - s0.sys, r['2xx'])} ms`,
    };
  };
  const chain = await cpuOf('/_bench/chain', session.cookie);
  const hello = await cpuOf('/_bench/hello');
  console.log(
    `server CPU per request: dashboard ${dashCpu.toFixed(3)} ms, chain ${chain.ms.toFixed(3)} ms ` +
      `(${chain.rps.toFixed(0)} requests/s), hello ${hello.ms.toFixed(3)} ms (${hello.rps.toFixed(0)} requests/s)` +
      ` → ratio ${(hello.ms / dashCpu).toFixed(3)} (chain alone: ${(hello.ms / chain.ms).toFixed(3)})`,
  );
  // System time is the kernel's share (the loopback send of the answer, epoll, timers), user time the process's own.
  console.log(
    `  dashboard user ${per(split1.user - split0.user, r['2xx'])} + system ` +
      `${per(split1.sys - split0.sys, r['2xx'])} ms; chain ${chain.split}; hello ${hello.split}`,
  );
} finally {
  await s.stop();
}
// One profile per thread (tsx's module hooks run on a worker): the one that served ran the app's own code.
const files = readdirSync(profDir).filter((f) => f.endsWith('.cpuprofile'));
const profiles = files.map((f) => JSON.parse(readFileSync(join(profDir, f), 'utf8')) as CpuProfile);
// From src/ through tsx, or from the dist/ build (bin/herald.mjs runs it while it matches the sources).
const p = profiles.find((x) => x.nodes.some((n) => /\/(src\/web|dist)\//.test(n.callFrame.url)));
rmSync(profDir, { recursive: true, force: true });
if (!p) throw new Error('no profile was written');
const total = (span.to - span.from) / 1000;
const busy = [...selfTimes(p, span, frame)].reduce(
  (sum, [k, ms]) => (k.startsWith('(idle)') ? sum : sum + ms),
  0,
);
console.log(
  `under load: ${total.toFixed(0)} ms of wall time, ${busy.toFixed(0)} ms busy on the main thread, ` +
    `${(busy / Math.max(1, requests)).toFixed(2)} ms busy per request`,
);
printTop('self time by function', selfTimes(p, span, frame), total, top);
printTop(
  'self time by file',
  selfTimes(p, span, (n) => shortFile(n.callFrame.url)),
  total,
  top,
);
