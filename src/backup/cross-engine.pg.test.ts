/**
 * Across the engines: a backup made from a PGlite database, restored into PostgreSQL, backed up again gives the same
 * bytes; the restored chain verifies there; that backup restored into a new PGlite folder gives the same bytes again.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { instanceEnv, seedBackupProject, SEED_PROJECT } from '../../test/backup-seed';
import { runCli } from '../../test/cli';
import { createTestDatabaseEnv } from '../../test/db';

vi.setConfig({ testTimeout: 300_000, hookTimeout: 300_000 });

const dir = mkdtempSync(join(tmpdir(), 'herald-backup-cross-'));
const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const c of cleanups) await c();
});

const exportTo = (env: Record<string, string>, out: string) =>
  runCli(['export', '--project', SEED_PROJECT, '--format', 'backup', '--out', out], env);

describe('backup across engines', () => {
  it('PGlite backup → PostgreSQL restore → backup: identical bytes, and the chain verifies', async () => {
    const pglite = instanceEnv({ HERALD_DATA_DIR: join(dir, 'pglite-data') });
    expect(pglite.DATABASE_URL).toBeUndefined();
    await seedBackupProject(pglite);
    const a = join(dir, 'from-pglite.tar');
    const exported = await exportTo(pglite, a);
    expect(exported.stderr).not.toContain('herald:');
    expect(exported.code).toBe(0);

    const { env, cleanup } = await createTestDatabaseEnv();
    cleanups.push(cleanup);
    const postgres = instanceEnv(env);
    expect(postgres.DATABASE_URL).toMatch(/^postgres/);
    const restored = await runCli(['restore', a], postgres);
    expect(restored.stderr).not.toContain('herald:');
    expect(restored.code).toBe(0);
    const b = join(dir, 'from-postgres.tar');
    expect((await exportTo(postgres, b)).code).toBe(0);
    expect(readFileSync(b).equals(readFileSync(a))).toBe(true);
    const verify = await runCli(['audit', 'verify', '--records'], postgres);
    expect(verify.code).toBe(0);

    // And back: the PostgreSQL backup restored into a new PGlite folder.
    const back = instanceEnv({ HERALD_DATA_DIR: join(dir, 'pglite-back') });
    expect((await runCli(['restore', b], back)).code).toBe(0);
    const c = join(dir, 'back-in-pglite.tar');
    expect((await exportTo(back, c)).code).toBe(0);
    expect(readFileSync(c).equals(readFileSync(a))).toBe(true);
  });
});
