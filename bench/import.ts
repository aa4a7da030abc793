/**
 * A large import against /healthz (issue 15): commits an N-row activity CSV (default 100,000) in the server process,
 * as the upload page does, on PGlite (or PostgreSQL with --pg), while a client asks /healthz over HTTP one request
 * after another; prints the latency percentiles per phase (check pass, chunked insert) and the import's duration.
 * Usage: npm run bench -- --only import-healthz [--rows 100000] [--chunk 1000] [--pg]
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { serve } from '@hono/node-server';
import { PGlite } from '@electric-sql/pglite';
import {
  ACTIVITY_COLUMNS,
  IMPORT_PROJECT,
  activityCells,
  csvOf,
  importTestPlan,
} from '../test/factories/imports';
import { systemActor } from '../src/auth/permissions';
import { fromPglite, type Database } from '../src/db/client';
import { fromPostgresUrl } from '../src/db/postgres';
import { commitImport, type ImportPhase } from '../src/importers/commit';
import { createLogger } from '../src/log';
import { createApp } from '../src/web/app';
import { startCluster } from '../scripts/pg-cluster';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? fallback : Number(process.argv[i + 1]);
};

const pct = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;

/** Runs the bench and prints its figures. */
export async function run(): Promise<void> {
  const rows = arg('rows', 100_000);
  const chunk = arg('chunk', 1_000);
  const cluster = process.argv.includes('--pg') ? await startCluster() : null;
  const folder = mkdtempSync(join(tmpdir(), 'herald-bench-import-'));
  const database: Database = cluster
    ? fromPostgresUrl(cluster.url())
    : fromPglite(await PGlite.create({ dataDir: join(folder, 'data') }));
  try {
    await database.migrate();
    await importTestPlan(database);
    const file = join(folder, 'bulk.csv');
    writeFileSync(
      file,
      csvOf(
        Array.from({ length: rows }, (_, i) => activityCells(i + 1, { title: `Bulk post ${i + 1}` })),
        { columns: ACTIVITY_COLUMNS },
      ),
    );
    const app = createApp({ database, log: createLogger('silent') });
    const server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 });
    await new Promise((r) => server.once('listening', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/healthz`;
    const now: { phase: ImportPhase | 'before' } = { phase: 'before' };
    let finished = false;
    const started = performance.now();
    let insertStarted = 0;
    let lastChunk = 0;
    const importing = commitImport(database.db, {
      actor: systemActor('bench'),
      projectId: IMPORT_PROJECT,
      type: 'activity',
      file: { path: file },
      chunkSize: chunk,
      onProgress: (s) => {
        if (s.phase === 'import' && now.phase !== 'import') insertStarted = performance.now();
        if (s.phase === 'import' && s.done === s.total) lastChunk = performance.now();
        now.phase = s.phase;
      },
    }).finally(() => {
      finished = true;
    });
    const latencies: Record<string, number[]> = { check: [], import: [] };
    while (!finished) {
      const during = now.phase;
      const t0 = performance.now();
      const res = await fetch(url);
      await res.text();
      const ms = performance.now() - t0;
      if (!finished && during !== 'before' && during === now.phase) latencies[during]?.push(ms);
    }
    const result = await importing;
    const total = performance.now() - started;
    server.close();
    process.stdout.write(
      `import of ${rows} rows (${result.imported} imported, chunks of ${chunk}) on ${database.driver}: ` +
        `${(total / 1000).toFixed(1)} s in all, chunks ${((lastChunk - insertStarted) / 1000).toFixed(1)} s, ` +
        `commit + tidy-up ${((performance.now() - lastChunk) / 1000).toFixed(1)} s\n`,
    );
    for (const [name, list] of Object.entries(latencies)) {
      const s = [...list].sort((a, b) => a - b);
      process.stdout.write(
        `  /healthz during ${name === 'check' ? 'the check pass' : 'the chunked insert'}: ${s.length} answers, ` +
          `p50 ${pct(s, 50).toFixed(1)} ms, p95 ${pct(s, 95).toFixed(1)} ms, p99 ${pct(s, 99).toFixed(1)} ms, ` +
          `max ${(s.at(-1) ?? NaN).toFixed(1)} ms\n`,
      );
    }
  } finally {
    await database.close();
    cluster?.stop();
    rmSync(folder, { recursive: true, force: true });
  }
}
