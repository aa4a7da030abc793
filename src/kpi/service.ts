/** KPI use cases: evaluate a project's KPIs (current plan), as of a date or for a project year. */
import type { Db } from '../db/client';
import { AppError } from '../errors';
import type { Plan } from '../plan/schema';
import { getCurrentPlan } from '../projects/repository';
import { evaluateKpis, type KpiValue } from './engine';
import { ensureYearlySnapshots } from './snapshots';
import { monthOf, projectEnd, yearRange } from '../plan/time';

export interface KpiQuery {
  projectId: string;
  /** ISO date; default today. */
  at?: string;
  /** Only count records dated on or after this ISO date. */
  from?: string;
  /** A project year (1-based): sets `from` and `at` to its first and last day (`at` capped at today). */
  year?: number;
}

export interface KpiReport {
  projectId: string;
  plan: Plan;
  planVersion: number;
  at: string;
  from: string;
  kpis: KpiValue[];
}

const today = () => new Date().toISOString().slice(0, 10);

export async function loadPlanOrThrow(db: Db, projectId: string) {
  const current = await getCurrentPlan(db, projectId);
  if (!current) {
    throw new AppError({
      code: 'not_found',
      status: 404,
      message: `project "${projectId}" not found`,
      params: { what: projectId },
    });
  }
  return current;
}

/** Resolves a query's window: `year` wins over `from`/`at`; dates are validated. */
export function resolveWindow(plan: Plan, q: Omit<KpiQuery, 'projectId'>): { from: string; at: string } {
  const start = plan.project.start_date;
  const years = Math.ceil(plan.project.duration_months / 12);
  for (const [name, v] of [
    ['at', q.at],
    ['from', q.from],
  ] as const) {
    if (v !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(v)) {
      throw new AppError({
        code: 'invalid_date',
        message: `--${name} must be a date YYYY-MM-DD, not "${v}"`,
        params: { field: name, value: v },
        details: [{ path: name, message: 'expected YYYY-MM-DD' }],
      });
    }
  }
  if (q.year !== undefined) {
    if (!Number.isInteger(q.year) || q.year < 1 || q.year > years) {
      throw new AppError({
        code: 'invalid_year',
        message: `the project has years 1 to ${years}, not ${q.year}`,
        params: { years, year: String(q.year) },
        details: [{ path: 'year', message: `1..${years}` }],
      });
    }
    const r = yearRange(start, q.year);
    const now = q.at ?? today();
    return { from: r.from, at: r.to < now ? r.to : now };
  }
  // By default: today, or the project's last day once it has ended (records after the end do not count).
  const end = projectEnd(start, plan.project.duration_months);
  const at = q.at ?? (today() < end ? today() : end);
  const from = q.from ?? start;
  if (from > at)
    throw new AppError({
      code: 'invalid_period',
      message: `the period starts (${from}) after it ends (${at})`,
      params: { from, at },
      details: [{ path: 'from', message: 'after the end of the period' }],
    });
  return { from, at };
}

export async function getKpiReport(db: Db, q: KpiQuery): Promise<KpiReport> {
  const current = await loadPlanOrThrow(db, q.projectId);
  const { from, at } = resolveWindow(current.plan, q);
  // Reading KPIs after a project year has ended freezes that year's figures (once).
  await ensureYearlySnapshots(db, {
    projectId: q.projectId,
    plan: current.plan,
    planVersion: current.version,
  });
  const kpis = await evaluateKpis(db, { projectId: q.projectId, plan: current.plan, at, from });
  return { projectId: q.projectId, plan: current.plan, planVersion: current.version, at, from, kpis };
}

/** The project month of `at` and whether the project has ended, for headings. */
export function projectClock(plan: Plan, at: string): { month: number; ended: boolean; end: string } {
  const end = projectEnd(plan.project.start_date, plan.project.duration_months);
  return { month: monthOf(plan.project.start_date, at), ended: at > end, end };
}
