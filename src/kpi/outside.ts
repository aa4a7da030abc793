/**
 * Records dated outside the project period, which no KPI counts: counted per record type in SQL and listed, so
 * nothing falls out of the figures unseen. "Inside" is the KPI engine's own date condition over the whole project
 * (recordCondition with the record's date expression from fields.ts), so both always agree.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db/client';
import { RECORD_TYPES, type Plan, type RecordType } from '../plan/schema';
import { projectEnd } from '../plan/time';
import { toRow, type DrilldownRow } from './drilldown';
import { queryRows, recordCondition } from './engine';
import { RECORD_SOURCES } from './fields';
import { liveSql } from '../records/visibility';

const base = liveSql;

/**
 * Not counted by any KPI window of the project: the in-period condition is false or unknown (no date). The same
 * test spelled as a range (`date IS NULL OR date < start OR date > end`) goes first, so PostgreSQL can read just those
 * rows from a (project_id, date) index instead of every row of the project; the engine's condition still decides.
 */
function outsideCondition(plan: Plan, record: RecordType): SQL {
  const win = {
    from: plan.project.start_date,
    to: projectEnd(plan.project.start_date, plan.project.duration_months),
    projectStart: plan.project.start_date,
  };
  const date = RECORD_SOURCES[record].date(win.projectStart);
  return sql`(${date} IS NULL OR ${date} < ${win.from}::date OR ${date} > ${win.to}::date)
             AND NOT coalesce((${recordCondition(record, undefined, undefined, win)}), false)`;
}

/** Per record type, how many live records lie outside the project period (types with none are left out). */
export async function outsideCounts(
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

/** The records of one type outside the project period, by date. */
export async function listOutside(
  db: Db,
  opts: { projectId: string; plan: Plan; type: RecordType; limit?: number },
): Promise<DrilldownRow[]> {
  const source = RECORD_SOURCES[opts.type];
  const value = opts.type === 'metric' ? sql.raw('value') : sql`null`;
  const placed = source.date(opts.plan.project.start_date);
  const rows = await queryRows(
    db,
    sql`SELECT id, ${source.label} AS label, ${placed} AS date, ${source.recorded} AS recorded,
               ${source.precision} AS precision, lead_partner, ${value} AS value
        FROM ${sql.raw(source.name)}
        WHERE ${base(opts.projectId)} AND ${outsideCondition(opts.plan, opts.type)}
        ORDER BY ${placed} NULLS FIRST, id LIMIT ${opts.limit ?? 500}`,
  );
  return rows.map((r) => toRow(opts.type, r));
}
