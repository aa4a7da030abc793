/** Routes of the pre-flight page: findings of every rule, each linking to the record to fix. Checks live in the use cases. */
import { Hono } from 'hono';
import type { AppEnv } from '../web/env';
import { PERIOD_QUERY } from '../kpi/params';
import { parseQuery } from '../web/query';
import { viewCtx } from '../ui/context';
import { preflightPage } from './preflight';
import { PreflightView } from './views/preflight';

/** `?year=N` or `?from=&to=`; neither: the current project year. */
export const PREFLIGHT_QUERY = PERIOD_QUERY;

export const preflightRoutes = new Hono<AppEnv>();

preflightRoutes.get('/p/:id/reports/preflight', async (c) => {
  const projectId = c.req.param('id');
  const q = parseQuery(c, PREFLIGHT_QUERY);
  const page = await preflightPage(c.var.deps.database.db, {
    actor: c.var.actor,
    projectId,
    ...q,
    clock: c.var.clock,
  });
  return c.html(<PreflightView ctx={viewCtx(c)} projectId={projectId} page={page} />);
});
