/** The polite HTTP client against a loopback fake: User-Agent, retries, Retry-After, cache, redaction, statuses. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../test/db';
import type { Database } from '../db/client';
import { sourceCache } from '../db/schema';
import { fixedClock } from '../lib/clock';
import { SourceHttp, redactUrl, retryAfterMs } from './http';
import { recordingSleep, startFakeService, type FakeService } from './testing/fake-service';
import { openSecret, sealSecret } from './secrets';
import { randomBytes } from 'node:crypto';

let fake: FakeService;
let database: Database;
beforeAll(async () => {
  fake = await startFakeService();
  database = await createTestDatabase();
});
afterAll(async () => {
  await fake.close();
  await database.close();
});
beforeEach(() => fake.reset());

const clock = fixedClock('2026-12-02T10:00:00Z');

describe('SourceHttp', () => {
  it('sends a User-Agent with the mailto contact and parses JSON', async () => {
    fake.on('GET', '/works/x', { body: { ok: 1 } });
    const http = new SourceHttp({
      clock,
      contact: 'dissemination@example.org',
      sleep: recordingSleep().sleep,
    });
    const res = await http.getJson(`${fake.url}/works/x`);
    expect(res.status).toBe('ok');
    expect(res.json).toEqual({ ok: 1 });
    expect(fake.requests[0]?.headers['user-agent']).toContain('mailto:dissemination@example.org');
  });

  it('waits for a short Retry-After, then answers; a long one is returned as retryAt', async () => {
    fake.on('GET', '/limited', [
      { status: 429, headers: { 'retry-after': '2' }, body: { message: 'slow down' } },
      { body: { done: true } },
    ]);
    const { sleep, waits } = recordingSleep();
    const http = new SourceHttp({ clock, sleep, policy: { ratePerSecond: 0 } });
    const res = await http.getJson(`${fake.url}/limited`);
    expect(res.status).toBe('ok');
    expect(waits).toEqual([2000]);

    fake.on('GET', '/long', { status: 429, headers: { 'retry-after': '3600' } });
    const long = await http.getJson(`${fake.url}/long`);
    expect(long.status).toBe('rate_limited');
    expect(long.retryAt?.toISOString()).toBe('2026-12-02T11:00:00.000Z');
    expect(fake.requests.filter((r) => r.path === '/long')).toHaveLength(1);
  });

  it('retries 5xx with back-off and gives up with a status and a time to retry', async () => {
    fake.on('GET', '/down', { status: 502, body: 'bad gateway' });
    const { sleep, waits } = recordingSleep();
    const http = new SourceHttp({ clock, sleep, policy: { ratePerSecond: 0, maxAttempts: 3 } });
    const res = await http.getJson(`${fake.url}/down`);
    expect(res.status).toBe('server_error');
    expect(res.attempts).toBe(3);
    expect(waits).toEqual([1000, 2000]);
    expect(res.retryAt).toBeInstanceOf(Date);
  });

  it('says malformed for a body that is not JSON, network for a closed port', async () => {
    fake.on('GET', '/html', { body: '<html>oops</html>' });
    const http = new SourceHttp({ clock, sleep: recordingSleep().sleep, policy: { ratePerSecond: 0 } });
    expect((await http.getJson(`${fake.url}/html`)).status).toBe('malformed');
    const closed = await startFakeService();
    const url = closed.url;
    await closed.close();
    const res = await http.getJson(`${url}/x`);
    expect(res.status).toBe('network');
  });

  it('keeps secrets out of URLs and messages', async () => {
    expect(redactUrl('https://m.example/index.php?module=API&token_auth=abc123&idSite=1')).toBe(
      'https://m.example/index.php?module=API&token_auth=***&idSite=1',
    );
    fake.on('GET', '/videos', { status: 403, body: { error: 'key sk-SECRET-1 is invalid' } });
    const http = new SourceHttp({ clock, sleep: recordingSleep().sleep });
    const res = await http.getJson(`${fake.url}/videos?id=a&key=sk-SECRET-1`, { secrets: ['sk-SECRET-1'] });
    expect(res.status).toBe('unauthorized');
    expect(JSON.stringify({ m: res.message, u: res.url, t: res.text })).not.toContain('sk-SECRET-1');
  });

  it('keeps ok and not-found answers for their lifetimes, never failures, without the secret', async () => {
    fake.on('GET', '/doi/10.1/a', { body: { title: 'A' } });
    fake.on('GET', '/doi/10.1/missing', { status: 404, body: 'Resource not found.' });
    fake.on('GET', '/doi/10.1/broken', { status: 500 });
    const moving = fixedClock('2026-12-02T10:00:00Z');
    const http = new SourceHttp({
      clock: moving,
      db: database.db,
      sleep: recordingSleep().sleep,
      policy: { ratePerSecond: 0, maxAttempts: 1 },
    });
    const ask = (p: string) =>
      http.getJson(`${fake.url}${p}?key=k-SECRET`, {
        cacheMs: 86_400_000,
        notFoundCacheMs: 3_600_000,
        secrets: ['k-SECRET'],
      });
    expect((await ask('/doi/10.1/a')).fromCache).toBe(false);
    expect((await ask('/doi/10.1/missing')).status).toBe('not_found');
    expect((await ask('/doi/10.1/broken')).status).toBe('server_error');
    const again = await ask('/doi/10.1/a');
    expect(again).toMatchObject({ status: 'ok', fromCache: true, json: { title: 'A' } });
    expect((await ask('/doi/10.1/missing')).fromCache).toBe(true);
    await ask('/doi/10.1/broken');
    expect(fake.requests.filter((r) => r.path === '/doi/10.1/broken')).toHaveLength(2);
    moving.advance(2 * 3_600_000);
    expect((await ask('/doi/10.1/missing')).fromCache).toBe(false);
    expect((await ask('/doi/10.1/a')).fromCache).toBe(true);
    const rows = await database.db.select().from(sourceCache);
    expect(JSON.stringify(rows)).not.toContain('k-SECRET');
  });

  it('reads Retry-After as seconds or an HTTP date', () => {
    const now = new Date('2026-12-02T10:00:00Z');
    expect(retryAfterMs('120', now)).toBe(120_000);
    expect(retryAfterMs('Wed, 02 Dec 2026 10:01:00 GMT', now)).toBe(60_000);
    expect(retryAfterMs('soon', now)).toBeUndefined();
  });

  it('seals credentials bound to their project and source', () => {
    const key = randomBytes(32);
    const sealed = sealSecret(key, 'token-123', 'p1\u0000matomo');
    expect(sealed).not.toContain('token-123');
    expect(openSecret(key, sealed, 'p1\u0000matomo')).toBe('token-123');
    expect(() => openSecret(key, sealed, 'p2\u0000matomo')).toThrow(/enter it again/);
  });
});
