/**
 * One embedded database, one owner: while `herald serve` holds a PGlite data folder, a CLI command on it stops at
 * once (exit 1, naming the server's pid) without opening it, and the folder stays healthy for the server and after.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCK_FILE } from '../db/lock';
import { runHerald, startServe, type ServeProcess } from '../../test/serve-process';

let root: string;
let env: { HERALD_DATA_DIR: string };
let server: ServeProcess | undefined;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'herald-lock-'));
  env = { HERALD_DATA_DIR: join(root, 'data') };
});
afterAll(async () => {
  await server?.stop();
  rmSync(root, { recursive: true, force: true });
});

describe('a PGlite data folder held by herald serve', () => {
  it('refuses a second process, naming the holder, and stays healthy', async () => {
    server = await startServe(env);
    const pid = server.child.pid;

    const second = await runHerald(['kpi', '--project', 'm-sec'], env);
    expect(second.code).toBe(1);
    expect(second.stderr).toContain(
      `herald: The data folder ${env.HERALD_DATA_DIR} is in use by herald serve (pid ${pid} on `,
    );
    expect(second.stdout).toBe('');
    // The server did not notice: it still answers from its database.
    expect(server.exit()).toBeNull();
    const health = await fetch(`${server.url}/healthz`);
    expect(await health.json()).toMatchObject({ status: 'ok', db: 'ok', database: 'pglite' });
    const page = await fetch(`${server.url}/p/m-sec`);
    expect(page.status).toBe(200);

    // Stopped, the server releases the folder; a command then opens it, works and terminates.
    expect(await server.stop()).toMatchObject({ code: 0 });
    expect(existsSync(join(env.HERALD_DATA_DIR, LOCK_FILE))).toBe(false);
    const after = await runHerald(['kpi', '--project', 'm-sec', '--json'], env);
    expect(after.stderr).toBe('');
    expect(after.code).toBe(0);
    expect(Array.isArray(JSON.parse(after.stdout))).toBe(true);
    expect(existsSync(join(env.HERALD_DATA_DIR, LOCK_FILE))).toBe(false);
  }, 300_000);
});
