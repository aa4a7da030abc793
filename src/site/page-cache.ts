/**
 * The public site's answers kept in memory (issue 20: "fast … and cacheable"), so a repeated page runs no SQL.
 *
 * - Pages: the bytes and headers of every 200 answer built by `cached()` (src/site/respond.tsx: its ETag and
 *   CACHE_CONTROL), kept per address as requested (host and host mapping, path, query; the language is in the path)
 *   and reused while nothing was written (the write generation, src/db/write-generation.ts) and the injected clock's
 *   day is the same (news are public from their publish date, events move from upcoming to past by date). A plan
 *   import is a write. A hit answers 304 on a matching If-None-Match without touching the body. Errors, redirects,
 *   304s and answers with other cache headers (downloads, which are counted; the newsletter's pages) are not kept.
 *   Least recently used first out, bounded in bytes (`deps.siteCacheBytes`, HERALD_SITE_CACHE_MB, default 16 MB).
 * - Reads under the pages, for what is not kept whole (downloads, a page's first build): the project's public site
 *   and a download's file row, as ReadMemos; small downloaded files' bytes (content-addressed, so never stale).
 *
 * Without a write generation (PostgreSQL with no listening connection) nothing is kept: every request reads.
 * A served download's event is an unobserved write (src/site/downloads/record.ts): it leaves the cache as it is.
 */
import type { MiddlewareHandler } from 'hono';
import { ReadMemo, type WriteGeneration } from '../db/write-generation';
import type { AppDeps, AppEnv } from '../web/env';

export const DEFAULT_SITE_CACHE_BYTES = 16 * 1024 * 1024;
/** Downloaded files at most this big are kept in memory (within a quarter of the cache's bound); larger: disk. */
const SMALL_FILE_BYTES = 1024 * 1024;

interface Entry {
  mark: number;
  day: string;
  etag: string;
  body: Uint8Array<ArrayBuffer>;
  headers: [string, string][];
  bytes: number;
}

/** Byte-bounded least-recently-used map. */
export class ByteLru<V extends { bytes: number }> {
  private readonly entries = new Map<string, V>();
  private total = 0;

  constructor(private readonly maxBytes: number) {}

  get bytes(): number {
    return this.total;
  }

  get size(): number {
    return this.entries.size;
  }

  get(key: string): V | undefined {
    const v = this.entries.get(key);
    if (v === undefined) return undefined;
    this.entries.delete(key);
    this.entries.set(key, v);
    return v;
  }

  set(key: string, value: V): boolean {
    this.delete(key);
    if (value.bytes > this.maxBytes) return false;
    this.entries.set(key, value);
    this.total += value.bytes;
    for (const oldest of this.entries.keys()) {
      if (this.total <= this.maxBytes) break;
      this.delete(oldest);
    }
    return true;
  }

  delete(key: string): void {
    const v = this.entries.get(key);
    if (v === undefined) return;
    this.entries.delete(key);
    this.total -= v.bytes;
  }
}

export interface SiteCaches {
  writes: WriteGeneration | undefined;
  pages: ByteLru<Entry>;
  /** Project id → its public site (or null: none), as loadPublicSite read it. */
  sites: ReadMemo<unknown>;
  /** `project|code|version` → the published file row (or null). */
  files: ReadMemo<unknown>;
  /** sha256 → a small file's bytes. */
  fileBytes: ByteLru<{ data: Uint8Array<ArrayBuffer>; bytes: number }>;
}

/** One set of caches per app (its deps): two apps in one process (tests) never share answers. */
const all = new WeakMap<AppDeps, SiteCaches>();

export function siteCaches(deps: AppDeps): SiteCaches {
  let found = all.get(deps);
  if (!found) {
    const { writes } = deps.database;
    const maxBytes = deps.siteCacheBytes ?? DEFAULT_SITE_CACHE_BYTES;
    found = {
      writes,
      pages: new ByteLru(maxBytes),
      sites: new ReadMemo(writes, 1_000),
      files: new ReadMemo(writes, 5_000),
      fileBytes: new ByteLru(Math.floor(maxBytes / 4)),
    };
    all.set(deps, found);
  }
  return found;
}

/** `read()` through `memo` under `key`: reused while nothing was written since it was read. */
export async function memoized<V>(memo: ReadMemo<unknown>, key: string, read: () => Promise<V>): Promise<V> {
  const kept = memo.get(key);
  if (kept !== undefined) return kept as V;
  const mark = memo.mark();
  const value = await read();
  memo.set(key, mark, value);
  return value;
}

/** A small file's bytes from memory, else from `read` (kept when small). */
export async function fileBytes(
  caches: SiteCaches,
  sha256: string,
  read: () => Promise<Buffer>,
): Promise<Uint8Array<ArrayBuffer>> {
  const kept = caches.fileBytes.get(sha256);
  if (kept) return kept.data;
  const data = new Uint8Array(await read());
  if (data.byteLength <= SMALL_FILE_BYTES) caches.fileBytes.set(sha256, { data, bytes: data.byteLength });
  return data;
}

const matches = (header: string | undefined, etag: string): boolean =>
  header?.split(',').some((m) => m.trim().replace(/^W\//, '') === etag || m.trim() === '*') ?? false;

/**
 * The site's page cache, as middleware of the site's sub-app (after the context is set): a hit answers before any
 * route runs. `cacheControl` is the header of the answers kept (respond.tsx's CACHE_CONTROL).
 */
export function sitePageCache(deps: AppDeps, cacheControl: string): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const caches = siteCaches(deps);
    const { writes } = caches;
    if (!writes || (c.req.method !== 'GET' && c.req.method !== 'HEAD')) return next();
    const host = (c.env as { heraldSiteHost?: { origin: string } } | undefined)?.heraldSiteHost?.origin ?? '';
    const key = `${host} ${c.req.url}`;
    const day = c.var.clock.today();
    const hit = caches.pages.get(key);
    if (hit && hit.day === day && writes.unchangedSince(hit.mark)) {
      if (matches(c.req.header('if-none-match'), hit.etag))
        return c.body(null, 304, { etag: hit.etag, 'cache-control': cacheControl });
      return new Response(hit.body, { status: 200, headers: hit.headers });
    }
    if (hit) caches.pages.delete(key);
    const mark = writes.mark();
    await next();
    const res = c.res;
    const etag = res.headers.get('etag');
    if (
      mark === undefined ||
      res.status !== 200 ||
      !etag ||
      res.headers.get('cache-control') !== cacheControl
    )
      return;
    const body = new Uint8Array(await res.clone().arrayBuffer());
    // Read and rendered with nothing written meanwhile, on the same day: else the next request builds it again.
    if (!writes.unchangedSince(mark) || c.var.clock.today() !== day) return;
    const headers = [...res.headers.entries()];
    const bytes = body.byteLength + key.length + headers.reduce((n, [k, v]) => n + k.length + v.length, 0);
    caches.pages.set(key, { mark, day, etag, body, headers, bytes });
  };
}
