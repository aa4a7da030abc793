/**
 * Evaluates every KPI of a plan in SQL. Count, sum and distinct-count KPIs over the same record type share one
 * aggregate query (each KPI and part is a FILTER clause); a snapshot KPI (latest_sum) is one DISTINCT ON query
 * (without items a later complete export of their source lacks);
 * a manual KPI reads its latest entered value. Nothing loads the records themselves into JavaScript.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db/client';
import type { Filter, Kpi, Measure, Plan, RecordType } from '../plan/schema';
import { RECORD_SOURCES, resolveField } from './fields';
import { superseded } from './complete';
import { compileFilter } from './filter';
import { assess, meets, worst, type KpiStatus } from './status';
import { elapsedMonths, monthEnd, monthStart, projectEnd } from '../plan/time';
import { systemClock, type Clock } from '../lib/clock';
import { liveSql } from '../records/visibility';

export interface EvaluateOptions {
  projectId: string;
  plan: Plan;
  /** Evaluate as of this date (ISO, inclusive); default today. */
  at?: string;
  /** Only count records dated on or after this date (a period view); default the project start. */
  from?: string;
  /** Whose "today" `at` defaults to (default: the system clock). */
  clock?: Clock;
}

export interface PartValue {
  id: string;
  label: Kpi['label'];
  target: number;
  comparator: Kpi['comparator'];
  value: number;
  met: boolean;
}

export interface KpiValue {
  id: string;
  label: Kpi['label'];
  target: number;
  comparator: Kpi['comparator'];
  targetText: string;
  unit?: string;
  measure: Measure;
  value: number;
  /** False for a manual KPI with no value entered yet (shown as such, never as a silent zero). */
  hasValue: boolean;
  met: boolean;
  /** Null in a period view that does not start at the project start (a status needs the whole run). */
  status: KpiStatus | null;
  forecast: number | null;
  expected: number | null;
  parts: PartValue[];
}

type Row = Record<string, unknown>;

export async function queryRows(db: Db, q: SQL): Promise<Row[]> {
  const result = (await db.execute(q)) as unknown as { rows: Row[] };
  return result.rows;
}

const num = (v: unknown): number => (v === null || v === undefined ? 0 : Number(v));

/** A date window of a KPI, with the project start that places approximate dates (src/kpi/fields.ts). */
export interface KpiWindow {
  from: string;
  to: string;
  projectStart: string;
}

/** The date window of a KPI: the evaluation window narrowed by the KPI's own period (project months). */
export function window(plan: Plan, kpi: Pick<Kpi, 'period'>, opts: { at: string; from?: string }): KpiWindow {
  const start = plan.project.start_date;
  let from = opts.from ?? start;
  let to = opts.at;
  if (kpi.period?.from_month) from = max(from, monthStart(start, kpi.period.from_month));
  if (kpi.period?.to_month) to = min(to, monthEnd(start, kpi.period.to_month));
  return { from, to, projectStart: start };
}
const max = (a: string, b: string) => (a > b ? a : b);
const min = (a: string, b: string) => (a < b ? a : b);

/** The WHERE of one KPI (and optionally one of its parts) over its record type, dates included. */
export function recordCondition(
  record: RecordType,
  where: Filter | undefined,
  part: Filter | undefined,
  win: KpiWindow,
  dated = true,
): SQL {
  const date = RECORD_SOURCES[record].date(win.projectStart);
  const conditions = [compileFilter(record, where), compileFilter(record, part)];
  if (dated) conditions.push(sql`${date} BETWEEN ${win.from}::date AND ${win.to}::date`);
  return sql.join(conditions, sql` AND `);
}

const scope = liveSql;

/** One KPI's aggregate over its record type's live rows, restricted to `condition` (a FILTER, or a subquery). */
export function aggregate(projectId: string, measure: Measure & { record: RecordType }, condition: SQL): SQL {
  switch (measure.kind) {
    case 'count':
      return sql`count(*) FILTER (WHERE ${condition})`;
    case 'sum': {
      const f = resolveField(measure.record, measure.field);
      return sql`coalesce(sum(${f?.expr ?? sql`0`}) FILTER (WHERE ${condition}), 0)::double precision`;
    }
    case 'count_distinct': {
      const f = resolveField(measure.record, measure.field);
      if (f && (f.spec.type === 'string[]' || f.spec.type === 'partner[]')) {
        // Distinct elements of a list field (e.g. how many partners), not distinct lists.
        return sql`(SELECT count(DISTINCT element) FROM ${sql.raw(RECORD_SOURCES[measure.record].name)},
                      unnest(${f.expr}) AS element WHERE ${scope(projectId)} AND ${condition})`;
      }
      return sql`count(DISTINCT ${f?.expr ?? sql`null`}) FILTER (WHERE ${condition})`;
    }
    default:
      throw new Error(`not an aggregate measure: ${measure.kind}`);
  }
}

type AggregateKpi = Kpi & { measure: Extract<Measure, { kind: 'count' | 'sum' | 'count_distinct' }> };

/** One query per record type: the value of every KPI and part over it. */
async function evaluateAggregates(
  db: Db,
  projectId: string,
  plan: Plan,
  kpis: AggregateKpi[],
  at: string,
  from?: string,
) {
  const values = new Map<string, number>();
  const byRecord = new Map<RecordType, AggregateKpi[]>();
  for (const k of kpis) byRecord.set(k.measure.record, [...(byRecord.get(k.measure.record) ?? []), k]);
  for (const [record, group] of byRecord) {
    const columns: SQL[] = [];
    const keys: string[] = [];
    for (const k of group) {
      const win = window(plan, k, { at, from });
      keys.push(k.id);
      columns.push(aggregate(projectId, k.measure, recordCondition(record, k.measure.where, undefined, win)));
      for (const p of k.parts) {
        keys.push(`${k.id}\u0000${p.id}`);
        columns.push(aggregate(projectId, k.measure, recordCondition(record, k.measure.where, p.where, win)));
      }
    }
    const select = sql.join(
      columns.map((c, i) => sql`${c} AS ${sql.raw(`v${i}`)}`),
      sql`, `,
    );
    const [row] = await queryRows(
      db,
      sql`SELECT ${select} FROM ${sql.raw(RECORD_SOURCES[record].name)} WHERE ${scope(projectId)}`,
    );
    keys.forEach((key, i) => values.set(key, num(row?.[`v${i}`])));
  }
  return values;
}

/**
 * The latest snapshot of each (channel, metric) dated within the window, summed (per part too); a snapshot older
 * than a later complete export of its source (up to the window's end) is not current any more and counts nothing.
 */
async function evaluateLatest(db: Db, projectId: string, plan: Plan, k: Kpi, at: string, from?: string) {
  const measure = k.measure as Extract<Measure, { kind: 'latest_sum' }>;
  const win = window(plan, k, { at, from });
  const base = recordCondition('metric', measure.where, undefined, { ...win, from: plan.project.start_date });
  const parts = k.parts.map(
    (p, i) =>
      sql`, coalesce(sum(value) FILTER (WHERE ${compileFilter('metric', p.where)}), 0)::double precision AS ${sql.raw(`p${i}`)}`,
  );
  // Items absent from a later complete export of their source no longer count (src/kpi/complete.ts).
  const [row] = await queryRows(
    db,
    sql`SELECT coalesce(sum(value), 0)::double precision AS v ${sql.join(parts, sql``)}
        FROM (SELECT DISTINCT ON (channel, metric) *
              FROM metric_snapshots WHERE ${scope(projectId)} AND ${base}
              ORDER BY channel, metric, date DESC, updated_at DESC) latest
        WHERE NOT ${superseded(projectId, 'latest', win.to)}`,
  );
  return { value: num(row?.v), parts: k.parts.map((_, i) => num(row?.[`p${i}`])) };
}

async function evaluateManual(db: Db, projectId: string, plan: Plan, k: Kpi, at: string) {
  const win = window(plan, k, { at });
  const [row] = await queryRows(
    db,
    sql`SELECT value FROM kpi_manual_values
        WHERE ${scope(projectId)} AND kpi_code = ${k.id} AND date <= ${win.to}::date
        ORDER BY date DESC, created_at DESC LIMIT 1`,
  );
  return row ? { value: num(row.value), hasValue: true } : { value: 0, hasValue: false };
}

/** Every KPI of the plan, in plan order, with value, parts, status and forecast. */
export async function evaluateKpis(db: Db, opts: EvaluateOptions): Promise<KpiValue[]> {
  const { plan, projectId } = opts;
  const at = opts.at ?? (opts.clock ?? systemClock).today();
  const aggregates = plan.kpis.filter((k): k is AggregateKpi =>
    ['count', 'sum', 'count_distinct'].includes(k.measure.kind),
  );
  const values = await evaluateAggregates(db, projectId, plan, aggregates, at, opts.from);
  const start = plan.project.start_date;
  const duration = plan.project.duration_months;
  const fullRun = !opts.from || opts.from <= start;
  const elapsed = elapsedMonths(start, min(at, projectEnd(start, duration)), duration);

  const out: KpiValue[] = [];
  for (const k of plan.kpis) {
    let value: number;
    let partValues: number[];
    let hasValue = true;
    if (k.measure.kind === 'latest_sum') {
      const r = await evaluateLatest(db, projectId, plan, k, at, opts.from);
      value = r.value;
      partValues = r.parts;
    } else if (k.measure.kind === 'manual') {
      const r = await evaluateManual(db, projectId, plan, k, at);
      value = r.value;
      hasValue = r.hasValue;
      partValues = k.parts.map(() => 0);
    } else {
      value = values.get(k.id) ?? 0;
      partValues = k.parts.map((p) => values.get(`${k.id}\u0000${p.id}`) ?? 0);
    }
    const parts: PartValue[] = k.parts.map((p, i) => {
      const v = partValues[i] ?? 0;
      return {
        id: p.id,
        label: p.label,
        target: p.target,
        comparator: p.comparator,
        value: v,
        met: meets(v, p.target, p.comparator),
      };
    });
    const a = assess({
      value,
      target: k.target,
      comparator: k.comparator,
      elapsedMonths: elapsed,
      durationMonths: duration,
    });
    let status = a.status;
    for (const p of parts) {
      const pa = assess({
        value: p.value,
        target: p.target,
        comparator: p.comparator,
        elapsedMonths: elapsed,
        durationMonths: duration,
      });
      status = worst(status, pa.status);
    }
    const met = a.met && parts.every((p) => p.met);
    if (met) status = 'achieved';
    out.push({
      id: k.id,
      label: k.label,
      target: k.target,
      comparator: k.comparator,
      targetText: k.target_text,
      unit: k.unit,
      measure: k.measure,
      value,
      hasValue,
      met,
      status: fullRun ? status : null,
      forecast: fullRun ? a.forecast : null,
      expected: fullRun ? a.expected : null,
      parts,
    });
  }
  return out;
}
