/**
 * Where each record field of the plan's vocabulary (RECORD_FIELDS) lives in SQL: the table of each record type,
 * the column or expression of each field, and the date that places a record in time.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import { activities, events, kpiManualValues, metricSnapshots, publications, synergies } from '../db/schema';
import { RECORD_FIELDS, type FieldSpec, type RecordType } from '../plan/schema';

export interface RecordSource {
  table: PgTable;
  /** SQL name of the table, for raw fragments. */
  name: string;
  /**
   * The date that places a record in time (period filters, "as of", monthly history), given the project start:
   * a publication's approximate date is placed by `placedPublicationDate`.
   */
  date: (projectStart: string) => SQL;
  /** The record's own date as stored (a publication without a date: 1 January of its year). */
  recorded: SQL;
  /** How much of that date is known: `day`, or for a publication its `date_precision`. */
  precision: SQL;
  /** A short human label of a record, for drill-down lists. */
  label: SQL;
  fields: Record<string, SQL>;
}

const exact = (column: string) => ({
  date: () => sql.raw(column),
  recorded: sql.raw(column),
  precision: sql.raw(`'day'::text`),
});

/** A publication's own date: its date, or 1 January of its year when it has none (legacy rows). */
const publicationBase = sql.raw('coalesce(date, make_date(year, 1, 1))');

/**
 * Where a publication sits in time — THE rule for approximate dates, used by every KPI figure, the monthly
 * history, drill-downs and the dashboard. An exact date is itself. A date known only to the month or the year is
 * placed on the first day of that month/year that lies inside the project when the month/year overlaps the project
 * (i.e. on the project start when the start falls inside it), else on its first day. One date, so an approximate
 * date counts exactly once across consecutive periods. `projectStart` is a bound parameter. The JavaScript twin is
 * `placedDate` (src/records/dates.ts).
 */
export function placedPublicationDate(projectStart: string): SQL {
  const start = sql`${projectStart}::date`;
  const span = sql.raw(`CASE date_precision WHEN 'year' THEN interval '1 year' ELSE interval '1 month' END`);
  return sql`(CASE WHEN date_precision <> 'day' AND ${publicationBase} < ${start}
                    AND ${publicationBase} + ${span} > ${start}
               THEN ${start} ELSE ${publicationBase} END)`;
}

/** All partners of a record: the lead first, then the others. */
const allPartners = sql.raw('array_prepend(lead_partner, partners)');

export const RECORD_SOURCES: Record<RecordType, RecordSource> = {
  activity: {
    table: activities,
    name: 'activities',
    ...exact('start_date'),
    label: sql.raw('title'),
    fields: {
      kind: sql.raw('kind'),
      type: sql.raw('type'),
      status: sql.raw('status'),
      channels: sql.raw('channels'),
      audiences: sql.raw('audiences'),
      persons_reached: sql.raw('persons_reached'),
      joint_with_other_projects: sql.raw('joint_with_other_projects'),
      lead_partner: sql.raw('lead_partner'),
      date: sql.raw('start_date'),
    },
  },
  event: {
    table: events,
    name: 'events',
    ...exact('start_date'),
    label: sql.raw('name'),
    fields: {
      kind: sql.raw('kind'),
      roles: sql.raw('roles'),
      participants: sql.raw('participants'),
      international: sql.raw('international'),
      joint_with_other_projects: sql.raw('joint_with_other_projects'),
      status: sql.raw('status'),
      partners: allPartners,
      country: sql.raw('country'),
      start_date: sql.raw('start_date'),
    },
  },
  publication: {
    table: publications,
    name: 'publications',
    date: placedPublicationDate,
    recorded: publicationBase,
    precision: sql.raw('date_precision'),
    label: sql.raw('title'),
    fields: {
      type: sql.raw('type'),
      peer_reviewed: sql.raw('peer_reviewed'),
      joint_eu_jp: sql.raw('joint_eu_jp'),
      joint_public_private: sql.raw('joint_public_private'),
      // `unknown` is not open (yet): the record is listed for a person to settle, never counted as open.
      open_access: sql.raw(`(open_access not in ('closed', 'unknown'))`),
      year: sql.raw('year'),
      partners: allPartners,
    },
  },
  synergy: {
    table: synergies,
    name: 'synergies',
    ...exact('date'),
    label: sql.raw('initiative'),
    fields: {
      kind: sql.raw('kind'),
      initiative: sql.raw('initiative'),
      partners: allPartners,
      date: sql.raw('date'),
    },
  },
  metric: {
    table: metricSnapshots,
    name: 'metric_snapshots',
    ...exact('date'),
    label: sql.raw(`channel || ' · ' || metric`),
    fields: {
      metric: sql.raw('metric'),
      channel_kind: sql.raw('channel_kind'),
      channel_scope: sql.raw('channel_scope'),
      channel: sql.raw('channel'),
      value: sql.raw('value'),
    },
  },
};

export const MANUAL_SOURCE = { table: kpiManualValues, name: 'kpi_manual_values' } as const;

export interface ResolvedField {
  expr: SQL;
  spec: FieldSpec;
}

/** The SQL of `field` of `record`, or null when the vocabulary has no such field. */
export function resolveField(record: RecordType, field: string): ResolvedField | null {
  const spec = RECORD_FIELDS[record][field];
  const expr = RECORD_SOURCES[record].fields[field];
  return spec && expr ? { expr, spec } : null;
}
