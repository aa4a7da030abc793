/** Monitoring pages: the dashboard and the records behind each KPI figure. Access is checked in the use cases. */
import { Hono, type Context } from 'hono';
import { notFound } from '../errors';
import type { AppEnv } from '../web/env';
import { parseParams, parseQuery } from '../web/query';
import { getKpiRecords } from './dashboard-service';
import { dashboardPage } from './dashboard-page';
import { figuresFresh } from './dashboard-view';
import { periodQuery, type DashboardQueryView } from './views/dashboard';
import { DrilldownPage } from './views/drilldown';
import { DRILLDOWN_QUERY, KPI_PARAMS, PERIOD_QUERY } from './params';
import { yearRoutes } from './year-routes';
import { digestRoutes } from './digest-page';
import { viewCtx } from '../ui/context';

type C = Context<AppEnv>;

function periodOf(c: C): DashboardQueryView {
  const { year, from, to } = parseQuery(c, PERIOD_QUERY);
  return { from, to, ...(year !== undefined ? { year } : {}) };
}

export const kpiRoutes = new Hono<AppEnv>();
kpiRoutes.route('/', yearRoutes);
kpiRoutes.route('/', digestRoutes);

kpiRoutes.get('/p/:id/dashboard', (c) => dashboardPage(c, periodOf(c)));

/**
 * Polled by the stale notice: `{ fresh }`; once the cached figures are current again, `HX-Refresh` reloads the page.
 * One lookup, no write.
 */
kpiRoutes.get('/p/:id/dashboard/freshness', async (c) => {
  const state = await figuresFresh(c.var.deps.database.db, {
    actor: c.var.actor,
    projectId: c.req.param('id'),
    clock: c.var.clock,
  });
  const fresh = state === 'fresh';
  return c.json({ fresh, state }, 200, {
    'cache-control': 'no-store',
    ...(fresh ? { 'hx-refresh': 'true' } : {}),
  });
});

kpiRoutes.get('/p/:id/dashboard/kpis/:kpiId', async (c) => {
  const projectId = c.req.param('id');
  const { kpiId } = parseParams(c, KPI_PARAMS);
  const query = periodOf(c);
  const partId = parseQuery(c, DRILLDOWN_QUERY).part;
  const { rows, excluded, report, plan } = await getKpiRecords(c.var.deps.database.db, {
    actor: c.var.actor,
    projectId,
    kpiId,
    partId,
    year: query.year,
    from: query.from,
    at: query.to,
    clock: c.var.clock,
  });
  const kpi = plan.kpis.find((k) => k.id === kpiId);
  if (!kpi) throw notFound('KPI');
  return c.html(
    <DrilldownPage
      ctx={viewCtx(c)}
      projectId={projectId}
      plan={plan}
      kpi={kpi}
      partId={partId}
      rows={rows}
      excluded={excluded}
      window={report}
      backHref={`/p/${projectId}/dashboard${periodQuery(query)}#kpi-${kpiId}`}
    />,
  );
});
