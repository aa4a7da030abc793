/** Zod input schemas of the five record types (what a form, the API and an import produce before the database). */
import { z } from 'zod';
import {
  ACTIVITY_KINDS,
  ACTIVITY_STATUSES,
  EVENT_KINDS,
  EVENT_ROLES,
  EVENT_STATUSES,
  METRIC_CHANNEL_KINDS,
  METRIC_CHANNEL_SCOPES,
  METRIC_NAME_PATTERN,
  PUBLICATION_TYPES,
  SYNERGY_KINDS,
  idSchema,
  isoDateSchema,
  partnerCodeSchema,
  urlSchema,
  type RecordType,
} from '../plan/schema';
import { noControlChars } from '../schema-pieces';
import { DATE_PRECISIONS, checkDatePrecision } from './dates';
import { licenceSchema } from './licence';

// ---------------------------------------------------------------------------
// Identifiers: DOI, ISBN, ISSN
// ---------------------------------------------------------------------------

/** `https://doi.org/10.1000/ABC` → `10.1000/abc` (lower-case, no resolver prefix, no `doi:`). */
export function normaliseDoi(text: string): string {
  return text
    .trim()
    .replace(/^doi:\s*/i, '')
    .replace(/^https?:\/\/(?:dx\.)?doi\.org\//i, '')
    .toLowerCase();
}

export const DOI_PATTERN = /^10\.\d{4,9}\/\S+$/;

/** ISBN-10 or ISBN-13 without hyphens or spaces (`X` upper-case), if its check digit is right; else undefined. */
export function normaliseIsbn(text: string): string | undefined {
  const compact = text
    .replace(/^isbn(?:-1[03])?:?\s*/i, '')
    .replace(/[\s-]/g, '')
    .toUpperCase();
  if (/^\d{9}[\dX]$/.test(compact)) {
    const sum = [...compact].reduce((s, c, i) => s + (c === 'X' ? 10 : Number(c)) * (10 - i), 0);
    return sum % 11 === 0 ? compact : undefined;
  }
  if (/^97[89]\d{10}$/.test(compact)) {
    const sum = [...compact].reduce((s, c, i) => s + Number(c) * (i % 2 === 0 ? 1 : 3), 0);
    return sum % 10 === 0 ? compact : undefined;
  }
  return undefined;
}

/** ISSN as `NNNN-NNNC`, if its check digit is right; else undefined. */
export function normaliseIssn(text: string): string | undefined {
  const compact = text
    .replace(/^e?issn:?\s*/i, '')
    .replace(/[\s-]/g, '')
    .toUpperCase();
  if (!/^\d{7}[\dX]$/.test(compact)) return undefined;
  const sum = [...compact.slice(0, 7)].reduce((s, c, i) => s + Number(c) * (8 - i), 0);
  const check = (11 - (sum % 11)) % 11;
  if ((check === 10 ? 'X' : String(check)) !== compact[7]) return undefined;
  return `${compact.slice(0, 4)}-${compact.slice(4)}`;
}

const doiSchema = z
  .string()
  .transform(normaliseDoi)
  .pipe(z.string().regex(DOI_PATTERN, 'must be a DOI (10.NNNN/…)'));

/** Validates with `normalise`, outputs the normalised form. */
function identifierSchema(normalise: (s: string) => string | undefined, what: string) {
  return z.string().transform((value, ctx) => {
    const normalised = normalise(value);
    if (normalised !== undefined) return normalised;
    ctx.addIssue({
      code: 'custom',
      message: `"${value}" is not a valid ${what} (wrong format or check digit)`,
      params: { key: 'validation.record.isbn', input: value, what },
    });
    return z.NEVER;
  });
}

const isbnSchema = identifierSchema(normaliseIsbn, 'ISBN-10 or ISBN-13');
const issnSchema = identifierSchema(normaliseIssn, 'ISSN');

// ---------------------------------------------------------------------------
// Primitives and fields every record shares
// ---------------------------------------------------------------------------

/** Fields of 500 characters and more may hold line breaks (titles and descriptions from files); none holds NUL. */
const MULTILINE_FROM = 500;
const text = (max: number) =>
  noControlChars(z.string().trim().min(1, 'must not be empty').max(max), max >= MULTILINE_FROM);
const optionalText = (max: number) =>
  noControlChars(z.string().trim().max(max), max >= MULTILINE_FROM).optional();
const countrySchema = z
  .string()
  .regex(/^[A-Z]{2}$/, 'must be an ISO 3166-1 alpha-2 country code (e.g. ES, JP)');
const count = z.number().int('must be a whole number').min(0, 'must be 0 or more');

/**
 * The Horizon Europe Portal limits a dissemination activity's objective to 200 characters; Herald stores up to
 * 2000 and the report applies this limit when it exports to the Portal.
 */
export const PORTAL_OBJECTIVE_MAX = 200;
export const DESCRIPTION_MAX = 2000;

export const ACTIVITY_CATEGORIES = ['communication', 'dissemination'] as const;
/**
 * Open-access routes. `unknown` (the default: imports derive a route only where the source says) counts as not open
 * in KPI figures and is listed for a person to settle; it is never assumed `closed`.
 */
export const OPEN_ACCESS_ROUTES = ['gold', 'green', 'hybrid', 'closed', 'unknown'] as const;
/** Routes that are not open access (the KPI boolean `open_access` is false for them). */
export const NOT_OPEN_ROUTES = ['closed', 'unknown'] as const;

/** Lead partner, other partners and optional links to the plan (work package, deliverable, timeline item, KPI). */
export const commonShape = {
  lead_partner: partnerCodeSchema,
  partners: z.array(partnerCodeSchema).default([]),
  wp: noControlChars(z.string().trim().min(1).max(40)).optional(),
  deliverable: noControlChars(z.string().trim().min(1).max(40)).optional(),
  timeline_item: idSchema.optional(),
  kpi: idSchema.optional(),
};

type Dated = { start_date?: string; end_date?: string };

/** Adds an issue at `end_date` when it is before the start. */
function checkDateRange(startField: 'start_date') {
  return (value: Dated, ctx: z.RefinementCtx) => {
    const start = value[startField];
    if (value.end_date !== undefined && start !== undefined && value.end_date < start)
      ctx.addIssue({
        code: 'custom',
        path: ['end_date'],
        message: `end date ${value.end_date} is before the start ${start}`,
        params: { key: 'validation.record.endBeforeStart', end: value.end_date, start },
      });
  };
}

// ---------------------------------------------------------------------------
// Activity (communication / dissemination)
// ---------------------------------------------------------------------------

/**
 * A communication or dissemination activity, on `start_date` or from `start_date` to `end_date` (the KPI field
 * `date` of RECORD_FIELDS is the start). `type`, `audiences` and `channels` hold the funder's verbatim strings of
 * the project's programme; they are checked against the vocabulary with the project context (`applyContext`).
 */
export const activityObjectSchema = z.strictObject({
  ...commonShape,
  title: text(500),
  description: optionalText(DESCRIPTION_MAX),
  start_date: isoDateSchema,
  end_date: isoDateSchema.optional(),
  kind: z.enum(ACTIVITY_KINDS),
  category: z.enum(ACTIVITY_CATEGORIES).default('communication'),
  type: text(200),
  audiences: z.array(text(200)).min(1, 'needs at least one audience'),
  channels: z.array(text(200)).default([]),
  status: z.enum(ACTIVITY_STATUSES),
  outcome: optionalText(DESCRIPTION_MAX),
  persons_reached: count.optional(),
  reach_by_audience: z.record(noControlChars(z.string().trim().min(1).max(200)), count).optional(),
  countries: z.array(countrySchema).default([]),
  links: z.array(urlSchema).default([]),
  joint_with_other_projects: z.boolean().default(false),
});

export const activitySchema = activityObjectSchema.superRefine((a, ctx) => {
  checkDateRange('start_date')(a, ctx);
  for (const audience of Object.keys(a.reach_by_audience ?? {}))
    if (!a.audiences.includes(audience))
      ctx.addIssue({
        code: 'custom',
        path: ['reach_by_audience', audience],
        message: `reach given for "${audience}", which is not among the audiences`,
        params: { key: 'validation.record.reachAudience', audience },
      });
});

// ---------------------------------------------------------------------------
// Event
// ---------------------------------------------------------------------------

/** An event partners attend or organise; `partners` are the attending partners besides the lead. */
export const eventObjectSchema = z.strictObject({
  ...commonShape,
  name: text(500),
  kind: z.enum(EVENT_KINDS),
  city: text(200),
  country: countrySchema,
  start_date: isoDateSchema,
  end_date: isoDateSchema.optional(),
  website: urlSchema.optional(),
  roles: z.array(z.enum(EVENT_ROLES)).min(1, 'needs at least one role'),
  participants: count.optional(),
  international: z.boolean().default(false),
  joint_with_other_projects: z.boolean().default(false),
  status: z.enum(EVENT_STATUSES).default('planned'),
  description: optionalText(DESCRIPTION_MAX),
});

export const eventSchema = eventObjectSchema.superRefine(checkDateRange('start_date'));

// ---------------------------------------------------------------------------
// Publication
// ---------------------------------------------------------------------------

/** An author as written (`Family, Given`), with the affiliation text and the partner code when known. */
export const authorSchema = z.strictObject({
  name: text(300),
  affiliation: optionalText(500),
  partner: partnerCodeSchema.optional(),
});

/** Types whose venue (journal, proceedings, book title) is required. */
const VENUE_REQUIRED: readonly string[] = ['journal_article', 'conference_paper', 'book_chapter'];

/**
 * A scientific publication. "joint EU/JP", "joint public/private" and the boolean `open_access` of RECORD_FIELDS
 * are computed (from the authors' partners' regions and sectors, and `open_access` not `closed`/`unknown`), never
 * typed. `container_doi` is the DOI of the volume or book it appeared in (never its own); `title_original` is the
 * title as the source wrote it (LaTeX, HTML) when `title` is its plain text; `source_key` its key in the source file.
 */
export const publicationObjectSchema = z.strictObject({
  ...commonShape,
  type: z.enum(PUBLICATION_TYPES),
  title: text(1000),
  title_original: optionalText(2000),
  source_key: optionalText(300),
  authors: z.array(authorSchema).min(1, 'needs at least one author'),
  venue: optionalText(500),
  publisher: optionalText(300),
  volume: optionalText(50),
  issue: optionalText(50),
  pages: optionalText(50),
  year: z.number().int('must be a whole number').min(1900).max(2200),
  date: isoDateSchema.optional(),
  /** How much of `date` is known; an approximate (month, year) date is the first day of its month or year. */
  date_precision: z
    .enum(DATE_PRECISIONS)
    .optional()
    .describe(
      'How much of `date` is known; `month`/`year`: the date is the first day of its month/year. Default: `day` with a date, `year` without.',
    ),
  doi: doiSchema.optional(),
  container_doi: doiSchema.optional(),
  isbn: isbnSchema.optional(),
  issn: issnSchema.optional(),
  peer_reviewed: z.boolean(),
  open_access: z.enum(OPEN_ACCESS_ROUTES).default('unknown'),
  embargo_end: isoDateSchema.optional(),
  repository_url: urlSchema.optional(),
  /** SPDX id (`CC-BY-4.0`) or the licence's address; CC addresses and names are normalised to the id. */
  licence: licenceSchema.optional(),
  url: urlSchema.optional(),
  acknowledges_grant: z.boolean().default(false),
});

export const publicationSchema = publicationObjectSchema.superRefine((p, ctx) => {
  if (VENUE_REQUIRED.includes(p.type) && !p.venue)
    ctx.addIssue({
      code: 'custom',
      path: ['venue'],
      message: `a ${p.type.replace('_', ' ')} needs a venue (journal, proceedings or book title)`,
      params: { key: 'validation.record.venue', type: p.type.replace('_', ' ') },
    });
  if (p.date !== undefined && Number(p.date.slice(0, 4)) !== p.year)
    ctx.addIssue({
      code: 'custom',
      path: ['date'],
      message: `date ${p.date} is not in year ${p.year}`,
      params: { key: 'validation.record.dateNotInYear', date: p.date, year: String(p.year) },
    });
  checkDatePrecision(p, ctx);
  if (p.embargo_end !== undefined && p.open_access !== 'green')
    ctx.addIssue({
      code: 'custom',
      path: ['embargo_end'],
      message: 'an embargo applies only to the green open-access route',
      params: { key: 'validation.record.embargo' },
    });
});

// ---------------------------------------------------------------------------
// Synergy
// ---------------------------------------------------------------------------

/** A collaboration with another project, initiative or standardisation body. */
export const synergyObjectSchema = z.strictObject({
  ...commonShape,
  initiative: text(300),
  kind: z.enum(SYNERGY_KINDS),
  date: isoDateSchema,
  description: optionalText(DESCRIPTION_MAX),
  outcome: optionalText(DESCRIPTION_MAX),
});

export const synergySchema = synergyObjectSchema;

// ---------------------------------------------------------------------------
// Metric snapshot
// ---------------------------------------------------------------------------

/**
 * The value of one metric of one channel on one date. `channel` is a stable id (URL, `@handle`, record DOI or id).
 * Counters (followers, views, downloads) are cumulative; X/Twitter impressions are per-day totals.
 */
export const metricObjectSchema = z.strictObject({
  ...commonShape,
  channel: text(500),
  channel_kind: z.enum(METRIC_CHANNEL_KINDS),
  channel_scope: z.enum(METRIC_CHANNEL_SCOPES).default('project'),
  /** Any metric the source carries (open vocabulary); the plan's KPIs choose the ones they count. */
  metric: z.string().max(60).regex(METRIC_NAME_PATTERN, 'must be a metric name (e.g. url_clicks)'),
  value: z.number().min(0, 'must be 0 or more'),
  date: isoDateSchema,
  source: text(60).default('manual'),
});

export const metricSchema = metricObjectSchema;

// ---------------------------------------------------------------------------
// By record type
// ---------------------------------------------------------------------------

export const recordSchemas = {
  activity: activitySchema,
  event: eventSchema,
  publication: publicationSchema,
  synergy: synergySchema,
  metric: metricSchema,
} as const satisfies Record<RecordType, z.ZodType>;

/** The plain object schemas (no cross-field checks), for `.partial()` updates and field introspection. */
export const recordObjectSchemas = {
  activity: activityObjectSchema,
  event: eventObjectSchema,
  publication: publicationObjectSchema,
  synergy: synergyObjectSchema,
  metric: metricObjectSchema,
} as const satisfies Record<RecordType, z.ZodObject>;

export type ActivityInput = z.input<typeof activitySchema>;
export type Activity = z.output<typeof activitySchema>;
export type EventInput = z.input<typeof eventSchema>;
export type EventRecord = z.output<typeof eventSchema>;
export type Author = z.output<typeof authorSchema>;
export type PublicationInput = z.input<typeof publicationSchema>;
export type Publication = z.output<typeof publicationSchema>;
export type SynergyInput = z.input<typeof synergySchema>;
export type Synergy = z.output<typeof synergySchema>;
export type MetricInput = z.input<typeof metricSchema>;
export type MetricSnapshot = z.output<typeof metricSchema>;
export type OpenAccessRoute = (typeof OPEN_ACCESS_ROUTES)[number];
export type ActivityCategory = (typeof ACTIVITY_CATEGORIES)[number];

/** Validated record (schema output) by record type. */
export interface RecordOutputs {
  activity: Activity;
  event: EventRecord;
  publication: Publication;
  synergy: Synergy;
  metric: MetricSnapshot;
}
/** Record input (before defaults and normalisation) by record type. */
export interface RecordInputs {
  activity: ActivityInput;
  event: EventInput;
  publication: PublicationInput;
  synergy: SynergyInput;
  metric: MetricInput;
}
export type AnyRecord = RecordOutputs[RecordType];

/** Names of the fields of a record type, in schema order. */
export function recordFieldNames(type: RecordType): string[] {
  return Object.keys(recordObjectSchemas[type].shape);
}

/** True when the field may be left out (optional or with a default). */
export function isFieldOptional(type: RecordType, field: string): boolean {
  const shape: Record<string, z.ZodType> = recordObjectSchemas[type].shape;
  const schema = shape[field];
  return schema === undefined || schema.safeParse(undefined).success;
}

/** A title compared loosely: Unicode-normalised, lower-case, punctuation and spacing folded. */
export const normTitle = (s: string): string =>
  s
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();

/**
 * The key two records share when one duplicates the other: same DOI and same (normalised) title; else same title +
 * date + lead partner (for metrics: same channel + metric + date). Re-importing a file yields the same keys, so it
 * adds nothing. Two publications with one DOI and different titles are never duplicates: an import reports them as
 * a conflict (src/importers/shared-doi.ts).
 */
export function duplicateKey<T extends RecordType>(type: T, record: RecordOutputs[T]): string {
  const r = record as AnyRecord;
  switch (type) {
    case 'publication': {
      const p = r as Publication;
      // An approximate date keys by its year, as a year-only record always did.
      const when = p.date && (p.date_precision ?? 'day') === 'day' ? p.date : p.year;
      return p.doi
        ? `doi:${p.doi}|${normTitle(p.title)}`
        : `title:${normTitle(p.title)}|${when}|${p.lead_partner}`;
    }
    case 'activity': {
      const a = r as Activity;
      return `title:${normTitle(a.title)}|${a.start_date}|${a.lead_partner}`;
    }
    case 'event': {
      const e = r as EventRecord;
      return `title:${normTitle(e.name)}|${e.start_date}|${e.lead_partner}`;
    }
    case 'synergy': {
      const s = r as Synergy;
      return `title:${normTitle(s.initiative)}|${s.kind}|${s.date}|${s.lead_partner}`;
    }
    default: {
      const m = r as MetricSnapshot;
      return `metric:${m.channel}|${m.metric}|${m.date}`;
    }
  }
}
