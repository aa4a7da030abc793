/**
 * Request pipeline pieces for accounts: who is acting (`authenticate` sets `c.var.actor`), CSRF protection
 * (`csrfProtection`), security headers with a strict Content-Security-Policy, and body size limits.
 *
 * - `/api/*` with `Authorization: Bearer hrd_…` → a token actor; no cookies are read, so no CSRF applies.
 * - otherwise the `herald_session` cookie → a user actor, or anonymous.
 * - every unsafe request of a browser (POST, PUT, PATCH, DELETE) must carry the CSRF token — the session's, or for
 *   anonymous visitors the `herald_csrf` cookie's (double submit) — as the `_csrf` form field or the `x-csrf-token`
 *   header (htmx sends it from `hx-headers` on `<body>`), and must not come from another origin. A streamed upload
 *   (`isStreamedUpload`) without the header is not parsed here: its receiver (src/importers/upload-stream.ts) takes
 *   the token from the `_csrf` field that precedes the files, and refuses every file until it has matched.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { secureHeaders } from 'hono/secure-headers';
import { AppError, unauthenticated } from '../errors';
import type { AppEnv } from '../web/env';
import { isLang, translator } from '../i18n';
import { LANG_COOKIE } from '../i18n/cookie';
import { rememberLanguage } from './account';
import { randomToken, safeEqual } from '../lib/ids';
import type { LinkDeps } from './links';
import { anonymous } from './permissions';
import { SessionCache } from './session-cache';
import { ABSOLUTE_MS, SESSION_COOKIE } from './sessions';
import { DEFAULT_THROTTLE, type ThrottlePolicy } from './sign-in';
import { resolveToken } from './tokens';

export const CSRF_COOKIE = 'herald_csrf';
export const CSRF_FIELD = '_csrf';
export const CSRF_HEADER = 'x-csrf-token';

type C = Context<AppEnv>;

/** The account services' dependencies from the app's: database, clock, base URL for links (mail goes through the queue). */
export function linkDeps(c: C): LinkDeps {
  const deps = c.var.deps;
  return {
    db: deps.database.db,
    clock: c.var.clock,
    // Never the request's Host header: a forged one would poison reset links.
    baseUrl: (deps.baseUrl ?? 'http://localhost:3000').replace(/\/+$/, ''),
  };
}

export const throttlePolicy = (c: C): ThrottlePolicy => c.var.deps.throttle ?? DEFAULT_THROTTLE;

/** The client's address: the socket's, or behind a trusted proxy the last X-Forwarded-For hop. */
export function clientAddress(c: C): string {
  if (c.var.deps.trustProxy) {
    const hops = (c.req.header('x-forwarded-for') ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    const last = hops[hops.length - 1];
    if (last) return last.slice(0, 64);
  }
  const incoming = (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming;
  return incoming?.socket?.remoteAddress ?? 'unknown';
}

/** Whether the browser talks HTTPS to us (directly, or to a trusted proxy that says so). */
export function isHttps(c: C): boolean {
  if (new URL(c.req.url).protocol === 'https:') return true;
  return Boolean(c.var.deps.trustProxy) && c.req.header('x-forwarded-proto') === 'https';
}

const cookieOptions = (c: C, maxAge?: number) =>
  ({
    path: '/',
    httpOnly: true,
    sameSite: 'Lax',
    secure: isHttps(c),
    ...(maxAge ? { maxAge } : {}),
  }) as const;

/** Sets the session cookie (HttpOnly, SameSite=Lax, Secure over HTTPS) for the absolute session lifetime. */
export function setSessionCookie(c: C, id: string): void {
  setCookie(c, SESSION_COOKIE, id, cookieOptions(c, Math.floor(ABSOLUTE_MS / 1000)));
}

export function clearSessionCookie(c: C): void {
  deleteCookie(c, SESSION_COOKIE, { path: '/', secure: isHttps(c) });
}

/** One session cache per app (its deps). */
const sessionCaches = new WeakMap<object, SessionCache>();

const sessionCacheOf = (c: C): SessionCache => {
  let cache = sessionCaches.get(c.var.deps);
  if (!cache) {
    cache = new SessionCache(c.var.deps.database.writes);
    sessionCaches.set(c.var.deps, cache);
  }
  return cache;
};

/** Sets `actor`, `session` and `csrfToken` for the request. */
export function authenticate(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const { db } = c.get('deps').database;
    c.set('actor', anonymous);
    c.set('session', null);
    c.set('bearer', false);
    c.set('csrfToken', '');
    if (c.req.path.startsWith('/static/') || c.req.path === '/healthz') return next();
    const authorization = c.req.header('authorization');
    if (authorization !== undefined && c.req.path.startsWith('/api/')) {
      const m = /^Bearer\s+(\S+)$/i.exec(authorization);
      const actor = m?.[1] ? await resolveToken(db, m[1]) : undefined;
      if (!actor) {
        c.header('www-authenticate', 'Bearer');
        throw unauthenticated('Invalid or revoked API token');
      }
      c.set('actor', actor);
      c.set('bearer', true);
      return next();
    }
    const raw = getCookie(c, SESSION_COOKIE);
    if (raw) {
      // Sessions live on the wall clock (created and signed in with it), not the app's injected clock.
      const s = await sessionCacheOf(c).resolve(db, raw, new Date());
      if (s) {
        c.set('actor', s.actor);
        c.set('session', {
          idHash: s.idHash,
          userId: s.user.id,
          name: s.user.name ?? s.user.email ?? '',
          email: s.user.email ?? '',
          isAdmin: s.user.isAdmin,
        });
        c.set('csrfToken', s.csrfToken);
        // A language chosen with the language link becomes the account's (for its mails) on the next form sent.
        const chosen = getCookie(c, LANG_COOKIE);
        // Without a choice in this browser (`?lang=`, the cookie), pages follow the account's language.
        if (
          !isLang(chosen) &&
          !isLang(c.req.query('lang')) &&
          isLang(s.user.lang) &&
          s.user.lang !== c.get('lang')
        ) {
          c.set('lang', s.user.lang);
          c.set('t', translator(s.user.lang));
        }
        if (!SAFE_METHODS.has(c.req.method) && isLang(chosen))
          await rememberLanguage(db, { userId: s.user.id, stored: s.user.lang, lang: chosen });
      } else {
        clearSessionCookie(c);
      }
    }
    if (!c.get('session')) {
      let token = getCookie(c, CSRF_COOKIE);
      if (!token || token.length < 20 || token.length > 100) {
        token = randomToken();
        setCookie(c, CSRF_COOKIE, token, cookieOptions(c));
      }
      c.set('csrfToken', token);
    }
    await next();
  };
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * The routes whose multipart body is read as a stream, to disk (the web import, src/importers/routes.tsx, and the
 * API's, src/importers/api.ts): no body limit here (the receiver enforces HERALD_MAX_UPLOAD_MB), and a session's CSRF
 * field is checked as it streams in.
 */
const STREAMED_UPLOAD = /^(?:\/p\/[^/]+\/import|\/api\/v1\/projects\/[^/]+\/imports)$/;

/** Whether this request is a multipart POST to the streamed upload route. */
export const isStreamedUpload = (c: C): boolean =>
  c.req.method === 'POST' &&
  STREAMED_UPLOAD.test(c.req.path) &&
  (c.req.header('content-type') ?? '').toLowerCase().startsWith('multipart/form-data');

/** Whether `sent` is this request's CSRF token (constant time; an empty token never matches). */
export const csrfMatches = (c: C, sent: string | undefined): boolean => {
  const expected = c.var.csrfToken;
  return Boolean(sent && expected && safeEqual(sent, expected));
};

export const csrfError = () =>
  new AppError({
    code: 'csrf',
    status: 403,
    message: 'The form has expired or came from another site: reload the page and try again',
    messageKey: 'auth.error.csrf',
  });

/** The origins this app answers as: the request's, the configured base URL's, and (behind a trusted proxy) the forwarded one. */
function ownOrigins(c: C): Set<string> {
  const origins = new Set([new URL(c.req.url).origin]);
  if (c.var.deps.baseUrl) origins.add(new URL(c.var.deps.baseUrl).origin);
  const host = c.req.header('x-forwarded-host') ?? c.req.header('host');
  if (c.var.deps.trustProxy && host) origins.add(`${c.req.header('x-forwarded-proto') ?? 'http'}://${host}`);
  return origins;
}

/** Refuses unsafe requests without the request's CSRF token, or from another origin. Bearer-token API calls are exempt. */
export function csrfProtection(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (SAFE_METHODS.has(c.req.method) || c.var.bearer) return next();
    const origin = c.req.header('origin');
    if (origin !== undefined && !ownOrigins(c).has(origin)) throw csrfError();
    if (c.req.header('sec-fetch-site') === 'cross-site') throw csrfError();
    let sent = c.req.header(CSRF_HEADER);
    // Checked by the upload's receiver before it accepts a byte of any file (fail closed: no token, no file).
    if (!sent && isStreamedUpload(c)) return next();
    if (!sent) {
      const type = c.req.header('content-type') ?? '';
      if (type.startsWith('application/x-www-form-urlencoded') || type.startsWith('multipart/form-data')) {
        const body = await c.req.parseBody();
        const v = body[CSRF_FIELD];
        sent = typeof v === 'string' ? v : undefined;
      }
    }
    if (!csrfMatches(c, sent)) throw csrfError();
    await next();
  };
}

/**
 * Security headers: a Content-Security-Policy without inline script or style (htmx runs from /static with its
 * indicator styles off), no framing, no referrer to other sites.
 */
export function securityHeaders(): MiddlewareHandler<AppEnv> {
  return secureHeaders({
    contentSecurityPolicy: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'"],
      imgSrc: ["'self'", 'data:'],
      objectSrc: ["'none'"],
      frameAncestors: ["'none'"],
      baseUri: ["'self'"],
      formAction: ["'self'"],
    },
    referrerPolicy: 'same-origin',
    crossOriginEmbedderPolicy: false,
    // A handler's own headers win: evidence downloads (src/records/files.ts) send `Content-Security-Policy: sandbox`.
    overwrite: false,
  });
}

/** Upper bound of any request body but the streamed upload's (HERALD_MAX_UPLOAD_MB), and the smaller one of account forms. */
export const MAX_BODY_BYTES = 10 * 1024 * 1024;
export const MAX_FORM_BYTES = 64 * 1024;
export const MAX_UPLOAD_BYTES = 21 * 1024 * 1024;

const tooLarge = () =>
  new AppError({
    code: 'payload_too_large',
    status: 413,
    message: 'The request is too large',
    messageKey: 'auth.error.tooLarge',
  });

export function bodyLimits(): MiddlewareHandler<AppEnv> {
  const big = bodyLimit({
    maxSize: MAX_BODY_BYTES,
    onError: () => {
      throw tooLarge();
    },
  });
  const small = bodyLimit({
    maxSize: MAX_FORM_BYTES,
    onError: () => {
      throw tooLarge();
    },
  });
  // Evidence uploads (src/records/files.ts): a file of up to 20 MB plus the multipart envelope.
  const upload = bodyLimit({
    maxSize: MAX_UPLOAD_BYTES,
    onError: () => {
      throw tooLarge();
    },
  });
  const formPaths = /^\/(login|logout|setup\/|invite\/|reset|account|p\/[^/]+\/(members|tokens|invitations))/;
  // …and the brand checker's uploads (src/brand): a material of up to 20 MB.
  const uploadPaths = /^\/(p|api\/v1\/projects)\/[^/]+\/((records\/)?[a-z-]+\/[^/]+\/files|brand\/check)$/;
  // GET and HEAD carry no body (the server never reads one): reading `c.req.raw.body` to check would build a whole
  // fetch Request per page.
  return (c, next) =>
    SAFE_METHODS.has(c.req.method) || isStreamedUpload(c)
      ? next()
      : formPaths.test(c.req.path)
        ? small(c, next)
        : uploadPaths.test(c.req.path)
          ? upload(c, next)
          : big(c, next);
}
