/**
 * evaluateKpis' figures as they were computed before issue 17 made them one statement (a query per record type, a
 * query per snapshot KPI, a query per manual KPI), kept verbatim ONLY as the reference the equivalence test
 * (src/kpi/queries-equivalence.int.test.ts) compares the new statement with. Nothing else may import this file.
 */
import { sql } from 'drizzle-orm';
import type { Db } from '../../src/db/client';
import type { Kpi, Measure, Plan, RecordType } from '../../src/plan/schema';
import { aggregate, queryRows, recordCondition, window } from '../../src/kpi/engine';
import { RECORD_SOURCES } from '../../src/kpi/fields';
import { superseded } from '../../src/kpi/complete';
import { compileFilter } from '../../src/kpi/filter';
import { liveSql } from '../../src/records/visibility';

const scope = liveSql;
const num = (v: unknown): number => (v === null || v === undefined ? 0 : Number(v));
type AggregateKpi = Kpi & { measure: Extract<Measure, { kind: 'count' | 'sum' | 'count_distinct' }> };

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
    const columns = [];
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

async function evaluateLatest(db: Db, projectId: string, plan: Plan, k: Kpi, at: string, from?: string) {
  const measure = k.measure as Extract<Measure, { kind: 'latest_sum' }>;
  const win = window(plan, k, { at, from });
  const base = recordCondition('metric', measure.where, undefined, { ...win, from: plan.project.start_date });
  const parts = k.parts.map(
    (p, i) =>
      sql`, coalesce(sum(value) FILTER (WHERE ${compileFilter('metric', p.where)}), 0)::double precision AS ${sql.raw(`p${i}`)}`,
  );
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

/** Per KPI, in plan order: its value, its parts' values and whether it has a value, as the old engine gave them. */
export async function kpiFiguresBefore(
  db: Db,
  opts: { projectId: string; plan: Plan; at: string; from?: string },
): Promise<Array<{ id: string; value: number; parts: number[]; hasValue: boolean }>> {
  const { plan, projectId, at, from } = opts;
  const aggregates = plan.kpis.filter((k): k is AggregateKpi =>
    ['count', 'sum', 'count_distinct'].includes(k.measure.kind),
  );
  const values = await evaluateAggregates(db, projectId, plan, aggregates, at, from);
  const out = [];
  for (const k of plan.kpis) {
    if (k.measure.kind === 'latest_sum') {
      const r = await evaluateLatest(db, projectId, plan, k, at, from);
      out.push({ id: k.id, value: r.value, parts: r.parts, hasValue: true });
    } else if (k.measure.kind === 'manual') {
      const r = await evaluateManual(db, projectId, plan, k, at);
      out.push({ id: k.id, value: r.value, parts: k.parts.map(() => 0), hasValue: r.hasValue });
    } else {
      out.push({
        id: k.id,
        value: values.get(k.id) ?? 0,
        parts: k.parts.map((p) => values.get(`${k.id}\u0000${p.id}`) ?? 0),
        hasValue: true,
      });
    }
  }
  return out;
}
