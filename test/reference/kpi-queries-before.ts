/**
 * The dashboard's queries as they were before issue 17 rewrote them (contribution matrix, monthly history,
 * timeline actuals, outside counts), kept verbatim ONLY as the reference the equivalence test
 * (src/kpi/queries-equivalence.int.test.ts) compares the new queries with. Nothing else may import this file.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../src/db/client';
import { RECORD_TYPES, type Filter, type Kpi, type Plan, type RecordType } from '../../src/plan/schema';
import type { PartnerContribution } from '../../src/kpi/dashboard';
import type { KpiHistory } from '../../src/kpi/history';
import { queryRows, recordCondition, window } from '../../src/kpi/engine';
import { RECORD_SOURCES, resolveField } from '../../src/kpi/fields';
import { supersededAt } from '../../src/kpi/complete';
import { compileFilter } from '../../src/kpi/filter';
import { monthOf, projectEnd } from '../../src/plan/time';
import { liveSql } from '../../src/records/visibility';

const RECORD_TABLES: RecordType[] = ['activity', 'event', 'publication', 'synergy', 'metric'];

/** Every live record of a project as (type, date, lead_partner, partners, timeline_item, touched_at). */
function allRecords(projectId: string, projectStart: string) {
  return sql.join(
    RECORD_TABLES.map(
      (type) =>
        sql`SELECT ${type}::text AS record_type, ${RECORD_SOURCES[type].date(projectStart)} AS date, lead_partner,
                   partners, timeline_item, greatest(created_at, updated_at) AS touched_at
            FROM ${sql.raw(RECORD_SOURCES[type].name)} WHERE ${liveSql(projectId)}`,
    ),
    sql` UNION ALL `,
  );
}

/** For each timeline item, how many linked records fall in each project month. */
export async function timelineActualsBefore(
  db: Db,
  projectId: string,
  plan: Plan,
): Promise<Map<string, Map<number, number>>> {
  const start = plan.project.start_date;
  const rows = await queryRows(
    db,
    sql`SELECT timeline_item,
               (extract(year from age(date, ${start}::date)) * 12 + extract(month from age(date, ${start}::date)))::int + 1 AS m,
               count(*)::int AS n
        FROM (${allRecords(projectId, start)}) r
        WHERE timeline_item IS NOT NULL AND date >= ${start}::date
        GROUP BY 1, 2`,
  );
  const out = new Map<string, Map<number, number>>();
  for (const r of rows) {
    const item = String(r.timeline_item);
    const months = out.get(item) ?? new Map<number, number>();
    months.set(Number(r.m), Number(r.n));
    out.set(item, months);
  }
  return out;
}

const zero = (): Record<RecordType, number> => ({
  activity: 0,
  event: 0,
  publication: 0,
  synergy: 0,
  metric: 0,
});

/** Per partner of the plan: records led and involved in, by type, within [from, to], and the last report. */
export async function contributionMatrixBefore(
  db: Db,
  opts: { projectId: string; plan: Plan; from: string; to: string },
): Promise<PartnerContribution[]> {
  const rows = await queryRows(
    db,
    sql`SELECT p.partner, r.record_type,
               count(*) FILTER (WHERE p.partner = r.lead_partner AND r.date BETWEEN ${opts.from}::date AND ${opts.to}::date)::int AS led,
               count(*) FILTER (WHERE p.partner <> r.lead_partner AND r.date BETWEEN ${opts.from}::date AND ${opts.to}::date)::int AS involved,
               max(r.touched_at) FILTER (WHERE p.partner = r.lead_partner) AS last_report
        FROM (${allRecords(opts.projectId, opts.plan.project.start_date)}) r
        CROSS JOIN LATERAL (SELECT DISTINCT unnest(array_prepend(r.lead_partner, r.partners)) AS partner) p
        GROUP BY 1, 2`,
  );
  const byPartner = new Map<string, PartnerContribution>(
    opts.plan.partners.map((p) => [
      p.code,
      { partner: p.code, led: zero(), involved: zero(), lastReport: null },
    ]),
  );
  for (const r of rows) {
    const c = byPartner.get(String(r.partner));
    if (!c) continue;
    const type = r.record_type as RecordType;
    c.led[type] = Number(r.led);
    c.involved[type] = Number(r.involved);
    const last = r.last_report ? new Date(r.last_report as string | Date) : null;
    if (last && (!c.lastReport || last > c.lastReport)) c.lastReport = last;
  }
  return [...byPartner.values()];
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
export async function kpiHistoryBefore(
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

const base = liveSql;

/** Not counted by any KPI window of the project: the in-period condition is false or unknown (no date). */
function outsideCondition(plan: Plan, record: RecordType): SQL {
  const win = {
    from: plan.project.start_date,
    to: projectEnd(plan.project.start_date, plan.project.duration_months),
    projectStart: plan.project.start_date,
  };
  return sql`NOT coalesce((${recordCondition(record, undefined, undefined, win)}), false)`;
}

/** Per record type, how many live records lie outside the project period (types with none are left out). */
export async function outsideCountsBefore(
  db: Db,
  opts: { projectId: string; plan: Plan },
): Promise<Partial<Record<RecordType, number>>> {
  const parts = RECORD_TYPES.map(
    (type) =>
      sql`SELECT ${type} AS type, count(*)::int AS n FROM ${sql.raw(RECORD_SOURCES[type].name)}
          WHERE ${base(opts.projectId)} AND ${outsideCondition(opts.plan, type)}`,
  );
  const rows = await queryRows(db, sql.join(parts, sql` UNION ALL `));
  const out: Partial<Record<RecordType, number>> = {};
  for (const r of rows) if (Number(r.n) > 0) out[r.type as RecordType] = Number(r.n);
  return out;
}
