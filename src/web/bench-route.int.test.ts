/** The bench's hello route (bench/server.ts's baseline) exists only when the server is started for the bench. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config';
import type { Database } from '../db/client';
import { createLogger } from '../log';
import { createTestDatabase } from '../../test/db';
import { createApp } from './app';

let database: Database;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database?.close();
});

describe('GET /_bench/hello', () => {
  it('is absent without HERALD_BENCH', async () => {
    const config = loadConfig({});
    expect(config.HERALD_BENCH).toBe(false);
    const app = createApp({ database, log: createLogger('silent'), bench: config.HERALD_BENCH });
    const res = await app.request('/_bench/hello');
    expect(res.status).toBe(404);
    expect(app.routes.some((r) => r.path === '/_bench/hello')).toBe(false);
  });

  it('answers "ok" with HERALD_BENCH=1, without a session or any database work', async () => {
    const config = loadConfig({ HERALD_BENCH: '1' });
    expect(config.HERALD_BENCH).toBe(true);
    const app = createApp({ database, log: createLogger('silent'), bench: config.HERALD_BENCH });
    const res = await app.request('/_bench/hello');
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('ok');
    // Before every middleware: no CSRF cookie is set for the anonymous visitor.
    expect(res.headers.getSetCookie()).toEqual([]);
  });

  it('refuses any other value of HERALD_BENCH', () => {
    expect(() => loadConfig({ HERALD_BENCH: 'yes' })).toThrow(/HERALD_BENCH/);
  });
});
