/** A fresh, migrated database for one test file, on the engine the vitest project names (PGlite or PostgreSQL). */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import type { Database } from '../src/db/client';
import { fromPostgresUrl } from '../src/db/postgres';
import { pooledPglite } from './pglite-pool';

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteTemplate: string;
    /** The same migrated database as a closed PGlite data folder, to copy. */
    pgliteTemplateDir: string;
    pgClusterUrl: string;
  }
}

export const testEngine = (): 'pglite' | 'pg' => (process.env.HERALD_TEST_DB === 'pg' ? 'pg' : 'pglite');

/** `listen`: on PostgreSQL, listen for writes (as `herald serve` does), so `writes` is set there too. */
export async function createTestDatabase(opts: { listen?: boolean } = {}): Promise<Database> {
  if (testEngine() === 'pg') {
    const base = inject('pgClusterUrl');
    const name = `t_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: base });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name} TEMPLATE herald_template`);
    await admin.end();
    const database = fromPostgresUrl(base.replace(/\/[^/]*$/, `/${name}`), { max: 4, listen: opts.listen });
    await database.listening?.();
    const close = database.close;
    return {
      ...database,
      close: async () => {
        await close();
        const a = new pg.Client({ connectionString: base });
        await a.connect();
        await a.query(`DROP DATABASE IF EXISTS ${name}`);
        await a.end();
      },
    };
  }
  return pooledPglite(inject('pgliteTemplate'));
}

/** A PGlite database in memory holding the migrated template, whatever the engine of the run (cross-engine tests). */
export const createPgliteDatabase = (): Promise<Database> => pooledPglite(inject('pgliteTemplate'));

/**
 * Makes `dir` a PGlite data folder holding the migrated template: a copy of its files, so whatever opens it (the CLI,
 * a `herald serve` child) skips initdb and the migrations, which cost ~6 s of CPU per folder.
 */
export function seedPgliteDataDir(dir: string): void {
  cpSync(inject('pgliteTemplateDir'), dir, { recursive: true });
}

/**
 * Environment for code that opens its own database from the environment (the CLI): a fresh PGlite data folder
 * (a copy of the migrated template), or a fresh PostgreSQL database cloned from the migrated template.
 */
export async function createTestDatabaseEnv(): Promise<{
  env: Record<string, string>;
  cleanup(): Promise<void>;
}> {
  if (testEngine() === 'pg') {
    const base = inject('pgClusterUrl');
    const name = `t_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: base });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name} TEMPLATE herald_template`);
    await admin.end();
    return {
      env: { DATABASE_URL: base.replace(/\/[^/]*$/, `/${name}`) },
      cleanup: async () => {
        const a = new pg.Client({ connectionString: base });
        await a.connect();
        await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await a.end();
      },
    };
  }
  const dir = mkdtempSync(join(tmpdir(), 'herald-cli-'));
  seedPgliteDataDir(join(dir, 'data'));
  return {
    env: { HERALD_DATA_DIR: join(dir, 'data') },
    cleanup: async () => rmSync(dir, { recursive: true, force: true }),
  };
}
