/** `herald serve` as a real child process (bin/herald.mjs) on a free port, and conditions waited for with a bound. */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const HERALD_BIN = fileURLToPath(new URL('../bin/herald.mjs', import.meta.url));

/** The child's environment: this one without DATABASE_URL (the caller says which database), LOG_LEVEL warn, `env`. */
function childEnv(env: Record<string, string>): NodeJS.ProcessEnv {
  const { DATABASE_URL: _inherited, ...rest } = process.env;
  return { ...rest, LOG_LEVEL: 'warn', ...env };
}

export interface ServeProcess {
  child: ChildProcess;
  /** http://127.0.0.1:PORT */
  url: string;
  /** Everything the process printed so far (stdout + stderr). */
  output(): string;
  /** Null while it runs; its exit code (or signal) once it has ended. */
  exit(): { code: number | null; signal: NodeJS.Signals | null } | null;
  /** SIGTERM, then waits for the exit. */
  stop(): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Starts `herald serve --port 0` with `env` added to the environment; resolves once it says where it serves. */
export async function startServe(env: Record<string, string>): Promise<ServeProcess> {
  const child = spawn(process.execPath, [HERALD_BIN, 'serve', '--port', '0', '--host', '127.0.0.1'], {
    env: childEnv(env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let exited: { code: number | null; signal: NodeJS.Signals | null } | null = null;
  const ended = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => {
      exited = { code, signal };
      resolve(exited);
    }),
  );
  const url = await new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      const m = /Herald is serving http:\/\/[^:]+:(\d+)\//.exec(out);
      if (m) resolve(`http://127.0.0.1:${m[1]}`);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    void ended.then((e) =>
      reject(new Error(`herald serve exited (${e.code ?? e.signal}) before serving:\n${out}`)),
    );
  });
  return {
    child,
    url,
    output: () => out,
    exit: () => exited,
    stop: async () => {
      if (!exited) child.kill('SIGTERM');
      return ended;
    },
  };
}

/** Runs `node bin/herald.mjs ARGS` to its end (in `opts.cwd`, default this process's folder). */
export function runHerald(
  args: string[],
  env: Record<string, string>,
  opts: { cwd?: string } = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [HERALD_BIN, ...args], {
      env: childEnv(env),
      ...(opts.cwd ? { cwd: opts.cwd } : {}),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Polls `check` until it returns a value (not undefined), failing after `boundMs` with `what` it waited for. */
export async function waitFor<T>(
  what: string,
  check: () => Promise<T | undefined>,
  opts: { boundMs?: number; everyMs?: number } = {},
): Promise<T> {
  const deadline = Date.now() + (opts.boundMs ?? 60_000);
  for (;;) {
    const v = await check().catch(() => undefined);
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await new Promise((r) => setTimeout(r, opts.everyMs ?? 100));
  }
}
