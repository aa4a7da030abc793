/**
 * Yearly KPI snapshots: at the end of each project year the figures are evaluated as of its last day and stored
 * once (ON CONFLICT DO NOTHING), never recomputed — later reports or corrections do not move a closed year.
 * Taken lazily whenever KPIs are read after a year has ended, and by `herald kpi snapshot`.
 */
import { and, asc, eq, sql } from 'drizzle-orm';
import { appendAudit } from '../audit/chain';
import { systemActor } from '../auth/permissions';
import type { Db } from '../db/client';
import { kpiSnapshots } from '../db/schema';
import type { Plan } from '../plan/schema';
import { evaluateKpis } from './engine';
import { yearRange } from '../plan/time';

export interface YearSnapshot {
  year: number;
  at: string;
  planVersion: number;
  takenAt: Date;
  kpis: Array<typeof kpiSnapshots.$inferSelect>;
}

/** Project years whose last day is before `today`. */
export function endedYears(plan: Plan, today: string): number[] {
  const years = Math.ceil(plan.project.duration_months / 12);
  const out: number[] = [];
  for (let n = 1; n <= years; n++) if (yearRange(plan.project.start_date, n).to < today) out.push(n);
  return out;
}

/** Takes the snapshot of every ended year that has none; returns the years taken now. */
export async function ensureYearlySnapshots(
  db: Db,
  opts: { projectId: string; plan: Plan; planVersion: number; today?: string },
): Promise<number[]> {
  const today = opts.today ?? new Date().toISOString().slice(0, 10);
  const ended = endedYears(opts.plan, today);
  if (ended.length === 0) return [];
  const existing = await db
    .selectDistinct({ period: kpiSnapshots.period })
    .from(kpiSnapshots)
    .where(and(eq(kpiSnapshots.projectId, opts.projectId), eq(kpiSnapshots.kind, 'yearly')));
  const have = new Set(existing.map((r) => r.period));
  const taken: number[] = [];
  for (const year of ended.filter((y) => !have.has(y))) {
    const at = yearRange(opts.plan.project.start_date, year).to;
    const values = await evaluateKpis(db, { projectId: opts.projectId, plan: opts.plan, at });
    const inserted = await db.transaction(async (tx) => {
      const rows = await tx
        .insert(kpiSnapshots)
        .values(
          values.map((k) => ({
            projectId: opts.projectId,
            kind: 'yearly',
            period: year,
            kpiCode: k.id,
            at,
            planVersion: opts.planVersion,
            value: k.value,
            target: k.target,
            comparator: k.comparator,
            status: k.status,
            forecast: k.forecast,
            parts: k.parts.map(({ id, value, target, comparator, met }) => ({
              id,
              value,
              target,
              comparator,
              met,
            })),
          })),
        )
        .onConflictDoNothing()
        .returning({ code: kpiSnapshots.kpiCode });
      if (rows.length > 0) {
        await appendAudit(tx, {
          projectId: opts.projectId,
          actor: systemActor('kpi-snapshot'),
          action: 'kpi.snapshot',
          entityType: 'kpi_snapshot',
          entityId: `yearly-${year}`,
          after: {
            year,
            at,
            planVersion: opts.planVersion,
            values: Object.fromEntries(values.map((k) => [k.id, k.value])),
          },
        });
      }
      return rows.length;
    });
    if (inserted > 0) taken.push(year);
  }
  return taken;
}

export async function listYearlySnapshots(db: Db, projectId: string): Promise<YearSnapshot[]> {
  const rows = await db
    .select()
    .from(kpiSnapshots)
    .where(and(eq(kpiSnapshots.projectId, projectId), eq(kpiSnapshots.kind, 'yearly')))
    .orderBy(asc(kpiSnapshots.period), sql`${kpiSnapshots.kpiCode}`);
  const byYear = new Map<number, YearSnapshot>();
  for (const r of rows) {
    const y = byYear.get(r.period) ?? {
      year: r.period,
      at: r.at,
      planVersion: r.planVersion,
      takenAt: r.takenAt,
      kpis: [],
    };
    y.kpis.push(r);
    byYear.set(r.period, y);
  }
  return [...byYear.values()];
}
