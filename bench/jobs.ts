/**
 * The job queue's throughput (issue 16): enqueue N jobs, then claim (FOR UPDATE SKIP LOCKED + lease) and complete
 * them with a runner, on PGlite (or PostgreSQL with --pg); prints jobs per second for each phase.
 * Usage: npm run bench -- --only jobs [--jobs 1000] [--pg]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { PGlite } from '@electric-sql/pglite';
import { z } from 'zod';
import { fromPglite, type Database } from '../src/db/client';
import { fromPostgresUrl } from '../src/db/postgres';
import { defineJob } from '../src/jobs/define';
import { enqueue } from '../src/jobs/queue';
import { createRunner } from '../src/jobs/runner';
import { systemClock } from '../src/lib/clock';
import { createLogger } from '../src/log';
import { startCluster } from '../scripts/pg-cluster';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? fallback : Number(process.argv[i + 1]);
};

const noop = defineJob<{ n: number }>({
  kind: 'bench.noop',
  payload: z.object({ n: z.number().int() }),
  run: async (_ctx, p) => ({ n: p.n }),
});

export async function run(): Promise<void> {
  const n = arg('jobs', 1_000);
  const cluster = process.argv.includes('--pg') ? await startCluster() : null;
  const folder = mkdtempSync(join(tmpdir(), 'herald-bench-jobs-'));
  const database: Database = cluster
    ? fromPostgresUrl(cluster.url())
    : fromPglite(await PGlite.create({ dataDir: join(folder, 'data') }));
  try {
    await database.migrate();
    let t = performance.now();
    for (let i = 0; i < n; i++)
      await enqueue(database.db, { job: noop, payload: { n: i }, createdBy: 'bench', clock: systemClock });
    const enqueueMs = performance.now() - t;
    for (const concurrency of [1, 10]) {
      if (concurrency > 1)
        for (let i = 0; i < n; i++)
          await enqueue(database.db, {
            job: noop,
            payload: { n: i },
            createdBy: 'bench',
            clock: systemClock,
          });
      const runner = createRunner({
        db: database.db,
        clock: systemClock,
        log: createLogger('silent'),
        deps: {},
        jobs: [noop],
        schedules: [],
        concurrency,
      });
      t = performance.now();
      const ran = await runner.runUntilIdle();
      const runMs = performance.now() - t;
      process.stdout.write(
        `jobs (${database.driver}): claim+run+complete ${ran} jobs, concurrency ${concurrency}: ${runMs.toFixed(0)} ms (${((ran / runMs) * 1000).toFixed(0)} jobs/s)\n`,
      );
    }
    process.stdout.write(
      `jobs (${database.driver}): enqueue ${n} jobs: ${enqueueMs.toFixed(0)} ms (${((n / enqueueMs) * 1000).toFixed(0)} jobs/s)\n`,
    );
  } finally {
    await database.close();
    cluster?.stop();
    rmSync(folder, { recursive: true, force: true });
  }
}
