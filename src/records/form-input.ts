/**
 * The record forms as data: which widget each field gets, where its choices come from (closed vocabularies, the
 * funder's lists, the plan), and the conversions form ⇄ record input. Lists are typed one per line (or `;`),
 * authors as `Family, Given (Affiliation) [PARTNER]`, reach per audience as `Audience: number`.
 */
import {
  ACTIVITY_KINDS,
  ACTIVITY_STATUSES,
  EVENT_KINDS,
  EVENT_ROLES,
  EVENT_STATUSES,
  METRIC_CHANNEL_KINDS,
  METRIC_CHANNEL_SCOPES,
  METRIC_NAMES,
  PUBLICATION_TYPES,
  SYNERGY_KINDS,
  localize,
} from '../plan/schema';
import type { ErrorDetail } from '../errors';
import { convertCell, formatAuthors, type CellKind } from './cells';
import type { RecordContext } from './context';
import type { RecordKind } from './kinds';
import { ACTIVITY_CATEGORIES, OPEN_ACCESS_ROUTES, type Author } from './schema';
import { DATE_PRECISIONS, isDatePrecision, isFirstDay } from './dates';
import { clampIso } from '../plan/time';

export type Widget =
  | 'text'
  | 'textarea'
  | 'date'
  | 'int'
  | 'number'
  | 'url'
  | 'country'
  | 'select'
  | 'checks'
  | 'bool'
  | 'lines'
  | 'authors'
  | 'reach';

export interface Choice {
  value: string;
  /** Shown as is (funder strings, plan labels); otherwise the label is translated from `records.value.<field>.<value>`. */
  label?: string;
}

export interface FieldSpec {
  field: string;
  widget: Widget;
  required?: boolean;
  /** Choices of a select or checkbox group. */
  choices?: (ctx: RecordContext) => Choice[];
  /** Lines: how items are read (`list`, `country-list`, `url-list`). */
  cell?: CellKind;
  /** An i18n key of help shown under the field. */
  help?: string;
}

const codes = (values: readonly string[]): Choice[] => values.map((value) => ({ value }));
const verbatim = (values: readonly string[]): Choice[] => values.map((value) => ({ value, label: value }));
const partnerChoices = (ctx: RecordContext): Choice[] =>
  ctx.plan.partners.map((p) => ({ value: p.code, label: `${p.code} — ${localize(p.name, 'en')}` }));

const links: FieldSpec[] = [
  {
    field: 'wp',
    widget: 'select',
    choices: (ctx) =>
      ctx.plan.work_packages.map((wp) => ({
        value: wp.code,
        label: `${wp.code} ${localize(wp.title, 'en')}`,
      })),
  },
  {
    field: 'deliverable',
    widget: 'select',
    choices: (ctx) =>
      ctx.plan.work_packages.flatMap((wp) =>
        wp.deliverables.map((d) => ({ value: d.code, label: `${d.code} ${d.title}` })),
      ),
  },
  {
    field: 'timeline_item',
    widget: 'select',
    choices: (ctx) => ctx.plan.timeline.map((i) => ({ value: i.id, label: localize(i.label, 'en') })),
  },
  {
    field: 'kpi',
    widget: 'select',
    choices: (ctx) => ctx.plan.kpis.map((k) => ({ value: k.id, label: localize(k.label, 'en') })),
  },
];

const lead: FieldSpec = { field: 'lead_partner', widget: 'select', required: true, choices: partnerChoices };
const others: FieldSpec = { field: 'partners', widget: 'checks', choices: partnerChoices };

export const FORM_FIELDS: Record<RecordKind, FieldSpec[]> = {
  activity: [
    { field: 'title', widget: 'text', required: true },
    lead,
    { field: 'kind', widget: 'select', required: true, choices: () => codes(ACTIVITY_KINDS) },
    { field: 'category', widget: 'select', required: true, choices: () => codes(ACTIVITY_CATEGORIES) },
    {
      field: 'type',
      widget: 'select',
      required: true,
      choices: (ctx) => verbatim(ctx.vocabulary.activityTypes),
    },
    { field: 'status', widget: 'select', required: true, choices: () => verbatim(ACTIVITY_STATUSES) },
    { field: 'start_date', widget: 'date', required: true },
    { field: 'end_date', widget: 'date' },
    {
      field: 'audiences',
      widget: 'checks',
      required: true,
      choices: (ctx) =>
        verbatim([
          ...new Set([...ctx.vocabulary.communicationAudiences, ...ctx.vocabulary.disseminationAudiences]),
        ]),
    },
    { field: 'channels', widget: 'checks', choices: (ctx) => verbatim(ctx.vocabulary.channels) },
    { field: 'description', widget: 'textarea' },
    { field: 'outcome', widget: 'textarea' },
    { field: 'persons_reached', widget: 'int' },
    { field: 'reach_by_audience', widget: 'reach' },
    { field: 'countries', widget: 'lines', cell: 'country-list' },
    { field: 'links', widget: 'lines', cell: 'url-list' },
    { field: 'joint_with_other_projects', widget: 'bool' },
    others,
    ...links,
  ],
  event: [
    { field: 'name', widget: 'text', required: true },
    lead,
    { field: 'kind', widget: 'select', required: true, choices: () => codes(EVENT_KINDS) },
    { field: 'status', widget: 'select', required: true, choices: () => codes(EVENT_STATUSES) },
    { field: 'city', widget: 'text', required: true },
    { field: 'country', widget: 'country', required: true },
    { field: 'start_date', widget: 'date', required: true },
    { field: 'end_date', widget: 'date' },
    { field: 'roles', widget: 'checks', required: true, choices: () => codes(EVENT_ROLES) },
    { field: 'participants', widget: 'int' },
    { field: 'website', widget: 'url' },
    { field: 'international', widget: 'bool' },
    { field: 'joint_with_other_projects', widget: 'bool' },
    { field: 'description', widget: 'textarea' },
    others,
    ...links,
  ],
  publication: [
    { field: 'title', widget: 'text', required: true },
    lead,
    { field: 'type', widget: 'select', required: true, choices: () => codes(PUBLICATION_TYPES) },
    { field: 'authors', widget: 'authors', required: true },
    { field: 'venue', widget: 'text' },
    { field: 'publisher', widget: 'text' },
    { field: 'volume', widget: 'text' },
    { field: 'issue', widget: 'text' },
    { field: 'pages', widget: 'text' },
    { field: 'year', widget: 'int', required: true },
    { field: 'date', widget: 'date' },
    {
      field: 'date_precision',
      widget: 'select',
      choices: () => codes(DATE_PRECISIONS),
      help: 'dates.form.hint',
    },
    { field: 'doi', widget: 'text' },
    { field: 'container_doi', widget: 'text' },
    { field: 'isbn', widget: 'text' },
    { field: 'issn', widget: 'text' },
    { field: 'peer_reviewed', widget: 'bool' },
    { field: 'open_access', widget: 'select', required: true, choices: () => codes(OPEN_ACCESS_ROUTES) },
    { field: 'embargo_end', widget: 'date' },
    { field: 'repository_url', widget: 'url' },
    { field: 'licence', widget: 'text', help: 'records.form.licenceHint' },
    { field: 'url', widget: 'url' },
    { field: 'acknowledges_grant', widget: 'bool' },
    { field: 'source_key', widget: 'text' },
    { field: 'title_original', widget: 'text' },
    ...links,
  ],
  synergy: [
    { field: 'initiative', widget: 'text', required: true },
    lead,
    { field: 'kind', widget: 'select', required: true, choices: () => codes(SYNERGY_KINDS) },
    { field: 'date', widget: 'date', required: true },
    { field: 'description', widget: 'textarea' },
    { field: 'outcome', widget: 'textarea' },
    others,
    ...links,
  ],
  metric: [
    { field: 'channel', widget: 'text', required: true },
    lead,
    { field: 'channel_kind', widget: 'select', required: true, choices: () => codes(METRIC_CHANNEL_KINDS) },
    { field: 'channel_scope', widget: 'select', required: true, choices: () => codes(METRIC_CHANNEL_SCOPES) },
    { field: 'metric', widget: 'select', required: true, choices: () => codes(METRIC_NAMES) },
    { field: 'value', widget: 'number', required: true },
    { field: 'date', widget: 'date', required: true },
    { field: 'source', widget: 'text' },
    others,
    ...links,
  ],
  kpi_value: [
    {
      field: 'kpi_code',
      widget: 'select',
      required: true,
      choices: (ctx) =>
        [...ctx.manualKpis.values()].map((k) => ({ value: k.id, label: localize(k.label, 'en') })),
    },
    lead,
    { field: 'value', widget: 'number', required: true },
    { field: 'date', widget: 'date', required: true },
    { field: 'evidence', widget: 'textarea' },
  ],
};

/** What a form holds: text per field, or the checked values of a checkbox group. */
export type FormValues = Record<string, string | string[]>;

const CELL_OF: Partial<Record<Widget, CellKind>> = {
  int: 'int',
  number: 'number',
  authors: 'authors',
  reach: 'reach',
};

/**
 * The record input of a submitted form, and the fields that could not be read (a number that is not one). Those
 * fields keep their text in the input, so the schema reports them too; callers prefer these messages.
 */
export function formToInput(
  kind: RecordKind,
  values: FormValues,
): { input: Record<string, unknown>; errors: ErrorDetail[] } {
  const input: Record<string, unknown> = {};
  const errors: ErrorDetail[] = [];
  for (const spec of FORM_FIELDS[kind]) {
    const raw = values[spec.field];
    if (spec.widget === 'checks') {
      input[spec.field] = (Array.isArray(raw) ? raw : raw ? [raw] : []).filter((v) => v !== '');
      continue;
    }
    if (spec.widget === 'bool') {
      input[spec.field] = raw === 'on' || raw === 'true' || raw === '1';
      continue;
    }
    const text = (Array.isArray(raw) ? raw.join('\n') : (raw ?? '')).trim();
    if (text === '') continue;
    const cell = spec.cell ?? CELL_OF[spec.widget];
    if (!cell) {
      input[spec.field] = spec.widget === 'country' ? text.toUpperCase() : text;
      continue;
    }
    const converted = convertCell(cell, text.replace(/\r?\n/g, ';'));
    if (converted.ok) input[spec.field] = converted.value;
    else {
      input[spec.field] = text;
      errors.push({
        path: spec.field,
        message: converted.message,
        ...(converted.key !== undefined ? { key: converted.key, params: converted.params ?? {} } : {}),
      });
    }
  }
  if (kind === 'publication') exactWhenEdited(input);
  return { input, errors };
}

/**
 * A publication form's date precision: without a date there is only the year; a month or year precision whose
 * date is not the first day of its month/year was made exact by whoever typed the full date (precision `day`).
 */
function exactWhenEdited(input: Record<string, unknown>): void {
  const { date, date_precision: precision } = input;
  if (typeof date !== 'string') delete input.date_precision;
  else if (isDatePrecision(precision) && precision !== 'day' && !isFirstDay(date, precision))
    input.date_precision = 'day';
}

/** Form values of a stored record (or of a record input), for an edit form. */
export function recordToForm(kind: RecordKind, record: Record<string, unknown>): FormValues {
  const values: FormValues = {};
  for (const spec of FORM_FIELDS[kind]) {
    const v = record[spec.field];
    if (v === undefined || v === null) continue;
    if (spec.widget === 'checks') values[spec.field] = (v as unknown[]).map(String);
    else if (spec.widget === 'bool') values[spec.field] = v ? 'on' : '';
    else if (spec.widget === 'authors')
      values[spec.field] = (v as Author[]).map((a) => formatAuthors([a])).join('\n');
    else if (spec.widget === 'reach')
      values[spec.field] = Object.entries(v as Record<string, number>)
        .map(([a, n]) => `${a}: ${n}`)
        .join('\n');
    else if (Array.isArray(v)) values[spec.field] = v.map(String).join('\n');
    else values[spec.field] = String(v);
  }
  return values;
}

/**
 * Defaults of a new record's form: the actor's partner, today — clamped into the project period when given, so a
 * form opened after the project end proposes its last day — and the usual choices.
 */
export function newRecordForm(
  kind: RecordKind,
  opts: { partner?: string; today: string; period?: { start: string; end: string } },
): FormValues {
  const base: FormValues = opts.partner ? { lead_partner: opts.partner } : {};
  const today = opts.period ? clampIso(opts.today, opts.period.start, opts.period.end) : opts.today;
  switch (kind) {
    case 'activity':
      return { ...base, start_date: today, category: 'communication', status: 'Delivered' };
    case 'event':
      return { ...base, start_date: today, status: 'planned' };
    case 'publication':
      return { ...base, year: today.slice(0, 4), peer_reviewed: 'on', open_access: 'unknown' };
    case 'synergy':
      return { ...base, date: today };
    case 'metric':
      return { ...base, date: today, channel_scope: 'project', source: 'manual' };
    case 'kpi_value':
      return { ...base, date: today };
  }
}
