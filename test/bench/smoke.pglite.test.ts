/**
 * The bench's smoke run (issue 17): every scenario at the smallest size, one pair, a tiny import, on this tier's
 * engine. Checks only that each scenario produced figures (and the results file), never how fast they were. PGlite
 * only: the default engine, whose data folder the server scenarios open; `npm run bench -- --engine postgres --size
 * small` runs the same on PostgreSQL.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { BENCH_EMAIL } from '../../bench/generate';
import { loadMeasureServer, runBench, type BenchRun } from '../../bench/runner';
import { openDatabase } from '../../src/db/client';
import { users } from '../../src/db/schema';
import { createTestDatabaseEnv, seedPgliteDataDir, testEngine } from '../db';

describe('npm run bench (smoke)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'herald-bench-smoke-'));
  let env: Awaited<ReturnType<typeof createTestDatabaseEnv>>;
  let run: BenchRun;
  beforeAll(async () => {
    env = await createTestDatabaseEnv();
    // The bench's own data folder, migrated already (a copy of the test template): no initdb in the test's time.
    if (!env.env.DATABASE_URL) seedPgliteDataDir(join(dir, 'data'));
    run = await runBench({
      engine: testEngine() === 'pg' ? 'postgres' : 'pglite',
      size: 'small',
      spec: [{ projects: 1, records: 200 }],
      smoke: true,
      quiet: true,
      importRows: 40,
      ...(env.env.DATABASE_URL ? { databaseUrl: env.env.DATABASE_URL } : { dataDir: join(dir, 'data') }),
      resultsDir: join(dir, 'results'),
    });
  }, 120_000);
  afterAll(async () => {
    await env?.cleanup();
    rmSync(dir, { recursive: true, force: true });
  });

  it('runs the import scenario beside COPY', () => {
    const f = run.figures.find((x) => x.scenario === 'import');
    expect(f && 'ratios' in f && f.aRuns.length > 0 && f.bRuns.every((b) => b > 0)).toBe(true);
  });

  it('runs the KPI scenario beside the hand-written aggregate', () => {
    const f = run.figures.find((x) => x.scenario.startsWith('kpis @200'));
    expect(f && 'ratios' in f && f.ratios.every((r) => Number.isFinite(r))).toBe(true);
  });

  it('runs the report scenario: the DOCX report beside docx packing the same tables', () => {
    const f = run.figures.find((x) => x.scenario === 'report docx @20 activities');
    expect(f && 'ratios' in f && f.aRuns.length > 0 && f.bRuns.every((b) => b > 0)).toBe(true);
  });

  it('runs the export scenario: the streamed CSV beside COPY of the same bytes, then over HTTP with the server peak memory', () => {
    const inProcess = run.figures.find((x) => x.scenario === 'export-csv-inprocess');
    expect(inProcess && 'ratios' in inProcess && inProcess.bRuns.every((b) => b > 0)).toBe(true);
    // COPY wrote the app's CSV (after its BOM), from the export scenario's own project of 50 activities.
    expect(inProcess?.extra).toMatchObject({ activities: 50, sameBytes: true });
    const http = run.figures.find((x) => x.scenario === 'export-csv' || x.scenario === 'export-csv-http');
    expect((http?.extra as { serverPeakRssMb?: number } | undefined)?.serverPeakRssMb).toBeGreaterThan(0);
  });

  it('runs the public site scenario: home page and a counted download beside the hello route', () => {
    for (const name of [
      'public site home page under autocannon',
      'deliverable download (counted) under autocannon',
    ]) {
      const f = run.figures.find((x) => x.scenario === name);
      expect(f && 'ratios' in f && f.bRuns.every((b) => b > 0), name).toBe(true);
      expect((f?.extra as { not2xx?: number } | undefined)?.not2xx, name).toBe(0);
    }
  });

  it('runs the server scenarios, or says they are not built', async () => {
    const server = await loadMeasureServer();
    const names = { dashboard: /^dashboard /, memory: /^server memory /, coldstart: /^cold start / };
    for (const [s, name] of Object.entries(names)) {
      if (server)
        expect(
          run.figures.some((f) => name.test(f.scenario)),
          s,
        ).toBe(true);
      else expect(run.skipped).toContain(`${s}: server scenarios: not built`);
    }
  });

  it('leaves a database that herald serve opens (on PGlite: the data folder), with the bench user', async () => {
    const database = await openDatabase({
      dataDir: join(dir, 'data'),
      databaseUrl: env.env.DATABASE_URL,
      command: 'herald serve',
    });
    try {
      const [user] = await database.db.select().from(users).where(eq(users.email, BENCH_EMAIL));
      expect(user?.name).toBe('Bench Coordinator');
    } finally {
      await database.close();
    }
  });

  it('writes every raw figure and the machine to the results file', () => {
    expect(existsSync(run.file)).toBe(true);
    const saved = JSON.parse(readFileSync(run.file, 'utf8')) as {
      machine: { cores: number };
      figures: unknown[];
    };
    expect(saved.figures).toHaveLength(run.figures.length);
    expect(saved.machine.cores).toBeGreaterThan(0);
  });
});
