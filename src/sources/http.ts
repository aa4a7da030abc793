/**
 * The one way Herald asks an outside service (Crossref, DataCite, OpenAIRE, Zenodo, Matomo, Plausible, Umami,
 * YouTube). Polite and robust, as their documentation asks:
 * - a User-Agent naming Herald and a `mailto:` contact (Crossref's "polite pool");
 * - a rate limit per host (a gap between requests), kept by this client across its calls;
 * - retries with back-off: 429 and 503 wait for `Retry-After` (seconds or an HTTP date) when it is short, other 5xx
 *   and network failures wait 1 s · 2^(n−1); a wait longer than `maxWaitMs` is not slept but answered as
 *   `retryAt`, so the caller (a job) comes back later instead of holding a worker;
 * - answers kept in `source_cache` (ok and not-found only, each with its own lifetime), keyed by the request with
 *   its secrets removed;
 * - one status per answer (FETCH_STATUSES) the pages and runs show, and messages without secrets: every query
 *   parameter named like a credential and every secret the caller names is replaced by `***` before a URL or a
 *   message leaves this file.
 * Time comes from the injected clock and waits from the injected `sleep`: tests pass one that records the waits and
 * returns at once.
 */
import { eq, sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { sourceCache } from '../db/schema';
import type { Clock } from '../lib/clock';
import { sha256 } from '../lib/ids';

export const FETCH_STATUSES = [
  'ok',
  'not_found',
  'unauthorized',
  'client_error',
  'rate_limited',
  'server_error',
  'network',
  'malformed',
] as const;
export type FetchStatus = (typeof FETCH_STATUSES)[number];

/** Statuses worth trying again later (the service may answer then); the others need a person to change something. */
export const RETRYABLE: ReadonlySet<FetchStatus> = new Set(['rate_limited', 'server_error', 'network']);

export interface HttpPolicy {
  /** Requests per second to one host (default 2; Crossref asks public users for few concurrent requests). */
  ratePerSecond: number;
  /** Attempts per request, the first included (default 3). */
  maxAttempts: number;
  /** The longest wait slept inside one call (default 5 s); a longer one is answered as `retryAt`. */
  maxWaitMs: number;
  /** Per attempt (default 20 s). */
  timeoutMs: number;
  /** The largest body read (default 8 MB): a larger answer is `malformed`. */
  maxBytes: number;
}

export const DEFAULT_HTTP_POLICY: HttpPolicy = {
  ratePerSecond: 2,
  maxAttempts: 3,
  maxWaitMs: 5_000,
  timeoutMs: 20_000,
  maxBytes: 8 * 1024 * 1024,
};

export interface SourceRequest {
  url: string;
  /** Default GET. POST sends `body` (form or JSON text) and is never cached. */
  method?: 'GET' | 'POST';
  body?: string;
  /** Accept header (default application/json). */
  accept?: string;
  headers?: Record<string, string>;
  /** Secrets this request carries (a token in a header, a key in the URL): scrubbed from every URL and message. */
  secrets?: readonly string[];
  /** How the body is read: JSON (default; a body that is not JSON is `malformed`) or text. */
  parse?: 'json' | 'text';
  /** Keep an `ok` answer this long (default: not kept). */
  cacheMs?: number;
  /** Keep a `not_found` answer this long (default: not kept). */
  notFoundCacheMs?: number;
}

export interface SourceResponse {
  status: FetchStatus;
  /** The last HTTP status, when an answer came. */
  httpStatus?: number;
  /** The URL with its secrets removed. */
  url: string;
  /** The body as text (ok and not_found; others: the first 500 characters, scrubbed). */
  text?: string;
  /** The parsed JSON (`parse: 'json'` and ok). */
  json?: unknown;
  contentType?: string;
  headers?: Headers;
  fromCache: boolean;
  /** When to try again (retryable statuses). */
  retryAt?: Date;
  /** English, without secrets. */
  message: string;
  attempts: number;
}

export interface SourceHttpOptions {
  clock: Clock;
  /** The cache's database; without it nothing is cached. */
  db?: Db;
  /** Waits between attempts and for the rate limit (default: a real timer). */
  sleep?: (ms: number) => Promise<void>;
  /** `mailto:` contact for the User-Agent (HERALD_CONTACT_EMAIL). */
  contact?: string;
  policy?: Partial<HttpPolicy>;
  /** The fetch to use (default: the global one). */
  fetch?: typeof fetch;
}

/** Query parameters that carry credentials in the services Herald asks (Matomo, YouTube, generic). */
const SECRET_PARAMS = /^(token_auth|key|api_key|apikey|access_token|token|auth|password)$/i;

export const realSleep = (ms: number): Promise<void> =>
  new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

/** The URL with credential parameters and the named secrets replaced by `***`. */
export function redactUrl(url: string, secrets: readonly string[] = []): string {
  let out = url;
  try {
    const u = new URL(url);
    for (const name of [...u.searchParams.keys()])
      if (SECRET_PARAMS.test(name)) u.searchParams.set(name, '***');
    if (u.password) u.password = '***';
    out = u.toString().replace(/%2A%2A%2A/g, '***');
  } catch {
    // not a URL: scrub the secrets only
  }
  return scrub(out, secrets);
}

/** Every named secret (and its URL-encoded form) in `text` replaced by `***`. */
export function scrub(text: string, secrets: readonly string[] = []): string {
  let out = text;
  for (const s of secrets) {
    if (!s) continue;
    for (const form of new Set([s, encodeURIComponent(s)])) out = out.split(form).join('***');
  }
  return out;
}

/** Seconds or an HTTP date → milliseconds from `now` (undefined when absent or unreadable). */
export function retryAfterMs(value: string | null, now: Date): number | undefined {
  if (!value) return undefined;
  const v = value.trim();
  if (/^\d{1,9}$/.test(v)) return Number(v) * 1000;
  const at = Date.parse(v);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now.getTime());
}

const backoffMs = (attempt: number): number => 1000 * 2 ** (attempt - 1);

export class SourceHttp {
  private readonly policy: HttpPolicy;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly fetchFn: typeof fetch;
  /** The earliest instant the next request to each host may start. */
  private readonly nextSlot = new Map<string, number>();
  readonly userAgent: string;

  constructor(private readonly opts: SourceHttpOptions) {
    this.policy = { ...DEFAULT_HTTP_POLICY, ...opts.policy };
    this.sleep = opts.sleep ?? realSleep;
    this.fetchFn = opts.fetch ?? fetch;
    this.userAgent = `Herald/1.0 (research dissemination tracking${opts.contact ? `; mailto:${opts.contact}` : ''})`;
  }

  /** One request with the rate limit, retries, cache and classification described above. */
  async request(req: SourceRequest): Promise<SourceResponse> {
    const secrets = req.secrets ?? [];
    const safeUrl = redactUrl(req.url, secrets);
    const method = req.method ?? 'GET';
    const accept = req.accept ?? 'application/json';
    const cacheKey = sha256(`${method} ${safeUrl} ${accept} ${sha256(req.url)}`);
    if (method === 'GET' && this.opts.db && (req.cacheMs || req.notFoundCacheMs)) {
      const hit = await this.readCache(cacheKey);
      if (hit) return this.classify({ req, safeUrl, secrets, attempts: 0, fromCache: true, ...hit });
    }
    let last: SourceResponse | undefined;
    for (let attempt = 1; attempt <= this.policy.maxAttempts; attempt++) {
      await this.waitForSlot(req.url);
      last = await this.once(req, { safeUrl, secrets, accept, method, attempt });
      if (!RETRYABLE.has(last.status)) break;
      const wait = last.retryAt ? last.retryAt.getTime() - this.opts.clock.now().getTime() : 0;
      if (attempt === this.policy.maxAttempts || wait > this.policy.maxWaitMs) break;
      await this.sleep(Math.max(0, wait));
    }
    const out = last as SourceResponse;
    if (method === 'GET' && this.opts.db && out.text !== undefined) {
      const keep =
        out.status === 'ok' ? req.cacheMs : out.status === 'not_found' ? req.notFoundCacheMs : undefined;
      if (keep) await this.writeCache(cacheKey, safeUrl, out, keep);
    }
    return out;
  }

  /** GET, parsed as JSON. */
  getJson(url: string, req: Omit<SourceRequest, 'url' | 'parse'> = {}): Promise<SourceResponse> {
    return this.request({ ...req, url, parse: 'json' });
  }

  private async waitForSlot(url: string): Promise<void> {
    let host: string;
    try {
      host = new URL(url).host;
    } catch {
      return;
    }
    const gap = this.policy.ratePerSecond > 0 ? 1000 / this.policy.ratePerSecond : 0;
    const now = this.opts.clock.now().getTime();
    const slot = Math.max(now, this.nextSlot.get(host) ?? 0);
    this.nextSlot.set(host, slot + gap);
    if (slot > now) await this.sleep(slot - now);
  }

  private async once(
    req: SourceRequest,
    o: { safeUrl: string; secrets: readonly string[]; accept: string; method: string; attempt: number },
  ): Promise<SourceResponse> {
    const now = this.opts.clock.now();
    let res: Response;
    try {
      res = await this.fetchFn(req.url, {
        method: o.method,
        headers: {
          'user-agent': this.userAgent,
          accept: o.accept,
          ...(req.body !== undefined && !req.headers?.['content-type']
            ? { 'content-type': 'application/x-www-form-urlencoded' }
            : {}),
          ...req.headers,
        },
        ...(req.body !== undefined ? { body: req.body } : {}),
        redirect: 'follow',
        signal: AbortSignal.timeout(this.policy.timeoutMs),
      });
    } catch (err) {
      const cause =
        err instanceof Error ? (err.cause instanceof Error ? err.cause.message : err.message) : '';
      return {
        status: 'network',
        url: o.safeUrl,
        fromCache: false,
        attempts: o.attempt,
        retryAt: new Date(now.getTime() + backoffMs(o.attempt)),
        message: scrub(`${o.safeUrl}: no answer (${cause || 'network error'})`, o.secrets),
      };
    }
    const body = await readBounded(res, this.policy.maxBytes);
    const retryMs =
      res.status === 429 || res.status === 503 || res.status >= 500
        ? (retryAfterMs(res.headers.get('retry-after'), now) ?? backoffMs(o.attempt))
        : undefined;
    return this.classify({
      req,
      safeUrl: o.safeUrl,
      secrets: o.secrets,
      attempts: o.attempt,
      fromCache: false,
      httpStatus: res.status,
      contentType: res.headers.get('content-type') ?? undefined,
      text: body,
      headers: res.headers,
      retryAt: retryMs !== undefined ? new Date(now.getTime() + retryMs) : undefined,
    });
  }

  private classify(a: {
    req: SourceRequest;
    safeUrl: string;
    secrets: readonly string[];
    attempts: number;
    fromCache: boolean;
    httpStatus: number;
    contentType?: string;
    /** undefined: the body was larger than maxBytes. */
    text: string | undefined;
    headers?: Headers;
    retryAt?: Date;
  }): SourceResponse {
    const base = {
      httpStatus: a.httpStatus,
      url: a.safeUrl,
      fromCache: a.fromCache,
      attempts: a.attempts,
      ...(a.contentType ? { contentType: a.contentType } : {}),
      ...(a.headers ? { headers: a.headers } : {}),
    };
    const says = (status: FetchStatus, what: string): SourceResponse => ({
      ...base,
      status,
      ...(a.text !== undefined
        ? { text: status === 'not_found' ? a.text : scrub(a.text.slice(0, 500), a.secrets) }
        : {}),
      ...(RETRYABLE.has(status) && a.retryAt ? { retryAt: a.retryAt } : {}),
      message: scrub(`${a.safeUrl}: ${what}`, a.secrets),
    });
    const s = a.httpStatus;
    if (s === 429) return says('rate_limited', `rate limited (HTTP 429)`);
    if (s >= 500) return says('server_error', `the service failed (HTTP ${s})`);
    if (s === 404 || s === 410) return says('not_found', `not found (HTTP ${s})`);
    if (s === 401 || s === 403) return says('unauthorized', `refused the credentials (HTTP ${s})`);
    if (s >= 400) return says('client_error', `refused the request (HTTP ${s})`);
    if (s < 200 || s >= 300) return says('malformed', `unexpected HTTP ${s}`);
    if (a.text === undefined)
      return says('malformed', `the answer is larger than ${this.policy.maxBytes} bytes`);
    if ((a.req.parse ?? 'json') === 'json') {
      try {
        return { ...base, status: 'ok', text: a.text, json: JSON.parse(a.text), message: `${a.safeUrl}: ok` };
      } catch (err) {
        return says('malformed', `the answer is not JSON (${(err as Error).message})`);
      }
    }
    return { ...base, status: 'ok', text: a.text, message: `${a.safeUrl}: ok` };
  }

  private async readCache(
    key: string,
  ): Promise<{ httpStatus: number; contentType?: string; text: string } | undefined> {
    const db = this.opts.db as Db;
    const [row] = await db
      .select()
      .from(sourceCache)
      .where(sql`${sourceCache.key} = ${key} and ${sourceCache.expiresAt} > ${this.opts.clock.now()}`);
    if (!row) return undefined;
    return {
      httpStatus: row.httpStatus,
      text: row.body,
      ...(row.contentType ? { contentType: row.contentType } : {}),
    };
  }

  private async writeCache(key: string, url: string, res: SourceResponse, keepMs: number): Promise<void> {
    const db = this.opts.db as Db;
    const now = this.opts.clock.now();
    const row = {
      key,
      url,
      httpStatus: res.httpStatus ?? 200,
      contentType: res.contentType ?? null,
      body: res.text ?? '',
      fetchedAt: now,
      expiresAt: new Date(now.getTime() + keepMs),
    };
    await db.insert(sourceCache).values(row).onConflictDoUpdate({ target: sourceCache.key, set: row });
  }

  /** Removes expired answers (the daily sweep). */
  static async purgeExpired(db: Db, now: Date): Promise<number> {
    const gone = await db
      .delete(sourceCache)
      .where(sql`${sourceCache.expiresAt} <= ${now}`)
      .returning({ key: sourceCache.key });
    return gone.length;
  }

  /** Forgets one cached answer (a person asked to look again). */
  static async forget(db: Db, key: string): Promise<void> {
    await db.delete(sourceCache).where(eq(sourceCache.key, key));
  }
}

/** The body as text, or undefined past `maxBytes` (the rest is not read). */
async function readBounded(res: Response, maxBytes: number): Promise<string | undefined> {
  if (!res.body) return '';
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => undefined);
      return undefined;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}
