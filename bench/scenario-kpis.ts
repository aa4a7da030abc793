/**
 * Scenario `kpis`: every KPI of one project (evaluateKpis, as the dashboard and `herald kpi` call it) beside one
 * hand-written aggregate over the same project's records (a `count(*) … GROUP BY` per record table, in one
 * statement), in milliseconds, interleaved. Measured on the first project of each record count in the data set (10k,
 * 100k, inside the portfolio); the ratio should be ≤ 2 and the same whatever the number of projects.
 */
import { performance } from 'node:perf_hooks';
import { sql } from 'drizzle-orm';
import type { Database } from '../src/db/client';
import { evaluateKpis } from '../src/kpi/engine';
import type { Plan } from '../src/plan/schema';
import type { Generated } from './generate';
import { interleave, single, type PairedFigure, type SingleFigure } from './harness';
import type { Progress } from './progress';

/** The baseline: one statement counting the project's live records per table and kind. */
const handWritten = (projectId: string) => sql`
  select 'activity' as t, kind as k, count(*) as n from activities
    where project_id = ${projectId} and deleted_at is null and pending_batch is null group by kind
  union all select 'event', kind, count(*) from events
    where project_id = ${projectId} and deleted_at is null and pending_batch is null group by kind
  union all select 'publication', type, count(*) from publications
    where project_id = ${projectId} and deleted_at is null and pending_batch is null group by type
  union all select 'synergy', kind, count(*) from synergies
    where project_id = ${projectId} and deleted_at is null and pending_batch is null group by kind
  union all select 'metric', metric, count(*) from metric_snapshots
    where project_id = ${projectId} and deleted_at is null and pending_batch is null group by metric`;

const timed = async (fn: () => Promise<unknown>): Promise<number> => {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
};

/** The project's last day (KPIs are evaluated over the whole run). */
const endOf = (plan: Plan): string => {
  const d = new Date(`${plan.project.start_date}T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() + plan.project.duration_months);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
};

export async function kpiScenarios(o: {
  database: Database;
  generated: Generated;
  pairs?: number;
  progress: Progress;
}): Promise<PairedFigure[]> {
  const db = o.database.db;
  const { plan } = o.generated;
  const at = endOf(plan);
  const projects = o.generated.projectIds.length;
  const out: PairedFigure[] = [];
  // The first project of each size, largest first.
  const seen = new Set<number>();
  for (const [i, records] of o.generated.records.entries()) {
    if (seen.has(records)) continue;
    seen.add(records);
    const projectId = o.generated.projectIds[i]!;
    const figure = await interleave({
      scenario: `kpis @${records} records, ${projects} project${projects === 1 ? '' : 's'}`,
      a: {
        label: `evaluateKpis: ${plan.kpis.length} KPIs of one project`,
        run: () => timed(() => evaluateKpis(db, { projectId, plan, at })),
      },
      b: {
        label: 'one hand-written count(*) … GROUP BY over its records',
        run: () => timed(() => db.execute(handWritten(projectId))),
      },
      unit: 'ms',
      pairs: o.pairs,
      warmup: true,
      target: { op: '<=', ratio: 2 },
      onPair: (p, a, b) =>
        o.progress.note(`kpis @${records} pair ${p + 1}: ${a.toFixed(1)} ms vs ${b.toFixed(1)} ms`),
    });
    out.push({ ...figure, extra: { projectId, records, projects } });
  }
  return out;
}

/**
 * "Flat across portfolio size": for each project measured both with few projects in the database and with all of
 * them (same project id), the later median ratio over the earlier one (1 = flat).
 */
export function flatness(
  figures: ReadonlyArray<{ scenario: string; median: number; extra?: Record<string, unknown> }>,
): SingleFigure[] {
  const kpis = figures.filter((f) => f.scenario.startsWith('kpis @') && f.extra?.projectId !== undefined);
  const out: SingleFigure[] = [];
  for (const [i, before] of kpis.entries()) {
    const after = kpis.slice(i + 1).find((f) => f.extra!.projectId === before.extra!.projectId);
    if (!after) continue;
    out.push(
      single({
        scenario: `kpis flatness @${String(before.extra!.records)} records: ratio with ${String(after.extra!.projects)} projects / with ${String(before.extra!.projects)}`,
        unit: '×',
        runs: [after.median / before.median],
        extra: {
          projectId: before.extra!.projectId,
          before: { projects: before.extra!.projects, medianRatio: before.median },
          after: { projects: after.extra!.projects, medianRatio: after.median },
        },
      }),
    );
  }
  return out;
}
