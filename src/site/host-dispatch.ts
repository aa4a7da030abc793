/**
 * A request for a host name mapped to a project's site (HERALD_SITE_HOSTS, src/site/hosts.ts) is that site at `/`:
 * `https://www.example.eu/en/events` is answered as `/site/<project>/en/events`, by the site's sub-app alone (no
 * session lookup, no CSRF cookie, none of the app's pages: `/login` there is the site's 404). Other hosts go on
 * to the app. The Host header decides (X-Forwarded-Host first behind a trusted proxy); no lookup, no query.
 */
import type { Hono, MiddlewareHandler } from 'hono';
import type { AppDeps, AppEnv } from '../web/env';
import type { SiteHost } from './hosts';
import type { SiteEnv } from './routes';

/** `Www.Example.EU:443` → `www.example.eu` (the scheme's default ports dropped). */
export const normaliseHost = (host: string): string =>
  host
    .trim()
    .toLowerCase()
    .replace(/:(80|443)$/, '');

export function siteHostDispatch(deps: AppDeps, hostSite: Hono<AppEnv>): MiddlewareHandler<AppEnv> {
  const byHost = deps.siteHosts?.byHost;
  return async (c, next) => {
    if (!byHost || byHost.size === 0) return next();
    const forwarded = deps.trustProxy ? c.req.header('x-forwarded-host')?.split(',')[0] : undefined;
    const host = forwarded ?? c.req.header('host');
    const mapped: SiteHost | undefined = host ? byHost.get(normaliseHost(host)) : undefined;
    if (!mapped) return next();
    const url = new URL(c.req.url);
    if (url.pathname.length > 1 && url.pathname.endsWith('/'))
      return c.redirect(`/${url.pathname.replace(/^\/+|\/+$/g, '')}${url.search}`, 301);
    const path = url.pathname === '/' ? '' : url.pathname;
    const target = new URL(`/${mapped.projectId}${path}${url.search}`, url);
    const env: SiteEnv = { heraldSiteHost: mapped };
    return hostSite.fetch(new Request(target, { method: c.req.method, headers: c.req.raw.headers }), {
      ...((c.env as object | undefined) ?? {}),
      ...env,
    });
  };
}
