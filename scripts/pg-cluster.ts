/** A throwaway PostgreSQL cluster from the system's binaries, on a free loopback port in a temporary folder. */
import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Cluster {
  url: (db?: string) => string;
  port: number;
  /** Stops the server for good and removes its folder. */
  stop(): void;
  /** `pg_ctl restart -m fast|immediate`, without blocking the event loop (clients keep running meanwhile). */
  restart(mode: 'fast' | 'immediate'): Promise<void>;
  /** Stops the server (keeping its data) until `start()`: an outage of known extent. */
  pause(mode: 'fast' | 'immediate'): Promise<void>;
  start(): Promise<void>;
}

/** The newest `/usr/lib/postgresql/N/bin`, or the folder holding `initdb` on PATH; null when none is installed. */
export function findPgBin(): string | null {
  const root = '/usr/lib/postgresql';
  if (existsSync(root)) {
    const versions = readdirSync(root)
      .filter((v) => existsSync(join(root, v, 'bin', 'initdb')))
      .sort((a, b) => Number(b) - Number(a));
    if (versions[0]) return join(root, versions[0], 'bin');
  }
  const which = spawnSync('sh', ['-c', 'command -v initdb'], { encoding: 'utf8' });
  const path = which.stdout.trim();
  return path ? path.replace(/\/initdb$/, '') : null;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;

/** initdb refuses to run as root: as root, the server runs as the `postgres` system user. */
function run(bin: string, args: string[]): void {
  const [cmd, argv] = isRoot() ? ['runuser', ['-u', 'postgres', '--', bin, ...args]] : [bin, args];
  execFileSync(cmd, argv, { stdio: ['ignore', 'pipe', 'pipe'] });
}

function runAsync(bin: string, args: string[]): Promise<void> {
  const [cmd, argv] = isRoot() ? ['runuser', ['-u', 'postgres', '--', bin, ...args]] : [bin, args];
  return new Promise((resolve, reject) => {
    execFile(cmd, argv, (err, _stdout, stderr) =>
      err ? reject(new Error(`${bin} ${args.join(' ')}: ${stderr || err.message}`)) : resolve(),
    );
  });
}

/**
 * `durable`: commits are acknowledged only once in the WAL (synchronous_commit on), so an acknowledged write survives
 * `restart -m immediate` (the shared test cluster trades that for speed; fsync stays off, the OS does not crash).
 */
export async function startCluster(opts: { durable?: boolean } = {}): Promise<Cluster> {
  const bin = findPgBin();
  if (!bin)
    throw new Error(
      'PostgreSQL binaries not found: install the `postgresql` package (Debian) and run again.',
    );
  const dir = mkdtempSync(join(tmpdir(), 'herald-pg-'));
  chmodSync(dir, 0o777);
  const data = join(dir, 'data');
  const port = await freePort();
  const pgCtl = join(bin, 'pg_ctl');
  const startArgs = ['-D', data, '-l', join(dir, 'server.log'), '-w', '-t', '30'];
  try {
    run(join(bin, 'initdb'), [
      '-D',
      data,
      '-U',
      'postgres',
      '-A',
      'trust',
      '-E',
      'UTF8',
      '--locale=C.UTF-8',
      '--no-sync',
    ]);
    startArgs.push(
      '-o',
      `-c listen_addresses=127.0.0.1 -p ${port} -k ${dir} -c fsync=off -c synchronous_commit=${opts.durable ? 'on' : 'off'} -c full_page_writes=off -c max_connections=200`,
      'start',
    );
    run(join(bin, 'pg_ctl'), startArgs);
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    const err = e as { stderr?: Buffer };
    throw new Error(`Could not start PostgreSQL: ${err.stderr?.toString() ?? String(e)}`);
  }
  let stopped = false;
  return {
    port,
    restart: (mode) =>
      runAsync(pgCtl, ['-D', data, '-l', join(dir, 'server.log'), '-w', '-t', '30', '-m', mode, 'restart']),
    pause: (mode) => runAsync(pgCtl, ['-D', data, '-w', '-t', '30', '-m', mode, 'stop']),
    start: () => runAsync(pgCtl, startArgs),
    url: (db = 'postgres') => `postgres://postgres@127.0.0.1:${port}/${db}`,
    stop() {
      if (stopped) return;
      stopped = true;
      try {
        run(join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
