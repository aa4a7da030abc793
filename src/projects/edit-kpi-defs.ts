/**
 * The KPI definitions form (issue 24): each KPI's id, label, unit, target, period, its measure (kind, record type,
 * field) and filter, and its parts with their own filters. A filter is rows of conditions (field, operator,
 * value): a bare value is the operator `is`, a bare list `any`, an operator object one row per operator (rows of
 * one field merge back). Values take the field's type from the vocabulary (RECORD_FIELDS): numbers, true/false.
 * Errors the check places on a filter's field (`kpis.3.measure.where.kind.in.1`) land on the condition's row.
 */
import { RECORD_FIELDS, type Plan, type RecordType } from '../plan/schema';
import {
  fieldsForm,
  fieldsValue,
  numberOf,
  rowIndices,
  text,
  type Column,
  type FormValues,
  type Item,
  type Relocations,
} from './edit-rows';

export const MEASURE_KINDS = ['count', 'sum', 'count_distinct', 'latest_sum', 'manual'] as const;
/** `is` = a bare value, `any` = a bare list; the others are the filter's operators. */
export const CONDITION_OPS = [
  'is',
  'any',
  'eq',
  'ne',
  'in',
  'not_in',
  'gt',
  'gte',
  'lt',
  'lte',
  'between',
  'contains',
  'contains_any',
  'exists',
] as const;
const LIST_OPS = new Set(['any', 'in', 'not_in', 'contains_any', 'between']);

const opt = (key: string, kind: Column['kind'] = 'text'): Column => ({ key, kind, optional: true });
export const KPI_COLUMNS: Column[] = [
  { key: 'id', kind: 'text' },
  { key: 'label', kind: 'localized' },
  { key: 'target', kind: 'number' },
  { key: 'comparator', kind: 'enum', options: ['>=', '>'] },
  { key: 'target_text', kind: 'text' },
  opt('unit'),
  opt('note'),
];
export const PART_COLUMNS: Column[] = [
  { key: 'id', kind: 'text' },
  { key: 'label', kind: 'localized' },
  { key: 'target', kind: 'number' },
  { key: 'comparator', kind: 'enum', options: ['>=', '>'] },
];

type Scalar = string | number | boolean;
const show = (x: unknown) => (Array.isArray(x) ? x.map(String).join(', ') : String(x));

function conditionsForm(where: unknown, prefix: string): FormValues {
  const out: FormValues = {};
  let k = 0;
  const row = (field: string, op: string, value: unknown) => {
    const p = `${prefix}.${k++}`;
    Object.assign(out, {
      [`${p}._from`]: 'c',
      [`${p}.field`]: field,
      [`${p}.op`]: op,
      [`${p}.value`]: show(value),
    });
  };
  for (const [field, c] of Object.entries((where ?? {}) as Record<string, unknown>)) {
    if (Array.isArray(c)) row(field, 'any', c);
    else if (typeof c !== 'object' || c === null) row(field, 'is', c);
    else for (const [op, value] of Object.entries(c)) if (value !== undefined) row(field, op, value);
  }
  return out;
}

/** A value as the field's type: a number field's number, a boolean field's true/false, else the text. */
function typed(record: string, field: string, s: string): Scalar {
  const type = RECORD_FIELDS[record as RecordType]?.[field]?.type;
  const t = s.trim();
  if (type === 'boolean' || type === undefined) {
    if (t === 'true' || t === 'false') return t === 'true';
  }
  if (type === 'number' || type === undefined) return numberOf(t);
  return t;
}

/** The filter from its rows, and where each field's conditions are on the form. */
function conditionsValue(
  v: FormValues,
  at: { form: string; plan: string; record: string },
  moved: Relocations,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of rowIndices(v, at.form)) {
    const p = `${at.form}.${k}`;
    if (text(v, `${p}._remove`) === 'true') continue;
    const field = text(v, `${p}.field`).trim();
    const op = text(v, `${p}.op`);
    const raw = text(v, `${p}.value`);
    const one = (s: string) => typed(at.record, field, s);
    const many = raw
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== '')
      .map(one);
    const value = op === 'exists' ? raw.trim() !== 'false' : LIST_OPS.has(op) ? many : one(raw);
    if (!moved.has(`${at.plan}.${field}`)) moved.set(`${at.plan}.${field}`, { to: p, whole: true });
    const was = out[field];
    if (was === undefined && (op === 'is' || op === 'any')) out[field] = value;
    else {
      const base =
        was === undefined || (typeof was === 'object' && !Array.isArray(was))
          ? (was as Item | undefined)
          : Array.isArray(was)
            ? { in: was }
            : { eq: was };
      const key = op === 'is' ? 'eq' : op === 'any' ? 'in' : op;
      out[field] = { ...base, [key]: value };
    }
  }
  return out;
}

function measureForm(m: Item, p: string): FormValues {
  return {
    [`${p}.kind`]: String(m.kind ?? ''),
    [`${p}.record`]: String(m.record ?? ''),
    [`${p}.field`]: m.field === undefined ? '' : String(m.field),
    [`${p}.evidence_required`]: m.evidence_required === undefined ? '' : String(m.evidence_required),
    ...conditionsForm(m.where, `${p}.where`),
  };
}

function measureValue(
  v: FormValues,
  at: { form: string; plan: string },
  was: Item,
  moved: Relocations,
): Item {
  const kind = text(v, `${at.form}.kind`);
  if (kind === 'manual')
    return { kind, evidence_required: text(v, `${at.form}.evidence_required`) === 'true' };
  const record = kind === 'latest_sum' ? 'metric' : text(v, `${at.form}.record`);
  const field = text(v, `${at.form}.field`).trim();
  const where = conditionsValue(v, { form: `${at.form}.where`, plan: `${at.plan}.where`, record }, moved);
  const hasWhere = Object.keys(where).length > 0 || (was.where !== undefined && was.kind !== 'manual');
  return {
    kind,
    record,
    ...(kind === 'sum' || kind === 'count_distinct' ? { field } : {}),
    ...(hasWhere ? { where } : {}),
  };
}

export function kpiDefsForm(plan: Plan): FormValues {
  const out: FormValues = {};
  plan.kpis.forEach((kpi, i) => {
    const p = `kpis.${i}`;
    Object.assign(out, { [`${p}._from`]: String(i) }, fieldsForm(KPI_COLUMNS, p, kpi as unknown as Item));
    out[`${p}.period.from_month`] = kpi.period?.from_month === undefined ? '' : String(kpi.period.from_month);
    out[`${p}.period.to_month`] = kpi.period?.to_month === undefined ? '' : String(kpi.period.to_month);
    Object.assign(out, measureForm(kpi.measure as unknown as Item, `${p}.measure`));
    kpi.parts.forEach((part, j) => {
      const q = `${p}.parts.${j}`;
      Object.assign(out, { [`${q}._from`]: String(j) }, fieldsForm(PART_COLUMNS, q, part as unknown as Item));
      Object.assign(out, conditionsForm(part.where, `${q}.where`));
    });
  });
  return out;
}

function periodValue(v: FormValues, p: string, was: unknown): unknown {
  const from = text(v, `${p}.period.from_month`).trim();
  const to = text(v, `${p}.period.to_month`).trim();
  if (!from && !to) return was === undefined ? undefined : {};
  return { ...(from ? { from_month: numberOf(from) } : {}), ...(to ? { to_month: numberOf(to) } : {}) };
}

/** The new `kpis` section from the form, and where renumbered rows and filter fields are on it. */
export function kpiDefsValue(plan: Plan, v: FormValues): { value: unknown; moved: Relocations } {
  const moved: Relocations = new Map();
  const originals = plan.kpis as unknown as Item[];
  const out: Item[] = [];
  for (const i of rowIndices(v, 'kpis')) {
    const p = `kpis.${i}`;
    if (text(v, `${p}._remove`) === 'true') continue;
    const from = text(v, `${p}._from`);
    const was = /^\d+$/.test(from) ? (originals[Number(from)] ?? {}) : {};
    const at = `kpis.${out.length}`;
    if (at !== p) moved.set(at, p);
    const kpi = fieldsValue(KPI_COLUMNS, v, p, was);
    const period = periodValue(v, p, was.period);
    if (period === undefined) delete kpi.period;
    else kpi.period = period;
    kpi.measure = measureValue(
      v,
      { form: `${p}.measure`, plan: `${at}.measure` },
      (was.measure ?? {}) as Item,
      moved,
    );
    const record = String((kpi.measure as Item).record ?? '');
    const parts = (was.parts ?? []) as Item[];
    const outParts: Item[] = [];
    for (const j of rowIndices(v, `${p}.parts`)) {
      const q = `${p}.parts.${j}`;
      if (text(v, `${q}._remove`) === 'true') continue;
      const pf = text(v, `${q}._from`);
      const partAt = `${at}.parts.${outParts.length}`;
      if (partAt !== q) moved.set(partAt, q);
      const part = fieldsValue(PART_COLUMNS, v, q, /^\d+$/.test(pf) ? (parts[Number(pf)] ?? {}) : {});
      part.where = conditionsValue(v, { form: `${q}.where`, plan: `${partAt}.where`, record }, moved);
      outParts.push(part);
    }
    kpi.parts = outParts;
    out.push(kpi);
  }
  return { value: out, moved };
}

/** The lists of the form an "Add a row" button may name: KPIs, a KPI's parts, a filter. */
export function isKpiListPrefix(v: FormValues, prefix: string): boolean {
  if (prefix === 'kpis') return true;
  const kpis = new Set(rowIndices(v, 'kpis').map(String));
  const m = /^kpis\.(\d+)\.(?:parts|measure\.where|parts\.(\d+)\.where)$/.exec(prefix);
  if (!m || !kpis.has(m[1]!)) return false;
  return m[2] === undefined || rowIndices(v, `kpis.${m[1]}.parts`).map(String).includes(m[2]);
}
