/**
 * Monthly history of every KPI (for sparklines and the trend chart), computed live so a late report still shows
 * in the month it happened. Records are bucketed by project month in SQL (one GROUP BY per KPI and part);
 * JavaScript only accumulates at most `duration` buckets. Snapshot KPIs carry each channel's last value forward,
 * until a later complete export of its source lacks it.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db/client';
import type { Filter, Kpi, Plan } from '../plan/schema';
import { queryRows, recordCondition, window } from './engine';
import { RECORD_SOURCES, resolveField } from './fields';
import { supersededAt } from './complete';
import { compileFilter } from './filter';
import { monthOf } from '../plan/time';
import { liveSql } from '../records/visibility';

export interface KpiHistory {
  id: string;
  /** Value at the end of each project month 1..months (cumulative, as of that month). */
  values: number[];
  parts: Record<string, number[]>;
}

const monthExpr = (start: string, date: SQL): SQL =>
  sql`(extract(year from age(${date}, ${start}::date)) * 12 + extract(month from age(${date}, ${start}::date)))::int + 1`;

const scope = liveSql;

/** Per-month increments → cumulative values for months 1..n. */
function accumulate(buckets: Map<number, number>, n: number): number[] {
  const out: number[] = [];
  let total = 0;
  for (let m = 1; m <= n; m++) {
    total += buckets.get(m) ?? 0;
    out.push(Math.round(total * 100) / 100);
  }
  return out;
}

async function aggregateSeries(
  db: Db,
  projectId: string,
  plan: Plan,
  k: Kpi,
  part: Filter | undefined,
  at: string,
  n: number,
) {
  const m = k.measure;
  if (m.kind !== 'count' && m.kind !== 'sum' && m.kind !== 'count_distinct') return [];
  const source = RECORD_SOURCES[m.record];
  const start = plan.project.start_date;
  const cond = recordCondition(m.record, m.where, part, window(plan, k, { at }));
  const month = monthExpr(start, source.date(start));
  const table = sql.raw(source.name);
  let q: SQL;
  if (m.kind === 'count') {
    q = sql`SELECT ${month} AS m, count(*)::double precision AS v FROM ${table} WHERE ${scope(projectId)} AND ${cond} GROUP BY 1`;
  } else if (m.kind === 'sum') {
    const f = resolveField(m.record, m.field);
    q = sql`SELECT ${month} AS m, coalesce(sum(${f?.expr ?? sql`0`}), 0)::double precision AS v
            FROM ${table} WHERE ${scope(projectId)} AND ${cond} GROUP BY 1`;
  } else {
    // A distinct value counts in the month it first appears.
    const f = resolveField(m.record, m.field);
    const isList = f?.spec.type === 'string[]' || f?.spec.type === 'partner[]';
    const value = isList ? sql`element` : (f?.expr ?? sql`null`);
    const from = isList ? sql`${table}, unnest(${f?.expr ?? sql`null`}) AS element` : table;
    q = sql`SELECT first AS m, count(*)::double precision AS v FROM (
              SELECT min(${month}) AS first FROM ${from} WHERE ${scope(projectId)} AND ${cond} AND ${value} IS NOT NULL
              GROUP BY ${value}) firsts GROUP BY 1`;
  }
  const rows = await queryRows(db, q);
  return accumulate(new Map(rows.map((r) => [Math.max(1, Number(r.m)), Number(r.v)])), n);
}

async function latestSeries(db: Db, projectId: string, plan: Plan, k: Kpi, at: string, n: number) {
  const m = k.measure;
  if (m.kind !== 'latest_sum') return { values: [], parts: {} };
  const start = plan.project.start_date;
  const to = window(plan, k, { at }).to;
  const base = recordCondition('metric', m.where, undefined, { from: start, to, projectStart: start });
  const partCols = k.parts.map((p, i) => sql`, (${compileFilter('metric', p.where)}) AS ${sql.raw(`p${i}`)}`);
  const rows = await queryRows(
    db,
    sql`SELECT DISTINCT ON (channel, metric, m) channel, metric, m, value,
               ${monthExpr(start, supersededAt(projectId, 's', to))} AS ends ${sql.join(partCols, sql``)}
        FROM (SELECT *, ${monthExpr(start, sql.raw('date'))} AS m
              FROM metric_snapshots WHERE ${scope(projectId)} AND ${base}) s
        ORDER BY channel, metric, m, date DESC, updated_at DESC`,
  );
  // Carry each channel's last value forward month by month (until the month of a later complete export of its
  // source that lacked it: `ends`), then sum over channels.
  const byKey = new Map<string, typeof rows>();
  for (const r of rows) {
    const key = JSON.stringify([r.channel, r.metric]);
    byKey.set(key, [...(byKey.get(key) ?? []), r]);
  }
  const values = new Array<number>(n).fill(0);
  const parts: Record<string, number[]> = Object.fromEntries(
    k.parts.map((p) => [p.id, new Array<number>(n).fill(0)]),
  );
  for (const series of byKey.values()) {
    let i = 0;
    let current: (typeof series)[number] | undefined;
    for (let month = 1; month <= n; month++) {
      while (i < series.length && Number(series[i]!.m) <= month) current = series[i++];
      if (!current) continue;
      if (current.ends !== null && current.ends !== undefined && Number(current.ends) <= month) continue;
      const v = Number(current.value);
      values[month - 1]! += v;
      k.parts.forEach((p, pi) => {
        if (current?.[`p${pi}`] === true) parts[p.id]![month - 1]! += v;
      });
    }
  }
  return { values, parts };
}

async function manualSeries(db: Db, projectId: string, plan: Plan, k: Kpi, at: string, n: number) {
  const start = plan.project.start_date;
  const rows = await queryRows(
    db,
    sql`SELECT DISTINCT ON (m) m, value
        FROM (SELECT *, ${monthExpr(start, sql.raw('date'))} AS m FROM kpi_manual_values
              WHERE ${scope(projectId)} AND kpi_code = ${k.id} AND date <= ${at}::date) s
        ORDER BY m, date DESC, created_at DESC`,
  );
  const byMonth = new Map(rows.map((r) => [Number(r.m), Number(r.value)]));
  const out: number[] = [];
  let last = 0;
  for (let month = 1; month <= n; month++) {
    last = byMonth.get(month) ?? last;
    out.push(last);
  }
  return out;
}

/** History of every KPI from month 1 to the month of `at` (capped at the project duration). */
export async function kpiHistory(
  db: Db,
  opts: { projectId: string; plan: Plan; at: string },
): Promise<KpiHistory[]> {
  const { plan, projectId, at } = opts;
  const n = Math.max(0, Math.min(plan.project.duration_months, monthOf(plan.project.start_date, at)));
  const out: KpiHistory[] = [];
  for (const k of plan.kpis) {
    if (k.measure.kind === 'latest_sum') {
      const r = await latestSeries(db, projectId, plan, k, at, n);
      out.push({ id: k.id, values: r.values, parts: r.parts });
    } else if (k.measure.kind === 'manual') {
      out.push({ id: k.id, values: await manualSeries(db, projectId, plan, k, at, n), parts: {} });
    } else {
      const parts: Record<string, number[]> = {};
      for (const p of k.parts) parts[p.id] = await aggregateSeries(db, projectId, plan, k, p.where, at, n);
      out.push({ id: k.id, values: await aggregateSeries(db, projectId, plan, k, undefined, at, n), parts });
    }
  }
  return out;
}
