/**
 * kill -9 during a chunked import (issue 15): a real server process imports a 20,000-row CSV in small chunks while
 * /healthz keeps answering; killed in the insert phase, it leaves a pending batch that counts nowhere, and the next
 * start aborts it and deletes its rows.
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { count, eq } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestDatabaseEnv, testEngine } from '../../test/db';
import {
  ACTIVITY_COLUMNS,
  IMPORT_PROJECT,
  activityCells,
  csvOf,
  importDir,
} from '../../test/factories/imports';
import { systemActor } from '../auth/permissions';
import { openDatabase } from '../db/client';
import { activities, importBatches } from '../db/schema';
import { listRecords } from '../records/service';
import { recoverAbandoned, recoverOnStart } from './pending';

const dir = importDir();
afterAll(() => dir.cleanup());

describe('kill -9 during a chunked import', () => {
  it('answers /healthz while inserting, and leaves nothing visible; the next start aborts and deletes the batch', async () => {
    const { env, cleanup } = await createTestDatabaseEnv();
    try {
      const rows = Array.from({ length: 20_000 }, (_, i) =>
        activityCells(i + 1, { title: `Bulk post ${i + 1}`, date: '2025-02-03' }),
      );
      const file = dir.write('bulk.csv', csvOf(rows, { columns: ACTIVITY_COLUMNS }));
      const child = spawn(process.execPath, ['--import', 'tsx', 'test/fixtures/import-server.ts'], {
        env: { ...process.env, ...env, IMPORT_FILE: file, IMPORT_CHUNK: '100' },
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      const exited = new Promise<NodeJS.Signals | null>((r) => child.once('exit', (_c, s) => r(s)));
      let port = 0;
      let inserted = 0;
      let batch: string | undefined;
      let done = false;
      const portKnown = new Promise<void>((resolve) => {
        createInterface({ input: child.stdout }).on('line', (line) => {
          const msg = JSON.parse(line) as {
            port?: number;
            phase?: string;
            rows?: number;
            batch?: string;
            done?: boolean;
          };
          if (msg.port) {
            port = msg.port;
            resolve();
          }
          if (msg.phase === 'import') {
            inserted = msg.rows ?? 0;
            batch = msg.batch ?? batch;
          }
          if (msg.done) done = true;
        });
      });
      await portKnown;
      // Poll /healthz; count the answers that came back while the insert phase was under way.
      let answeredWhileInserting = 0;
      while (answeredWhileInserting < 5 || inserted < 1_000) {
        expect(done, 'the import finished before the test could kill it').toBe(false);
        const insertingBefore = inserted > 0;
        const res = await fetch(`http://127.0.0.1:${port}/healthz`);
        expect(res.status).toBe(200);
        await res.text();
        if (insertingBefore && !done) answeredWhileInserting += 1;
      }
      child.kill('SIGKILL');
      expect(await exited).toBe('SIGKILL');
      expect(batch).toBeDefined();

      const database = await openDatabase({
        databaseUrl: env.DATABASE_URL,
        dataDir: env.HERALD_DATA_DIR ?? '',
      });
      try {
        const stored = async () =>
          (
            await database.db
              .select({ n: count() })
              .from(activities)
              .where(eq(activities.source, `import:${batch}`))
          )[0]?.n;
        const state = async () =>
          (
            await database.db
              .select()
              .from(importBatches)
              .where(eq(importBatches.id, batch ?? ''))
          )[0]?.state;
        // Before any clean-up: the chunks are there, pending, and count nowhere.
        expect(await stored()).toBeGreaterThanOrEqual(1_000);
        expect(await state()).toBe('pending');
        const visible = await listRecords(database.db, {
          actor: systemActor('test'),
          projectId: IMPORT_PROJECT,
          kind: 'activity',
          filter: {},
        });
        expect(visible.total).toBe(0);
        // The next start: on PGlite any pending batch is abandoned; on PostgreSQL one silent past the threshold (the
        // clock moved on an hour).
        if (testEngine() === 'pg')
          await recoverAbandoned(database.db, { now: new Date(Date.now() + 3_600_000) });
        else await recoverOnStart(database);
        expect(await state()).toBe('aborted');
        expect(await stored()).toBe(0);
        expect(answeredWhileInserting).toBeGreaterThanOrEqual(5);
      } finally {
        await database.close();
      }
    } finally {
      await cleanup();
    }
  }, 300_000);
});
