/**
 * How the site answers: cacheable bodies (ETag = SHA-256 of the bytes, `public, max-age=300,
 * stale-while-revalidate=86400`, 304 on a matching If-None-Match), and its own error pages (404 for anything
 * missing or not public, 400 naming a bad parameter, 503 with Retry-After when the database is unreachable),
 * never the app's frame. Errors are not cached.
 */
import type { Context } from 'hono';
import { databaseUnavailable, isDatabaseUnavailable, RETRY_AFTER_SECONDS } from '../db/unavailable';
import { isAppError } from '../errors';
import { translator } from '../i18n';
import { sha256 } from '../lib/ids';
import type { AppDeps, AppEnv } from '../web/env';
import { PlainPage } from './views/plain';

type C = Context<AppEnv>;

export const CACHE_CONTROL = 'public, max-age=300, stale-while-revalidate=86400';

/** The body with its ETag and cache headers; 304 when the client has it. */
export function cached(
  c: C,
  body: string,
  contentType: string,
  extra: Record<string, string> = {},
): Response {
  const etag = `"${sha256(body).slice(0, 32)}"`;
  const headers = { etag, 'cache-control': CACHE_CONTROL, ...extra };
  const match = c.req.header('if-none-match');
  if (match?.split(',').some((m) => m.trim().replace(/^W\//, '') === etag || m.trim() === '*'))
    return c.body(null, 304, headers);
  return c.body(body, 200, { ...headers, 'content-type': contentType });
}

/** A page (hono/jsx) as a cacheable HTML5 document. */
export const html = (c: C, page: unknown): Response =>
  cached(c, `<!doctype html>${String(page)}`, 'text/html; charset=utf-8');

const plain = (c: C, opts: { title: string; text: string; status: number }): Response =>
  c.html(
    `<!doctype html>${String(<PlainPage lang={c.var.lang ?? 'en'} title={opts.title} text={opts.text} />)}`,
    opts.status as 400,
    { 'cache-control': 'no-store' },
  );

/** The site's error handler: its own plain pages (JSON when asked for), in the address's language. */
export function siteError(deps: AppDeps, caught: Error, c: C): Response {
  const t = translator(c.var.lang ?? 'en');
  let err: unknown = caught;
  if (isDatabaseUnavailable(err)) {
    err = isAppError(err) && err.code === 'database_unavailable' ? err : databaseUnavailable(err);
    c.header('retry-after', String(RETRY_AFTER_SECONDS));
  }
  if (!isAppError(err)) {
    deps.log.error({ err, path: c.req.path }, 'unhandled error on the public site');
    return plain(c, { title: t('site.error.title'), text: t('site.error.text'), status: 500 });
  }
  if (c.req.header('accept')?.includes('application/json'))
    return c.json({ error: { code: err.code, message: err.message, details: err.details } }, err.status);
  if (err.code === 'bad_parameter')
    return plain(c, {
      title: t('site.error.title'),
      text: t('site.error.badParameter', { name: String(err.params.name ?? '') }),
      status: err.status,
    });
  if (err.status < 500)
    return plain(c, { title: t('site.notFound.title'), text: t('site.notFound.text'), status: 404 });
  return plain(c, { title: t('site.error.title'), text: t('site.error.text'), status: err.status });
}
