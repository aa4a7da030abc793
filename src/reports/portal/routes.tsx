/** Routes of the Portal tables: `/p/:id/reports/portal` (page) and `…/portal.csv|xlsx` (files); `?tab=&since=`. */
import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../../web/env';
import { parseQuery } from '../../web/query';
import { viewCtx } from '../../ui/context';
import { buildPortalTable } from './build';
import { PORTAL_CONTENT_TYPES, portalFile } from './files';
import { PORTAL_TAB_IDS } from './tabs';
import { COPY_SCRIPT, PortalView } from './view';

/** `tab`: a tab of the project's programme (its first when absent); `since=report`: new or changed since the last submitted report. */
export const PORTAL_QUERY = {
  tab: z.enum(PORTAL_TAB_IDS).optional(),
  since: z.enum(['all', 'report']).optional(),
};

export const portalRoutes = new Hono<AppEnv>();

portalRoutes.get('/static/portal-copy.js', (c) =>
  c.body(COPY_SCRIPT, 200, {
    'content-type': 'text/javascript; charset=utf-8',
    'cache-control': 'public, max-age=3600',
  }),
);

portalRoutes.get('/p/:id/reports/portal', async (c) => {
  const projectId = c.req.param('id');
  const q = parseQuery(c, PORTAL_QUERY);
  const since = q.since ?? 'all';
  const table = await buildPortalTable(c.var.deps.database.db, {
    actor: c.var.actor,
    projectId,
    since,
    ...(q.tab ? { tab: q.tab } : {}),
  });
  return c.html(<PortalView ctx={viewCtx(c)} projectId={projectId} table={table} since={since} />);
});

for (const format of ['csv', 'xlsx'] as const)
  portalRoutes.get(`/p/:id/reports/portal.${format}`, async (c) => {
    const projectId = c.req.param('id');
    const q = parseQuery(c, PORTAL_QUERY);
    const table = await buildPortalTable(c.var.deps.database.db, {
      actor: c.var.actor,
      projectId,
      since: q.since ?? 'all',
      ...(q.tab ? { tab: q.tab } : {}),
    });
    const name = `${projectId}-portal-${table.tab.id}${q.since === 'report' ? '-since-report' : ''}.${format}`;
    return c.body(new Uint8Array(await portalFile(table, format)), 200, {
      'content-type': PORTAL_CONTENT_TYPES[format],
      'content-disposition': `attachment; filename="${name}"`,
      'cache-control': 'no-store',
    });
  });
