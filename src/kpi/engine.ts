/**
 * Evaluates every KPI of a plan in SQL, in ONE statement (figuresStatement): count, sum and distinct-count KPIs over
 * the same record type share one aggregate (each KPI and part is a FILTER clause); snapshot KPIs (latest_sum) share
 * one read of the project's snapshots, each a DISTINCT ON over it (without items a later complete export of their
 * source lacks); a manual KPI reads its latest entered value. Nothing loads the records themselves into JavaScript.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db/client';
import type { Filter, Kpi, Measure, Plan, RecordType } from '../plan/schema';
import { RECORD_SOURCES, resolveField } from './fields';
import { superseded } from './complete';
import { compileFilter } from './filter';
import { assess, worst, type KpiStatus } from './status';
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
  /** The part's own status and forecast (null in a period view, as the KPI's); the KPI is no better than it. */
  status: KpiStatus | null;
  forecast: number | null;
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
const isAggregate = (k: Kpi): k is AggregateKpi =>
  k.measure.kind === 'count' || k.measure.kind === 'sum' || k.measure.kind === 'count_distinct';

/** What the one statement of `figuresStatement` gives for each KPI: its value, its parts', whether it has one. */
export interface FigureRow {
  value: number;
  parts: number[];
  hasValue: boolean;
}

/**
 * Every KPI of the plan (and part) in ONE statement, each record table read once, by the project's index:
 * - an aggregate per record type (a FILTER cell per KPI and part, as one array);
 * - the project's metric snapshots read once into a CTE with a boolean column per snapshot KPI (its filter and
 *   window) and part; per snapshot KPI the latest snapshot of each (channel, metric) among its rows, summed, without
 *   those a later complete export of their source lacks (src/kpi/complete.ts);
 * - per manual KPI its latest value entered by the window's end (null: none yet is "no value", not 0).
 * Null when the plan has no KPI. `read` maps the row back to each KPI, in plan order.
 */
export function figuresStatement(opts: {
  projectId: string;
  plan: Plan;
  at: string;
  from?: string;
}): { query: SQL; read: (row: Row | undefined) => FigureRow[] } | null {
  const { projectId, plan, at, from } = opts;
  if (plan.kpis.length === 0) return null;
  const columns: SQL[] = [];
  const flags: SQL[] = [];
  const bases: SQL[] = [];
  /** Where each KPI's value and parts are in the row: column, and the index of each in its array (null: scalar). */
  const places = new Map<number, { column: string; index: number | null; parts: number[] }>();
  const byRecord = new Map<RecordType, number[]>();
  plan.kpis.forEach((k, ki) => {
    if (isAggregate(k)) byRecord.set(k.measure.record, [...(byRecord.get(k.measure.record) ?? []), ki]);
  });
  const col = (name: string) => sql.raw(name);
  const array = (cells: SQL[]) => sql`ARRAY[${sql.join(cells, sql`, `)}]::double precision[]`;
  // GROUP BY (): one row, also when every cell is a distinct count of list elements (a subquery, not an aggregate).
  for (const [record, indexes] of byRecord) {
    const cells: SQL[] = [];
    const column = `t_${record}`;
    for (const ki of indexes) {
      const k = plan.kpis[ki] as AggregateKpi;
      const win = window(plan, k, { at, from });
      const place = { column, index: cells.length, parts: [] as number[] };
      cells.push(aggregate(projectId, k.measure, recordCondition(record, k.measure.where, undefined, win)));
      for (const p of k.parts) {
        place.parts.push(cells.length);
        cells.push(aggregate(projectId, k.measure, recordCondition(record, k.measure.where, p.where, win)));
      }
      places.set(ki, place);
    }
    columns.push(
      sql`(SELECT ${array(cells)} FROM ${sql.raw(RECORD_SOURCES[record].name)} WHERE ${scope(projectId)} GROUP BY ()) AS ${col(column)}`,
    );
  }
  plan.kpis.forEach((k, ki) => {
    const column = `k${ki}`;
    if (k.measure.kind === 'latest_sum') {
      const win = window(plan, k, { at, from });
      const base = recordCondition('metric', k.measure.where, undefined, {
        ...win,
        from: plan.project.start_date,
      });
      bases.push(sql`(${base})`);
      flags.push(sql`${base} AS ${col(`s${ki}`)}`);
      k.parts.forEach((p, pi) =>
        flags.push(sql`${compileFilter('metric', p.where)} AS ${col(`s${ki}_${pi}`)}`),
      );
      const cells = [
        sql`coalesce(sum(value), 0)`,
        ...k.parts.map((_, pi) => sql`coalesce(sum(value) FILTER (WHERE ${col(`s${ki}_${pi}`)}), 0)`),
      ];
      places.set(ki, { column, index: 0, parts: k.parts.map((_, pi) => pi + 1) });
      columns.push(
        sql`(SELECT ${array(cells)}
             FROM (SELECT DISTINCT ON (channel, metric) * FROM snap WHERE ${col(`s${ki}`)}
                   ORDER BY channel, metric, date DESC, updated_at DESC) latest
             WHERE NOT ${superseded(projectId, 'latest', win.to)}) AS ${col(column)}`,
      );
    }
    if (k.measure.kind === 'manual') {
      // value is NOT NULL: null here means no value entered yet.
      const win = window(plan, k, { at });
      places.set(ki, { column, index: null, parts: [] });
      columns.push(
        sql`(SELECT value FROM kpi_manual_values
             WHERE ${scope(projectId)} AND kpi_code = ${k.id} AND date <= ${win.to}::date
             ORDER BY date DESC, created_at DESC LIMIT 1) AS ${col(column)}`,
      );
    }
  });
  // The snapshot KPIs' rows: the project's live snapshots some snapshot KPI may count, read once (MATERIALIZED: one
  // scan however many snapshot KPIs).
  const snap =
    flags.length > 0
      ? sql`WITH snap AS MATERIALIZED (SELECT channel, metric, date, updated_at, value, data_source, ${sql.join(flags, sql`, `)}
                                       FROM metric_snapshots WHERE ${scope(projectId)} AND (${sql.join(bases, sql` OR `)})) `
      : sql``;
  // Scalar subqueries in the select list (each planned on its own), not joined derived tables: no join order to search.
  const query = sql`${snap}SELECT ${sql.join(columns, sql`, `)}`;
  const read = (row: Row | undefined): FigureRow[] =>
    plan.kpis.map((k, ki) => {
      const place = places.get(ki);
      const raw = place ? row?.[place.column] : undefined;
      if (place?.index === null)
        return { value: num(raw), parts: k.parts.map(() => 0), hasValue: raw != null };
      const cells = numbers(raw);
      return {
        value: cells[place?.index ?? -1] ?? 0,
        parts: k.parts.map((_, pi) => cells[place?.parts[pi] ?? -1] ?? 0),
        hasValue: true,
      };
    });
  return { query, read };
}

/** A double precision[] as the driver gives it (parsed, or PostgreSQL's `{1,2.5}` text). */
function numbers(v: unknown): number[] {
  if (Array.isArray(v)) return v.map(num);
  if (typeof v === 'string') return v.replace(/[{}]/g, '').split(',').filter(Boolean).map(Number);
  return [];
}

/** Every KPI of the plan, in plan order, with value, parts, status and forecast. */
export async function evaluateKpis(db: Db, opts: EvaluateOptions): Promise<KpiValue[]> {
  const { plan, projectId } = opts;
  const at = opts.at ?? (opts.clock ?? systemClock).today();
  const statement = figuresStatement({ projectId, plan, at, from: opts.from });
  const [row] = statement ? await queryRows(db, statement.query) : [];
  const figures = statement?.read(row) ?? [];
  const start = plan.project.start_date;
  const duration = plan.project.duration_months;
  const fullRun = !opts.from || opts.from <= start;
  const elapsed = elapsedMonths(start, min(at, projectEnd(start, duration)), duration);

  const out: KpiValue[] = [];
  for (const [ki, k] of plan.kpis.entries()) {
    const { value, parts: partValues, hasValue } = figures[ki] ?? { value: 0, parts: [], hasValue: false };
    const assessed = k.parts.map((p, i) => {
      const v = partValues[i] ?? 0;
      const pa = assess({
        value: v,
        target: p.target,
        comparator: p.comparator,
        elapsedMonths: elapsed,
        durationMonths: duration,
      });
      const part: PartValue = {
        id: p.id,
        label: p.label,
        target: p.target,
        comparator: p.comparator,
        value: v,
        met: pa.met,
        status: fullRun ? pa.status : null,
        forecast: fullRun ? pa.forecast : null,
      };
      return { part, status: pa.status };
    });
    const parts = assessed.map((x) => x.part);
    const a = assess({
      value,
      target: k.target,
      comparator: k.comparator,
      elapsedMonths: elapsed,
      durationMonths: duration,
    });
    let status = a.status;
    for (const x of assessed) status = worst(status, x.status);
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
