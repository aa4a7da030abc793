/** The rendered-body cache: one version per scope, least recently used dropped first, bounded in entries and bytes. */
import { describe, expect, it } from 'vitest';
import { packPiece } from '../web/gzip-parts';
import { BodyCache } from './body-cache';

/** What a body is counted as: its UTF-8 bytes and their compressed run. */
const kept = (body: string) => {
  const p = packPiece(Buffer.from(body, 'utf8'));
  return p.raw.length + p.deflated.length;
};

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
    expect(hit.pieces(TOKEN_B).filter((p) => Buffer.isBuffer(p))).toEqual([
      Buffer.from(TOKEN_B),
      Buffer.from(TOKEN_B),
    ]);
  });

  it('a new version replaces the old one of the same scope', () => {
    const cache = new BodyCache<null>();
    cache.set('p', 'v1', 'one', { hole: TOKEN_A, meta: null });
    cache.set('p', 'v2', 'two', { hole: TOKEN_A, meta: null });
    expect(cache.size).toBe(1);
    expect(cache.bytes).toBe(kept('two'));
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
    const body = 'x'.repeat(60);
    const limit = Math.floor(kept(body) * 1.5);
    const cache = new BodyCache<null>({ maxEntries: 100, maxBytes: limit });
    cache.set('a', 'v', body, { hole: TOKEN_A, meta: null });
    cache.set('b', 'v', body, { hole: TOKEN_A, meta: null });
    expect(cache.bytes).toBe(kept(body));
    expect(cache.get('a', 'v')).toBeUndefined();
    expect(cache.get('b', 'v')).toBeDefined();
    expect(cache.set('c', 'v', 'x'.repeat(limit + 1), { hole: TOKEN_A, meta: null })).toBe(false);
    // Counted in UTF-8 bytes, as kept: Japanese is 3 bytes a character.
    const ja = '図'.repeat(Math.ceil(limit / 3));
    expect(ja.length).toBeLessThan(limit);
    expect(cache.set('c', 'v', ja, { hole: TOKEN_A, meta: null })).toBe(false);
    expect(cache.get('c', 'v')).toBeUndefined();
    expect(cache.bytes).toBe(kept(body));
  });

  it('keeps nothing when the per-request value could occur by chance (empty, short, or needing escapes)', () => {
    const cache = new BodyCache<null>();
    for (const hole of ['', 'short', `${TOKEN_A}"<`]) {
      expect(cache.set('p', 'v', 'body', { hole, meta: null })).toBe(false);
      expect(cache.get('p', 'v')).toBeUndefined();
    }
  });
});
