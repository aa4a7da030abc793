/** Monitoring pages: the dashboard and the records behind each KPI figure. Access is checked in the use cases. */
import { Hono, type Context } from 'hono';
import { AppError, notFound } from '../errors';
import { paletteRoles } from '../projects/plan-view';
import type { AppEnv } from '../web/env';
import type { Palette } from './charts';
import { getDashboard, getKpiRecords } from './dashboard-service';
import { DashboardPage, periodQuery, type DashboardQueryView } from './views/dashboard';
import { DrilldownPage } from './views/drilldown';
import { yearRoutes } from './year-routes';

type C = Context<AppEnv>;

const viewCtx = (c: C) => ({ lang: c.var.lang, t: c.var.t, path: c.req.path, now: new Date() });

/** `?year=N` or `?from=&to=`, validated; an empty field means "not set". */
function periodOf(c: C): DashboardQueryView {
  const year = c.req.query('year') || undefined;
  const from = c.req.query('from') || undefined;
  const to = c.req.query('to') || undefined;
  const q: DashboardQueryView = { from, to };
  if (year !== undefined) {
    if (!/^\d{1,2}$/.test(year)) {
      throw new AppError({
        code: 'invalid_year',
        message: `year must be a project year number, not "${year}"`,
        messageKey: 'error.invalid_year_number',
        params: { year },
        details: [{ path: 'year', message: 'a number' }],
      });
    }
    q.year = Number(year);
  }
  return q;
}

export const kpiRoutes = new Hono<AppEnv>();
kpiRoutes.route('/', yearRoutes);

kpiRoutes.get('/p/:id/dashboard', async (c) => {
  const projectId = c.req.param('id');
  const query = periodOf(c);
  const d = await getDashboard(c.var.deps.database.db, {
    actor: c.var.actor,
    projectId,
    lang: c.var.lang,
    year: query.year,
    from: query.from,
    at: query.to,
  });
  const roles = paletteRoles(d.report.plan.identity?.palette ?? []);
  const palette: Palette = { primary: roles.brand1, accent: roles.brand2, warn: roles.brand3 };
  return c.html(
    <DashboardPage ctx={viewCtx(c)} projectId={projectId} d={d} palette={palette} query={query} />,
  );
});

kpiRoutes.get('/p/:id/dashboard/kpis/:kpiId', async (c) => {
  const { id: projectId, kpiId } = c.req.param();
  const query = periodOf(c);
  const partId = c.req.query('part') || undefined;
  const { rows, excluded, report, plan } = await getKpiRecords(c.var.deps.database.db, {
    actor: c.var.actor,
    projectId,
    kpiId,
    partId,
    year: query.year,
    from: query.from,
    at: query.to,
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
