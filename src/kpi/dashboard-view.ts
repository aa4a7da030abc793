/**
 * What the dashboard page shows: the default view from the figure cache when a row exists (one lookup; stale rows
 * say so), else computed for this request (period views, a project without a cached row yet). A GET never writes:
 * the cache is filled by the `kpi.refresh-figures` job only.
 */
import { authorize, can } from '../auth/permissions';
import type { Db } from '../db/client';
import { systemClock } from '../lib/clock';
import { parsedPlan } from '../projects/repository';
import { renderDashboardCharts, type ChartSet } from './dashboard-charts';
import { getDashboard, type Dashboard, type DashboardQuery } from './dashboard-service';
import { freshnessOf, lookupFigures, type FigureLookup, type Freshness } from './figure-cache';
import { fromPayload } from './figure-payload';
import { loadPlanOrThrow } from './service';

export interface DashboardView {
  d: Dashboard;
  /** The charts in the page's language. */
  charts: ChartSet;
  /** Where the figures came from: the cache (fresh or stale) or computed now ('missing': no usable row). */
  source: Freshness;
  /** A stale row: when its figures were computed (the page says so). */
  staleSince?: Date;
  /** The lookup the cached figures came from (absent when computed now). */
  lookup?: FigureLookup;
}

export const isPeriodView = (q: Pick<DashboardQuery, 'year' | 'from' | 'at'>): boolean =>
  q.year !== undefined || q.from !== undefined || q.at !== undefined;

export async function dashboardView(db: Db, q: DashboardQuery): Promise<DashboardView> {
  authorize(q.actor, 'record.read', { projectId: q.projectId });
  const clock = q.clock ?? systemClock;
  if (!isPeriodView(q)) {
    const lookup = await lookupFigures(db, { projectId: q.projectId, today: clock.today(), lang: q.lang });
    const row = lookup?.row;
    const source = lookup ? freshnessOf(lookup) : 'missing';
    if (lookup && row && source !== 'missing') {
      const plan = parsedPlan(lookup.planHash) ?? (await loadPlanOrThrow(db, q.projectId)).plan;
      const d = fromPayload(row.payload, {
        plan,
        lang: q.lang,
        canCloseYears: can(q.actor, 'year.close', { projectId: q.projectId }),
      });
      const charts =
        Object.keys(row.charts).length > 0
          ? row.charts
          : await renderDashboardCharts({ plan, kpis: d.report.kpis, history: d.history, lang: q.lang });
      return { d, charts, source, lookup, ...(source === 'stale' ? { staleSince: row.computedAt } : {}) };
    }
  }
  const d = await getDashboard(db, q);
  const charts = await renderDashboardCharts({
    plan: d.report.plan,
    kpis: d.report.kpis,
    history: d.history,
    lang: q.lang,
  });
  return { d, charts, source: 'missing' };
}

/** Whether the default view's cached figures are current (the stale notice polls it); record.read. */
export async function figuresFresh(db: Db, q: Pick<DashboardQuery, 'actor' | 'projectId' | 'clock'>) {
  authorize(q.actor, 'record.read', { projectId: q.projectId });
  const today = (q.clock ?? systemClock).today();
  const lookup = await lookupFigures(db, { projectId: q.projectId, today, payload: false });
  return lookup ? freshnessOf(lookup) : 'missing';
}
