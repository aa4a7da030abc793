/**
 * `herald serve` on PGlite answers CLI commands on `<data dir>/herald.sock` (protocol: src/cli/forward.ts): each is
 * run in-process by `main`, on the server's open database, with the command's output sent back as frames.
 */
import { chmodSync, existsSync, unlinkSync } from 'node:fs';
import { createServer, type Socket } from 'node:net';
import { resolve } from 'node:path';
import { z } from 'zod';
import type { Database } from '../db/client';
import { withAmbientDatabase } from './context';
import { SOCKET_FILE, isForwardable, onLines, type ForwardRequest, type Frame } from './forward';
import { withCliIo, type CliStream } from './io';

const streamSchema = z.object({ isTTY: z.boolean(), columns: z.number().int().positive().optional() });
const requestSchema = z.object({
  v: z.literal(1),
  argv: z.array(z.string()).max(10_000),
  cwd: z.string().min(1),
  out: streamSchema,
  err: streamSchema,
});

export interface CommandSocket {
  path: string;
  close(): Promise<void>;
}

export interface ListenOptions {
  dataDir: string;
  database: Database;
  onError?: (err: unknown) => void;
}

/**
 * Listens on `<dataDir>/herald.sock` for forwarded commands. The caller holds the folder's lock, so a socket file
 * already there is a dead server's and is replaced. The socket is created 0600 (umask while binding, then chmod):
 * only the folder's owner may run commands through it, as only they may open the folder itself.
 */
export async function listenForCommands(opts: ListenOptions): Promise<CommandSocket> {
  const path = resolve(opts.dataDir, SOCKET_FILE);
  if (existsSync(path)) unlinkSync(path);
  const server = createServer((socket) => serveConnection(socket, opts));
  const mask = process.umask(0o177);
  try {
    await new Promise<void>((done, fail) => {
      server.once('error', fail);
      server.listen(path, () => {
        server.off('error', fail);
        done();
      });
    });
  } finally {
    process.umask(mask);
  }
  chmodSync(path, 0o600);
  const remove = () => {
    try {
      unlinkSync(path);
    } catch {
      // already gone
    }
  };
  process.on('exit', remove);
  return {
    path,
    close: async () => {
      process.off('exit', remove);
      await new Promise<void>((done) => server.close(() => done()));
      remove();
    },
  };
}

function serveConnection(socket: Socket, opts: ListenOptions): void {
  let started = false;
  socket.on('error', () => socket.destroy()); // the CLI went away (Ctrl-C): the command runs to its end unheard
  onLines(socket, (line) => {
    if (started) return;
    started = true;
    const send = (f: Frame) => {
      if (!socket.destroyed) socket.write(`${JSON.stringify(f)}\n`);
    };
    let request: ForwardRequest;
    try {
      request = requestSchema.parse(JSON.parse(line));
    } catch {
      send({
        t: 'err',
        d: 'herald: the server did not understand the command (is the CLI the same version?)\n',
      });
      send({ t: 'exit', code: 2 });
      socket.end();
      return;
    }
    void runForwarded(request, opts.database, send)
      .catch((e: unknown) => {
        opts.onError?.(e);
        send({ t: 'err', d: `herald: internal error in the server: ${String(e)}\n` });
        return 2;
      })
      .then((code) => {
        send({ t: 'exit', code });
        socket.end();
      });
  });
}

async function runForwarded(
  r: ForwardRequest,
  database: Database,
  send: (f: Frame) => void,
): Promise<number> {
  if (!isForwardable(r.argv)) {
    send({ t: 'err', d: `herald: run "herald ${r.argv.join(' ')}" without a server on this data folder\n` });
    return 1;
  }
  const stream = (t: 'out' | 'err', s: ForwardRequest['out']): CliStream => ({
    write: (chunk: string) => {
      send({ t, d: String(chunk) });
      return true;
    },
    isTTY: s.isTTY,
    ...(s.columns !== undefined ? { columns: s.columns } : {}),
  });
  const { main } = await import('./main');
  return withAmbientDatabase(database, () =>
    withCliIo({ out: stream('out', r.out), err: stream('err', r.err), cwd: r.cwd }, () =>
      main(['node', 'herald', ...r.argv]),
    ),
  );
}
