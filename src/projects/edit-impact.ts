/**
 * What a plan change does to the KPI figures: each affected KPI's value and status under the old and the new plan,
 * computed by the KPI engine on both plans in memory (nothing is saved), over each plan's own default window (the
 * dashboard's and `herald kpi`'s). Affected: a KPI whose definition changes, is added or removed; every KPI when
 * the project period changes (status and forecast depend on it).
 */
import type { Db } from '../db/client';
import type { Clock } from '../lib/clock';
import { canonicalJson } from '../lib/canonical-json';
import type { Plan } from '../plan/schema';
import { evaluateKpis, type KpiValue } from '../kpi/engine';
import { resolveWindow } from '../kpi/service';
import type { KpiStatus } from '../kpi/status';

export interface KpiFigure {
  target: number;
  targetText: string;
  value: number;
  hasValue: boolean;
  status: KpiStatus | null;
  forecast: number | null;
}

export interface KpiImpact {
  id: string;
  label: KpiValue['label'];
  /** Null when the KPI is new (before) or removed (after). */
  before: KpiFigure | null;
  after: KpiFigure | null;
}

const figureOf = (k: KpiValue): KpiFigure => ({
  target: k.target,
  targetText: k.targetText,
  value: k.value,
  hasValue: k.hasValue,
  status: k.status,
  forecast: k.forecast,
});

/** The ids of the KPIs a change from `before` to `after` affects, in the new plan's order (removed ones last). */
export function affectedKpis(before: Plan, after: Plan): string[] {
  const period = (p: Plan) => `${p.project.start_date}/${p.project.duration_months}`;
  const all = period(before) !== period(after);
  const old = new Map(before.kpis.map((k) => [k.id, canonicalJson(k)]));
  const ids = after.kpis.filter((k) => all || old.get(k.id) !== canonicalJson(k)).map((k) => k.id);
  const kept = new Set(after.kpis.map((k) => k.id));
  return [...ids, ...before.kpis.filter((k) => !kept.has(k.id)).map((k) => k.id)];
}

/** The whole plan is evaluated (one statement; a KPI may refer to another), the affected ones kept. */
async function evaluate(db: Db, projectId: string, plan: Plan, clock: Clock, ids: Set<string>) {
  const { from, at } = resolveWindow(plan, { clock });
  const values = await evaluateKpis(db, { projectId, plan, at, from });
  return new Map(values.filter((v) => ids.has(v.id)).map((v) => [v.id, v]));
}

export async function kpiImpact(
  db: Db,
  opts: { projectId: string; before: Plan; after: Plan; clock: Clock },
): Promise<KpiImpact[]> {
  const ids = affectedKpis(opts.before, opts.after);
  if (ids.length === 0) return [];
  const wanted = new Set(ids);
  const old = await evaluate(db, opts.projectId, opts.before, opts.clock, wanted);
  const now = await evaluate(db, opts.projectId, opts.after, opts.clock, wanted);
  return ids.map((id) => {
    const b = old.get(id);
    const a = now.get(id);
    return {
      id,
      label: (a ?? b)?.label ?? id,
      before: b ? figureOf(b) : null,
      after: a ? figureOf(a) : null,
    };
  });
}
