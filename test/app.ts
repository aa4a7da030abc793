/**
 * The web app on a fresh test database (the engine of the current vitest project), optionally with the embedded
 * M-Sec plan imported; and a loopback HTTP server around it for browser tests.
 */
import { mkdtempSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import type { Hono } from 'hono';
import type { Database } from '../src/db/client';
import { createLogger } from '../src/log';
import { importPlanFile } from '../src/projects/service';
import { createApp } from '../src/web/app';
import type { AppEnv } from '../src/web/env';
import { createTestDatabase } from './db';

export const M_SEC_PLAN = 'plans/m-sec.yaml';

export interface TestApp {
  app: Hono<AppEnv>;
  database: Database;
  close(): Promise<void>;
}

/** A fresh app; `plan: true` imports `plans/m-sec.yaml` (as actor `test`), a string imports that file. */
export async function createTestApp(opts: { plan?: boolean | string } = {}): Promise<TestApp> {
  const database = await createTestDatabase();
  try {
    if (opts.plan) {
      const file = typeof opts.plan === 'string' ? opts.plan : M_SEC_PLAN;
      await importPlanFile(database.db, { file, actor: 'test' });
    }
  } catch (err) {
    await database.close();
    throw err;
  }
  // The instance key (feed keys, signatures) in a temporary folder, never in the working copy's ./data.
  const keyFile = join(mkdtempSync(join(tmpdir(), 'herald-key-')), 'key.pem');
  const app = createApp({ database, log: createLogger('silent'), keyFile });
  return { app, database, close: () => database.close() };
}

export interface TestServer {
  /** e.g. `http://127.0.0.1:43127` */
  url: string;
  close(): Promise<void>;
}

/** Serves `app` on 127.0.0.1 with a free port. */
export function startTestServer(app: Hono<AppEnv>): Promise<TestServer> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, (info: AddressInfo) => {
      resolve({
        url: `http://127.0.0.1:${info.port}`,
        close: () =>
          new Promise<void>((done, fail) => {
            server.close((err) => (err ? fail(err) : done()));
            if ('closeAllConnections' in server) server.closeAllConnections();
          }),
      });
    });
    server.once('error', reject);
  });
}
