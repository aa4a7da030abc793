/**
 * Across the engines: a backup made from a PGlite database, restored into PostgreSQL, backed up again gives the same
 * bytes; the restored chain verifies there; that backup restored into a new PGlite database gives the same bytes
 * again. The PostgreSQL side runs the commands end to end (`herald restore`, `herald export --format backup`, `herald
 * audit verify --records`: exit codes, messages, a refused second restore); the PGlite sides run the use cases they
 * call, in memory (src/backup/backup.int.test.ts covers them on each engine).
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  exportTo,
  instanceEnv,
  instanceOn,
  restoreFrom,
  seedBackupProject,
  SEED_PROJECT,
} from '../../test/backup-seed';
import { runCli } from '../../test/cli';
import { createPgliteDatabase, createTestDatabaseEnv } from '../../test/db';

const dir = mkdtempSync(join(tmpdir(), 'herald-backup-cross-'));
const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const c of cleanups) await c();
});

describe('backup across engines', () => {
  it('PGlite backup → herald restore into PostgreSQL → herald export: identical bytes, and the chain verifies', async () => {
    const pglite = instanceOn(await createPgliteDatabase());
    cleanups.push(() => pglite.database.close());
    expect(pglite.database.driver).toBe('pglite');
    await seedBackupProject(pglite);
    const a = join(dir, 'from-pglite.tar');
    await exportTo(pglite, a);
    // Done with: back to the pool, for the PGlite the backup returns to below.
    await pglite.database.close();

    const { env, cleanup } = await createTestDatabaseEnv();
    cleanups.push(cleanup);
    const postgres = instanceEnv(env);
    expect(postgres.DATABASE_URL).toMatch(/^postgres/);
    const restored = await runCli(['restore', a], postgres);
    expect(restored.stderr).not.toContain('herald:');
    expect(restored.code).toBe(0);
    expect(restored.stdout).toMatch(
      /^project tide-x restored: \d+ rows, 4 files; accounts: 2 created without a password, 0 matched/m,
    );
    const b = join(dir, 'from-postgres.tar');
    const exported = await runCli(
      ['export', '--project', SEED_PROJECT, '--format', 'backup', '--out', b],
      postgres,
    );
    expect(exported.stderr).not.toContain('herald:');
    expect(exported.code).toBe(0);
    expect(exported.stdout).toContain(`backup of tide-x written to ${b}: `);
    expect(readFileSync(b).equals(readFileSync(a))).toBe(true);
    const verify = await runCli(['audit', 'verify', '--records'], postgres);
    expect(verify.stdout).not.toMatch(/FAIL|broken|altered/i);
    expect(verify.code).toBe(0);
    const again = await runCli(['restore', a], postgres);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain(
      'herald: the project tide-x already exists here: nothing was restored (give --replace',
    );

    // And back: the PostgreSQL backup restored into a new PGlite database.
    const back = instanceOn(await createPgliteDatabase());
    cleanups.push(() => back.database.close());
    expect((await restoreFrom(back, b)).project).toBe(SEED_PROJECT);
    const c = join(dir, 'back-in-pglite.tar');
    await exportTo(back, c);
    expect(readFileSync(c).equals(readFileSync(a))).toBe(true);
  });
});
