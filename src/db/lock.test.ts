/** The data folder lock: one holder, named in the refusal; stale locks (dead pid on this host) are taken over. */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isAppError } from '../errors';
import { LOCK_FILE, lockDataDir, type LockHolder } from './lock';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'herald-lock-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const lockFile = () => join(dir, LOCK_FILE);
const writeHolder = (h: Partial<LockHolder>) =>
  writeFileSync(
    lockFile(),
    JSON.stringify({
      pid: 1,
      hostname: hostname(),
      command: 'herald serve',
      startedAt: '2026-01-01T00:00:00.000Z',
      ...h,
    }),
  );

/** The refusal `lockDataDir` throws, or null when it took the lock (then released). */
function refusal(): { code: string; message: string } | null {
  try {
    lockDataDir(dir, { command: 'herald kpi' }).release();
    return null;
  } catch (e) {
    if (!isAppError(e)) throw e;
    return { code: e.code, message: e.message };
  }
}

/** A pid that existed and has ended (its process ran `true`). */
const deadPid = () => spawnSync('true').pid;

describe('lockDataDir', () => {
  it('writes the holder atomically and removes the file on release', () => {
    const lock = lockDataDir(dir, { command: 'herald serve' });
    expect(JSON.parse(readFileSync(lockFile(), 'utf8'))).toMatchObject({
      pid: process.pid,
      hostname: hostname(),
      command: 'herald serve',
    });
    lock.release();
    expect(existsSync(lockFile())).toBe(false);
    lock.release(); // twice is harmless
  });

  it('refuses a second opener in this process, naming the holder', () => {
    const lock = lockDataDir(dir, { command: 'herald serve' });
    try {
      const r = refusal();
      expect(r?.code).toBe('data_dir_locked');
      expect(r?.message).toContain(`in use by herald serve (pid ${process.pid} on ${hostname()}`);
      expect(r?.message).toContain('Stop it first');
    } finally {
      lock.release();
    }
    expect(refusal()).toBeNull();
  });

  it('refuses a folder another live process holds', () => {
    writeHolder({ pid: process.ppid, command: 'herald serve', startedAt: '2026-12-01T20:00:00.000Z' });
    expect(refusal()?.message).toBe(
      `The data folder ${dir} is in use by herald serve (pid ${process.ppid} on ${hostname()}, started 2026-12-01T20:00:00.000Z). Stop it first, or do this through the running server (its web pages or the API). If that process no longer runs, delete ${lockFile()}.`,
    );
    expect(existsSync(lockFile())).toBe(true);
  });

  it('takes over a lock whose process is dead on this host, or is this pid from an earlier life', () => {
    writeHolder({ pid: deadPid() });
    const lock = lockDataDir(dir, { command: 'herald kpi' });
    expect(JSON.parse(readFileSync(lockFile(), 'utf8'))).toMatchObject({
      pid: process.pid,
      command: 'herald kpi',
    });
    lock.release();
    writeHolder({ pid: process.pid });
    expect(refusal()).toBeNull();
  });

  it('never takes over a lock from another host, nor an unreadable one', () => {
    writeHolder({ pid: deadPid(), hostname: 'elsewhere.example' });
    expect(refusal()?.message).toContain('on elsewhere.example');
    writeFileSync(lockFile(), '');
    expect(refusal()?.message).toContain('in use by another process');
  });
});
