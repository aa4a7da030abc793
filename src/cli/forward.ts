/**
 * The CLI beside a running `herald serve` on PGlite: the server holds the data folder, so it listens on a Unix socket
 * in that folder (`herald.sock`, 0600, src/cli/command-socket.ts) and runs the commands a CLI forwards there,
 * in-process, on its own open database; the command's output streams back as frames and the CLI exits with the
 * command's code. This side (the CLI's) loads nothing but node's net module.
 *
 * Protocol (one connection per command, newline-delimited JSON): the CLI sends one request line
 * `{ v: 1, argv, cwd, out: { isTTY, columns }, err: { isTTY, columns } }`; the server answers `{ t: 'out' | 'err', d }`
 * chunks, then one `{ t: 'exit', code }`.
 */
import { existsSync } from 'node:fs';
import { createConnection, type Socket } from 'node:net';
import { join, resolve } from 'node:path';

export const SOCKET_FILE = 'herald.sock';

/** Commands the CLI runs itself: the server (and job worker), and what needs no database (help, version, plan check). */
export function isForwardable(args: readonly string[]): boolean {
  const [first, second] = args;
  if (first === undefined || first.startsWith('-') || first === 'help') return false;
  if (args.includes('--help') || args.includes('-h')) return false;
  if (first === 'serve' || first === 'worker') return false;
  return !(first === 'plan' && second === 'check');
}

export interface StreamInfo {
  isTTY: boolean;
  columns?: number;
}

export interface ForwardRequest {
  v: 1;
  argv: string[];
  cwd: string;
  out: StreamInfo;
  err: StreamInfo;
}

export type Frame = { t: 'out' | 'err'; d: string } | { t: 'exit'; code: number };

/** Reads newline-delimited JSON lines from a socket. */
export function onLines(socket: Socket, fn: (line: string) => void): void {
  let buf = '';
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => {
    buf += chunk;
    for (let i = buf.indexOf('\n'); i >= 0; i = buf.indexOf('\n')) {
      const line = buf.slice(0, i);
      buf = buf.slice(i + 1);
      fn(line);
    }
  });
}

/**
 * Sends the command to the server holding the data folder, when one listens there (PGlite only); resolves with its
 * exit code, or null when there is no server to forward to (then the CLI opens the folder itself, as usual).
 */
export function forwardToServer(
  args: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
): Promise<number | null> {
  if (env.DATABASE_URL !== undefined || !isForwardable(args)) return Promise.resolve(null);
  const path = join(resolve(env.HERALD_DATA_DIR ?? './data'), SOCKET_FILE);
  if (!existsSync(path)) return Promise.resolve(null);
  return new Promise((done) => {
    let connected = false;
    let code: number | null = null;
    const socket = createConnection(path);
    socket.on('error', (e) => {
      // No server behind a stale socket file (ECONNREFUSED): open the folder ourselves.
      if (!connected) done(null);
      else {
        process.stderr.write(`herald: lost the connection to the server: ${e.message}\n`);
        done(1);
      }
    });
    socket.on('connect', () => {
      connected = true;
      const tty = (s: NodeJS.WriteStream) => ({
        isTTY: s.isTTY === true,
        ...(s.isTTY && s.columns ? { columns: s.columns } : {}),
      });
      const request: ForwardRequest = {
        v: 1,
        argv: [...args],
        cwd: process.cwd(),
        out: tty(process.stdout),
        err: tty(process.stderr),
      };
      socket.write(`${JSON.stringify(request)}\n`);
    });
    onLines(socket, (line) => {
      let f: Partial<Frame & { d: unknown; code: unknown }>;
      try {
        f = JSON.parse(line) as typeof f;
      } catch {
        return;
      }
      if (f.t === 'exit' && typeof f.code === 'number') code = f.code;
      else if ((f.t === 'out' || f.t === 'err') && typeof f.d === 'string')
        (f.t === 'out' ? process.stdout : process.stderr).write(f.d);
    });
    socket.on('close', () => {
      if (!connected) return;
      if (code === null) process.stderr.write('herald: the server ended before the command finished\n');
      done(code ?? 1);
    });
  });
}
