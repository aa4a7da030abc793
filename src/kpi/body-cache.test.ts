/** The rendered-body cache: one version per scope, least recently used dropped first, bounded in entries and bytes. */
import { describe, expect, it } from 'vitest';
import { BodyCache } from './body-cache';

const TOKEN_A = 'tokenAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';
const TOKEN_B = 'tokenBBBBBBBBBBBBBBBBBBBBBBBBBBBBB';

describe('BodyCache', () => {
  it('serves a body for its version only, with the per-request value put back in every hole', () => {
    const cache = new BodyCache<string>();
    const body = `<form><input value="${TOKEN_A}"></form><form><input value="${TOKEN_A}"></form>`;
    expect(cache.set('p', 'v1', body, { hole: TOKEN_A, meta: 'M' })).toBe(true);
    expect(cache.get('p', 'v2')).toBeUndefined();
    const hit = cache.get('p', 'v1')!;
    expect(hit.meta).toBe('M');
    expect(hit.fill(TOKEN_B)).toBe(body.replaceAll(TOKEN_A, TOKEN_B));
    expect(hit.fill(TOKEN_A)).toBe(body);
    expect(Buffer.concat(hit.chunks(TOKEN_B)).toString('utf8')).toBe(body.replaceAll(TOKEN_A, TOKEN_B));
  });

  it('a new version replaces the old one of the same scope', () => {
    const cache = new BodyCache<null>();
    cache.set('p', 'v1', 'one', { hole: TOKEN_A, meta: null });
    cache.set('p', 'v2', 'two', { hole: TOKEN_A, meta: null });
    expect(cache.size).toBe(1);
    expect(cache.bytes).toBe(3);
    expect(cache.get('p', 'v1')).toBeUndefined();
    expect(cache.get('p', 'v2')!.fill(TOKEN_A)).toBe('two');
  });

  it('drops the least recently used scope past the entry bound', () => {
    const cache = new BodyCache<null>({ maxEntries: 2, maxBytes: 1000 });
    cache.set('a', 'v', 'A', { hole: TOKEN_A, meta: null });
    cache.set('b', 'v', 'B', { hole: TOKEN_A, meta: null });
    cache.get('a', 'v');
    cache.set('c', 'v', 'C', { hole: TOKEN_A, meta: null });
    expect(cache.get('b', 'v')).toBeUndefined();
    expect(cache.get('a', 'v')).toBeDefined();
    expect(cache.get('c', 'v')).toBeDefined();
  });

  it('stays under the byte bound, and keeps no body larger than the bound', () => {
    const cache = new BodyCache<null>({ maxEntries: 100, maxBytes: 100 });
    cache.set('a', 'v', 'x'.repeat(60), { hole: TOKEN_A, meta: null });
    cache.set('b', 'v', 'x'.repeat(60), { hole: TOKEN_A, meta: null });
    expect(cache.bytes).toBe(60);
    expect(cache.get('a', 'v')).toBeUndefined();
    expect(cache.get('b', 'v')).toBeDefined();
    expect(cache.set('c', 'v', 'x'.repeat(101), { hole: TOKEN_A, meta: null })).toBe(false);
    // Counted in UTF-8 bytes, as kept: 34 characters of Japanese are 102 bytes.
    expect(cache.set('c', 'v', '図'.repeat(34), { hole: TOKEN_A, meta: null })).toBe(false);
    expect(cache.get('c', 'v')).toBeUndefined();
    expect(cache.bytes).toBe(60);
  });

  it('keeps nothing when the per-request value could occur by chance (empty, short, or needing escapes)', () => {
    const cache = new BodyCache<null>();
    for (const hole of ['', 'short', `${TOKEN_A}"<`]) {
      expect(cache.set('p', 'v', 'body', { hole, meta: null })).toBe(false);
      expect(cache.get('p', 'v')).toBeUndefined();
    }
  });
});
