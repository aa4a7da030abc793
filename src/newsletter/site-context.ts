/**
 * What the newsletter's public pages need from the site (src/site): the project's public site with the newsletter
 * enabled (else the site's 404), the page frame, the links' root, the instance secret, and the use cases' context.
 */
import type { Context } from 'hono';
import { clientAddress, linkDeps } from '../auth/middleware';
import { keyFileOf, loadConfig } from '../config';
import { notFound } from '../errors';
import { translator, type Lang } from '../i18n';
import { kebabId } from '../schema-pieces';
import { buildFrame } from '../site/frame';
import type { SiteHost } from '../site/hosts';
import { loadPublicSite, siteLang, TextPicker, type PublicSite } from '../site/site';
import type { Frame, SiteCtx } from '../site/views/layout';
import type { AppEnv } from '../web/env';
import type { NewsletterCtx } from './service';
import { newsletterSecret } from './secrets';
import { localize } from '../plan/schema';

type C = Context<AppEnv>;

const hostOf = (c: C): SiteHost | undefined =>
  (c.env as { heraldSiteHost?: SiteHost } | undefined)?.heraldSiteHost;

export interface NewsletterPage {
  site: PublicSite;
  lang: Lang;
  ctx: SiteCtx;
  picker: TextPicker;
  frame: Frame;
  description: string;
  notice: { version: string; en: string; ja?: string };
  /** The use cases' context for this project. */
  use: NewsletterCtx;
  /** The client's address (the evidence keeps only its HMAC). */
  ip: string;
}

/** The site's own links (`base`) and canonical root, as src/site/routes.tsx makes them. */
function addressing(c: C, site: PublicSite): { base: string; canonicalRoot: string } {
  const onHost = hostOf(c);
  if (onHost) return { base: '', canonicalRoot: onHost.origin };
  const base = `/site/${site.projectId}`;
  const mapped = c.var.deps.siteHosts?.byProject.get(site.projectId);
  if (mapped) return { base, canonicalRoot: mapped.origin };
  const origin = (c.var.deps.baseUrl ?? new URL(c.req.url).origin).replace(/\/+$/, '');
  return { base, canonicalRoot: `${origin}${base}` };
}

/** The root of links in mails: the project's own host when mapped, else the configured base URL (never the Host header). */
export function mailRoot(c: C, projectId: string): string {
  const mapped = c.var.deps.siteHosts?.byProject.get(projectId);
  return mapped ? mapped.origin : `${linkDeps(c).baseUrl}/site/${projectId}`;
}

/** The instance's newsletter secret. */
export const secretOf = (c: C): Buffer => newsletterSecret(c.var.deps.keyFile ?? keyFileOf(loadConfig()));

/** The origins a subscribe form may be posted from: this address's, the mapped host's, the configured base URL's. */
export function isOwnOrigin(c: C, site: PublicSite, origin: string | undefined): boolean {
  if (origin === undefined) return true;
  const own = new Set([new URL(c.req.url).origin]);
  const mapped = c.var.deps.siteHosts?.byProject.get(site.projectId);
  if (mapped) own.add(mapped.origin);
  if (c.var.deps.baseUrl) own.add(new URL(c.var.deps.baseUrl).origin);
  const onHost = hostOf(c);
  if (onHost) own.add(onHost.origin);
  return own.has(origin);
}

/** Everything a newsletter page needs; a 404 unless the project's site is public and its newsletter enabled. */
export async function newsletterPage(c: C, page: string): Promise<NewsletterPage> {
  const id = c.req.param('id');
  if (!kebabId.safeParse(id).success) throw notFound('site');
  const site = await loadPublicSite(c.var.deps.database.db, id as string);
  const lang = siteLang(site, c.req.param('lang'));
  const newsletter = site.plan.newsletter;
  if (!newsletter?.enabled || !newsletter.privacy_notice) throw notFound('page');
  const ctx: SiteCtx = {
    site,
    lang,
    t: translator(lang),
    ...addressing(c, site),
    page,
    today: c.var.clock.today(),
  };
  const picker = new TextPicker(lang);
  const frame = await buildFrame(ctx, picker);
  const notice = newsletter.privacy_notice;
  return {
    site,
    lang,
    ctx,
    picker,
    frame,
    description: localize(site.plan.project.description.short, lang),
    notice,
    ip: clientAddress(c),
    use: {
      db: c.var.deps.database.db,
      clock: c.var.clock,
      secret: secretOf(c),
      projectId: site.projectId,
      acronym: site.plan.project.acronym,
      noticeVersion: notice.version,
      root: mailRoot(c, site.projectId),
    },
  };
}
