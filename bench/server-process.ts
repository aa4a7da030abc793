/**
 * The bench's `herald serve` as a child process: started as an operator would (bin/herald.mjs, the build when it is
 * current), its resident memory read from /proc, and a browser's sign-in over HTTP (CSRF cookie, form, session).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = new URL('../', import.meta.url);
export const HERALD_BIN = fileURLToPath(new URL('bin/herald.mjs', root));

/** The same test bin/herald.mjs makes: dist/ exists and no source file it was built from changed since. */
export function distIsCurrent(): boolean {
  if (process.env.HERALD_NO_DIST === '1') return false;
  try {
    const { files } = JSON.parse(readFileSync(new URL('dist/stamp.json', root), 'utf8')) as {
      files: Record<string, [number, number]>;
    };
    return Object.entries(files).every(([file, [size, mtime]]) => {
      const s = statSync(new URL(file, root));
      return s.size === size && s.mtimeMs === mtime;
    });
  } catch {
    return false;
  }
}

/** Which database the server opens: a PGlite data folder or a PostgreSQL URL. */
export interface Target {
  dataDir?: string;
  databaseUrl?: string;
}

export interface Served {
  child: ChildProcess;
  pid: number;
  /** http://127.0.0.1:PORT */
  url: string;
  /** Milliseconds from spawn to the first 200 of /healthz. */
  readyMs: number;
  output(): string;
  stop(): Promise<void>;
}

/** The child's environment: ours without DATABASE_URL/HERALD_DATA_DIR, the target's, the bench route, quiet logs. */
function envFor(target: Target, extra: Record<string, string>): NodeJS.ProcessEnv {
  const { DATABASE_URL: _u, HERALD_DATA_DIR: _d, ...rest } = process.env;
  return {
    ...rest,
    LOG_LEVEL: 'warn',
    HERALD_BENCH: '1',
    ...(target.databaseUrl ? { DATABASE_URL: target.databaseUrl } : {}),
    ...(target.dataDir ? { HERALD_DATA_DIR: target.dataDir } : {}),
    ...extra,
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Spawns `herald serve --port 0` and resolves at its first 200 from /healthz (polled every 10 ms once it says
 * where it listens). `jobs: false` adds `--no-jobs`; `nodeArgs` go to node (e.g. `--cpu-prof`).
 */
export async function startServer(
  target: Target,
  opts: { jobs?: boolean; env?: Record<string, string>; boundMs?: number; nodeArgs?: string[] } = {},
): Promise<Served> {
  const t0 = performance.now();
  const args = [...(opts.nodeArgs ?? []), HERALD_BIN, 'serve', '--port', '0', '--host', '127.0.0.1'];
  if (opts.jobs === false) args.push('--no-jobs');
  const child = spawn(process.execPath, args, {
    env: envFor(target, opts.env ?? {}),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let exited = false;
  const ended = new Promise<void>((resolve) =>
    child.on('exit', () => {
      exited = true;
      resolve();
    }),
  );
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr.on('data', (c: Buffer) => (out += c.toString()));
  const deadline = Date.now() + (opts.boundMs ?? 120_000);
  let url: string | undefined;
  for (;;) {
    if (exited) throw new Error(`herald serve exited before it served:\n${out}`);
    if (Date.now() > deadline) {
      child.kill('SIGTERM');
      throw new Error(`herald serve did not answer /healthz in time:\n${out}`);
    }
    const port = /Herald is serving http:\/\/[^:]+:(\d+)\//.exec(out)?.[1];
    url ??= port ? `http://127.0.0.1:${port}` : undefined;
    if (url) {
      const ok = await fetch(`${url}/healthz`)
        .then(async (r) => (await r.arrayBuffer(), r.status === 200))
        .catch(() => false);
      if (ok) break;
    }
    await sleep(10);
  }
  const readyMs = performance.now() - t0;
  return {
    child,
    pid: child.pid!,
    url,
    readyMs,
    output: () => out,
    stop: async () => {
      if (!exited) child.kill('SIGTERM');
      await ended;
    },
  };
}

/** Resident memory of a process from /proc/<pid>/status, in MB: now (VmRSS) and its peak so far (VmHWM). */
export function memoryOf(pid: number): { rssMb: number; peakMb: number } {
  const s = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (k: string) => Number(new RegExp(`^${k}:\\s+(\\d+) kB`, 'm').exec(s)?.[1] ?? NaN);
  return { rssMb: kb('VmRSS') / 1024, peakMb: kb('VmHWM') / 1024 };
}

/** CPU time a process has used so far (user + system, ms) from /proc/<pid>/stat (clock ticks of 10 ms). */
export function cpuMsOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name (which may hold spaces) start at its closing parenthesis: utime, stime = 14, 15.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** Samples VmRSS every `everyMs` until stopped; gives the highest value seen (MB). */
export function sampleMemory(pid: number, everyMs = 50): { stop(): number } {
  let max = 0;
  const take = () => {
    try {
      max = Math.max(max, memoryOf(pid).rssMb);
    } catch {
      // the process ended: keep what was seen
    }
  };
  take();
  const timer = setInterval(take, everyMs);
  return {
    stop: () => {
      clearInterval(timer);
      take();
      return max;
    },
  };
}

/** A signed-in browser: its cookie header and its session's CSRF token. */
export interface Session {
  cookie: string;
  csrf: string;
}

const cookiesOf = (res: Response): Map<string, string> =>
  new Map(
    res.headers.getSetCookie().map((c) => {
      const pair = c.split(';')[0] ?? '';
      const i = pair.indexOf('=');
      return [pair.slice(0, i).trim(), pair.slice(i + 1).trim()];
    }),
  );

/** Signs in through the form as a browser does: GET /login (CSRF cookie), POST /login, the session's token. */
export async function signIn(url: string, email: string, password: string): Promise<Session> {
  const page = await fetch(`${url}/login`, { redirect: 'manual' });
  await page.arrayBuffer();
  const anon = cookiesOf(page).get('herald_csrf');
  if (!anon) throw new Error(`GET /login set no herald_csrf cookie (status ${page.status})`);
  const res = await fetch(`${url}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: `herald_csrf=${anon}` },
    body: new URLSearchParams({ email, password, _csrf: anon }).toString(),
  });
  await res.arrayBuffer();
  const session = cookiesOf(res).get('herald_session');
  if (res.status !== 303 || !session)
    throw new Error(`sign-in as ${email} failed: POST /login answered ${res.status} without a session`);
  const cookie = `herald_session=${session}`;
  const account = await fetch(`${url}/account`, { headers: { cookie }, redirect: 'manual' });
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await account.text())?.[1];
  if (!csrf) throw new Error(`GET /account (${account.status}) shows no CSRF token`);
  return { cookie, csrf };
}
