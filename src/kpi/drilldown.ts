/**
 * The records behind a KPI figure (or one of its parts): the same SQL condition as the figure, returning rows
 * instead of an aggregate, so a figure and its list can never disagree.
 */
import { sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { AppError } from '../errors';
import type { Filter, Plan, RecordType } from '../plan/schema';
import { supersededAt } from './complete';
import { queryRows, recordCondition, window } from './engine';
import { RECORD_SOURCES } from './fields';
import { isDatePrecision, type DatePrecision } from '../records/dates';
import { compileFilter } from './filter';
import { liveSql } from '../records/visibility';

export interface DrilldownRow {
  recordType: RecordType | 'manual';
  id: string;
  label: string;
  /** Where the record counts (an approximate publication date placed by the rule of src/kpi/fields.ts). */
  date: string;
  /** The record's own date and how much of it is known (`day`, or a publication's `month` / `year`). */
  recorded: string;
  precision: DatePrecision;
  leadPartner: string;
  /** The snapshot or manual value (metrics and manual KPIs), else null. */
  value: number | null;
  /** Snapshots left out: the date of the complete export of their source that lacked them. */
  supersededOn?: string;
}

export interface DrilldownOptions {
  projectId: string;
  plan: Plan;
  kpiId: string;
  partId?: string;
  at: string;
  from?: string;
  limit?: number;
}

const isoOf = (v: unknown): string =>
  v === null || v === undefined
    ? ''
    : v instanceof Date
      ? v.toISOString().slice(0, 10)
      : String(v).slice(0, 10);

export async function listKpiRecords(db: Db, opts: DrilldownOptions): Promise<DrilldownRow[]> {
  const kpi = opts.plan.kpis.find((k) => k.id === opts.kpiId);
  if (!kpi) throw new AppError({ code: 'not_found', status: 404, message: `KPI ${opts.kpiId} not found` });
  const part = opts.partId ? kpi.parts.find((p) => p.id === opts.partId) : undefined;
  if (opts.partId && !part)
    throw new AppError({ code: 'not_found', status: 404, message: `part ${opts.partId} not found` });
  const limit = opts.limit ?? 500;
  const scope = liveSql(opts.projectId);
  const m = kpi.measure;

  if (m.kind === 'manual') {
    const rows = await queryRows(
      db,
      sql`SELECT id, evidence AS label, date, lead_partner, value FROM kpi_manual_values
          WHERE ${scope} AND kpi_code = ${kpi.id} AND date <= ${window(opts.plan, kpi, { at: opts.at }).to}::date
          ORDER BY date DESC, created_at DESC LIMIT ${limit}`,
    );
    return rows.map((r) => toRow('manual', r));
  }

  const win = window(opts.plan, kpi, { at: opts.at, from: opts.from });
  if (m.kind === 'latest_sum') {
    return latestSnapshots(db, {
      ...opts,
      where: m.where,
      part: part?.where,
      to: win.to,
      limit,
      excluded: false,
    });
  }

  const source = RECORD_SOURCES[m.record];
  const condition = recordCondition(m.record, m.where, part?.where, win);
  const placed = source.date(win.projectStart);
  const rows = await queryRows(
    db,
    sql`SELECT id, ${source.label} AS label, ${placed} AS date, ${source.recorded} AS recorded,
               ${source.precision} AS precision, lead_partner, null AS value
        FROM ${sql.raw(source.name)} WHERE ${scope} AND ${condition}
        ORDER BY ${placed} DESC, id LIMIT ${limit}`,
  );
  return rows.map((r) => toRow(m.record, r));
}

/**
 * The latest snapshot of each (channel, metric) behind a snapshot KPI, as its figure takes them; those a later
 * complete export of their source lacked carry `supersededOn` (the figure leaves them out).
 */
async function latestSnapshots(
  db: Db,
  q: DrilldownOptions & {
    where: Filter | undefined;
    part: Filter | undefined;
    to: string;
    limit: number;
    /** The snapshots left out (true) or counted (false). */
    excluded: boolean;
  },
): Promise<DrilldownRow[]> {
  const start = q.plan.project.start_date;
  const base = recordCondition('metric', q.where, undefined, { from: start, to: q.to, projectStart: start });
  const rows = await queryRows(
    db,
    sql`SELECT id, label, date, lead_partner, value, ${supersededAt(q.projectId, 'latest', q.to)} AS superseded_on
        FROM (SELECT DISTINCT ON (channel, metric) id, channel || ' · ' || metric AS label, date, lead_partner, value,
                     channel, metric, channel_kind, channel_scope, data_source
              FROM metric_snapshots WHERE ${liveSql(q.projectId)} AND ${base}
              ORDER BY channel, metric, date DESC, updated_at DESC) latest
        WHERE ${compileFilter('metric', q.part)}
          AND ${supersededAt(q.projectId, 'latest', q.to)} IS ${q.excluded ? sql`NOT NULL` : sql`NULL`}
        ORDER BY value DESC, label LIMIT ${q.limit}`,
  );
  return rows.map((r) => ({
    ...toRow('metric', r),
    ...(r.superseded_on === null || r.superseded_on === undefined
      ? {}
      : { supersededOn: isoOf(r.superseded_on) }),
  }));
}

/** Snapshots a snapshot KPI leaves out because a later complete export of their source lacked them. */
export async function listExcludedSnapshots(db: Db, opts: DrilldownOptions): Promise<DrilldownRow[]> {
  const kpi = opts.plan.kpis.find((k) => k.id === opts.kpiId);
  if (!kpi || kpi.measure.kind !== 'latest_sum') return [];
  const part = opts.partId ? kpi.parts.find((p) => p.id === opts.partId) : undefined;
  const win = window(opts.plan, kpi, { at: opts.at, from: opts.from });
  return latestSnapshots(db, {
    ...opts,
    where: kpi.measure.where,
    part: part?.where,
    to: win.to,
    limit: opts.limit ?? 500,
    excluded: true,
  });
}

export function toRow(recordType: DrilldownRow['recordType'], r: Record<string, unknown>): DrilldownRow {
  return {
    recordType,
    id: String(r.id),
    label: String(r.label ?? ''),
    date: isoOf(r.date),
    recorded: isoOf(r.recorded ?? r.date),
    precision: isDatePrecision(r.precision) ? r.precision : 'day',
    leadPartner: String(r.lead_partner),
    value: r.value === null || r.value === undefined ? null : Number(r.value),
  };
}
