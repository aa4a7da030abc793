/**
 * The dashboard's figures as the JSON the figure cache keeps (Maps as entry lists, dates as ISO strings), and back.
 * Language-free: the attention list's labels and the actor's rights are made again per request, without a query.
 */
import type { Plan } from '../plan/schema';
import type { Lang } from '../i18n';
import { attentionList, type DeliverableState, type PartnerContribution } from './dashboard';
import type { Dashboard } from './dashboard-service';
import type { KpiHistory } from './history';
import type { KpiReport } from './service';
import type { YearClosure } from './snapshots';
import { KPI_STATUSES, type KpiStatus } from './status';
import type { YearColumn, YearFigure } from './years';

export interface FigurePayload {
  report: Omit<KpiReport, 'plan'>;
  history: KpiHistory[];
  actuals: Array<[string, Array<[number, number]>]>;
  contributions: Array<Omit<PartnerContribution, 'lastReport'> & { lastReport: string | null }>;
  deliverables: DeliverableState[];
  years: Array<
    Omit<YearColumn, 'closure' | 'figures'> & {
      closure: (Omit<YearClosure, 'closedAt'> & { closedAt: string }) | null;
      figures: Array<[string, YearFigure]>;
    }
  >;
  outside: Dashboard['outside'];
  month: number;
}

export function toPayload(d: Dashboard): FigurePayload {
  const { plan: _plan, ...report } = d.report;
  return {
    report,
    history: d.history,
    actuals: [...d.actuals].map(([id, months]) => [id, [...months]]),
    contributions: d.contributions.map((c) => ({
      ...c,
      lastReport: c.lastReport ? c.lastReport.toISOString() : null,
    })),
    deliverables: d.deliverables,
    years: d.years.map((y) => ({
      ...y,
      closure: y.closure ? { ...y.closure, closedAt: new Date(y.closure.closedAt).toISOString() } : null,
      figures: [...y.figures],
    })),
    outside: d.outside,
    month: d.month,
  };
}

/** The Dashboard again, for `plan` (the version the payload was computed for), in `lang`, for this actor. */
export function fromPayload(
  p: FigurePayload,
  opts: { plan: Plan; lang: Lang; canCloseYears: boolean },
): Dashboard {
  const report: KpiReport = { ...p.report, plan: opts.plan };
  const actuals = new Map(p.actuals.map(([id, months]) => [id, new Map(months)]));
  const contributions: PartnerContribution[] = p.contributions.map((c) => ({
    ...c,
    lastReport: c.lastReport ? new Date(c.lastReport) : null,
  }));
  return {
    report,
    history: p.history,
    actuals,
    contributions,
    deliverables: p.deliverables,
    attention: attentionList({
      plan: opts.plan,
      lang: opts.lang,
      today: report.at,
      kpis: report.kpis,
      deliverables: p.deliverables,
      actuals,
      contributions,
    }),
    years: p.years.map((y) => ({
      ...y,
      closure: y.closure ? { ...y.closure, closedAt: new Date(y.closure.closedAt) } : null,
      figures: new Map(y.figures),
    })),
    canCloseYears: opts.canCloseYears,
    outside: p.outside,
    month: p.month,
  };
}

/** How many KPIs have each status, and the worst of them (behind > at_risk > on_track > achieved; null: none). */
export function statusSummary(kpis: ReadonlyArray<{ status: KpiStatus | null }>): {
  counts: Partial<Record<KpiStatus, number>>;
  worst: KpiStatus | null;
} {
  const counts: Partial<Record<KpiStatus, number>> = {};
  for (const k of kpis) if (k.status) counts[k.status] = (counts[k.status] ?? 0) + 1;
  // KPI_STATUSES runs from best (achieved) to worst (behind).
  const worst = [...KPI_STATUSES].reverse().find((s) => (counts[s] ?? 0) > 0) ?? null;
  return { counts, worst };
}
