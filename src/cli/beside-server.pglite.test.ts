/**
 * The CLI beside a running `herald serve` on PGlite: commands run from another folder are forwarded to the server
 * (src/cli/forward.ts), which runs them on its open database and streams their output and exit code back.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCK_FILE } from '../db/lock';
import { seedPgliteDataDir } from '../../test/db';
import { runHerald, startServe, type ServeProcess } from '../../test/serve-process';
import { SOCKET_FILE } from './forward';

let root: string;
let env: { HERALD_DATA_DIR: string };
let server: ServeProcess | undefined;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'herald-beside-'));
  env = { HERALD_DATA_DIR: join(root, 'data') };
  // Migrated already (a copy of the test template): the server still imports the default plan on this first start.
  seedPgliteDataDir(env.HERALD_DATA_DIR);
});
afterAll(async () => {
  await server?.stop();
  rmSync(root, { recursive: true, force: true });
});

describe('CLI commands while herald serve holds the PGlite data folder', () => {
  it('are run by the server: output and exit codes come back, the pages show the change', async () => {
    server = await startServe(env);
    const socket = join(env.HERALD_DATA_DIR, SOCKET_FILE);
    // Only the folder's owner may connect.
    expect(statSync(socket).mode & 0o777).toBe(0o600);

    // A changed plan, named relative to another folder than the server's.
    const work = join(root, 'work');
    mkdirSync(work);
    const plan = readFileSync(new URL('../../plans/m-sec.yaml', import.meta.url), 'utf8');
    const changed = plan.replace(/^( {2}title: .*)$/m, '$1 (beside the server)');
    expect(changed).not.toBe(plan);
    writeFileSync(join(work, 'plan.yaml'), changed);

    const imported = await runHerald(['plan', 'import', 'plan.yaml'], env, { cwd: work });
    expect(imported.stderr).toBe('');
    expect(imported.code).toBe(0);
    expect(imported.stdout).toContain('project m-sec: updated to version 2, 1 change(s)');

    const kpi = await runHerald(['kpi', '--project', 'm-sec'], env, { cwd: work });
    expect(kpi.code).toBe(0);
    expect(kpi.stdout).toContain('m-sec: KPIs from 2018-07-01 to 2021-06-30 (plan version 2)');

    // The server's own pages read the same database.
    const page = await (await fetch(`${server.url}/p/m-sec`)).text();
    expect(page).toContain('(beside the server)');

    // A command that fails in the server fails in the CLI, with its message.
    const failed = await runHerald(['year', 'close', '--project', 'm-sec', '--year', '9'], env, {
      cwd: work,
    });
    expect(failed.code).toBe(1);
    expect(failed.stderr).toBe('herald: the project has years 1 to 3, not 9\n');
    const missing = await runHerald(['plan', 'import', 'nothere.yaml'], env, { cwd: work });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain(`nothere.yaml: cannot read: ENOENT`);
    expect(missing.stderr).toContain(join(work, 'nothere.yaml'));

    // The server carried on; stopped, it removes its socket and lock.
    expect(server.exit()).toBeNull();
    expect(await server.stop()).toMatchObject({ code: 0 });
    expect(existsSync(socket)).toBe(false);
    expect(existsSync(join(env.HERALD_DATA_DIR, LOCK_FILE))).toBe(false);

    // Without a server, the CLI opens the folder itself.
    const alone = await runHerald(['kpi', '--project', 'm-sec', '--json'], env);
    expect(alone.stderr).toBe('');
    expect(alone.code).toBe(0);
    expect(Array.isArray(JSON.parse(alone.stdout))).toBe(true);
  }, 300_000);
});
