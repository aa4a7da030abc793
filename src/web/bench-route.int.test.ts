/**
 * The bench's routes, hello (bench/server.ts's baseline, before every middleware) and chain (after all of it,
 * bench/profile-dashboard.ts), exist only when the server is started for the bench.
 */
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
    expect(app.routes.some((r) => r.path.startsWith('/_bench/'))).toBe(false);
    expect((await app.request('/_bench/chain')).status).toBe(404);
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
    // The chain route runs after every middleware: security headers and the anonymous CSRF cookie are there.
    const chain = await app.request('/_bench/chain');
    expect(chain.status).toBe(200);
    expect(await chain.text()).toBe('ok');
    expect(chain.headers.get('x-content-type-options')).toBe('nosniff');
    expect(chain.headers.getSetCookie().some((c) => c.startsWith('herald_csrf='))).toBe(true);
  });

  it('refuses any other value of HERALD_BENCH', () => {
    expect(() => loadConfig({ HERALD_BENCH: 'yes' })).toThrow(/HERALD_BENCH/);
  });
});
