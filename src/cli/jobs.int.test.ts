/**
 * `herald jobs list|run|retry` in-process: a job that throws is retried with back-off (the clock moved past it),
 * kept as failed with its error, listed with it, and `herald jobs retry ID` runs it again to success.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { runCli } from '../../test/cli';
import { createTestDatabaseEnv } from '../../test/db';
import { HERALD_BIN, waitFor } from '../../test/serve-process';
import { signHeadsJob } from '../audit/jobs';
import { openDatabase, type Database } from '../db/client';
import { defaultBackoffMs } from '../jobs/define';
import { enqueue, getJob } from '../jobs/queue';
import { createRunner } from '../jobs/runner';
import { fixedClock, systemClock } from '../lib/clock';
import { createLogger } from '../log';

vi.setConfig({ testTimeout: 180_000, hookTimeout: 180_000 });

let env: Record<string, string>;
let cleanup: () => Promise<void>;
let keyFile: string;
let keyDir: string;

async function withDb<T>(fn: (database: Database) => Promise<T>): Promise<T> {
  const database = await openDatabase({ databaseUrl: env.DATABASE_URL, dataDir: env.HERALD_DATA_DIR ?? '' });
  try {
    await database.migrate();
    return await fn(database);
  } finally {
    await database.close();
  }
}

beforeAll(async () => {
  ({ env, cleanup } = await createTestDatabaseEnv());
  keyDir = mkdtempSync(join(tmpdir(), 'herald-key-'));
  keyFile = join(keyDir, 'instance.pem');
  env.HERALD_KEY_FILE = keyFile;
});
afterAll(async () => {
  rmSync(keyDir, { recursive: true, force: true });
  await cleanup?.();
});

it('a failing job: retried with back-off, kept failed with its error, then `herald jobs retry` runs it again', async () => {
  // A key file that holds no key: signing throws until it is fixed.
  writeFileSync(keyFile, 'not a key\n');
  const clock = fixedClock('2026-03-01T10:00:00Z');
  const id = await withDb(async (d) => {
    const { id } = await enqueue(d.db, { job: signHeadsJob, payload: {}, createdBy: 'test', clock });
    const runner = createRunner({
      db: d.db,
      clock,
      log: createLogger('silent'),
      deps: { keyFile },
      jobs: [signHeadsJob],
      schedules: [],
    });
    expect(await runner.runUntilIdle()).toBe(1);
    expect(await getJob(d.db, id)).toMatchObject({ state: 'queued', attempts: 1 });
    clock.advance(defaultBackoffMs(1));
    expect(await runner.runUntilIdle()).toBe(1);
    clock.advance(defaultBackoffMs(2));
    expect(await runner.runUntilIdle()).toBe(1);
    const row = await getJob(d.db, id);
    expect(row).toMatchObject({ state: 'failed', attempts: signHeadsJob.maxAttempts });
    expect(row?.lastError).toBeTruthy();
    return id;
  });

  const list = await runCli(['jobs', 'list', '--state', 'failed'], env);
  expect(list.code).toBe(0);
  expect(list.stdout).toContain(`#${id}  audit.sign-heads  failed  attempts 3/3`);
  expect(list.stdout).toMatch(/error: .+/);
  expect(list.stdout).toContain('audit.sign-heads  0 * * * *');

  // Still broken: the retry runs it once more and says it failed.
  const broken = await runCli(['jobs', 'retry', String(id)], env);
  expect(broken.code).toBe(1);
  expect(broken.stdout).toContain(`job #${id} failed`);

  rmSync(keyFile); // fixed: a fresh key is made on first use
  const retried = await runCli(['jobs', 'retry', String(id)], env);
  expect(retried.stderr).toBe('');
  expect(retried.code).toBe(0);
  expect(retried.stdout).toContain(`job #${id} succeeded`);
  await withDb(async (d) => {
    expect(await getJob(d.db, id)).toMatchObject({ state: 'succeeded', attempts: 5, maxAttempts: 5 });
  });

  const notFailed = await runCli(['jobs', 'retry', String(id)], env);
  expect(notFailed.code).toBe(1);
  expect(notFailed.stderr).toContain('only a failed job can be retried');
});

it('`herald jobs run NAME` runs a schedule entry now; unknown names are refused with the known ones', async () => {
  const run = await runCli(['jobs', 'run', 'import.recover-abandoned'], env);
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  expect(run.stdout).toMatch(/job #\d+ succeeded after 1 attempt/);
  expect(run.stdout).toContain('{"aborted":[]}');
  const unknown = await runCli(['jobs', 'run', 'nope'], env);
  expect(unknown.code).toBe(1);
  expect(unknown.stderr).toContain('audit.sign-heads');
});

it('`herald worker` runs queued jobs on PostgreSQL; on PGlite it says that the server runs them', async () => {
  if (!env.DATABASE_URL) {
    const r = await runCli(['worker'], env);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('`herald serve` runs the jobs itself');
    return;
  }
  // A real `herald worker` process claims and runs a job another process queued.
  const { id } = await withDb((d) =>
    enqueue(d.db, {
      job: signHeadsJob,
      payload: {},
      idempotencyKey: 'worker-process',
      createdBy: 'test',
      clock: systemClock,
    }),
  );
  const worker = spawn(process.execPath, [HERALD_BIN, 'worker'], {
    env: { ...process.env, ...env, LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  worker.stdout.on('data', (c: Buffer) => (out += c.toString()));
  worker.stderr.on('data', (c: Buffer) => (out += c.toString()));
  try {
    const row = await waitFor(
      'the worker to run the queued job',
      async () => {
        const job = await withDb((d) => getJob(d.db, id));
        return job?.state === 'succeeded' ? job : undefined;
      },
      { boundMs: 120_000, everyMs: 250 },
    );
    expect(row).toMatchObject({ attempts: 1, result: { refused: [] } });
    expect(out).toMatch(/Herald worker \S+ is running jobs \(pg\)/);
  } finally {
    worker.kill('SIGTERM');
    await once(worker, 'exit');
  }
});
