/**
 * The public site as its own sub-app (no session lookup, no CSRF cookie, no signed-in frame): mounted under
 * `/site/<project>/…` before the app's authentication (src/web/app.tsx), and served at `/` on a host name mapped to
 * the project (HERALD_SITE_HOSTS; src/site/host-dispatch.ts). Addresses, relative to the site's root:
 *   /            → 302 to /en or /ja (Accept-Language)      /robots.txt, /sitemap.xml, /site.css, /logo
 *   /:lang       home                                       /:lang/events (?before= keyset), /:lang/events.ics
 *   /:lang/publications (?before=), /:lang/publications.bib /:lang/accessibility
 *   /:lang/deliverables, /d/:code/:version/:file (counted downloads: src/site/downloads/site-routes.tsx)
 *   /:lang/news… and /images/<sha256>, /card.png: src/site/news-routes.tsx
 * Every answer is cacheable (ETag of the bytes, `public, max-age=300, stale-while-revalidate=86400`, 304 on
 * If-None-Match) and kept in memory while nothing is written (src/site/page-cache.ts); nothing writes but a served
 * download's counter event (src/site/downloads/record.ts, an unobserved write that keeps the cache). A project
 * that has not opted in answers 404 everywhere, as one that does not exist.
 */
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { securityHeaders } from '../auth/middleware';
import { isAppError, notFound } from '../errors';
import { formatDate, isLang, negotiateLang, translator, type Lang } from '../i18n';
import { systemClock } from '../lib/clock';
import { sha256 } from '../lib/ids';
import { localize } from '../plan/schema';
import { citeText } from '../records/cite-export';
import { calendarHost, eventsCalendar } from '../records/ical';
import { valueLabel } from '../records/views/shared';
import { formatBibliography, type CitationSource } from '../reports/citations';
import { kebabId } from '../schema-pieces';
import type { AppDeps, AppEnv } from '../web/env';
import { parseQuery } from '../web/query';
import { newsletterSiteRoutes } from '../newsletter/site-routes';
import { archiveRoutes, sentIssueIds } from '../newsletter/archive-routes';
import { buildFrame } from './frame';
import type { SiteHost } from './hosts';
import {
  cursorOf,
  listPublications,
  pastEvents,
  publicCalendarEvents,
  upcomingEvents,
  type Cursor,
  type PublicPublication,
} from './repository';
import { deliverableSiteRoutes } from './downloads/site-routes';
import { registerNewsRoutes } from './news-routes';
import { newsItem } from './news/present';
import { publicNews, publicSlugs } from './news/repository';
import { memoized, siteCaches, sitePageCache } from './page-cache';
import { robotsTxt, sitemapXml } from './seo';
import { loadPublicSite, siteIdentity, siteLang, TextPicker, type PublicSite } from './site';
import { siteCss } from './style';
import type { SiteCtx } from './views/layout';
import {
  AccessibilityPage,
  EventsPage,
  HomePage,
  PublicationsPage,
  type PublicationItem,
} from './views/pages';
import { cached, CACHE_CONTROL, html, siteError } from './respond';

type C = Context<AppEnv>;

/** What the host dispatcher passes in `env` when the site is served on its own host name. */
export interface SiteEnv {
  heraldSiteHost?: SiteHost;
}

/** Rows per page of the events' past list and of the publications. */
export const SITE_PAGE_SIZE = 50;
/** The most upcoming events a page lists (a project rarely announces more). */
const UPCOMING_MAX = 100;

/** `?before=2019-05-02~<uuid>`: the keyset cursor of the lists. */
const cursorSchema = z
  .string()
  .max(80)
  .regex(/^\d{4}-\d{2}-\d{2}~[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/)
  .superRefine((v, ctx) => {
    const date = v.slice(0, 10);
    const d = new Date(`${date}T00:00:00Z`);
    if (Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== date)
      ctx.addIssue({
        code: 'custom',
        message: `"${date}" is not a date`,
        params: { key: 'validation.format.date', value: `"${date}"`, input: date },
      });
  })
  .transform((v): Cursor => ({ date: v.slice(0, 10), id: v.slice(11) }));

/** The list pages' query: the keyset cursor. */
export const SITE_LIST_QUERY = { before: cursorSchema.optional() };

const hostOf = (c: C): SiteHost | undefined => (c.env as SiteEnv | undefined)?.heraldSiteHost;

/** The project of the address (a slug, else 404 before any query) and its public site. */
async function siteOf(c: C): Promise<PublicSite> {
  const id = c.req.param('id');
  if (!kebabId.safeParse(id).success) throw notFound('site');
  const { deps } = c.var;
  // Kept while nothing is written (src/site/page-cache.ts); a project without a site is kept as null.
  const site = await memoized(siteCaches(deps).sites, id as string, () =>
    loadPublicSite(deps.database.db, id as string).catch((err: unknown) => {
      if (isAppError(err) && err.code === 'not_found') return null;
      throw err;
    }),
  );
  if (!site) throw notFound('site');
  return site;
}

/** Links inside the site and the canonical root, by how the site is served. */
function addressing(c: C, site: PublicSite): { base: string; canonicalRoot: string } {
  const onHost = hostOf(c);
  if (onHost) return { base: '', canonicalRoot: onHost.origin };
  const base = `/site/${site.projectId}`;
  const mapped = c.var.deps.siteHosts?.byProject.get(site.projectId);
  if (mapped) return { base, canonicalRoot: mapped.origin };
  const origin = (c.var.deps.baseUrl ?? new URL(c.req.url).origin).replace(/\/+$/, '');
  return { base, canonicalRoot: `${origin}${base}` };
}

function contextOf(c: C, site: PublicSite, lang: Lang, page: string): SiteCtx {
  return { site, lang, t: translator(lang), ...addressing(c, site), page, today: c.var.clock.today() };
}

/** The page's meta description: the project's short description in the page's language. */
const descriptionOf = (site: PublicSite, lang: Lang) => localize(site.plan.project.description.short, lang);

/** Everything a page needs before rendering: context, picker, frame (the footer's picks count for the notice). */
async function prepare(c: C, page: string) {
  const site = await siteOf(c);
  const lang = siteLang(site, c.req.param('lang'));
  const ctx = contextOf(c, site, lang, page);
  const picker = new TextPicker(lang);
  const frame = await buildFrame(ctx, picker);
  return { site, lang, ctx, picker, frame, description: descriptionOf(site, lang) };
}

/** A publication as the citation formatter's source. */
const citationSource = (p: PublicPublication): CitationSource => ({
  id: p.id,
  type: p.type,
  title: p.title,
  authors: p.authors.map((a) => a.name),
  venue: p.venue ?? null,
  publisher: p.publisher ?? null,
  volume: p.volume ?? null,
  issue: p.issue ?? null,
  pages: p.pages ?? null,
  year: p.year,
  date: p.date ?? null,
  datePrecision: p.date_precision ?? 'day',
  doi: p.doi ?? null,
  isbn: p.isbn ?? null,
  issn: p.issn ?? null,
  url: p.url ?? p.repository_url ?? null,
});

const OPEN_ROUTES = new Set(['gold', 'green', 'hybrid']);

export function createSiteApp(deps: AppDeps): Hono<AppEnv> {
  const site = new Hono<AppEnv>();
  const clock = deps.clock ?? systemClock;

  site.use('*', async (c, next) => {
    c.set('deps', deps);
    c.set('clock', clock);
    // The language segment: `/site/<project>/<lang>/…` under the app, `/<project>/<lang>/…` as the host dispatcher
    // rewrote it (for the error pages; the pages take it from their route).
    const raw = c.req.path.split('/')[hostOf(c) ? 2 : 3];
    const lang: Lang = isLang(raw) ? raw : 'en';
    c.set('lang', lang);
    c.set('t', translator(lang));
    await next();
  });
  // Answers kept while nothing is written, on the same day: a hit runs no statement (src/site/page-cache.ts).
  site.use('*', sitePageCache(deps, CACHE_CONTROL));

  site.get('/:id', async (c) => {
    const s = await siteOf(c);
    const preferred = negotiateLang({ acceptLanguage: c.req.header('accept-language') });
    const lang = s.langs.includes(preferred) ? preferred : 'en';
    const { base } = addressing(c, s);
    return c.redirect(`${base}/${lang}`, 302);
  });

  site.get('/:id/robots.txt', async (c) => {
    const s = await siteOf(c);
    return cached(c, robotsTxt(addressing(c, s).canonicalRoot), 'text/plain; charset=utf-8');
  });

  site.get('/:id/sitemap.xml', async (c) => {
    const s = await siteOf(c);
    const news = await publicSlugs(deps.database.db, { projectId: s.projectId, today: clock.today() });
    const archive = s.plan.newsletter?.enabled ? await sentIssueIds(deps.database.db, s.projectId) : [];
    const pages = [
      ...news.map((n) => `/news/${n.slug}`),
      ...(s.plan.newsletter?.enabled ? ['/newsletter', '/newsletter/archive'] : []),
      ...archive.map((id) => `/newsletter/archive/${id}`),
    ];
    return cached(
      c,
      sitemapXml(addressing(c, s).canonicalRoot, s.langs, pages),
      'application/xml; charset=utf-8',
    );
  });

  site.get('/:id/site.css', async (c) => {
    const s = await siteOf(c);
    return cached(c, siteCss(s.plan.identity?.palette.map((p) => p.hex) ?? []), 'text/css; charset=utf-8');
  });

  site.get('/:id/logo', async (c) => {
    const s = await siteOf(c);
    const logo = (await siteIdentity(s, 'en')).logo;
    if (!logo) throw notFound('logo');
    const bytes = Buffer.from(logo.data, 'base64');
    const etag = `"${sha256(logo.data).slice(0, 32)}"`;
    if (c.req.header('if-none-match') === etag)
      return c.body(null, 304, { etag, 'cache-control': CACHE_CONTROL });
    return c.body(new Uint8Array(bytes), 200, {
      etag,
      'cache-control': CACHE_CONTROL,
      'content-type': logo.contentType,
    });
  });

  site.get('/:id/:lang{(?:en|ja)}', async (c) => {
    const { site: s, ctx, picker, frame, description } = await prepare(c, '');
    const { plan } = s;
    const upcoming = await upcomingEvents(deps.database.db, {
      projectId: s.projectId,
      today: ctx.today,
      limit: 5,
    });
    const news = await publicNews(deps.database.db, { projectId: s.projectId, today: ctx.today, limit: 3 });
    const model = {
      short: picker.prose(plan.project.description.short),
      technical: plan.project.description.technical ? picker.prose(plan.project.description.technical) : null,
      messages: plan.key_messages.filter((m) => m.audience === 'general').map((m) => picker.prose(m.text)),
      partners: plan.partners.map((p) => ({
        name: picker.name(p.name),
        country: p.country,
        url: p.channels.find((ch) => ch.kind === 'website' && ch.url)?.url ?? null,
      })),
      website: plan.website?.url ?? plan.project.website ?? null,
      upcoming,
      news: news.slice(0, 3).map((p) => newsItem(p, picker, null)),
    };
    return html(
      c,
      <HomePage ctx={ctx} frame={frame} fallback={picker.fellBack} description={description} model={model} />,
    );
  });

  site.get('/:id/:lang{(?:en|ja)}/events', async (c) => {
    const { before } = parseQuery(c, SITE_LIST_QUERY);
    const { site: s, ctx, picker, frame, description } = await prepare(c, '/events');
    const db = deps.database.db;
    const upcoming = before
      ? []
      : await upcomingEvents(db, { projectId: s.projectId, today: ctx.today, limit: UPCOMING_MAX });
    const rows = await pastEvents(db, {
      projectId: s.projectId,
      today: ctx.today,
      before,
      limit: SITE_PAGE_SIZE,
    });
    const past = rows.slice(0, SITE_PAGE_SIZE);
    const last = past.at(-1);
    const more = rows.length > SITE_PAGE_SIZE && last ? cursorOf(last.startDate, last.id) : null;
    return html(
      c,
      <EventsPage
        ctx={ctx}
        frame={frame}
        fallback={picker.fellBack}
        description={description}
        upcoming={upcoming}
        past={past}
        more={more}
        paged={before !== undefined}
      />,
    );
  });

  site.get('/:id/:lang{(?:en|ja)}/events.ics', async (c) => {
    const s = await siteOf(c);
    const lang = siteLang(s, c.req.param('lang'));
    const { canonicalRoot } = addressing(c, s);
    const text = eventsCalendar({
      projectId: s.projectId,
      acronym: s.plan.project.acronym,
      events: await publicCalendarEvents(deps.database.db, s.projectId),
      host: calendarHost(canonicalRoot),
      lang,
      publicOnly: true,
    });
    return cached(c, text, 'text/calendar; charset=utf-8', {
      'content-disposition': `inline; filename="${s.projectId}-events.ics"`,
    });
  });

  site.get('/:id/:lang{(?:en|ja)}/publications', async (c) => {
    const { before } = parseQuery(c, SITE_LIST_QUERY);
    const { site: s, lang, ctx, picker, frame, description } = await prepare(c, '/publications');
    const rows = await listPublications(deps.database.db, {
      projectId: s.projectId,
      before,
      limit: SITE_PAGE_SIZE,
    });
    const shown = rows.slice(0, SITE_PAGE_SIZE);
    const references = await formatBibliography(shown.map(citationSource), lang);
    const items: PublicationItem[] = shown.map((p, i) => {
      const open = OPEN_ROUTES.has(p.open_access);
      return {
        id: p.id,
        reference: references[i] ?? p.title,
        openAccess: open ? valueLabel(lang, 'open_access', p.open_access) : null,
        doi: p.doi ?? null,
        copy: open ? (p.repository_url ?? (p.open_access === 'gold' ? (p.url ?? null) : null)) : null,
      };
    });
    const last = shown.at(-1);
    const more = rows.length > SITE_PAGE_SIZE && last ? cursorOf(last.placed, last.id) : null;
    return html(
      c,
      <PublicationsPage
        ctx={ctx}
        frame={frame}
        fallback={picker.fellBack}
        description={description}
        items={items}
        more={more}
        t={ctx.t}
      />,
    );
  });

  site.get('/:id/:lang{(?:en|ja)}/publications.bib', async (c) => {
    const s = await siteOf(c);
    siteLang(s, c.req.param('lang'));
    const all = await listPublications(deps.database.db, { projectId: s.projectId });
    return cached(c, citeText('bibtex', all, s.plan.project.grants), 'application/x-bibtex; charset=utf-8', {
      'content-disposition': `attachment; filename="${s.projectId}-publications.bib"`,
    });
  });

  site.get('/:id/:lang{(?:en|ja)}/accessibility', async (c) => {
    const { site: s, lang, ctx, picker, frame, description } = await prepare(c, '/accessibility');
    const { plan } = s;
    const code = plan.project.coordinator ?? plan.project.dissemination_leads[0];
    const partner = plan.partners.find((p) => p.code === code);
    const model = {
      contact: partner
        ? {
            name: picker.name(partner.name),
            url: partner.channels.find((ch) => ch.kind === 'website' && ch.url)?.url ?? null,
          }
        : null,
      generated: formatDate(lang, s.importedAt.toISOString().slice(0, 10)),
    };
    return html(
      c,
      <AccessibilityPage
        ctx={ctx}
        frame={frame}
        fallback={picker.fellBack}
        description={description}
        model={model}
      />,
    );
  });

  // The newsletter's subscription pages (src/newsletter/site-routes.tsx).
  site.route('/', newsletterSiteRoutes());
  site.route('/', archiveRoutes());
  // Deliverables and their counted downloads (src/site/downloads).
  deliverableSiteRoutes(site, deps, { prepare, siteOf });
  registerNewsRoutes(site, deps, {
    siteOf,
    addressing,
    prepare,
    listQuery: SITE_LIST_QUERY,
    pageSize: SITE_PAGE_SIZE,
  });

  // Anything else under a site: the site's own 404 (never the app's page, which would look the visitor up).
  site.all('/:id/*', () => {
    throw notFound('page');
  });

  site.onError((caught, c) => siteError(deps, caught, c));

  return site;
}

/** The site as served on its own host: the same sub-app behind the security headers. */
export function createHostSiteApp(site: Hono<AppEnv>): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.use('*', securityHeaders());
  app.route('/', site);
  return app;
}
