/**
 * An in-process cache of rendered page bodies: one entry per scope (e.g. project × variant × language × rights),
 * valid for one version string only (the figure key it was rendered from), least recently used dropped first, bounded
 * in entries and in bytes. A per-request value inside the body (a CSRF token) is cut out when stored and put back
 * when served, so a body rendered for one user never carries that user's token to another. Bodies are kept encoded
 * (UTF-8 buffers, and each part's DEFLATE run for gzip answers: src/web/gzip-parts.ts), so serving one copies bytes
 * instead of joining, encoding or compressing a string per request.
 */
import { packPiece, type PackedPiece } from '../web/gzip-parts';

export interface BodyCacheLimits {
  maxEntries: number;
  /** Upper bound on the bodies' size in bytes (UTF-8 and compressed, as kept). */
  maxBytes: number;
}

export const DEFAULT_BODY_CACHE_LIMITS: BodyCacheLimits = { maxEntries: 256, maxBytes: 32 * 1024 * 1024 };

interface Entry<M> {
  version: string;
  /** The body cut at each occurrence of the per-request value, encoded and compressed. */
  parts: PackedPiece[];
  meta: M;
  bytes: number;
}

export interface BodyHit<M> {
  meta: M;
  /** The body with `value` where the per-request value was. */
  fill(value: string): string;
  /** The same as bytes: the kept parts with `value` between them (to send, without a copy of the whole). */
  chunks(value: string): Buffer[];
  /** The same as pieces of a gzip answer (gzipPieces): the kept parts compressed, `value` as it is. */
  pieces(value: string): (Buffer | PackedPiece)[];
}

/** Per-request values that may be cut out of a body: long enough never to occur by chance, no HTML to escape. */
const SAFE_HOLE = /^[A-Za-z0-9_-]{20,}$/;

export class BodyCache<M> {
  private readonly entries = new Map<string, Entry<M>>();
  private total = 0;

  constructor(private readonly limits: BodyCacheLimits = DEFAULT_BODY_CACHE_LIMITS) {}

  get size(): number {
    return this.entries.size;
  }

  get bytes(): number {
    return this.total;
  }

  /** The body of `scope` rendered for `version`; undefined when none is or only another version's. */
  get(scope: string, version: string): BodyHit<M> | undefined {
    const e = this.entries.get(scope);
    if (!e || e.version !== version) return undefined;
    // Most recently used last.
    this.entries.delete(scope);
    this.entries.set(scope, e);
    const { parts } = e;
    const pieces = (value: string): (Buffer | PackedPiece)[] => {
      if (parts.length === 1) return parts;
      const hole = Buffer.from(value, 'utf8');
      const out: (Buffer | PackedPiece)[] = [];
      parts.forEach((p, i) => {
        if (i > 0) out.push(hole);
        out.push(p);
      });
      return out;
    };
    const chunks = (value: string): Buffer[] => pieces(value).map((p) => (Buffer.isBuffer(p) ? p : p.raw));
    return { meta: e.meta, chunks, pieces, fill: (value) => Buffer.concat(chunks(value)).toString('utf8') };
  }

  /**
   * Keeps `body` as `scope`'s for `version` (replacing any other version's), with `hole`, this request's value, cut
   * out. Returns false (and keeps nothing) when the hole is not a safe token or the body alone exceeds the bound.
   */
  set(scope: string, version: string, body: string, opts: { hole: string; meta: M }): boolean {
    this.delete(scope);
    if (!SAFE_HOLE.test(opts.hole)) return false;
    if (body.length > this.limits.maxBytes || this.limits.maxEntries < 1) return false;
    const parts = body.split(opts.hole).map((p) => packPiece(Buffer.from(p, 'utf8')));
    const bytes = parts.reduce((sum, p) => sum + p.raw.byteLength + p.deflated.byteLength, 0);
    if (bytes > this.limits.maxBytes) return false;
    this.entries.set(scope, { version, parts, meta: opts.meta, bytes });
    this.total += bytes;
    for (const oldest of this.entries.keys()) {
      if (this.entries.size <= this.limits.maxEntries && this.total <= this.limits.maxBytes) break;
      this.delete(oldest);
    }
    return true;
  }

  delete(scope: string): void {
    const e = this.entries.get(scope);
    if (!e) return;
    this.entries.delete(scope);
    this.total -= e.bytes;
  }
}
