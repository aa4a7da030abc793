/**
 * `herald export --format backup` and `herald restore` while `herald serve` holds the PGlite data folder: forwarded to
 * the server (src/cli/forward.ts), paths relative to the terminal's folder, refusals and exit codes back.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedPgliteDataDir } from '../../test/db';
import { runHerald, startServe, type ServeProcess } from '../../test/serve-process';

let root: string;
let env: { HERALD_DATA_DIR: string };
let server: ServeProcess | undefined;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'herald-backup-beside-'));
  env = { HERALD_DATA_DIR: join(root, 'data') };
  seedPgliteDataDir(env.HERALD_DATA_DIR);
});
afterAll(async () => {
  await server?.stop();
  rmSync(root, { recursive: true, force: true });
});

describe('backup and restore beside a running server (PGlite)', () => {
  it('are run by the server', async () => {
    server = await startServe(env);
    const work = join(root, 'work');
    mkdirSync(work);
    const exported = await runHerald(
      ['export', '--project', 'm-sec', '--format', 'backup', '--out', 'm.tar'],
      env,
      {
        cwd: work,
      },
    );
    expect(exported.stderr).not.toContain('herald:');
    expect(exported.code).toBe(0);
    expect(exported.stdout).toContain(`backup of m-sec written to ${join(work, 'm.tar')}`);
    expect(existsSync(join(work, 'm.tar'))).toBe(true);

    const refused = await runHerald(['restore', 'm.tar'], env, { cwd: work });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('herald: the project m-sec already exists here: nothing was restored');

    const replaced = await runHerald(['restore', 'm.tar', '--replace'], env, { cwd: work });
    expect(replaced.stderr).not.toContain('herald:');
    expect(replaced.code).toBe(0);
    expect(replaced.stdout).toContain('project m-sec replaced: ');

    const page = await fetch(`${server.url}/p/m-sec`);
    expect(page.status).toBeLessThan(500);
    expect(server.exit()).toBeNull();
  }, 300_000);
});
