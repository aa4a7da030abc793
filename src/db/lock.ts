/**
 * One embedded database, one owner: an exclusive lock file in the PGlite data folder.
 *
 * Hand-written (about 60 lines) rather than `proper-lockfile`: that package locks with a directory and an mtime it
 * keeps refreshing, and cannot say which process holds the lock, while the message a second opener prints must name
 * the holder (command, pid, host, start time). The file `herald.lock` is created atomically (`wx`) and holds that
 * holder as JSON. A lock whose process is gone is taken over: its pid is dead on this host, or is our own pid (a
 * container that restarted as pid 1 with the same hostname). A lock from another host is never taken over: we cannot
 * see its processes, so the message says to delete the file once that process is gone.
 */
import { hostname } from 'node:os';
import { linkSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { AppError } from '../errors';

export const LOCK_FILE = 'herald.lock';

export interface LockHolder {
  pid: number;
  hostname: string;
  command: string;
  startedAt: string;
}

export interface DataDirLock {
  holder: LockHolder;
  release(): void;
}

function readText(file: string): string | null {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}

/** The holder a lock file names; null when unreadable or half-written (then held by an unknown process). */
function parseHolder(text: string): LockHolder | null {
  try {
    const h = JSON.parse(text) as Partial<LockHolder>;
    return typeof h.pid === 'number' && typeof h.hostname === 'string'
      ? {
          pid: h.pid,
          hostname: h.hostname,
          command: String(h.command ?? '?'),
          startedAt: String(h.startedAt ?? '?'),
        }
      : null;
  } catch {
    return null;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM'; // exists, owned by another user
  }
}

/** Folders this process holds: our own pid in a lock file is stale only when this process did not write it. */
const held = new Set<string>();

const isStale = (h: LockHolder, file: string): boolean =>
  h.hostname === hostname() && (h.pid === process.pid ? !held.has(file) : !isAlive(h.pid));

export const dataDirLocked = (dir: string, h: LockHolder | null): AppError => {
  const params = {
    dir,
    command: h?.command ?? 'another process',
    pid: String(h?.pid ?? '?'),
    host: h?.hostname ?? '?',
    started: h?.startedAt ?? '?',
    lockFile: join(dir, LOCK_FILE),
  };
  return new AppError({
    code: 'data_dir_locked',
    status: 409,
    message: `The data folder ${params.dir} is in use by ${params.command} (pid ${params.pid} on ${params.host}, started ${params.started}). Stop it first, or do this through the running server (its web pages or the API). If that process no longer runs, delete ${params.lockFile}.`,
    messageKey: 'error.data_dir_locked',
    params,
  });
};

/** Takes the data folder's lock, or throws `data_dir_locked` naming its holder. Released on `release()` and on exit. */
export function lockDataDir(dir: string, opts: { command: string }): DataDirLock {
  const file = resolve(dir, LOCK_FILE);
  const holder: LockHolder = {
    pid: process.pid,
    hostname: hostname(),
    command: opts.command,
    startedAt: new Date(Date.now() - process.uptime() * 1000).toISOString(),
  };
  const text = `${JSON.stringify(holder)}\n`;
  for (let attempt = 0; ; attempt++) {
    try {
      writeFileSync(file, text, { flag: 'wx', mode: 0o644 });
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const seen = readText(file);
      const current = seen === null ? null : parseHolder(seen);
      if (attempt > 0 || !current || !isStale(current, file)) throw dataDirLocked(dir, current);
      // Another process may be taking over the same stale lock: move the file aside under a name of our own and
      // check it is still the stale one before removing it; if it is a fresh lock already, put it back (`link`
      // fails rather than overwrite) and report its holder. Then `wx` again, which exactly one process wins.
      const aside = `${file}.stale-${process.pid}`;
      try {
        renameSync(file, aside);
      } catch {
        continue; // gone already: someone removed it, so race on `wx`
      }
      const moved = readText(aside);
      if (moved !== seen) {
        try {
          linkSync(aside, file);
        } catch {
          // a third process created a lock meanwhile: it holds the folder
        }
        unlinkSync(aside);
        throw dataDirLocked(dir, moved === null ? null : parseHolder(moved));
      }
      unlinkSync(aside);
    }
  }
  held.add(file);
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    held.delete(file);
    process.off('exit', release);
    for (const s of SIGNALS) process.off(s, onSignal);
    if (readText(file) === text) unlinkSync(file);
  };
  // A signal ends the process without running 'exit' handlers unless someone listens: when nobody else does (a CLI
  // command), release and leave with the usual status; `herald serve` listens itself and closes the database
  // (which releases the lock) before it exits.
  const onSignal = (signal: NodeJS.Signals) => {
    if (process.listenerCount(signal) > 1) return;
    release();
    process.exit(signal === 'SIGINT' ? 130 : 143);
  };
  process.on('exit', release);
  for (const s of SIGNALS) process.on(s, onSignal);
  return { holder, release };
}

const SIGNALS = ['SIGINT', 'SIGTERM'] as const;
