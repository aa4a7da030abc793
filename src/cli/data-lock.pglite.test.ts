/**
 * One embedded database, one owner: a PGlite data folder held by another CLI command (not a server, which would run
 * the command itself: beside-server.pglite.test.ts) stops a second command at once with one line naming the holder,
 * exit 1, no stack trace; a stale socket file left by a dead server is ignored.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCK_FILE } from '../db/lock';
import { runHerald } from '../../test/serve-process';
import { SOCKET_FILE } from './forward';

let root: string;
let env: { HERALD_DATA_DIR: string };

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'herald-lock-'));
  env = { HERALD_DATA_DIR: join(root, 'data') };
  mkdirSync(env.HERALD_DATA_DIR);
});
afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

describe('a PGlite data folder held by another CLI command', () => {
  it('refuses a second command with one line naming the holder', async () => {
    // A live holder: this test's own process, as a running `herald import` would write it.
    const startedAt = '2026-01-02T03:04:05.000Z';
    writeFileSync(
      join(env.HERALD_DATA_DIR, LOCK_FILE),
      JSON.stringify({ pid: process.pid, hostname: hostname(), command: 'herald import', startedAt }),
    );
    // A socket file nobody listens on (a server killed with SIGKILL): not a server to forward to.
    writeFileSync(join(env.HERALD_DATA_DIR, SOCKET_FILE), '');

    const second = await runHerald(['kpi', '--project', 'm-sec'], env);
    expect(second.code).toBe(1);
    expect(second.stdout).toBe('');
    expect(second.stderr).toBe(
      `herald: The data folder ${env.HERALD_DATA_DIR} is in use by herald import (pid ${process.pid} on ${hostname()}, started ${startedAt}). ` +
        `Stop it first, or do this through the running server (its web pages or the API). If that process no longer runs, delete ${join(env.HERALD_DATA_DIR, LOCK_FILE)}.\n`,
    );
  }, 120_000);
});
