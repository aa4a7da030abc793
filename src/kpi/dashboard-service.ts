/** The dashboard use case: everything the monitoring page shows, for members who may read records. */
import { authorize, can, type Actor } from '../auth/permissions';
import type { Db } from '../db/client';
import { systemClock, type Clock } from '../lib/clock';
import type { Plan, RecordType } from '../plan/schema';
import type { Lang } from '../i18n';
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
import { listLateRecords } from './late';
import { listOutside, outsideCounts } from './outside';
import { yearClosure, yearWindow, type YearClosure } from './snapshots';
import { yearColumns, type YearColumn } from './years';
import { AppError, notFound } from '../errors';
import { monthOf } from '../plan/time';

export interface DashboardQuery {
  actor: Actor;
  projectId: string;
  lang: Lang;
  year?: number;
  from?: string;
  at?: string;
  /** Whose "today" the window and the deliverables' lateness use (default: the system clock). */
  clock?: Clock;
}

export interface Dashboard {
  report: KpiReport;
  /** Cumulative monthly values (whole run up to `at`), for sparklines. */
  history: KpiHistory[];
  actuals: Map<string, Map<number, number>>;
  contributions: PartnerContribution[];
  deliverables: DeliverableState[];
  attention: AttentionItem[];
  /** Ended project years: frozen figures (closed) or live provisional ones. */
  years: YearColumn[];
  /** Whether the actor may close, re-open and re-baseline years. */
  canCloseYears: boolean;
  /** Live records per type dated outside the project period (not counted by any KPI). */
  outside: Partial<Record<RecordType, number>>;
  /** Project month of `at`. */
  month: number;
}

export async function getDashboard(db: Db, q: DashboardQuery): Promise<Dashboard> {
  authorize(q.actor, 'record.read', { projectId: q.projectId });
  const clock = q.clock ?? systemClock;
  const report = await getKpiReport(db, {
    projectId: q.projectId,
    year: q.year,
    from: q.from,
    at: q.at,
    clock,
  });
  const { plan } = report;
  const today = clock.today();
  const [history, actuals, contributions, deliverables, years, outside] = await Promise.all([
    kpiHistory(db, { projectId: q.projectId, plan, at: report.at }),
    timelineActuals(db, q.projectId, plan),
    contributionMatrix(db, { projectId: q.projectId, plan, from: report.from, to: report.at }),
    deliverableStates(db, { projectId: q.projectId, plan, today: report.at < today ? report.at : today }),
    yearColumns(db, { projectId: q.projectId, plan, today }),
    outsideCounts(db, { projectId: q.projectId, plan }),
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
    years,
    canCloseYears: can(q.actor, 'year.close', { projectId: q.projectId }),
    outside,
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
  clock?: Clock;
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

/** The records a closed year's frozen figure of one KPI misses (reported after the closure). */
export async function getLateRecords(
  db: Db,
  q: { actor: Actor; projectId: string; year: number; kpiId: string },
): Promise<{ rows: DrilldownRow[]; plan: Plan; closure: YearClosure; at: string }> {
  authorize(q.actor, 'record.read', { projectId: q.projectId });
  const { plan } = await loadPlanOrThrow(db, q.projectId);
  resolveWindow(plan, { year: q.year });
  if (!plan.kpis.some((k) => k.id === q.kpiId)) throw notFound('KPI');
  const closure = await yearClosure(db, q.projectId, q.year);
  if (!closure) {
    throw new AppError({
      code: 'year_open',
      status: 404,
      message: `year ${q.year} is not closed`,
      params: { year: q.year },
    });
  }
  const at = yearWindow(plan, q.year).to;
  const rows = await listLateRecords(db, { projectId: q.projectId, plan, year: q.year, at, kpiId: q.kpiId });
  return { rows, plan, closure, at };
}

/** The records of one type dated outside the project period. */
export async function getOutsideRecords(
  db: Db,
  q: { actor: Actor; projectId: string; type: RecordType },
): Promise<{ rows: DrilldownRow[]; plan: Plan; counts: Partial<Record<RecordType, number>> }> {
  authorize(q.actor, 'record.read', { projectId: q.projectId });
  const { plan } = await loadPlanOrThrow(db, q.projectId);
  const [rows, counts] = await Promise.all([
    listOutside(db, { projectId: q.projectId, plan, type: q.type }),
    outsideCounts(db, { projectId: q.projectId, plan }),
  ]);
  return { rows, plan, counts };
}
