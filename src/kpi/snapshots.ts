/**
 * Frozen yearly KPI figures (`kpi_snapshots`, kind `yearly`). They are written only when a year is closed or
 * re-baselined (src/kpi/year-closures.ts) and read only for years that `year_closures` says are closed: a row
 * without a closure (taken by a read in earlier versions) is not a frozen figure and is ignored, then replaced.
 */
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Db, Tx } from '../db/client';
import { kpiSnapshots, yearClosures } from '../db/schema';
import type { Plan } from '../plan/schema';
import { projectEnd, yearRange } from '../plan/time';
import type { KpiValue } from './engine';

export type YearClosure = typeof yearClosures.$inferSelect;

export interface FrozenYear {
  year: number;
  /** The date the figures are as of (the year's last day). */
  at: string;
  planVersion: number;
  takenAt: Date;
  closure: YearClosure;
  kpis: Array<typeof kpiSnapshots.$inferSelect>;
}

/** How many project years a plan has (the last one may be shorter than 12 months). */
export const projectYears = (plan: Plan): number => Math.ceil(plan.project.duration_months / 12);

/** First and last day of project year `n`, the last day capped at the project end. */
export function yearWindow(plan: Plan, n: number): { from: string; to: string } {
  const r = yearRange(plan.project.start_date, n);
  const end = projectEnd(plan.project.start_date, plan.project.duration_months);
  return { from: r.from, to: r.to < end ? r.to : end };
}

/** Project years whose last day is before `today`. */
export function endedYears(plan: Plan, today: string): number[] {
  const out: number[] = [];
  for (let n = 1; n <= projectYears(plan); n++) if (yearWindow(plan, n).to < today) out.push(n);
  return out;
}

/** Replaces the stored figures of year `year` by `values` (inside the closing transaction). */
export async function storeYearFigures(
  tx: Tx,
  opts: { projectId: string; year: number; at: string; planVersion: number; values: KpiValue[] },
): Promise<void> {
  await deleteYearFigures(tx, opts.projectId, opts.year);
  // A manual KPI with no value entered stays "no value" (no row), never a frozen silent zero.
  const stored = opts.values.filter((k) => k.hasValue);
  if (stored.length === 0) return;
  await tx.insert(kpiSnapshots).values(
    stored.map((k) => ({
      projectId: opts.projectId,
      kind: 'yearly',
      period: opts.year,
      kpiCode: k.id,
      at: opts.at,
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
  );
}

export async function deleteYearFigures(tx: Tx, projectId: string, year: number): Promise<void> {
  await tx
    .delete(kpiSnapshots)
    .where(
      and(
        eq(kpiSnapshots.projectId, projectId),
        eq(kpiSnapshots.kind, 'yearly'),
        eq(kpiSnapshots.period, year),
      ),
    );
}

export async function yearClosure(db: Db, projectId: string, year: number): Promise<YearClosure | undefined> {
  const [row] = await db
    .select()
    .from(yearClosures)
    .where(and(eq(yearClosures.projectId, projectId), eq(yearClosures.year, year)));
  return row;
}

/** The closed years of a project with their frozen figures, in year order. */
export async function listClosedYears(db: Db, projectId: string): Promise<FrozenYear[]> {
  const closures = await db
    .select()
    .from(yearClosures)
    .where(eq(yearClosures.projectId, projectId))
    .orderBy(asc(yearClosures.year));
  if (closures.length === 0) return [];
  const rows = await db
    .select()
    .from(kpiSnapshots)
    .where(
      and(
        eq(kpiSnapshots.projectId, projectId),
        eq(kpiSnapshots.kind, 'yearly'),
        inArray(
          kpiSnapshots.period,
          closures.map((c) => c.year),
        ),
      ),
    )
    .orderBy(asc(kpiSnapshots.period), sql`${kpiSnapshots.kpiCode}`);
  return closures.map((closure) => {
    const kpis = rows.filter((r) => r.period === closure.year);
    return {
      year: closure.year,
      at: kpis[0]?.at ?? '',
      planVersion: kpis[0]?.planVersion ?? 0,
      takenAt: kpis[0]?.takenAt ?? closure.closedAt,
      closure,
      kpis,
    };
  });
}
