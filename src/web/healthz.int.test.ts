/**
 * `/healthz` reports the database's health without waiting behind it, and a lost database connection is one
 * answer everywhere: 503 + Retry-After with code `database_unavailable` (JSON), a translated page (HTML).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../db/client';
import { createLogger } from '../log';
import { createTestDatabase } from '../../test/db';
import { waitFor } from '../../test/serve-process';
import { createApp } from './app';

let database: Database;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database?.close();
});

describe('/healthz', () => {
  it('says ok when the database answers', async () => {
    const app = createApp({ database, log: createLogger('silent'), healthTimeoutMs: 30_000 });
    const res = await app.request('/healthz');
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(await res.json()).toEqual({ status: 'ok', db: 'ok', database: database.driver });
  });

  it('answers busy, at once, while transactions hold every connection', async () => {
    const app = createApp({ database, log: createLogger('silent'), healthTimeoutMs: 10 });
    let open: () => void = () => {};
    const gate = new Promise<void>((resolve) => (open = resolve));
    // More transactions than any test pool has connections (PGlite has one): the probe's select 1 has to wait.
    const held = Array.from({ length: 10 }, () =>
      database.db.transaction(async (tx) => {
        await tx.execute('select 1');
        await gate;
      }),
    );
    try {
      const res = await app.request('/healthz');
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ status: 'degraded', db: 'busy' });
    } finally {
      open();
      await Promise.all(held);
    }
    // The waiting select 1 answers once the transactions end; then the next probe says ok.
    const body = await waitFor('healthz ok again', async () => {
      const b = (await (await app.request('/healthz')).json()) as { db: string };
      return b.db === 'ok' ? b : undefined;
    });
    expect(body).toEqual({ status: 'ok', db: 'ok', database: database.driver });
  });
});

describe('a lost database connection', () => {
  /** What drizzle throws when PostgreSQL terminates the backend mid-query. */
  const terminated = () =>
    new Error('Failed query: insert into "activities" …', {
      cause: Object.assign(new Error('terminating connection due to administrator command'), {
        code: '57P01',
      }),
    });
  const app = () => {
    const a = createApp({ database, log: createLogger('silent') });
    a.get('/api/v1/lost', () => {
      throw terminated();
    });
    a.get('/lost', () => {
      throw terminated();
    });
    return a;
  };

  it('is a 503 with Retry-After in the API error shape', async () => {
    const res = await app().request('/api/v1/lost');
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('5');
    expect(await res.json()).toEqual({
      error: {
        code: 'database_unavailable',
        message:
          'The database is unavailable for the moment (it may be restarting). Try again in 5 seconds; if you were saving a change, check whether it was saved before repeating it.',
        details: [],
      },
    });
  });

  it('is a translated page with Retry-After', async () => {
    const res = await app().request('/lost?lang=ja');
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('5');
    expect(await res.text()).toContain(
      'データベースに一時的に接続できません（再起動中の可能性があります）。5 秒後に',
    );
  });
});
