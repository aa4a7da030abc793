/** Assembles the web app: language negotiation, static files, domain routes, one error handler. */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Hono } from 'hono';
import { contextStorage } from 'hono/context-storage';
import { createMiddleware } from 'hono/factory';
import { getCookie } from 'hono/cookie';
import { auditRoutes } from '../audit/routes';
import { authenticate, bodyLimits, csrfProtection, securityHeaders } from '../auth/middleware';
import { preferenceLinkRoutes, preferenceMemberRoutes } from '../reminders/preference-routes';
import { projectAccessRoutes } from '../auth/project-routes';
import { authRoutes } from '../auth/routes';
import { probeDatabase } from '../db/health';
import { databaseUnavailable, isDatabaseUnavailable, RETRY_AFTER_SECONDS } from '../db/unavailable';
import { isAppError, notFound, type ErrorDetail } from '../errors';
import { exportRoutes } from '../records/export-routes';
import { exportJobRoutes } from '../records/export-job-routes';
import { icalRoutes } from '../records/ical-routes';
import { consistencyRoutes } from '../records/consistency-routes';
import { sourcesPageRoutes } from '../sources/page-routes';
import { citeExportRoutes } from '../records/cite-export-routes';
import { importsApi } from '../importers/api';
import { importRoutes } from '../importers/routes';
import { doiApi } from '../sources/doi/api';
import { doiRoutes } from '../sources/doi/routes';
import { mailRoutes } from '../mail/routes';
import { jobRoutes } from '../jobs/routes';
import { portfolioRoutes } from '../portfolio/routes';
import { projectRoutes } from '../projects/routes';
import { planEditRoutes } from '../projects/edit-routes';
import { initRoutes } from '../projects/init-routes';
import { kpiApi } from '../kpi/api';
import { kpiRoutes } from '../kpi/routes';
import { newsletterRoutes } from '../newsletter/routes';
import { issueRoutes } from '../newsletter/issue-routes';
import { oaiRoutes } from '../oai/routes';
import { recordsApi } from '../records/api';
import { fileRoutes } from '../records/files-routes';
import { brandRoutes } from '../brand/routes';
import { brandApi } from '../brand/api';
import { brandJobRoutes } from '../brand/job-routes';
import { openApiRoutes } from '../records/openapi';
import { recordRoutes } from '../records/routes';
import { reportInputRoutes } from '../reports/inputs-routes';
import { preflightRoutes } from '../reports/preflight-routes';
import { signoffRoutes } from '../signoff/routes';
import { reportsApi } from '../reports/api';
import { reportRoutes } from '../reports/routes';
import { correctionRoutes } from '../reports/correct-routes';
import { submitRoutes } from '../reports/submit-routes';
import { portalRoutes } from '../reports/portal/routes';
import { newsRoutes } from '../site/news/routes';
import { socialRoutes } from '../social/routes';
import { brandTemplateRoutes } from '../brand/templates/routes';
import { socialApi } from '../social/api';
import { suggestionRoutes } from '../sources/openaire/routes';
import { suggestionsApi } from '../sources/openaire/api';
import { kebabId } from '../schema-pieces';
import { systemClock } from '../lib/clock';
import type { AppDeps, AppEnv } from './env';
import { hasKey, negotiateLang, translator, type MessageKey } from '../i18n';
import { LANG_COOKIE, setLangCookie } from '../i18n/cookie';
import { Layout } from '../ui/layout';
import { siteHostDispatch } from '../site/host-dispatch';
import { siteDeliverableRoutes } from '../site/downloads/app-routes';
import { createHostSiteApp, createSiteApp } from '../site/routes';

const require = createRequire(import.meta.url);
const htmxJs = readFileSync(require.resolve('htmx.org/dist/htmx.min.js'), 'utf8');
const appCss = readFileSync(new URL('./static/app.css', import.meta.url), 'utf8');

export function createApp(deps: AppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const clock = deps.clock ?? systemClock;

  // The bench's baseline (bench/server.ts, HERALD_BENCH=1): what this server answers with no work at all. Before
  // every middleware, so it measures the HTTP stack alone; absent unless asked for.
  if (deps.bench) app.get('/_bench/hello', (c) => c.text('ok'));

  // A host name mapped to a project's public site (HERALD_SITE_HOSTS) is that site, before anything of the app's.
  const site = createSiteApp(deps);
  app.use('*', siteHostDispatch(deps, createHostSiteApp(site)));

  // Views read the request (actor, CSRF token) through context storage; headers and size limits apply to all.
  app.use('*', contextStorage());
  app.use('*', securityHeaders());
  app.use('*', bodyLimits());

  // `/p/m-sec/` and any other path with a trailing slash: one canonical address, the query kept.
  app.use('*', async (c, next) => {
    const { pathname, search } = new URL(c.req.url);
    if (
      (c.req.method === 'GET' || c.req.method === 'HEAD') &&
      pathname.length > 1 &&
      pathname.endsWith('/')
    ) {
      const canonical = pathname.replace(/\/+$/, '') || '/';
      // `//host` would leave the site: collapse leading slashes too.
      return c.redirect(`/${canonical.replace(/^\/+/, '')}${search}`, 301);
    }
    await next();
  });

  // The public sites (src/site): before the language cookie, the session lookup and the CSRF cookie, none of which
  // a public page may read or set.
  app.route('/site', site);

  app.use('*', async (c, next) => {
    const query = c.req.query('lang');
    const lang = negotiateLang({
      query,
      cookie: getCookie(c, LANG_COOKIE),
      acceptLanguage: c.req.header('accept-language'),
    });
    if (query === lang) setLangCookie(c, lang);
    c.set('deps', deps);
    c.set('clock', clock);
    c.set('lang', lang);
    c.set('t', translator(lang));
    await next();
  });

  // A request whose transaction enqueued jobs (e.g. a figure refresh after a record write) wakes the runner once it
  // has answered: by then the transaction committed, so the runner's claim sees the job.
  app.use('*', async (c, next) => {
    await next();
    if (c.get('jobsEnqueued')) deps.jobs?.wake();
  });

  // The OAI-PMH endpoint is public and reads no cookie: before authentication, so a harvester's POST needs no CSRF
  // token (it changes nothing).
  app.route('/', oaiRoutes);
  // The mail preference links (src/reminders) are reached from a mail: their token is the capability and their form
  // carries its own signed token, so they read no session cookie and need no CSRF cookie.
  app.route('/', preferenceLinkRoutes);

  // Who is acting (session cookie, or a bearer token on /api/*), then CSRF on every state-changing request.
  app.use('*', authenticate());
  app.use('*', csrfProtection());

  // A project id is a slug: anything else (a NUL byte, 5,000 characters) is no project, before any query.
  const projectOnly = createMiddleware<AppEnv>(async (c, next) => {
    if (!kebabId.safeParse(c.req.param('id')).success) throw notFound('project');
    await next();
  });
  for (const path of ['/p/:id', '/p/:id/*', '/api/v1/projects/:id', '/api/v1/projects/:id/*'])
    app.use(path, projectOnly);

  // The bench's profile (bench/profile-dashboard.ts): "ok" after every middleware, signed in: what the framework
  // chain costs a request before any page's own work. Absent unless asked for, like /_bench/hello.
  if (deps.bench) app.get('/_bench/chain', (c) => c.text('ok'));

  // The process answers whatever the database does: `busy` (no answer within the probe's timeout, e.g. PGlite in a
  // long transaction) is still 200, `unavailable` (no connection) is 503 so a load balancer stops sending traffic.
  app.get('/healthz', async (c) => {
    const { database, healthTimeoutMs } = c.var.deps;
    const db = await probeDatabase(database, { timeoutMs: healthTimeoutMs });
    const status = db === 'ok' ? 'ok' : 'degraded';
    return c.json({ status, db, database: database.driver }, db === 'unavailable' ? 503 : 200, {
      'cache-control': 'no-store',
    });
  });

  const cacheFor = { 'cache-control': 'public, max-age=3600' };
  app.get('/static/htmx.min.js', (c) =>
    c.body(htmxJs, 200, { 'content-type': 'text/javascript; charset=utf-8', ...cacheFor }),
  );
  app.get('/static/app.css', (c) =>
    c.body(appCss, 200, { 'content-type': 'text/css; charset=utf-8', ...cacheFor }),
  );

  app.route('/', authRoutes);
  app.route('/', projectAccessRoutes);
  app.route('/', auditRoutes);
  app.route('/', mailRoutes);
  app.route('/', preferenceMemberRoutes);
  app.route('/', newsletterRoutes);
  app.route('/', issueRoutes);
  app.route('/', jobRoutes);
  app.route('/', portfolioRoutes);
  app.route('/', projectRoutes);
  app.route('/', planEditRoutes);
  app.route('/', initRoutes);
  app.route('/', kpiRoutes);
  app.route('/', reportRoutes);
  app.route('/', preflightRoutes);
  app.route('/', signoffRoutes);
  app.route('/', reportInputRoutes);
  app.route('/', submitRoutes);
  app.route('/', portalRoutes);
  app.route('/', newsRoutes);
  app.route('/', socialRoutes);
  app.route('/', brandTemplateRoutes);
  app.route('/', importRoutes);
  app.route('/', doiRoutes);
  app.route('/', exportRoutes);
  app.route('/', exportJobRoutes);
  app.route('/', icalRoutes);
  app.route('/', consistencyRoutes);
  app.route('/', sourcesPageRoutes);
  app.route('/', citeExportRoutes);
  app.route('/', correctionRoutes);
  app.route('/', kpiApi);
  app.route('/', socialApi);
  app.route('/', suggestionRoutes);
  app.route('/', suggestionsApi);
  app.route('/', reportsApi);
  app.route('/', importsApi);
  app.route('/', doiApi);
  app.route('/', recordsApi);
  app.route('/', fileRoutes);
  app.route('/', brandRoutes);
  app.route('/', brandApi);
  app.route('/', brandJobRoutes);
  app.route('/', openApiRoutes);
  app.route('/', siteDeliverableRoutes);
  app.route('/', recordRoutes);

  app.notFound((c) => {
    const { t, lang } = c.var;
    if (c.req.path.startsWith('/api/'))
      return c.json({ error: { code: 'not_found', message: 'Not found' } }, 404);
    return c.html(
      <Layout title={t('error.not_found')} lang={lang} t={t} path={c.req.path}>
        <h1>{t('error.not_found')}</h1>
        <p>{t('error.notFoundPage')}</p>
        <p>
          <a href="/">{t('error.back')}</a>
        </p>
      </Layout>,
      404,
    );
  });

  app.onError((caught, c) => {
    const t = c.var.t ?? translator('en');
    const lang = c.var.lang ?? 'en';
    let err = caught;
    // A lost database connection (PostgreSQL restarting, failover, terminated backend) is a 503 to retry, not a 500.
    if (isDatabaseUnavailable(err)) {
      deps.log.warn({ err, path: c.req.path }, 'database unavailable');
      err = isAppError(err) && err.code === 'database_unavailable' ? err : databaseUnavailable(err);
      c.header('retry-after', String(RETRY_AFTER_SECONDS));
    }
    if (isAppError(err)) {
      const body = { error: { code: err.code, message: err.message, details: err.details } };
      if (c.req.path.startsWith('/api/') || c.req.header('accept')?.includes('application/json')) {
        return c.json(body, err.status);
      }
      if (err.code === 'unauthenticated') {
        const next = c.req.method === 'GET' ? `?next=${encodeURIComponent(c.req.path)}` : '';
        return c.redirect(`/login${next}`, c.req.method === 'GET' ? 302 : 303);
      }
      // Located problems with a translated message (a bad parameter's name and what is wrong with it).
      const located = err.details.filter(
        (d): d is ErrorDetail & { key: MessageKey } => d.key !== undefined && hasKey(d.key),
      );
      return c.html(
        <Layout title={t('error.title')} lang={lang} t={t} path={c.req.path}>
          <h1>{t('error.title')}</h1>
          <p>{hasKey(err.messageKey) ? t(err.messageKey, err.params) : err.message}</p>
          {located.length > 0 && (
            <ul class="form-errors" aria-label={t('error.details')}>
              {located.map((d) => (
                <li>
                  {d.path ? <code>{d.path}</code> : null} {t(d.key, d.params)}
                </li>
              ))}
            </ul>
          )}
        </Layout>,
        err.status,
      );
    }
    deps.log.error({ err, path: c.req.path }, 'unhandled error');
    if (c.req.path.startsWith('/api/'))
      return c.json({ error: { code: 'internal', message: 'Internal error', details: [] } }, 500);
    return c.html(
      <Layout title={t('error.title')} lang={lang} t={t} path={c.req.path}>
        <h1>{t('error.title')}</h1>
        <p>{t('error.internal')}</p>
      </Layout>,
      500,
    );
  });

  return app;
}
