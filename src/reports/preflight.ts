/**
 * The report's pre-flight check: every rule runs in SQL over the period's live records and yields findings, each
 * naming the record (and field) to fix with a link to its edit page. `runPreflight` is what the report page and the
 * submission call; its signature is stable.
 */
import type { Db } from '../db/client';
import { authorize, type Actor } from '../auth/permissions';
import { notFound } from '../errors';
import type { Clock } from '../lib/clock';
import type { Plan } from '../plan/schema';
import { projectEnd } from '../plan/time';
import { projectYears, yearWindow } from '../kpi/snapshots';
import { getCurrentPlan } from '../projects/repository';
import { vocabularyFor } from '../records/vocabularies';
import type { ReportPeriod } from './model';
import { resolvePeriod } from './period';
import { brandCheckNote, type BrandNote } from './preflight-brand';
import { RECORD_RULES } from './preflight-rules-records';
import { OPEN_ACCESS_RULES } from './preflight-rules-oa';
import { SIGNOFF_RULES } from './preflight-rules-signoff';
import {
  PREFLIGHT_RULES,
  type PreflightFinding,
  type PreflightRule,
  type Rule,
  type RuleContext,
  type Severity,
} from './preflight-types';

export {
  PREFLIGHT_RULES,
  recordHref,
  type PreflightFinding,
  type PreflightRule,
  type Severity,
} from './preflight-types';

const RULES: readonly Rule[] = [...RECORD_RULES, ...OPEN_ACCESS_RULES, ...SIGNOFF_RULES];

export interface PreflightOptions {
  actor: Actor;
  projectId: string;
  /** From resolvePeriod (src/reports/period.ts). */
  period: ReportPeriod;
  /** Not read by the rules today (they depend on the period only); kept so callers need not change. */
  clock?: Clock;
}

/** Every finding for the period, ordered by rule (PREFLIGHT_RULES), then severity, then record label. Reads only. */
export async function runPreflight(db: Db, opts: PreflightOptions): Promise<PreflightFinding[]> {
  authorize(opts.actor, 'report.read', { projectId: opts.projectId });
  const current = await getCurrentPlan(db, opts.projectId);
  if (!current) throw notFound('project');
  const plan = current.plan;
  const ctx: RuleContext = {
    db,
    projectId: opts.projectId,
    plan,
    period: opts.period,
    programme: vocabularyFor(plan.project.programme).programme,
    final: opts.period.to >= projectEnd(plan.project.start_date, plan.project.duration_months),
  };
  const found: PreflightFinding[] = [];
  for (const rule of RULES) found.push(...(await rule(ctx)));
  const order = (r: PreflightRule) => PREFLIGHT_RULES.indexOf(r);
  return found.sort(
    (a, b) =>
      order(a.rule) - order(b.rule) ||
      (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1) ||
      (a.label ?? '').localeCompare(b.label ?? '') ||
      (a.recordId ?? '').localeCompare(b.recordId ?? ''),
  );
}

/** How many errors and warnings. */
export function countFindings(findings: readonly PreflightFinding[]): Record<Severity, number> {
  return {
    error: findings.filter((f) => f.severity === 'error').length,
    warning: findings.filter((f) => f.severity === 'warning').length,
  };
}

/** The project year holding `today` (the first before the project, the last after it). */
export function currentYear(plan: Plan, today: string): number {
  const years = projectYears(plan);
  for (let n = 1; n <= years; n++) if (today <= yearWindow(plan, n).to) return n;
  return years;
}

export interface PreflightPage {
  plan: Plan;
  period: ReportPeriod;
  programme: string;
  final: boolean;
  findings: PreflightFinding[];
  /** Which of the period's activities with evidence have a brand-checked file (a note, never a finding). */
  brand: BrandNote;
}

/**
 * The pre-flight page's use case: a year, a date range, or (neither given) the current project year; permission
 * checked before anything is read.
 */
export async function preflightPage(
  db: Db,
  opts: { actor: Actor; projectId: string; year?: number; from?: string; to?: string; clock: Clock },
): Promise<PreflightPage> {
  authorize(opts.actor, 'report.read', { projectId: opts.projectId });
  const current = await getCurrentPlan(db, opts.projectId);
  if (!current) throw notFound('project');
  const plan = current.plan;
  const none = opts.year === undefined && opts.from === undefined && opts.to === undefined;
  const period = resolvePeriod(
    plan,
    none
      ? { year: currentYear(plan, opts.clock.today()) }
      : { year: opts.year, from: opts.from, to: opts.to },
  );
  const findings = await runPreflight(db, {
    actor: opts.actor,
    projectId: opts.projectId,
    period,
    clock: opts.clock,
  });
  return {
    plan,
    period,
    programme: vocabularyFor(plan.project.programme).programme,
    final: period.to >= projectEnd(plan.project.start_date, plan.project.duration_months),
    findings,
    brand: await brandCheckNote(db, { projectId: opts.projectId, plan, period }),
  };
}
