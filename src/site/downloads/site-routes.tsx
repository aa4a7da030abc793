/**
 * The public site's deliverables (mounted by createSiteApp, src/site/routes.tsx):
 *   /:lang/deliverables                    the latest published version of each public deliverable
 *   /d/:code/:version/:file                the file's bytes (language-independent): attachment, ETag (its sha256),
 *                                          `public, max-age=3600`; 304 on If-None-Match
 * Every GET that sends the bytes (200) is offered to the download counter (record.ts) AFTER the response is built
 * and without waiting for it. A 304 sends no bytes and is not counted; HEAD is not counted (Hono answers HEAD with
 * the GET handler, so the method is checked). An unpublished version, or one whose deliverable the current plan no
 * longer marks public, is the site's 404. The file row is kept while nothing is written, small files' bytes in
 * memory (src/site/page-cache.ts); the counter's event leaves both (and the site's page cache) as they are.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Context, Hono } from 'hono';
import { clientAddress } from '../../auth/middleware';
import { loadConfig } from '../../config';
import { notFound } from '../../errors';
import type { Lang } from '../../i18n';
import { contentDisposition } from '../../records/files';
import type { AppDeps, AppEnv } from '../../web/env';
import type { PublicSite, TextPicker } from '../site';
import type { Frame, SiteCtx } from '../views/layout';
import { fileBytes, memoized, siteCaches } from '../page-cache';
import { html } from '../respond';
import { recordDownload } from './record';
import { findPublished, latestPublished } from './repository';
import { planDeliverables, VERSION_PATTERN } from './service';
import { DeliverablesPage, type PublicDeliverableItem } from './site-view';

type C = Context<AppEnv>;

/** What the site's routes module lends (its own helpers, so this file needs no import of it). */
export interface SiteRouteHelpers {
  prepare(
    c: C,
    page: string,
  ): Promise<{
    site: PublicSite;
    lang: Lang;
    ctx: SiteCtx;
    picker: TextPicker;
    frame: Frame;
    description: string;
  }>;
  siteOf(c: C): Promise<PublicSite>;
}

/** Browsers and proxies may keep a version's bytes an hour (a version's address never changes content). */
export const DOWNLOAD_CACHE_CONTROL = 'public, max-age=3600';

/** The download address of a version, under the site's base (`` on its own host, `/site/<project>` else). */
export const downloadHref = (base: string, f: { code: string; version: string; fileName: string }): string =>
  `${base}/d/${encodeURIComponent(f.code)}/${encodeURIComponent(f.version)}/${encodeURIComponent(f.fileName)}`;

export function deliverableSiteRoutes(site: Hono<AppEnv>, deps: AppDeps, helpers: SiteRouteHelpers): void {
  const db = deps.database.db;
  const filesDir = () => deps.filesDir ?? join(loadConfig().HERALD_DATA_DIR, 'files');

  site.get('/:id/:lang{(?:en|ja)}/deliverables', async (c) => {
    const { site: s, ctx, picker, frame, description } = await helpers.prepare(c, '/deliverables');
    const plan = new Map(planDeliverables(s.plan).map((d) => [d.code, d]));
    const items: PublicDeliverableItem[] = (await latestPublished(db, s.projectId)).flatMap((f) => {
      const d = plan.get(f.code);
      if (!d || d.level !== 'PU') return [];
      return [
        {
          code: f.code,
          title: picker.name(d.title),
          wp: d.wp,
          version: f.version,
          issuedOn: f.issuedOn,
          size: f.size,
          href: downloadHref(ctx.base, f),
        },
      ];
    });
    const order = [...plan.keys()];
    items.sort((a, b) => order.indexOf(a.code) - order.indexOf(b.code));
    return html(
      c,
      <DeliverablesPage
        ctx={ctx}
        frame={frame}
        fallback={picker.fellBack}
        description={description}
        items={items}
      />,
    );
  });

  site.get('/:id/d/:code/:version/:file', async (c) => {
    const s = await helpers.siteOf(c);
    const code = c.req.param('code');
    const version = c.req.param('version');
    if (code.length > 40 || !VERSION_PATTERN.test(version)) throw notFound('file');
    const planned = planDeliverables(s.plan).find((d) => d.code === code);
    const caches = siteCaches(deps);
    // The row kept while nothing is written (a download's own event is an unobserved write: it keeps it).
    const file =
      planned?.level === 'PU'
        ? await memoized(
            caches.files,
            `${s.projectId}|${code}|${version}`,
            async () => (await findPublished(db, { projectId: s.projectId, code, version })) ?? null,
          )
        : undefined;
    if (!file || file.fileName !== c.req.param('file') || !/^[0-9a-f]{64}$/.test(file.sha256))
      throw notFound('file');
    const etag = `"${file.sha256.slice(0, 32)}"`;
    const headers = { etag, 'cache-control': DOWNLOAD_CACHE_CONTROL };
    const match = c.req.header('if-none-match');
    if (match?.split(',').some((m) => m.trim().replace(/^W\//, '') === etag || m.trim() === '*'))
      return c.body(null, 304, headers);
    let bytes: Uint8Array<ArrayBuffer>;
    try {
      // Content-addressed (named by their sha256): small files kept in memory are never stale.
      bytes = await fileBytes(caches, file.sha256, () => readFile(join(filesDir(), file.sha256)));
    } catch {
      throw notFound('file');
    }
    if (c.req.method === 'GET')
      recordDownload({
        db,
        clock: c.var.clock,
        log: deps.log,
        projectId: s.projectId,
        fileId: file.id,
        address: clientAddress(c),
        userAgent: c.req.header('user-agent'),
      });
    return c.body(bytes, 200, {
      ...headers,
      'content-type': file.contentType,
      'content-length': String(file.size),
      'content-disposition': contentDisposition('attachment', file.fileName),
      'x-content-type-options': 'nosniff',
      'content-security-policy': "sandbox; default-src 'none'",
    });
  });
}
