/** KPI use cases: evaluate a project's KPIs (current plan), as of a date or for a project year. */
import { authorize, type Actor } from '../auth/permissions';
import type { Db } from '../db/client';
import { systemClock, type Clock } from '../lib/clock';
import { AppError } from '../errors';
import type { Plan } from '../plan/schema';
import { getCurrentPlan } from '../projects/repository';
import { evaluateKpis, type KpiValue } from './engine';
import { monthOf, projectEnd, yearRange } from '../plan/time';

export interface KpiQuery {
  projectId: string;
  /** ISO date; default today. */
  at?: string;
  /** Only count records dated on or after this ISO date. */
  from?: string;
  /** A project year (1-based): sets `from` and `at` to its first and last day (`at` capped at today). */
  year?: number;
  /** Whose "today" `at` defaults to (default: the system clock). */
  clock?: Clock;
}

export interface KpiReport {
  projectId: string;
  plan: Plan;
  planVersion: number;
  at: string;
  from: string;
  /** What was asked for when the window rule clamped it to the project period (see resolveWindow). */
  clamped?: KpiWindow['clamped'];
  kpis: KpiValue[];
}

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

/** A resolved KPI window, and what was asked for when the rule moved it into the project period. */
export interface KpiWindow {
  from: string;
  at: string;
  /** The asked `from` / `at` when they lay outside the project period and were clamped to it. */
  clamped?: { from?: string; at?: string };
}

/**
 * THE window rule, for the dashboard and `herald kpi` alike: figures count records dated from
 * max(from, project start) to min(at, project end), where `at` defaults to today and `from` to the project start.
 * An `at` after the project end (or a `from` before its start) is clamped and reported in `clamped`, so callers can
 * say so. A project year `n` is its first to its last day (the latter capped at the project end and at today).
 */
export function resolveWindow(
  plan: Plan,
  q: Omit<KpiQuery, 'projectId'>,
  now = (q.clock ?? systemClock).today(),
): KpiWindow {
  const start = plan.project.start_date;
  const end = projectEnd(start, plan.project.duration_months);
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
    return { from: r.from, at: min(r.to, end, q.at ?? now) };
  }
  const askedAt = q.at ?? now;
  const askedFrom = q.from ?? start;
  const at = min(askedAt, end);
  const from = askedFrom < start ? start : askedFrom;
  const clamped = {
    ...(q.at !== undefined && q.at > end ? { at: q.at } : {}),
    ...(q.from !== undefined && q.from < start ? { from: q.from } : {}),
  };
  if (from > at)
    throw new AppError({
      code: 'invalid_period',
      message: `the period starts (${from}) after it ends (${at})`,
      params: { from, at },
      details: [{ path: 'from', message: 'after the end of the period' }],
    });
  return { from, at, ...(Object.keys(clamped).length > 0 ? { clamped } : {}) };
}

const min = (...dates: string[]): string => dates.reduce((a, b) => (b < a ? b : a));

export async function getKpiReport(db: Db, q: KpiQuery): Promise<KpiReport> {
  const current = await loadPlanOrThrow(db, q.projectId);
  // A read never writes: yearly figures are frozen only by closing a year (src/kpi/year-closures.ts).
  const { from, at, clamped } = resolveWindow(current.plan, q);
  const kpis = await evaluateKpis(db, { projectId: q.projectId, plan: current.plan, at, from });
  return {
    projectId: q.projectId,
    plan: current.plan,
    planVersion: current.version,
    at,
    from,
    ...(clamped ? { clamped } : {}),
    kpis,
  };
}

/** The project month of `at` and whether the project has ended, for headings. */
export function projectClock(plan: Plan, at: string): { month: number; ended: boolean; end: string } {
  const end = projectEnd(plan.project.start_date, plan.project.duration_months);
  return { month: monthOf(plan.project.start_date, at), ended: at > end, end };
}

/** The KPI figures of a project as the API lists them: the same report as the dashboard's, for record readers. */
export async function readKpiReport(db: Db, q: KpiQuery & { actor: Actor }): Promise<KpiReport> {
  authorize(q.actor, 'record.read', { projectId: q.projectId });
  return getKpiReport(db, q);
}
