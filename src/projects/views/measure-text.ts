/**
 * Human text for plan vocabulary and KPI measures, in the UI language: "count of publications where type =
 * conference paper", "{records}の件数（条件：…）". Pure: takes the request's translator.
 */
import {
  localize,
  RECORD_FIELDS,
  type Comparator,
  type Condition,
  type Filter,
  type Kpi,
  type Measure,
  type OperatorCondition,
  type RecordType,
  type Scalar,
} from '../../plan/schema';
import { formatNumber, hasKey, type Lang, type Translator } from '../../i18n';

/** Translates a dynamic key (`value.${v}`), or returns the fallback when the catalog has no such key. */
export function tDynamic(t: Translator, key: string, fallback: string): string {
  return hasKey(key) ? t(key) : fallback;
}

/** "conference_paper" → "conference paper": the last resort for a value without a catalog entry. */
export const humanize = (v: string): string => v.replace(/_/g, ' ');

/** A vocabulary value (activity kind, publication type, ...) in the UI language. */
export const valueLabel = (t: Translator, v: string): string => tDynamic(t, `value.${v}`, humanize(v));

/** A KPI's unit as a plan writes it ("newsletters") in the UI language; a unit without an entry as written. */
export const unitLabel = (t: Translator, unit: string): string =>
  tDynamic(t, `unit.${unit.trim().toLowerCase()}`, unit);

export const fieldLabel = (t: Translator, field: string): string =>
  tDynamic(t, `field.${field}`, humanize(field));

export const recordLabel = (t: Translator, record: RecordType): string =>
  tDynamic(t, `record.${record}`, humanize(record));

/** "≥" for ">=", ">" for ">". */
export const comparatorSymbol = (c: Comparator): string => (c === '>=' ? '≥' : '>');

/** "≥ 15", "> 500" with the number in the locale. */
export const targetText = (lang: Lang, comparator: Comparator, target: number): string =>
  `${comparatorSymbol(comparator)} ${formatNumber(lang, target)}`;

interface Ctx {
  t: Translator;
  lang: Lang;
  record: RecordType;
}

function scalarText(ctx: Ctx, field: string, v: Scalar): string {
  if (typeof v === 'boolean') return ctx.t(v ? 'measure.yes' : 'measure.no');
  if (typeof v === 'number') return formatNumber(ctx.lang, v);
  const spec = RECORD_FIELDS[ctx.record][field];
  return spec?.values ? valueLabel(ctx.t, v) : v;
}

const listText = (ctx: Ctx, field: string, vs: readonly Scalar[]): string =>
  vs.map((v) => scalarText(ctx, field, v)).join(ctx.t('measure.or'));

function operatorTexts(ctx: Ctx, field: string, c: OperatorCondition): string[] {
  const { t } = ctx;
  const f = fieldLabel(t, field);
  const out: string[] = [];
  const one = (v: Scalar) => scalarText(ctx, field, v);
  if (c.eq !== undefined) {
    out.push(
      typeof c.eq === 'boolean'
        ? t(c.eq ? 'op.true' : 'op.false', { field: f })
        : t('op.eq', { field: f, value: one(c.eq) }),
    );
  }
  if (c.ne !== undefined) {
    out.push(
      typeof c.ne === 'boolean'
        ? t(c.ne ? 'op.false' : 'op.true', { field: f })
        : t('op.ne', { field: f, value: one(c.ne) }),
    );
  }
  if (c.in) out.push(t('op.in', { field: f, values: listText(ctx, field, c.in) }));
  if (c.not_in) out.push(t('op.not_in', { field: f, values: listText(ctx, field, c.not_in) }));
  if (c.gt !== undefined) out.push(t('op.gt', { field: f, value: one(c.gt) }));
  if (c.gte !== undefined) out.push(t('op.gte', { field: f, value: one(c.gte) }));
  if (c.lt !== undefined) out.push(t('op.lt', { field: f, value: one(c.lt) }));
  if (c.lte !== undefined) out.push(t('op.lte', { field: f, value: one(c.lte) }));
  if (c.between) out.push(t('op.between', { field: f, a: one(c.between[0]), b: one(c.between[1]) }));
  if (c.contains !== undefined) out.push(t('op.contains', { field: f, value: one(c.contains) }));
  if (c.contains_any)
    out.push(t('op.contains_any', { field: f, values: listText(ctx, field, c.contains_any) }));
  if (c.exists !== undefined) out.push(t(c.exists ? 'op.exists' : 'op.missing', { field: f }));
  return out;
}

function conditionTexts(ctx: Ctx, field: string, c: Condition): string[] {
  if (Array.isArray(c))
    return [ctx.t('op.in', { field: fieldLabel(ctx.t, field), values: listText(ctx, field, c) })];
  if (typeof c === 'object') return operatorTexts(ctx, field, c);
  return operatorTexts(ctx, field, { eq: c });
}

/** The conditions of a filter joined with "and", or undefined for no filter. */
export function filterText(
  t: Translator,
  lang: Lang,
  record: RecordType,
  where: Filter | undefined,
): string | undefined {
  const ctx: Ctx = { t, lang, record };
  const parts = Object.entries(where ?? {}).flatMap(([field, c]) => conditionTexts(ctx, field, c));
  return parts.length ? parts.join(t('measure.and')) : undefined;
}

/** What a measure counts, in words. */
export function measureText(t: Translator, lang: Lang, measure: Measure): string {
  if (measure.kind === 'manual')
    return t(measure.evidence_required ? 'measure.manualEvidence' : 'measure.manual');
  const records = recordLabel(t, measure.record);
  const conditions = filterText(t, lang, measure.record, measure.where);
  switch (measure.kind) {
    case 'count':
      return conditions ? t('measure.countWhere', { records, conditions }) : t('measure.count', { records });
    case 'sum': {
      const field = fieldLabel(t, measure.field);
      return conditions
        ? t('measure.sumWhere', { records, field, conditions })
        : t('measure.sum', { records, field });
    }
    case 'count_distinct': {
      const field = fieldLabel(t, measure.field);
      return conditions
        ? t('measure.countDistinctWhere', { records, field, conditions })
        : t('measure.countDistinct', { records, field });
    }
    case 'latest_sum':
      return conditions
        ? t('measure.latestSumWhere', { records, conditions })
        : t('measure.latestSum', { records });
  }
}

/** "of which joint EU/JP ≥ 5" for each part of a KPI, with the part's extra conditions in words. */
export function partTexts(
  t: Translator,
  lang: Lang,
  kpi: Kpi,
): Array<{ id: string; text: string; filter?: string }> {
  return kpi.parts.map((p) => ({
    id: p.id,
    text: t('kpis.part', {
      label: localize(p.label, lang),
      target: targetText(lang, p.comparator, p.target),
    }),
    filter: kpi.measure.kind === 'manual' ? undefined : filterText(t, lang, kpi.measure.record, p.where),
  }));
}
