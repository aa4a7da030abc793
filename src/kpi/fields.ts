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
  /** The date that places a record in time (period filters, "as of", monthly history). */
  date: SQL;
  /** A short human label of a record, for drill-down lists. */
  label: SQL;
  fields: Record<string, SQL>;
}

/** All partners of a record: the lead first, then the others. */
const allPartners = sql.raw('array_prepend(lead_partner, partners)');

export const RECORD_SOURCES: Record<RecordType, RecordSource> = {
  activity: {
    table: activities,
    name: 'activities',
    date: sql.raw('start_date'),
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
    date: sql.raw('start_date'),
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
    // A publication known only by its year is placed on 1 January of that year.
    date: sql.raw('coalesce(date, make_date(year, 1, 1))'),
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
    date: sql.raw('date'),
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
    date: sql.raw('date'),
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
