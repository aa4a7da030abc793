/**
 * The value of every KPI as of several dates (the dashboard's yearly columns), in ONE statement: a single-row
 * aggregate per record type (a FILTER column per KPI and date, exactly evaluateKpis' aggregate), cross-joined, with
 * each snapshot and manual KPI at each date as a scalar subquery (evaluateKpis' own latest / manual rule).
 */
import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db/client';
import type { Kpi, Measure, Plan, RecordType } from '../plan/schema';
import { aggregate, queryRows, recordCondition, window } from './engine';
import { RECORD_SOURCES } from './fields';
import { superseded } from './complete';
import { liveSql } from '../records/visibility';

export interface FigureAt {
  value: number;
  /** False for a manual KPI with no value entered by that date. */
  hasValue: boolean;
}

type AggregateKpi = Kpi & { measure: Extract<Measure, { kind: 'count' | 'sum' | 'count_distinct' }> };
const isAggregate = (k: Kpi): k is AggregateKpi =>
  k.measure.kind === 'count' || k.measure.kind === 'sum' || k.measure.kind === 'count_distinct';

/** The latest snapshot of each (channel, metric) by `at`, summed, as evaluateKpis computes it (whole run). */
function latestValue(projectId: string, plan: Plan, k: Kpi, at: string): SQL {
  const measure = k.measure as Extract<Measure, { kind: 'latest_sum' }>;
  const win = window(plan, k, { at });
  const base = recordCondition('metric', measure.where, undefined, { ...win, from: plan.project.start_date });
  return sql`(SELECT coalesce(sum(value), 0)::double precision
              FROM (SELECT DISTINCT ON (channel, metric) *
                    FROM metric_snapshots WHERE ${liveSql(projectId)} AND ${base}
                    ORDER BY channel, metric, date DESC, updated_at DESC) latest
              WHERE NOT ${superseded(projectId, 'latest', win.to)})`;
}

/** The latest manual value entered by `at` (null: none yet). */
function manualValue(projectId: string, plan: Plan, k: Kpi, at: string): SQL {
  const win = window(plan, k, { at });
  return sql`(SELECT value FROM kpi_manual_values
              WHERE ${liveSql(projectId)} AND kpi_code = ${k.id} AND date <= ${win.to}::date
              ORDER BY date DESC, created_at DESC LIMIT 1)`;
}

/** Per date of `ats`, every KPI's value as evaluateKpis({ at }) gives it (whole run from the project start). */
export async function figuresAt(
  db: Db,
  opts: { projectId: string; plan: Plan; ats: string[] },
): Promise<Map<string, Map<string, FigureAt>>> {
  const { projectId, plan, ats } = opts;
  const out = new Map(ats.map((at) => [at, new Map<string, FigureAt>()]));
  if (ats.length === 0 || plan.kpis.length === 0) return out;
  const column = (ai: number, ki: number) => sql.raw(`f${ai}_${ki}`);
  const tables: SQL[] = [];
  const scalars: SQL[] = [];
  const byRecord = new Map<RecordType, number[]>();
  plan.kpis.forEach((k, ki) => {
    if (isAggregate(k)) byRecord.set(k.measure.record, [...(byRecord.get(k.measure.record) ?? []), ki]);
  });
  for (const [record, indexes] of byRecord) {
    const cells = ats.flatMap((at, ai) =>
      indexes.map((ki) => {
        const k = plan.kpis[ki] as AggregateKpi;
        const cond = recordCondition(record, k.measure.where, undefined, window(plan, k, { at }));
        return sql`${aggregate(projectId, k.measure, cond)} AS ${column(ai, ki)}`;
      }),
    );
    tables.push(
      sql`(SELECT ${sql.join(cells, sql`, `)} FROM ${sql.raw(RECORD_SOURCES[record].name)} WHERE ${liveSql(projectId)}) ${sql.raw(`t_${record}`)}`,
    );
  }
  ats.forEach((at, ai) =>
    plan.kpis.forEach((k, ki) => {
      if (k.measure.kind === 'latest_sum')
        scalars.push(sql`${latestValue(projectId, plan, k, at)} AS ${column(ai, ki)}`);
      if (k.measure.kind === 'manual')
        scalars.push(sql`${manualValue(projectId, plan, k, at)} AS ${column(ai, ki)}`);
    }),
  );
  const select = sql.join([...(tables.length > 0 ? [sql.raw('*')] : []), ...scalars], sql`, `);
  const from = tables.length > 0 ? sql` FROM ${sql.join(tables, sql` CROSS JOIN `)}` : sql``;
  const [row] = await queryRows(db, sql`SELECT ${select}${from}`);
  ats.forEach((at, ai) => {
    const figures = out.get(at)!;
    plan.kpis.forEach((k, ki) => {
      const v = row?.[`f${ai}_${ki}`];
      const missing = v === null || v === undefined;
      figures.set(k.id, {
        value: missing ? 0 : Number(v),
        hasValue: k.measure.kind !== 'manual' || !missing,
      });
    });
  });
  return out;
}
