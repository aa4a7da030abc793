/** Zod schema of a dissemination plan (one YAML file per project) and the types inferred from it. */
import { z } from 'zod';
import { noControlChars } from '../schema-pieces';

// ---------------------------------------------------------------------------
// Vocabularies shared with the record types (activities, events, publications, synergies, metrics).
// A plan's KPI measures filter on these fields; checks.ts validates filters against RECORD_FIELDS.
// ---------------------------------------------------------------------------

export const SUPPORTED_LANGUAGES = ['en', 'ja'] as const;
export const RECORD_TYPES = ['activity', 'event', 'publication', 'synergy', 'metric'] as const;
export const ACTIVITY_KINDS = [
  'article',
  'press_release',
  'newsletter',
  'blog_post',
  'social_post',
  'video',
  'interview',
  'presentation',
  'consultation',
  'other',
] as const;
/** Status values of the funder's Portal (verbatim strings). */
export const ACTIVITY_STATUSES = ['Cancelled', 'Delivered', 'Ongoing', 'Postponed'] as const;
export const EVENT_KINDS = [
  'conference',
  'workshop',
  'exhibition',
  'training',
  'webinar',
  'hackathon',
  'community',
  'contest',
  'concertation',
  'e_consultation',
  'meeting',
  'other',
] as const;
export const EVENT_ROLES = ['presentation', 'booth', 'organiser', 'co_organiser', 'attendee'] as const;
export const EVENT_STATUSES = ['planned', 'attended', 'cancelled'] as const;
export const PUBLICATION_TYPES = [
  'journal_article',
  'conference_paper',
  'book_chapter',
  'book',
  'thesis',
  'other',
] as const;
export const SYNERGY_KINDS = [
  'project',
  'initiative',
  'standardisation',
  'consultation',
  'concertation',
  'replication',
  'invitation',
  'other',
] as const;
/**
 * Common metric names (offered by the record form, translated on plan pages). The vocabulary is open: importers keep
 * every metric a file carries (`url_clicks`, `unique_views`, …) under a name of METRIC_NAME_PATTERN.
 */
export const METRIC_NAMES = [
  'followers',
  'views',
  'downloads',
  'visits',
  'subscribers',
  'impressions',
] as const;
/** A metric name: lower-case letters (any script) and digits in runs joined by single `_` (e.g. `url_clicks`). */
export const METRIC_NAME_PATTERN = /^[\p{Ll}\p{Lo}\p{Lm}\p{N}]+(?:_[\p{Ll}\p{Lo}\p{Lm}\p{N}]+)*$/u;
export const METRIC_CHANNEL_KINDS = [
  'twitter',
  'linkedin',
  'youtube',
  'website',
  'repository',
  'newsletter',
  'other',
] as const;
export const METRIC_CHANNEL_SCOPES = ['project', 'partner'] as const;
export const CHANNEL_KINDS = [
  'website',
  'twitter',
  'linkedin',
  'facebook',
  'youtube',
  'instagram',
  'mastodon',
  'bluesky',
  'blog',
  'newsletter',
  'press_releases',
  'community',
  'repository',
  'other',
] as const;
export const PARTNER_KINDS = ['university', 'research', 'industry', 'sme', 'public_body', 'other'] as const;
export const SECTORS = ['public', 'private'] as const;
export const KNOWN_PROGRAMMES = ['H2020', 'HORIZON_EUROPE'] as const;

export type RecordType = (typeof RECORD_TYPES)[number];
export type ActivityKind = (typeof ACTIVITY_KINDS)[number];
export type EventKind = (typeof EVENT_KINDS)[number];
export type ChannelKind = (typeof CHANNEL_KINDS)[number];
export type Lang = (typeof SUPPORTED_LANGUAGES)[number];

/** Type of a record field, as far as a KPI filter needs to know it. */
export type FieldType = 'string' | 'number' | 'boolean' | 'date' | 'string[]' | 'partner' | 'partner[]';
export interface FieldSpec {
  type: FieldType;
  /** Closed vocabulary of the field (for strings and string arrays), if any. */
  values?: readonly string[];
  /** The vocabulary is open: `values` are the common ones, any value matching `pattern` is allowed too. */
  pattern?: RegExp;
}

/** Fields a KPI measure may filter on, sum or count distinct, per record type. */
export const RECORD_FIELDS: Record<RecordType, Record<string, FieldSpec>> = {
  activity: {
    kind: { type: 'string', values: ACTIVITY_KINDS },
    type: { type: 'string' },
    status: { type: 'string', values: ACTIVITY_STATUSES },
    channels: { type: 'string[]' },
    audiences: { type: 'string[]' },
    persons_reached: { type: 'number' },
    joint_with_other_projects: { type: 'boolean' },
    lead_partner: { type: 'partner' },
    date: { type: 'date' },
  },
  event: {
    kind: { type: 'string', values: EVENT_KINDS },
    roles: { type: 'string[]', values: EVENT_ROLES },
    participants: { type: 'number' },
    international: { type: 'boolean' },
    joint_with_other_projects: { type: 'boolean' },
    status: { type: 'string', values: EVENT_STATUSES },
    partners: { type: 'partner[]' },
    country: { type: 'string' },
    start_date: { type: 'date' },
  },
  publication: {
    type: { type: 'string', values: PUBLICATION_TYPES },
    peer_reviewed: { type: 'boolean' },
    joint_eu_jp: { type: 'boolean' },
    joint_public_private: { type: 'boolean' },
    open_access: { type: 'boolean' },
    year: { type: 'number' },
    partners: { type: 'partner[]' },
  },
  synergy: {
    kind: { type: 'string', values: SYNERGY_KINDS },
    initiative: { type: 'string' },
    partners: { type: 'partner[]' },
    date: { type: 'date' },
  },
  metric: {
    metric: { type: 'string', values: METRIC_NAMES, pattern: METRIC_NAME_PATTERN },
    channel_kind: { type: 'string', values: METRIC_CHANNEL_KINDS },
    channel_scope: { type: 'string', values: METRIC_CHANNEL_SCOPES },
    channel: { type: 'string' },
    value: { type: 'number' },
  },
};

// ---------------------------------------------------------------------------
// Primitives
// ---------------------------------------------------------------------------

/** Longest name, title or short value of a plan (a 5 MB title is refused with its line and column). */
export const PLAN_NAME_MAX = 500;
/** Longest description or other prose of a plan. */
export const PLAN_TEXT_MAX = 10_000;
/** Longest list of a plan (partners, KPIs, timeline items, …). */
export const PLAN_LIST_MAX = 1_000;
/** Longest code or id (partner codes, kebab-case ids). */
export const PLAN_CODE_MAX = 50;

/** Names and short values: trimmed, not empty, no control characters but tab and line breaks (YAML folds). */
const nonEmpty = noControlChars(z.string().trim().min(1).max(PLAN_NAME_MAX), true);
const prose = noControlChars(z.string().trim().min(1).max(PLAN_TEXT_MAX), true);
/** A bounded list. */
const list = <T extends z.ZodType>(item: T) => z.array(item).max(PLAN_LIST_MAX);

/** Human text shown on the bilingual site: plain English, or English with an optional Japanese translation. */
export const localizedTextSchema = z.union([prose, z.strictObject({ en: prose, ja: prose.optional() })]);
export type LocalizedText = z.infer<typeof localizedTextSchema>;

/** The text in `lang`, falling back to English. */
export function localize(text: LocalizedText, lang: Lang | string): string {
  if (typeof text === 'string') return text;
  return (lang === 'ja' ? text.ja : undefined) ?? text.en;
}

/** kebab-case identifier, e.g. `joint-eu-jp`. */
export const idSchema = z
  .string()
  .max(PLAN_CODE_MAX)
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be a kebab-case id (lower-case letters, digits and "-")');
/** A partner's short code, e.g. `WLI`, `AYTOSAN`. */
export const partnerCodeSchema = z
  .string()
  .max(PLAN_CODE_MAX)
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, 'must be a partner code (letters, digits, "_", "-", ".")');
export const isoDateSchema = z.iso.date();
export const urlSchema = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' });
export const monthSchema = z.number().int().min(1);
const countrySchema = z.string().regex(/^[A-Z]{2}$/, 'must be an ISO 3166-1 alpha-2 country code');
const byte = z.number().int().min(0).max(255);
const percent = z.number().min(0).max(100);

// ---------------------------------------------------------------------------
// Project and identity
// ---------------------------------------------------------------------------

/** A DOI as its bare name (`10.3030/814917`), no resolver prefix. */
const doiName = z
  .string()
  .regex(/^10\.\d{4,9}\/\S+$/, 'must be a DOI such as 10.3030/814917 (no https://doi.org/)');

export const grantSchema = z.strictObject({
  funder: nonEmpty,
  programme: nonEmpty.optional(),
  number: nonEmpty,
  label: nonEmpty.optional(),
  /** The grant's own DOI where the funder mints one (the EC: 10.3030/<grant number>); the award URI of exports. */
  doi: doiName.optional(),
  /** The funder's Crossref Funder Registry DOI (10.13039/…), when Herald does not know the funder by its name. */
  funder_id: doiName.optional(),
});

export const versionEntrySchema = z.strictObject({
  version: nonEmpty,
  date: isoDateSchema,
  partner: partnerCodeSchema,
  description: nonEmpty,
  status: nonEmpty,
});

export const sourceDocumentSchema = z.strictObject({
  deliverable: nonEmpty,
  title: nonEmpty,
  work_package: nonEmpty.optional(),
  date: nonEmpty,
  month: monthSchema.optional(),
  lead: list(partnerCodeSchema).default([]),
  authors: list(nonEmpty).default([]),
  reviewers: list(nonEmpty).default([]),
  dissemination_level: nonEmpty.optional(),
  type: nonEmpty.optional(),
  version_history: list(versionEntrySchema).default([]),
});

export const projectSchema = z.strictObject({
  acronym: nonEmpty,
  title: nonEmpty,
  programme: z.union([z.enum(KNOWN_PROGRAMMES), nonEmpty]),
  grants: list(grantSchema).min(1),
  /** ISO date of the first day of month 1. */
  start_date: isoDateSchema,
  duration_months: z.number().int().min(1).max(240),
  website: urlSchema.optional(),
  languages: list(z.enum(SUPPORTED_LANGUAGES)).min(1),
  coordinator: partnerCodeSchema.optional(),
  dissemination_leads: list(partnerCodeSchema).default([]),
  description: z.strictObject({ short: localizedTextSchema, technical: localizedTextSchema.optional() }),
  source: sourceDocumentSchema.optional(),
});

export const colourSchema = z.strictObject({
  name: nonEmpty.optional(),
  hex: z.string().regex(/^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$/, 'must be #RGB or #RRGGBB'),
  rgb: z.tuple([byte, byte, byte]),
  cmyk: z.tuple([percent, percent, percent, percent]).optional(),
});

export const assetSchema = z.strictObject({
  id: idSchema,
  kind: z.enum(['logo', 'emblem', 'image', 'template', 'other']),
  name: localizedTextSchema,
  file: nonEmpty.optional(),
  note: nonEmpty.optional(),
});

export const templateSchema = z.strictObject({
  id: idSchema,
  name: localizedTextSchema,
  file: nonEmpty.optional(),
});

export const identitySchema = z.strictObject({
  long_name: nonEmpty,
  canonical_names: list(nonEmpty).min(1),
  forbidden_variants: list(nonEmpty).default([]),
  logo_concept: list(localizedTextSchema).default([]),
  palette: list(colourSchema).default([]),
  assets: list(assetSchema).default([]),
  /** Verbatim acknowledgement text every material must carry. */
  funding_acknowledgement: localizedTextSchema,
  /** Asset ids that every material must display. */
  required_emblems: list(idSchema).default([]),
  templates: list(templateSchema).default([]),
  templates_location: nonEmpty.optional(),
});

// ---------------------------------------------------------------------------
// Partners and work packages
// ---------------------------------------------------------------------------

export const channelKindSchema = z.enum(CHANNEL_KINDS);

export const partnerChannelSchema = z.strictObject({
  kind: channelKindSchema,
  url: urlSchema.optional(),
  note: nonEmpty.optional(),
});

export const partnerSchema = z.strictObject({
  number: z.number().int().min(1),
  code: partnerCodeSchema,
  name: localizedTextSchema,
  country: countrySchema,
  region: z.union([z.enum(['EU', 'JP']), nonEmpty]),
  kind: z.enum(PARTNER_KINDS),
  sector: z.enum(SECTORS),
  aliases: list(nonEmpty).default([]),
  channels: list(partnerChannelSchema).default([]),
});

export const deliverableSchema = z.strictObject({
  code: nonEmpty,
  title: nonEmpty,
  due_month: monthSchema,
  dissemination_level: z.enum(['PU', 'CO', 'CI', 'SEN']),
  type: nonEmpty.optional(),
  /** Units a KPI counts that this deliverable plans to produce (e.g. a contest deliverable plans 1 contest). */
  plans: list(z.strictObject({ kpi: idSchema, count: z.number().int().min(0) })).default([]),
});

export const workPackageSchema = z.strictObject({
  code: nonEmpty,
  title: localizedTextSchema,
  key_elements: list(localizedTextSchema).default([]),
  deliverables: list(deliverableSchema).default([]),
});

// ---------------------------------------------------------------------------
// Audiences and messages
// ---------------------------------------------------------------------------

export const audienceSchema = z.strictObject({
  id: idSchema,
  name: localizedTextSchema,
  who: localizedTextSchema,
  benefit: localizedTextSchema,
  channels: list(localizedTextSchema).default([]),
  /** The funder's audience vocabulary this audience maps to (verbatim strings). */
  funder_audiences: list(nonEmpty).default([]),
});

export const keyMessageSchema = z.strictObject({
  id: idSchema,
  audience: z.enum(['general', 'technical']),
  text: localizedTextSchema,
});

// ---------------------------------------------------------------------------
// Channels, website, cadence, materials
// ---------------------------------------------------------------------------

export const projectChannelSchema = z.strictObject({
  id: idSchema,
  kind: channelKindSchema,
  handle: nonEmpty.optional(),
  url: urlSchema,
  /** Other spellings of the same URL found in the source document. */
  aliases: list(urlSchema).default([]),
  label: localizedTextSchema,
  responsible: list(partnerCodeSchema).default([]),
  note: nonEmpty.optional(),
});

/** An IANA time zone name (`Europe/London`, `UTC`) this runtime knows. */
export const timeZoneSchema = z.string().refine(
  (v) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: v });
      return v.length > 0;
    } catch {
      return false;
    }
  },
  { message: 'must be an IANA time zone such as Europe/London or UTC' },
);

/** `[from, to]`: from `from`:00 to before `to`:00 in the strategy's time zone (0 ≤ from < to ≤ 24). */
const hourRangeSchema = z
  .tuple([z.number().int().min(0).max(23), z.number().int().min(1).max(24)])
  .refine(([from, to]) => from < to, { message: 'must be [from, to] with from before to' });

export const bestTimeSchema = z.strictObject({
  channel_kind: channelKindSchema,
  time: localizedTextSchema,
  /** The same time as machine-readable hours, which the social calendar checks posts against. */
  hours: hourRangeSchema.optional(),
});

export const socialStrategySchema = z.strictObject({
  frequency: localizedTextSchema,
  posts_per_week: z.number().min(0).optional(),
  /** The time zone of `best_times[].hours` and of the social calendar (default UTC). */
  timezone: timeZoneSchema.optional(),
  best_times: z.array(bestTimeSchema).default([]),
  /** Every planned post should carry an image (the calendar warns about one without). Default false. */
  requires_image: z.boolean().optional(),
  hashtags: list(z.string().regex(/^#\w+$/, 'must be a #hashtag')).default([]),
  suggested_hashtags: list(z.string().regex(/^#\w+$/, 'must be a #hashtag')).default([]),
  tagging_rule: localizedTextSchema.optional(),
  image_rule: localizedTextSchema.optional(),
  content_rule: localizedTextSchema.optional(),
  channel_choice: localizedTextSchema.optional(),
  guide: localizedTextSchema.optional(),
});

export const WEBSITE_FEATURES = [
  'newsletter_subscription',
  'news',
  'public_deliverables',
  'scientific_papers',
  'communication_documents',
  'events',
] as const;

export const websiteSchema = z.strictObject({
  url: urlSchema,
  languages: list(z.enum(SUPPORTED_LANGUAGES)).min(1),
  deliverable: nonEmpty.optional(),
  maintained_after_end_months: z.number().int().min(0).optional(),
  features: list(z.enum(WEBSITE_FEATURES)).default([]),
  purpose: localizedTextSchema.optional(),
  /**
   * The project opts in to its public site served by Herald (src/site): `/site/<project>/<lang>/…`, and on its own
   * host name when the instance maps one to it (HERALD_SITE_HOSTS). Absent or false: every site address is a 404.
   */
  public: z.boolean().optional(),
});

export const cadenceSchema = z.strictObject({
  kind: z.enum(ACTIVITY_KINDS),
  per_year: z.number().min(0).optional(),
  total: z.number().int().min(0).optional(),
  /** True when the total is an estimate ("estimation of 6"). */
  estimated: z.boolean().default(false),
  text: localizedTextSchema.optional(),
  note: nonEmpty.optional(),
});

export const promotionalMaterialSchema = z.strictObject({
  id: idSchema,
  name: localizedTextSchema,
  format: nonEmpty.optional(),
  purpose: localizedTextSchema,
  timeline_item: idSchema.optional(),
});

export const otherChannelSchema = z.strictObject({
  partner: partnerCodeSchema,
  text: localizedTextSchema,
  channels: list(localizedTextSchema).default([]),
});

// ---------------------------------------------------------------------------
// Events, publications, synergies
// ---------------------------------------------------------------------------

export const eventTypeSchema = z.strictObject({
  id: idSchema,
  category: z.enum(['external', 'internal']),
  label: localizedTextSchema,
  event_kinds: list(z.enum(EVENT_KINDS)).default([]),
  roles: list(z.enum(EVENT_ROLES)).default([]),
});

export const plannedEventSchema = z.strictObject({
  id: idSchema,
  name: localizedTextSchema,
  city: nonEmpty,
  country: countrySchema,
  start_date: isoDateSchema,
  end_date: isoDateSchema.optional(),
  date_precision: z.enum(['day', 'month']).default('day'),
  partners: list(partnerCodeSchema).min(1),
  website: urlSchema.optional(),
  note: nonEmpty.optional(),
});

export const eventsSchema = z.strictObject({
  videos: localizedTextSchema.optional(),
  types: list(eventTypeSchema).default([]),
  planned: list(plannedEventSchema).default([]),
  planned_note: localizedTextSchema.optional(),
});

export const publicationsSchema = z.strictObject({
  policy: localizedTextSchema,
  open_access_routes: list(z.enum(['gold', 'green'])).default([]),
  /**
   * The project's publications are social sciences and humanities: the H2020 green embargo may then last 12
   * months instead of 6 (report pre-flight).
   */
  social_sciences_humanities: z.boolean().optional(),
  /**
   * Venues (ISSN `NNNN-NNNN` or the journal's name) known to be subscription or hybrid: a publication there marked
   * `gold` is a pre-flight error (gold means a fully open venue).
   */
  subscription_venues: list(nonEmpty).optional(),
});

export const standardBodySchema = z
  .strictObject({
    id: idSchema,
    name: nonEmpty,
    description: localizedTextSchema,
    partners: list(partnerCodeSchema).min(1),
    involvement: localizedTextSchema,
    website: urlSchema.optional(),
    inferred: z.boolean().default(false),
    inference_note: nonEmpty.optional(),
  })
  .refine((b) => !b.inferred || b.inference_note !== undefined, {
    message: 'an inferred standard body needs an inference_note',
    path: ['inference_note'],
  });

export const synergiesSchema = z.strictObject({
  initiatives: localizedTextSchema,
  communication_kit: localizedTextSchema.optional(),
  standardisation: localizedTextSchema.optional(),
  standard_bodies: list(standardBodySchema).default([]),
});

// ---------------------------------------------------------------------------
// Action plan: responsibilities, partner actions, timeline
// ---------------------------------------------------------------------------

export const responsibilitySchema = z.strictObject({
  number: z.number().int().min(1),
  group: z.enum(['online_communication', 'events', 'publications', 'other']),
  text: localizedTextSchema,
  /** The tracking record this action produces, if any. */
  record_type: z.enum(RECORD_TYPES).optional(),
});

export const partnerActionSchema = z.strictObject({
  section: nonEmpty,
  title: nonEmpty.optional(),
  text: localizedTextSchema,
});

export const TIMELINE_KINDS = [
  'promotional_material',
  'press_release',
  'newsletter',
  'software',
  'scientific_paper',
  'white_paper',
  'tutorial',
  'event',
  'deliverable',
  'other',
] as const;

export const timelineItemSchema = z
  .strictObject({
    id: idSchema,
    label: localizedTextSchema,
    kind: z.enum(TIMELINE_KINDS).optional(),
    responsible: list(partnerCodeSchema).default([]),
    /** The source's literal "Main respons." cell. */
    responsible_text: nonEmpty.optional(),
    months: list(monthSchema).default([]),
    estimated: z.boolean().default(false),
    estimate_reason: nonEmpty.optional(),
  })
  .refine((t) => !t.estimated || t.estimate_reason !== undefined, {
    message: 'an estimated timeline row needs an estimate_reason',
    path: ['estimate_reason'],
  });

// ---------------------------------------------------------------------------
// KPIs: measures and filters (evaluated later in SQL by the KPI engine)
// ---------------------------------------------------------------------------

/** A value a condition compares with. */
const scalarText = noControlChars(z.string().max(PLAN_NAME_MAX), true);
const scalarSchema = z.union([scalarText, z.number(), z.boolean()]);
export type Scalar = z.infer<typeof scalarSchema>;

export const operatorConditionSchema = z
  .strictObject({
    eq: scalarSchema.optional(),
    ne: scalarSchema.optional(),
    in: list(scalarSchema).min(1).optional(),
    not_in: list(scalarSchema).min(1).optional(),
    gt: z.union([z.number(), scalarText]).optional(),
    gte: z.union([z.number(), scalarText]).optional(),
    lt: z.union([z.number(), scalarText]).optional(),
    lte: z.union([z.number(), scalarText]).optional(),
    between: z.union([z.tuple([z.number(), z.number()]), z.tuple([scalarText, scalarText])]).optional(),
    contains: scalarSchema.optional(),
    contains_any: list(scalarSchema).min(1).optional(),
    exists: z.boolean().optional(),
  })
  .refine((c) => Object.values(c).some((v) => v !== undefined), {
    message: 'a condition needs at least one operator',
  });
export type OperatorCondition = z.infer<typeof operatorConditionSchema>;

/** scalar = equals, array = in, object = operators. */
export const conditionSchema = z.union([scalarSchema, list(scalarSchema).min(1), operatorConditionSchema]);
export type Condition = z.infer<typeof conditionSchema>;

export const fieldNameSchema = z.string().regex(/^[a-z_][a-z0-9_]*$/, 'must be a snake_case field name');
export const filterSchema = z.record(fieldNameSchema, conditionSchema);
export type Filter = z.infer<typeof filterSchema>;

const recordTypeSchema = z.enum(RECORD_TYPES);

export const measureSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('count'), record: recordTypeSchema, where: filterSchema.optional() }),
  z.strictObject({
    kind: z.literal('sum'),
    record: recordTypeSchema,
    field: fieldNameSchema,
    where: filterSchema.optional(),
  }),
  z.strictObject({
    kind: z.literal('count_distinct'),
    record: recordTypeSchema,
    field: fieldNameSchema,
    where: filterSchema.optional(),
  }),
  /** Latest snapshot per channel, summed over channels. */
  z.strictObject({
    kind: z.literal('latest_sum'),
    record: z.literal('metric'),
    where: filterSchema.optional(),
  }),
  /** A value entered by hand, with evidence. */
  z.strictObject({ kind: z.literal('manual'), evidence_required: z.boolean() }),
]);
export type Measure = z.infer<typeof measureSchema>;
export type MeasureKind = Measure['kind'];

export const comparatorSchema = z.enum(['>=', '>']);
export type Comparator = z.infer<typeof comparatorSchema>;

export const kpiPartSchema = z.strictObject({
  id: idSchema,
  label: localizedTextSchema,
  target: z.number().min(0),
  comparator: comparatorSchema.default('>='),
  /** Added to the KPI measure's filter. */
  where: filterSchema,
});

export const kpiSchema = z.strictObject({
  id: idSchema,
  label: localizedTextSchema,
  target: z.number().min(0),
  comparator: comparatorSchema.default('>='),
  unit: nonEmpty.optional(),
  /** The source's literal target cell, e.g. "15 incl. 5 joint (EU/JP)". */
  target_text: nonEmpty,
  note: nonEmpty.optional(),
  measure: measureSchema,
  parts: list(kpiPartSchema).default([]),
  period: z.strictObject({ from_month: monthSchema.optional(), to_month: monthSchema.optional() }).optional(),
});

// ---------------------------------------------------------------------------
// Harvesting (OAI-PMH for repositories and OpenAIRE)
// ---------------------------------------------------------------------------

/** A person the project may name in harvested metadata: only with `consent: true`, given by them or recorded by the coordinator. */
export const harvestPersonSchema = z.strictObject({
  id: idSchema,
  /** The name as it appears in publications' author lists (matched to authors case- and space-insensitively). */
  name: nonEmpty,
  family_names: nonEmpty.optional(),
  first_names: nonEmpty.optional(),
  orcid: z
    .string()
    .regex(/^\d{4}-\d{4}-\d{4}-\d{3}[\dX]$/, 'must be an ORCID iD such as 0000-0002-1825-0097')
    .optional(),
  partner: partnerCodeSchema.optional(),
  consent: z.boolean(),
});

export const harvestingSchema = z.strictObject({
  /** The project's OAI-PMH endpoint (`/p/<id>/oai`) answers only when this is true. */
  oai_pmh: z.boolean().default(false),
  /** The repository's contact (OAI-PMH Identify `adminEmail`); required when `oai_pmh` is true. */
  admin_email: z.email().optional(),
  people: list(harvestPersonSchema).default([]),
});

/**
 * The newsletter's subscription (src/newsletter): off unless `enabled`; the privacy notice a subscriber consents to,
 * versioned (the version is recorded with every consent, so a new text needs a new version).
 */
export const newsletterSchema = z.strictObject({
  enabled: z.boolean().default(false),
  privacy_notice: z
    .strictObject({
      version: noControlChars(z.string().trim().min(1).max(PLAN_CODE_MAX)),
      en: prose,
      ja: prose.optional(),
    })
    .optional(),
});

/** Who a reminder goes to: the project's coordinators, or the editors of each partner concerned. */
const reminderAudience = list(z.enum(['coordinators', 'editors'])).min(1);
/** The language of a reminder: each recipient's own (default), or one language for everybody. */
const reminderLanguage = z.enum(['recipient', ...SUPPORTED_LANGUAGES]);

/**
 * The mail Herald sends on its own to keep the plan moving (src/reminders, the sign-off and digest use cases): each
 * kind with its cadence and audience. Off unless `enabled`; each kind can then be turned off alone. A reminder is due
 * on a day; it is sent on that day or, after downtime, within `grace_days` after it (never a burst of old ones).
 */
export const remindersSchema = z.strictObject({
  enabled: z.boolean().default(false),
  language: reminderLanguage.default('recipient'),
  /**
   * At most 28: a mail's idempotency key lives in the outbox, which keeps sent mail 30 days
   * (OUTBOX_RETENTION_DAYS); a longer grace would queue a mail again after its row was purged.
   */
  grace_days: z.number().int().min(0).max(28).default(7),
  /** "What did you do this month?" to each partner's editors, on this day of the month. */
  monthly_report: z
    .strictObject({
      enabled: z.boolean().default(true),
      day: z.number().int().min(1).max(28).default(25),
      to: reminderAudience.default(['editors']),
    })
    .prefault({}),
  /** Before deliverable and timeline due dates, these many days before. */
  due_dates: z
    .strictObject({
      enabled: z.boolean().default(true),
      days_before: list(z.number().int().min(0).max(365)).min(1).default([14, 3]),
      to: reminderAudience.default(['coordinators', 'editors']),
    })
    .prefault({}),
  /** A warning to the coordinators when a partner has reported nothing for this many months. */
  silent_partner: z
    .strictObject({
      enabled: z.boolean().default(true),
      months: z.number().int().min(1).max(24).default(3),
    })
    .prefault({}),
  /** Year-end collection: asks for the KPI status this many days before each collection period ends. */
  year_end: z
    .strictObject({
      enabled: z.boolean().default(true),
      days_before: z.number().int().min(0).max(90).default(14),
      to: reminderAudience.default(['coordinators', 'editors']),
    })
    .prefault({}),
  /** The period sign-off request to each partner's editors when a reporting period ends, repeated until signed. */
  signoff: z
    .strictObject({
      enabled: z.boolean().default(true),
      remind_every_days: z.number().int().min(1).max(90).default(7),
      /** The sign-off is due this many days after the period's end. */
      due_days: z.number().int().min(0).max(180).default(30),
    })
    .prefault({}),
  /** The KPI digest to the coordinators, and to editors who opt in. */
  digest: z
    .strictObject({
      enabled: z.boolean().default(true),
      every: z.enum(['weekly', 'monthly']).default('weekly'),
      /** Weekly: ISO weekday (1 = Monday). Monthly: the first day of the month. */
      weekday: z.number().int().min(1).max(7).default(1),
    })
    .prefault({}),
});

// ---------------------------------------------------------------------------
// Reporting and transcription notes
// ---------------------------------------------------------------------------

export const trackingTableSchema = z.strictObject({
  id: idSchema,
  name: localizedTextSchema,
  record_type: recordTypeSchema,
  frequency: z.enum(['continuous', 'monthly', 'quarterly', 'yearly']).default('continuous'),
  location: nonEmpty.optional(),
});

export const reportingSchema = z.strictObject({
  mandatory: z.boolean().default(true),
  responsible: list(partnerCodeSchema).default([]),
  tracking_tables: list(trackingTableSchema).default([]),
  /** KPI status collected every N months (12 = at the end of each project year). */
  kpi_collection_every_months: z.number().int().min(1).optional(),
  purposes: list(localizedTextSchema).default([]),
  method: localizedTextSchema.optional(),
  contact: localizedTextSchema.optional(),
});

export const transcriptionNoteSchema = z.strictObject({
  path: nonEmpty.optional(),
  kind: z.enum(['typo', 'inference', 'estimate', 'inconsistency', 'normalisation', 'omission']).optional(),
  note: nonEmpty,
});

// ---------------------------------------------------------------------------
// The plan
// ---------------------------------------------------------------------------

type Issue = { path: PropertyKey[]; message: string };
type Keyed = { key: string | number; path: PropertyKey[] };

/** `items` as keyed entries located at `base.<index>`. */
function keyed<T>(items: readonly T[], base: PropertyKey[], key: (item: T) => string | number): Keyed[] {
  return items.map((item, i) => ({ key: key(item), path: [...base, i] }));
}

/** An issue at `<entry>.<field>` for every entry whose key repeats an earlier entry's key. */
export function duplicateIssues(entries: readonly Keyed[], field: string): Issue[] {
  const first = new Map<string | number, Keyed>();
  const issues: Issue[] = [];
  for (const entry of entries) {
    const earlier = first.get(entry.key);
    if (earlier === undefined) first.set(entry.key, entry);
    else
      issues.push({
        path: [...entry.path, field],
        message: `duplicate ${field} "${String(entry.key)}" (first at ${[...earlier.path, field].join('.')})`,
      });
  }
  return issues;
}

const planObjectSchema = z.strictObject({
  schema_version: z.literal(1),
  project: projectSchema,
  identity: identitySchema.optional(),
  partners: list(partnerSchema).min(1),
  work_packages: list(workPackageSchema).default([]),
  audiences: list(audienceSchema).default([]),
  key_messages: list(keyMessageSchema).default([]),
  channels: list(projectChannelSchema).default([]),
  social_strategy: socialStrategySchema.optional(),
  website: websiteSchema.optional(),
  cadence: list(cadenceSchema).default([]),
  promotional_materials: list(promotionalMaterialSchema).default([]),
  other_channels: list(otherChannelSchema).default([]),
  events: eventsSchema.default({ types: [], planned: [] }),
  publications: publicationsSchema.optional(),
  synergies: synergiesSchema.optional(),
  responsibilities: list(responsibilitySchema).default([]),
  partner_actions: list(partnerActionSchema).default([]),
  timeline: list(timelineItemSchema).default([]),
  kpis: list(kpiSchema).default([]),
  reporting: reportingSchema.optional(),
  harvesting: harvestingSchema.optional(),
  newsletter: newsletterSchema.optional(),
  reminders: remindersSchema.optional(),
  transcription_notes: list(transcriptionNoteSchema).default([]),
});

type PlanShape = z.infer<typeof planObjectSchema>;

/** Every uniqueness rule of a plan, as located issues. */
export function planDuplicateIssues(plan: PlanShape): Issue[] {
  const byId = <T extends { id: string }>(items: readonly T[], base: PropertyKey[]) =>
    duplicateIssues(
      keyed(items, base, (t) => t.id),
      'id',
    );
  const deliverables = plan.work_packages.flatMap((wp, w) =>
    keyed(wp.deliverables, ['work_packages', w, 'deliverables'], (d) => d.code),
  );
  return [
    ...duplicateIssues(
      keyed(plan.partners, ['partners'], (p) => p.code),
      'code',
    ),
    ...duplicateIssues(
      keyed(plan.partners, ['partners'], (p) => p.number),
      'number',
    ),
    ...duplicateIssues(
      keyed(plan.work_packages, ['work_packages'], (w) => w.code),
      'code',
    ),
    ...duplicateIssues(deliverables, 'code'),
    ...byId(plan.audiences, ['audiences']),
    ...byId(plan.key_messages, ['key_messages']),
    ...byId(plan.channels, ['channels']),
    ...duplicateIssues(
      keyed(plan.cadence, ['cadence'], (c) => c.kind),
      'kind',
    ),
    ...byId(plan.promotional_materials, ['promotional_materials']),
    ...byId(plan.events.types, ['events', 'types']),
    ...byId(plan.events.planned, ['events', 'planned']),
    ...byId(plan.synergies?.standard_bodies ?? [], ['synergies', 'standard_bodies']),
    ...duplicateIssues(
      keyed(plan.responsibilities, ['responsibilities'], (r) => r.number),
      'number',
    ),
    ...byId(plan.timeline, ['timeline']),
    ...byId(plan.kpis, ['kpis']),
    ...plan.kpis.flatMap((k, i) => byId(k.parts, ['kpis', i, 'parts'])),
    ...byId(plan.identity?.assets ?? [], ['identity', 'assets']),
    ...byId(plan.identity?.templates ?? [], ['identity', 'templates']),
    ...byId(plan.reporting?.tracking_tables ?? [], ['reporting', 'tracking_tables']),
    ...byId(plan.harvesting?.people ?? [], ['harvesting', 'people']),
    ...(plan.harvesting?.people ?? []).flatMap((person, i) =>
      person.partner !== undefined && !plan.partners.some((p) => p.code === person.partner)
        ? [{ path: ['harvesting', 'people', i, 'partner'], message: `unknown partner "${person.partner}"` }]
        : [],
    ),
    ...(plan.harvesting?.oai_pmh && !plan.harvesting.admin_email
      ? [
          {
            path: ['harvesting', 'admin_email'],
            message: 'required when oai_pmh is true (the OAI-PMH adminEmail)',
          },
        ]
      : []),
    ...(plan.newsletter?.enabled && !plan.newsletter.privacy_notice
      ? [
          {
            path: ['newsletter', 'privacy_notice'],
            message: 'required when the newsletter is enabled (what subscribers consent to)',
          },
        ]
      : []),
  ];
}

export const planSchema = planObjectSchema.superRefine((plan, ctx) => {
  for (const issue of planDuplicateIssues(plan)) ctx.addIssue({ code: 'custom', ...issue });
});

export type Plan = z.infer<typeof planSchema>;
export type PlanInput = z.input<typeof planSchema>;
export type Project = Plan['project'];
export type Grant = z.infer<typeof grantSchema>;
export type Identity = z.infer<typeof identitySchema>;
export type Colour = z.infer<typeof colourSchema>;
export type Asset = z.infer<typeof assetSchema>;
export type Partner = z.infer<typeof partnerSchema>;
export type PartnerChannel = z.infer<typeof partnerChannelSchema>;
export type WorkPackage = z.infer<typeof workPackageSchema>;
export type Deliverable = z.infer<typeof deliverableSchema>;
export type Audience = z.infer<typeof audienceSchema>;
export type KeyMessage = z.infer<typeof keyMessageSchema>;
export type ProjectChannel = z.infer<typeof projectChannelSchema>;
export type SocialStrategy = z.infer<typeof socialStrategySchema>;
export type Website = z.infer<typeof websiteSchema>;
export type Cadence = z.infer<typeof cadenceSchema>;
export type PromotionalMaterial = z.infer<typeof promotionalMaterialSchema>;
export type OtherChannel = z.infer<typeof otherChannelSchema>;
export type EventType = z.infer<typeof eventTypeSchema>;
export type PlannedEvent = z.infer<typeof plannedEventSchema>;
export type Events = z.infer<typeof eventsSchema>;
export type Publications = z.infer<typeof publicationsSchema>;
export type Synergies = z.infer<typeof synergiesSchema>;
export type StandardBody = z.infer<typeof standardBodySchema>;
export type Responsibility = z.infer<typeof responsibilitySchema>;
export type PartnerAction = z.infer<typeof partnerActionSchema>;
export type TimelineItem = z.infer<typeof timelineItemSchema>;
export type Kpi = z.infer<typeof kpiSchema>;
export type KpiPart = z.infer<typeof kpiPartSchema>;
export type TrackingTable = z.infer<typeof trackingTableSchema>;
export type Reporting = z.infer<typeof reportingSchema>;
export type Harvesting = z.infer<typeof harvestingSchema>;
export type Newsletter = z.infer<typeof newsletterSchema>;
export type Reminders = z.infer<typeof remindersSchema>;
export type HarvestPerson = z.infer<typeof harvestPersonSchema>;
export type TranscriptionNote = z.infer<typeof transcriptionNoteSchema>;
