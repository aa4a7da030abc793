/** Pieces shared by the record pages: labels of fields and values, how a value is shown, the kind tabs. */
import type { Child, FC } from 'hono/jsx';
import type { Plan } from '../../plan/schema';
import { countryName, PlanPage, type ViewCtx } from '../../ui/parts';
import { formatDate, formatId, formatNumber, hasKey, translate, type Lang } from '../../i18n';
import { KIND_SLUGS, LABEL_FIELD, RECORD_KINDS, type RecordKind } from '../kinds';
import { valuesEn, valuesJa } from '../messages';
import { vocabularyLabel } from '../vocabularies/labels-ja';

export type { ViewCtx };

/**
 * Label of a closed value (`press_release` → "Press release" / "プレスリリース"). Funder strings are stored verbatim
 * and shown so in English; Japanese pages show their label from the vocabulary's Japanese map.
 */
export function valueLabel(lang: Lang, field: string, value: string): string {
  const key = `records.value.${field}.${value}`;
  return (
    (lang === 'ja' ? valuesJa[key] : undefined) ??
    valuesEn[key] ??
    (hasKey(key) ? translate(lang, key) : vocabularyLabel(lang, value))
  );
}

export const fieldLabel = (lang: Lang, field: string): string => translate(lang, `records.field.${field}`);

export const kindTitle = (lang: Lang, kind: RecordKind): string => translate(lang, `records.kind.${kind}`);
export const kindOne = (lang: Lang, kind: RecordKind): string => translate(lang, `records.one.${kind}`);

export const recordsBase = (projectId: string, kind: RecordKind) =>
  `/p/${projectId}/records/${KIND_SLUGS[kind]}`;
export const recordHref = (projectId: string, kind: RecordKind, id: string) =>
  `${recordsBase(projectId, kind)}/${id}`;

/** The text that names a record in lists and titles. */
export function recordLabel(kind: RecordKind, r: Record<string, unknown>): string {
  if (kind === 'metric') return `${String(r.channel)} · ${String(r.metric)}`;
  return String(r[LABEL_FIELD[kind]] ?? '');
}

const DATE_FIELDS = new Set(['start_date', 'end_date', 'date', 'embargo_end']);
const CLOSED_FIELDS = new Set([
  'kind',
  'category',
  'roles',
  'status',
  'type',
  'open_access',
  'metric',
  'channel_kind',
  'channel_scope',
  'date_precision',
  // Funder vocabulary lists: verbatim values, labelled on Japanese pages.
  'audiences',
  'channels',
]);

/** Numeric fields that are years or identifiers: never printed with thousands separators. */
const ID_FIELDS: ReadonlySet<string> = new Set(['year', 'month', 'number', 'id']);

/** A stored value as text for a record page or list. */
export function showValue(lang: Lang, field: string, value: unknown): string {
  if (value === undefined || value === null || value === '') return '—';
  if (typeof value === 'boolean') return translate(lang, value ? 'records.yes' : 'records.no');
  if (typeof value === 'number') return ID_FIELDS.has(field) ? formatId(value) : formatNumber(lang, value);
  if (field === 'country' && typeof value === 'string') return countryName(lang, value);
  if (field === 'countries' && Array.isArray(value) && value.length > 0)
    return value.map((c) => countryName(lang, String(c))).join(', ');
  if (typeof value === 'string' && DATE_FIELDS.has(field) && /^\d{4}-\d{2}-\d{2}$/.test(value))
    return formatDate(lang, value);
  if (typeof value === 'string') return CLOSED_FIELDS.has(field) ? valueLabel(lang, field, value) : value;
  if (Array.isArray(value))
    return value.length === 0
      ? '—'
      : value
          .map((v) =>
            typeof v === 'string' && CLOSED_FIELDS.has(field) ? valueLabel(lang, field, v) : String(v),
          )
          .join(', ');
  return JSON.stringify(value);
}

/** The records frame: project navigation, then tabs to each kind of record. */
export const RecordsFrame: FC<{
  ctx: ViewCtx;
  projectId: string;
  plan: Plan;
  title: string;
  current?: RecordKind | 'deliverables' | 'alerts';
  /** The viewer may read the inconsistency alerts (`alerts.read`): their tab. */
  alertsTab?: boolean;
  children?: Child;
}> = ({ ctx, projectId, plan, title, current, alertsTab, children }) => (
  <PlanPage ctx={ctx} projectId={projectId} plan={plan} title={title}>
    <nav class="record-kinds" aria-label={ctx.t('records.title')}>
      {RECORD_KINDS.map((k) => (
        <a href={recordsBase(projectId, k)} aria-current={k === current ? 'page' : undefined}>
          {kindTitle(ctx.lang, k)}
        </a>
      ))}
      <a
        href={`/p/${projectId}/records/deliverables`}
        aria-current={current === 'deliverables' ? 'page' : undefined}
      >
        {ctx.t('records.deliverables')}
      </a>
      {alertsTab || current === 'alerts' ? (
        <a href={`/p/${projectId}/alerts`} aria-current={current === 'alerts' ? 'page' : undefined}>
          {ctx.t('alerts.title')}
        </a>
      ) : null}
    </nav>
    {children}
  </PlanPage>
);
