/**
 * Monthly history of every KPI (for sparklines and the trend chart), computed live so a late report still shows
 * in the month it happened. Records are bucketed by project month in SQL with one statement per record type (every
 * count and sum KPI and part is a FILTER column of one GROUP BY month, as evaluateKpis does for the current
 * values; a distinct count adds a branch that finds each value's first month), one for every snapshot KPI and one
 * for every manual KPI. JavaScript only accumulates at most `duration` buckets. Snapshot KPIs carry each channel's
 * last value forward, until a later complete export of its source lacks it.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db/client';
import type { Filter, Kpi, Measure, Plan, RecordType } from '../plan/schema';
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

type AggregateKpi = Kpi & { measure: Extract<Measure, { kind: 'count' | 'sum' | 'count_distinct' }> };
const isAggregate = (k: Kpi): k is AggregateKpi =>
  k.measure.kind === 'count' || k.measure.kind === 'sum' || k.measure.kind === 'count_distinct';

/** One series of an aggregate KPI: the KPI itself (`part` undefined) or one of its parts. */
interface Series {
  key: string;
  kpi: AggregateKpi;
  part: Filter | undefined;
}
const seriesKey = (kpiId: string, partId?: string) => (partId ? `${kpiId}\u0000${partId}` : kpiId);

/**
 * The one statement of a record type: rows (m, v0, v1, …), where column `vi` holds series i's increment in project
 * month m. Counts and sums share one GROUP BY month over the rows inside some series' window; each distinct count is
 * its own branch (a value counts in the month it first appears) filling only its column.
 */
function recordTypeSql(opts: {
  projectId: string;
  plan: Plan;
  record: RecordType;
  series: Series[];
  at: string;
}) {
  const { projectId, plan, record, series, at } = opts;
  const source = RECORD_SOURCES[record];
  const start = plan.project.start_date;
  const table = sql.raw(source.name);
  const date = source.date(start);
  const month = monthExpr(start, date);
  const windows = series.map((s) => window(plan, s.kpi, { at }));
  const cond = (i: number) =>
    recordCondition(record, series[i]!.kpi.measure.where, series[i]!.part, windows[i]!);
  const none = sql`NULL::double precision`;
  const columns = (i: number, value: SQL) =>
    sql.join(
      series.map((_, j) => sql`${j === i ? value : none} AS ${sql.raw(`v${j}`)}`),
      sql`, `,
    );
  const flat = series.flatMap((s, i) => (s.kpi.measure.kind === 'count_distinct' ? [] : [i]));
  const branches: SQL[] = [];
  if (flat.length > 0) {
    const from = windows.reduce((a, w) => (w.from < a ? w.from : a), windows[0]!.from);
    const to = windows.reduce((a, w) => (w.to > a ? w.to : a), windows[0]!.to);
    const cells = series.map((s, i) => {
      const m = s.kpi.measure;
      if (m.kind === 'count') return sql`count(*) FILTER (WHERE ${cond(i)})::double precision`;
      if (m.kind === 'sum') {
        const f = resolveField(record, m.field);
        return sql`coalesce(sum(${f?.expr ?? sql`0`}) FILTER (WHERE ${cond(i)}), 0)::double precision`;
      }
      return none;
    });
    branches.push(
      sql`SELECT ${month} AS m, ${sql.join(
        cells.map((c, i) => sql`${c} AS ${sql.raw(`v${i}`)}`),
        sql`, `,
      )}
          FROM ${table} WHERE ${scope(projectId)} AND ${date} BETWEEN ${from}::date AND ${to}::date GROUP BY 1`,
    );
  }
  series.forEach((s, i) => {
    const m = s.kpi.measure;
    if (m.kind !== 'count_distinct') return;
    const f = resolveField(record, m.field);
    const isList = f?.spec.type === 'string[]' || f?.spec.type === 'partner[]';
    const value = isList ? sql`element` : (f?.expr ?? sql`null`);
    const rows = isList ? sql`${table}, unnest(${f?.expr ?? sql`null`}) AS element` : table;
    branches.push(
      sql`SELECT first AS m, ${columns(i, sql`count(*)::double precision`)} FROM (
            SELECT min(${month}) AS first FROM ${rows} WHERE ${scope(projectId)} AND ${cond(i)} AND ${value} IS NOT NULL
            GROUP BY ${value}) firsts GROUP BY 1`,
    );
  });
  return sql.join(branches, sql` UNION ALL `);
}

/** Every count, sum and distinct-count KPI and part: one statement per record type. */
async function aggregateSeries(db: Db, projectId: string, plan: Plan, at: string, n: number) {
  const byRecord = new Map<RecordType, Series[]>();
  for (const k of plan.kpis.filter(isAggregate)) {
    const list = byRecord.get(k.measure.record) ?? [];
    list.push({ key: seriesKey(k.id), kpi: k, part: undefined });
    for (const p of k.parts) list.push({ key: seriesKey(k.id, p.id), kpi: k, part: p.where });
    byRecord.set(k.measure.record, list);
  }
  const out = new Map<string, number[]>();
  for (const [record, series] of byRecord) {
    const rows = await queryRows(db, recordTypeSql({ projectId, plan, record, series, at }));
    series.forEach((s, i) => {
      const buckets = new Map<number, number>();
      for (const r of rows) {
        const v = r[`v${i}`];
        if (v === null || v === undefined) continue;
        const m = Math.max(1, Number(r.m));
        buckets.set(m, (buckets.get(m) ?? 0) + Number(v));
      }
      out.set(s.key, accumulate(buckets, n));
    });
  }
  return out;
}

/**
 * Every snapshot KPI in one statement: per KPI (column k), the latest snapshot of each (channel, metric) in each
 * project month, with the month its source's later complete export ends it (`ends`, looked up only for those rows)
 * and whether each part's filter holds (p0, p1, …).
 */
function latestSql(projectId: string, plan: Plan, kpis: Kpi[], at: string): SQL {
  const start = plan.project.start_date;
  const width = Math.max(0, ...kpis.map((k) => k.parts.length));
  const branches = kpis.map((k, ki) => {
    const m = k.measure as Extract<Measure, { kind: 'latest_sum' }>;
    const to = window(plan, k, { at }).to;
    const base = recordCondition('metric', m.where, undefined, { from: start, to, projectStart: start });
    const parts = Array.from({ length: width }, (_, i) => {
      const p = k.parts[i];
      return sql`, ${p ? sql`(${compileFilter('metric', p.where)})` : sql`NULL::boolean`} AS ${sql.raw(`p${i}`)}`;
    });
    const partNames = sql.raw(Array.from({ length: width }, (_, i) => `, l.p${i}`).join(''));
    return sql`SELECT ${ki}::int AS k, l.channel, l.metric, l.m, l.value,
                      ${monthExpr(start, supersededAt(projectId, 'l', to))} AS ends${partNames}
               FROM (SELECT DISTINCT ON (channel, metric, m) channel, metric, m, value, date, data_source ${sql.join(parts, sql``)}
                     FROM (SELECT *, ${monthExpr(start, sql.raw('date'))} AS m
                           FROM metric_snapshots WHERE ${scope(projectId)} AND ${base}) s
                     ORDER BY channel, metric, m, date DESC, updated_at DESC) l`;
  });
  return sql`${sql.join(branches, sql` UNION ALL `)} ORDER BY 1, 2, 3, 4`;
}

/** Snapshot KPIs: each channel's last value carried forward month by month, summed over channels. */
async function latestSeries(db: Db, projectId: string, plan: Plan, at: string, n: number) {
  const kpis = plan.kpis.filter((k) => k.measure.kind === 'latest_sum');
  const out = new Map<string, { values: number[]; parts: Record<string, number[]> }>();
  if (kpis.length === 0) return out;
  const rows = await queryRows(db, latestSql(projectId, plan, kpis, at));
  kpis.forEach((k, ki) => {
    // Carry each channel's last value forward month by month (until the month of a later complete export of its
    // source that lacked it: `ends`), then sum over channels.
    const byKey = new Map<string, typeof rows>();
    for (const r of rows) {
      if (Number(r.k) !== ki) continue;
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
    out.set(k.id, { values, parts });
  });
  return out;
}

/** Manual KPIs, in one statement: the latest value entered in each month, carried forward. */
async function manualSeries(db: Db, projectId: string, plan: Plan, at: string, n: number) {
  const kpis = plan.kpis.filter((k) => k.measure.kind === 'manual');
  const out = new Map<string, number[]>();
  if (kpis.length === 0) return out;
  const start = plan.project.start_date;
  const codes = sql.join(
    kpis.map((k) => sql`${k.id}`),
    sql`, `,
  );
  const rows = await queryRows(
    db,
    sql`SELECT DISTINCT ON (kpi_code, m) kpi_code, m, value
        FROM (SELECT *, ${monthExpr(start, sql.raw('date'))} AS m FROM kpi_manual_values
              WHERE ${scope(projectId)} AND kpi_code IN (${codes}) AND date <= ${at}::date) s
        ORDER BY kpi_code, m, date DESC, created_at DESC`,
  );
  for (const k of kpis) {
    const byMonth = new Map(
      rows.filter((r) => r.kpi_code === k.id).map((r) => [Number(r.m), Number(r.value)]),
    );
    const values: number[] = [];
    let last = 0;
    for (let month = 1; month <= n; month++) {
      last = byMonth.get(month) ?? last;
      values.push(last);
    }
    out.set(k.id, values);
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
  const aggregates = await aggregateSeries(db, projectId, plan, at, n);
  const latest = await latestSeries(db, projectId, plan, at, n);
  const manual = await manualSeries(db, projectId, plan, at, n);
  return plan.kpis.map((k) => {
    if (k.measure.kind === 'latest_sum') {
      const r = latest.get(k.id) ?? { values: [], parts: {} };
      return { id: k.id, values: r.values, parts: r.parts };
    }
    if (k.measure.kind === 'manual') return { id: k.id, values: manual.get(k.id) ?? [], parts: {} };
    const parts: Record<string, number[]> = {};
    for (const p of k.parts) parts[p.id] = aggregates.get(seriesKey(k.id, p.id)) ?? [];
    return { id: k.id, values: aggregates.get(k.id) ?? [], parts };
  });
}
