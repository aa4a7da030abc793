/** The dashboard use case: everything the monitoring page shows, for members who may read records. */
import { authorize, type Actor } from '../auth/permissions';
import type { Db } from '../db/client';
import type { Plan } from '../plan/schema';
import type { Lang } from '../web/i18n';
import {
  attentionList,
  contributionMatrix,
  deliverableStates,
  timelineActuals,
  type AttentionItem,
  type DeliverableState,
  type PartnerContribution,
} from './dashboard';
import { listExcludedSnapshots, listKpiRecords, type DrilldownRow } from './drilldown';
import { kpiHistory, type KpiHistory } from './history';
import { getKpiReport, loadPlanOrThrow, resolveWindow, type KpiReport } from './service';
import { listYearlySnapshots, type YearSnapshot } from './snapshots';
import { monthOf } from '../plan/time';

export interface DashboardQuery {
  actor: Actor;
  projectId: string;
  lang: Lang;
  year?: number;
  from?: string;
  at?: string;
}

export interface Dashboard {
  report: KpiReport;
  /** Cumulative monthly values (whole run up to `at`), for sparklines. */
  history: KpiHistory[];
  actuals: Map<string, Map<number, number>>;
  contributions: PartnerContribution[];
  deliverables: DeliverableState[];
  attention: AttentionItem[];
  snapshots: YearSnapshot[];
  /** Project month of `at`. */
  month: number;
}

export async function getDashboard(db: Db, q: DashboardQuery): Promise<Dashboard> {
  authorize(q.actor, 'record.read', { projectId: q.projectId });
  const report = await getKpiReport(db, { projectId: q.projectId, year: q.year, from: q.from, at: q.at });
  const { plan } = report;
  const today = new Date().toISOString().slice(0, 10);
  const [history, actuals, contributions, deliverables, snapshots] = await Promise.all([
    kpiHistory(db, { projectId: q.projectId, plan, at: report.at }),
    timelineActuals(db, q.projectId, plan),
    contributionMatrix(db, { projectId: q.projectId, plan, from: report.from, to: report.at }),
    deliverableStates(db, { projectId: q.projectId, plan, today: report.at < today ? report.at : today }),
    listYearlySnapshots(db, q.projectId),
  ]);
  const attention = attentionList({
    plan,
    lang: q.lang,
    today: report.at,
    kpis: report.kpis,
    deliverables,
    actuals,
    contributions,
  });
  return {
    report,
    history,
    actuals,
    contributions,
    deliverables,
    attention,
    snapshots,
    month: monthOf(plan.project.start_date, report.at),
  };
}

export interface KpiRecordsQuery {
  actor: Actor;
  projectId: string;
  kpiId: string;
  partId?: string;
  year?: number;
  from?: string;
  at?: string;
}

/** The records behind one KPI figure, for members who may read records. */
export async function getKpiRecords(
  db: Db,
  q: KpiRecordsQuery,
): Promise<{
  rows: DrilldownRow[];
  /** Snapshot KPIs: items left out because a later complete export of their source lacked them. */
  excluded: DrilldownRow[];
  report: { from: string; at: string };
  plan: Plan;
}> {
  authorize(q.actor, 'record.read', { projectId: q.projectId });
  const { plan } = await loadPlanOrThrow(db, q.projectId);
  const { from, at } = resolveWindow(plan, q);
  const opts = { projectId: q.projectId, plan, kpiId: q.kpiId, partId: q.partId, at, from };
  const [rows, excluded] = await Promise.all([listKpiRecords(db, opts), listExcludedSnapshots(db, opts)]);
  return { rows, excluded, report: { from, at }, plan };
}
