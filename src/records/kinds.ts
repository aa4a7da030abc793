/**
 * The record kinds Herald stores — the five record types of the plan plus manual KPI values — and, for each, its
 * table, input schema, URL slug, label and date columns, and the mapping between input fields (snake_case, as in
 * RECORD_FIELDS) and table columns. Everything generic in records (repository, API, forms) reads this registry.
 */
import { getTableColumns } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import { z } from 'zod';
import { activities, events, kpiManualValues, metricSnapshots, publications, synergies } from '../db/schema';
import { RECORD_TYPES, idSchema, isoDateSchema, partnerCodeSchema, type RecordType } from '../plan/schema';
import { recordObjectSchemas, recordSchemas, type RecordOutputs } from './schema';
import { multilineText } from '../schema-pieces';

export const RECORD_KINDS = [...RECORD_TYPES, 'kpi_value'] as const;
export type RecordKind = (typeof RECORD_KINDS)[number];

/** A value entered by hand for a KPI whose measure is `manual`, with its evidence. */
export const kpiValueSchema = z.strictObject({
  lead_partner: partnerCodeSchema,
  partners: z.array(partnerCodeSchema).default([]),
  kpi_code: idSchema,
  value: z.number().min(0, 'must be 0 or more'),
  date: isoDateSchema,
  /** What proves the value (a letter, a link, a file name); required when the KPI says so. */
  evidence: multilineText(2000).optional(),
});
export type KpiValueInput = z.input<typeof kpiValueSchema>;
export type KpiValue = z.output<typeof kpiValueSchema>;

/** Validated data by kind. */
export interface KindOutputs extends RecordOutputs {
  kpi_value: KpiValue;
}

export const kindSchemas: Record<RecordKind, z.ZodType> = { ...recordSchemas, kpi_value: kpiValueSchema };
export const kindObjectSchemas: Record<RecordKind, z.ZodObject> = {
  ...recordObjectSchemas,
  kpi_value: kpiValueSchema,
};

export const KIND_TABLES = {
  activity: activities,
  event: events,
  publication: publications,
  synergy: synergies,
  metric: metricSnapshots,
  kpi_value: kpiManualValues,
} as const;
export type KindTable = (typeof KIND_TABLES)[RecordKind];

/** URL segment of each kind: `/p/:id/records/activities`, `/api/v1/projects/:id/activities`. */
export const KIND_SLUGS: Record<RecordKind, string> = {
  activity: 'activities',
  event: 'events',
  publication: 'publications',
  synergy: 'synergies',
  metric: 'metrics',
  kpi_value: 'kpi-values',
};

export const kindOfSlug = (slug: string): RecordKind | undefined =>
  RECORD_KINDS.find((k) => KIND_SLUGS[k] === slug);

export const isRecordKind = (v: unknown): v is RecordKind =>
  typeof v === 'string' && (RECORD_KINDS as readonly string[]).includes(v);

export const isRecordType = (k: RecordKind): k is RecordType => k !== 'kpi_value';

/** The field whose text names a record (list label, search). */
export const LABEL_FIELD: Record<RecordKind, string> = {
  activity: 'title',
  event: 'name',
  publication: 'title',
  synergy: 'initiative',
  metric: 'channel',
  kpi_value: 'kpi_code',
};

/** The date field that places a record in time (period filters, ordering). */
export const DATE_FIELD: Record<RecordKind, string> = {
  activity: 'start_date',
  event: 'start_date',
  publication: 'date',
  synergy: 'date',
  metric: 'date',
  kpi_value: 'date',
};

/** The closed "kind" field of each kind, for list filters (activity kind, event kind, publication type, …). */
export const KIND_FIELD: Partial<Record<RecordKind, string>> = {
  activity: 'kind',
  event: 'kind',
  publication: 'type',
  synergy: 'kind',
  metric: 'metric',
  kpi_value: 'kpi_code',
};

/** Fields stored but never typed: computed from other data when the record is written. */
export const COMPUTED_FIELDS: Partial<Record<RecordKind, readonly string[]>> = {
  publication: ['partners', 'joint_eu_jp', 'joint_public_private'],
};

/** Input fields stored under another column name. */
const COLUMN_ALIASES: Partial<Record<RecordKind, Record<string, string>>> = {
  // The record's provenance (form, api, import) is `source`; a metric's data source is `data_source`.
  metric: { source: 'data_source' },
};

interface ColumnRef {
  /** The drizzle property (camelCase) of the row object. */
  key: string;
  column: PgColumn;
}

const columnsBySqlName = new Map<RecordKind, Map<string, ColumnRef>>();

function sqlColumns(kind: RecordKind): Map<string, ColumnRef> {
  let map = columnsBySqlName.get(kind);
  if (!map) {
    const columns = getTableColumns(KIND_TABLES[kind]) as Record<string, PgColumn>;
    map = new Map(Object.entries(columns).map(([key, column]) => [column.name, { key, column }]));
    columnsBySqlName.set(kind, map);
  }
  return map;
}

/** The input fields of a kind, in schema order. */
export const inputFields = (kind: RecordKind): string[] => Object.keys(kindObjectSchemas[kind].shape);

const storedByKind = new Map<RecordKind, readonly string[]>();

/** Input fields plus computed ones: everything a stored record carries besides its metadata (computed once). */
export function storedFields(kind: RecordKind): readonly string[] {
  let fields = storedByKind.get(kind);
  if (!fields) {
    fields = [...new Set([...inputFields(kind), ...(COMPUTED_FIELDS[kind] ?? [])])];
    storedByKind.set(kind, fields);
  }
  return fields;
}

/** The table column of an input field (or of a common column such as `lead_partner`, `deleted_at`). */
export function columnOf(kind: RecordKind, field: string): ColumnRef {
  const name = COLUMN_ALIASES[kind]?.[field] ?? field;
  const ref = sqlColumns(kind).get(name);
  if (!ref) throw new Error(`${kind} has no column for field ${field}`);
  return ref;
}

/** Each stored field of a kind with its row property and whether its column takes null (computed once). */
const fieldMaps = new Map<RecordKind, readonly { field: string; key: string; nullable: boolean }[]>();
function fieldMap(kind: RecordKind) {
  let map = fieldMaps.get(kind);
  if (!map) {
    map = storedFields(kind).map((field) => {
      const { key, column } = columnOf(kind, field);
      return { field, key, nullable: !column.notNull };
    });
    fieldMaps.set(kind, map);
  }
  return map;
}

/** Each stored field of a kind (input field name) with its row property: what `rowToData` reads. */
export const rowFields = (kind: RecordKind): readonly { field: string; key: string }[] => fieldMap(kind);

/** A row object of the kind's table → data keyed by input field (nulls left out). */
export function rowToData(kind: RecordKind, row: Record<string, unknown>): Record<string, unknown> {
  const data: Record<string, unknown> = {};
  for (const { field, key } of fieldMap(kind)) {
    const v = row[key];
    if (v !== null && v !== undefined) data[field] = v;
  }
  return data;
}

/** Data keyed by input field → values for the kind's table (missing optional fields become null). */
export function dataToValues(kind: RecordKind, data: Record<string, unknown>): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const { field, key, nullable } of fieldMap(kind)) {
    const v = data[field];
    // Left out: a NOT NULL column keeps its default (insert) or its value (update); a nullable one is cleared.
    if (v !== undefined) values[key] = v;
    else if (nullable) values[key] = null;
  }
  return values;
}

/** Typed views of `recordSchemas` by record type (for callers that know the type). */
export type { RecordOutputs };
