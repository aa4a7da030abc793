/**
 * Records reported late for a closed year: those a KPI's figure as of the year's last day counts (same condition
 * as the figure) but that were created after the year was closed, so the frozen figure does not include them.
 * Counted in SQL against `year_closures.closed_at`; the drill-down lists exactly the rows the count counts.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db/client';
import type { Kpi, Plan, RecordType } from '../plan/schema';
import { queryRows, recordCondition, window } from './engine';
import { RECORD_SOURCES } from './fields';
import { toRow, type DrilldownRow } from './drilldown';
import { liveSql } from '../records/visibility';

interface Scope {
  /** The table, and the drill-down row type of its records. */
  table: string;
  type: RecordType | 'manual';
  /** Which of its rows the KPI's figure as of `at` counts (dates included), before the late test. */
  condition: SQL;
  label: SQL;
  date: SQL;
  recorded: SQL;
  precision: SQL;
  value: SQL;
}

/** Where the records behind `kpi`'s figure as of `at` live, and the condition that selects them. */
function scopeOf(plan: Plan, kpi: Kpi, at: string): Scope {
  const m = kpi.measure;
  const win = window(plan, kpi, { at });
  if (m.kind === 'manual') {
    return {
      table: 'kpi_manual_values',
      type: 'manual',
      condition: sql`kpi_code = ${kpi.id} AND date <= ${win.to}::date`,
      label: sql.raw('evidence'),
      date: sql.raw('date'),
      recorded: sql.raw('date'),
      precision: sql.raw(`'day'::text`),
      value: sql.raw('value'),
    };
  }
  if (m.kind === 'latest_sum') {
    // A snapshot figure takes each channel's latest value dated up to `at`, whatever the KPI's own start.
    const source = RECORD_SOURCES.metric;
    return {
      table: source.name,
      type: 'metric',
      condition: recordCondition('metric', m.where, undefined, {
        from: plan.project.start_date,
        to: win.to,
        projectStart: plan.project.start_date,
      }),
      label: source.label,
      date: source.date(plan.project.start_date),
      recorded: source.recorded,
      precision: source.precision,
      value: sql.raw('value'),
    };
  }
  const source = RECORD_SOURCES[m.record];
  return {
    table: source.name,
    type: m.record,
    condition: recordCondition(m.record, m.where, undefined, win),
    label: source.label,
    date: source.date(win.projectStart),
    recorded: source.recorded,
    precision: source.precision,
    value: sql`null`,
  };
}

const base = liveSql;

/** Created after the year was closed (compared in SQL, at the database's precision). */
const createdAfterClosure = (projectId: string, year: number): SQL =>
  sql`created_at > (SELECT closed_at FROM year_closures WHERE project_id = ${projectId} AND year = ${year})`;

export interface LateOptions {
  projectId: string;
  plan: Plan;
  /** A closed project year, and the date its figures are as of (its last day). */
  year: number;
  at: string;
}

/** Per KPI id: how many records its frozen figure of `year` misses because they came after the closure. */
export async function lateCounts(db: Db, opts: LateOptions): Promise<Map<string, number>> {
  const byTable = new Map<string, Array<{ id: string; condition: SQL }>>();
  for (const k of opts.plan.kpis) {
    const s = scopeOf(opts.plan, k, opts.at);
    byTable.set(s.table, [...(byTable.get(s.table) ?? []), { id: k.id, condition: s.condition }]);
  }
  const out = new Map<string, number>();
  const late = createdAfterClosure(opts.projectId, opts.year);
  for (const [table, kpis] of byTable) {
    const columns = sql.join(
      kpis.map((k, i) => sql`count(*) FILTER (WHERE ${k.condition})::int AS ${sql.raw(`v${i}`)}`),
      sql`, `,
    );
    const [row] = await queryRows(
      db,
      sql`SELECT ${columns} FROM ${sql.raw(table)} WHERE ${base(opts.projectId)} AND ${late}`,
    );
    kpis.forEach((k, i) => out.set(k.id, Number(row?.[`v${i}`] ?? 0)));
  }
  return out;
}

/** The records counted in `lateCounts` for one KPI, newest date first. */
export async function listLateRecords(
  db: Db,
  opts: LateOptions & { kpiId: string; limit?: number },
): Promise<DrilldownRow[]> {
  const kpi = opts.plan.kpis.find((k) => k.id === opts.kpiId);
  if (!kpi) return [];
  const s = scopeOf(opts.plan, kpi, opts.at);
  const rows = await queryRows(
    db,
    sql`SELECT id, ${s.label} AS label, ${s.date} AS date, ${s.recorded} AS recorded, ${s.precision} AS precision,
               lead_partner, ${s.value} AS value
        FROM ${sql.raw(s.table)}
        WHERE ${base(opts.projectId)} AND ${s.condition} AND ${createdAfterClosure(opts.projectId, opts.year)}
        ORDER BY ${s.date} DESC, id LIMIT ${opts.limit ?? 500}`,
  );
  return rows.map((r) => toRow(s.type, r));
}
