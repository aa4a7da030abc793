/** Project-context checks of a record: partners and aliases, funder vocabulary, project period, plan codes. */
import type { RecordType } from '../plan/schema';
import { audiencesFor } from './vocabularies';
import { findValue } from './cells';
import type { FunderVocabulary } from './vocabularies';

/** A problem located at a field path of a record. */
export interface FieldIssue {
  path: (string | number)[];
  /** English text. */
  message: string;
  /** i18n key and its params (see `src/i18n/validation-messages.ts`). */
  key?: string;
  params?: Record<string, string | number>;
}

/** What validation knows about the project. */
export interface ValidationContext {
  /** Partner code or alias → partner code; keys are matched case-insensitively. */
  partners: ReadonlyMap<string, string>;
  vocabulary: FunderVocabulary;
  /** ISO dates; activity, event and synergy dates must fall inside when given. */
  projectStart?: string;
  projectEnd?: string;
  /** Known plan codes: when given, `wp`, `deliverable`, `timeline_item` and `kpi` must be among them. */
  links?: {
    wp?: ReadonlySet<string>;
    deliverable?: ReadonlySet<string>;
    timeline_item?: ReadonlySet<string>;
    kpi?: ReadonlySet<string>;
  };
}

/** A record, or a record input not yet through the schema: fields of the wrong shape are left to the schema. */
type Loose = Record<string, unknown>;

const MAX_LISTED = 12;
const listed = (values: readonly string[]) =>
  values.length > MAX_LISTED ? `${values.slice(0, MAX_LISTED).join(', ')}, …` : values.join(', ');

const lowerMaps = new WeakMap<ReadonlyMap<string, string>, Map<string, string>>();

/** The partner map with lower-case keys (built once per map). */
function partnerLookup(partners: ReadonlyMap<string, string>): Map<string, string> {
  let lower = lowerMaps.get(partners);
  if (!lower) {
    lower = new Map([...partners].map(([k, v]) => [k.trim().toLowerCase(), v]));
    for (const code of partners.values()) lower.set(code.toLowerCase(), code);
    lowerMaps.set(partners, lower);
  }
  return lower;
}

/** Partner code or alias → code map from plan partners (`{ code, aliases }`), keys lower-case. */
export function partnerIndex(
  partners: readonly { code: string; aliases?: readonly string[] }[],
): Map<string, string> {
  const index = new Map<string, string>();
  for (const p of partners) {
    index.set(p.code.toLowerCase(), p.code);
    for (const alias of p.aliases ?? []) index.set(alias.toLowerCase(), p.code);
  }
  return index;
}

/**
 * Resolves partner aliases to codes and funder strings to their verbatim spelling, and reports what the project
 * does not know. Works on a parsed record (services) and on a raw input before the schema (imports: aliases such
 * as `University A` are not partner codes, so they must be resolved before the schema checks the code format).
 */
export function applyContext<R extends object>(
  type: RecordType,
  record: R,
  ctx: ValidationContext,
): { value: R; issues: FieldIssue[] } {
  const issues: FieldIssue[] = [];
  // Fields that change are replaced, never mutated: a shallow copy leaves `record` as it was.
  const value: Loose = { ...(record as Loose) };
  resolvePartners(value, ctx, issues);
  checkLinks(value, ctx, issues);
  checkPeriod(type, value, ctx, issues);
  if (type === 'activity') checkVocabulary(value, ctx, issues);
  return { value: value as R, issues };
}

const strings = (v: unknown): v is string[] => Array.isArray(v) && v.every((s) => typeof s === 'string');

function resolvePartners(value: Loose, ctx: ValidationContext, issues: FieldIssue[]): void {
  const lookup = partnerLookup(ctx.partners);
  const resolve = (code: string, path: (string | number)[]): string => {
    const found = lookup.get(code.trim().toLowerCase());
    if (found === undefined) {
      const known = listed([...new Set(ctx.partners.values())].sort());
      issues.push({
        path,
        message: `unknown partner "${code}" (known: ${known})`,
        key: 'validation.context.unknownPartner',
        params: { code, known },
      });
    }
    return found ?? code;
  };
  if (typeof value.lead_partner === 'string')
    value.lead_partner = resolve(value.lead_partner, ['lead_partner']);
  if (strings(value.partners))
    value.partners = [...new Set(value.partners.map((p, i) => resolve(p, ['partners', i])))];
  if (Array.isArray(value.authors))
    value.authors = value.authors.map((a: unknown, i) => {
      if (typeof a !== 'object' || a === null || !('partner' in a) || typeof a.partner !== 'string') return a;
      return { ...a, partner: resolve(a.partner, ['authors', i, 'partner']) };
    });
}

const LINK_NAMES = {
  wp: 'work package',
  deliverable: 'deliverable',
  timeline_item: 'timeline item',
  kpi: 'KPI',
};

function checkLinks(value: Loose, ctx: ValidationContext, issues: FieldIssue[]): void {
  for (const field of ['wp', 'deliverable', 'timeline_item', 'kpi'] as const) {
    const known = ctx.links?.[field];
    const given = value[field];
    if (known === undefined || typeof given !== 'string') continue;
    const match = [...known].find((k) => k.toLowerCase() === given.trim().toLowerCase());
    if (match !== undefined) value[field] = match;
    else {
      const names = listed([...known].sort());
      issues.push({
        path: [field],
        message: `unknown ${LINK_NAMES[field]} "${given}" (known: ${names})`,
        key: `validation.context.unknownLink.${field}`,
        params: { code: given, known: names },
      });
    }
  }
}

/** Fields that must fall inside the project period, per record type. */
const PERIOD_FIELDS: Partial<Record<RecordType, readonly string[]>> = {
  activity: ['start_date', 'end_date'],
  event: ['start_date', 'end_date'],
  synergy: ['date'],
};

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

function checkPeriod(type: RecordType, value: Loose, ctx: ValidationContext, issues: FieldIssue[]): void {
  for (const field of PERIOD_FIELDS[type] ?? []) {
    const date = value[field];
    if (typeof date !== 'string' || !ISO_DATE.test(date)) continue;
    if (ctx.projectStart !== undefined && date < ctx.projectStart)
      issues.push({
        path: [field],
        message: `${date} is before the project start (${ctx.projectStart})`,
        key: 'validation.context.beforeStart',
        params: { date, start: ctx.projectStart },
      });
    else if (ctx.projectEnd !== undefined && date > ctx.projectEnd)
      issues.push({
        path: [field],
        message: `${date} is after the project end (${ctx.projectEnd})`,
        key: 'validation.context.afterEnd',
        params: { date, end: ctx.projectEnd },
      });
  }
}

/** Checks an activity's type, audiences and channels against the funder vocabulary; fixes their spelling. */
function checkVocabulary(value: Loose, ctx: ValidationContext, issues: FieldIssue[]): void {
  const v = ctx.vocabulary;
  const programme = v.programme.replace('_', ' ');
  const category = value.category === 'dissemination' ? 'dissemination' : 'communication';
  const audiences = audiencesFor(v, category);
  if (typeof value.type === 'string') {
    const type = findValue(value.type, v.activityTypes);
    if (type === undefined)
      issues.push({
        path: ['type'],
        message: `"${value.type}" is not a ${programme} activity type (allowed: ${v.activityTypes.join('; ')})`,
        key: 'validation.context.activityType',
        params: { input: value.type, programme, allowed: v.activityTypes.join('; ') },
      });
    else value.type = type;
  }
  const fix = (field: 'audiences' | 'channels', allowed: readonly string[], what: string, key: string) => {
    const items = value[field];
    if (!strings(items)) return;
    value[field] = items.map((item, i) => {
      const found = findValue(item, allowed);
      if (found === undefined)
        issues.push({
          path: [field, i],
          message: `"${item}" is not a ${programme} ${what} (allowed: ${allowed.join('; ')})`,
          key,
          params: { input: item, programme, allowed: allowed.join('; ') },
        });
      return found ?? item;
    });
  };
  fix('audiences', audiences, `${category} audience`, `validation.context.audience.${category}`);
  fix('channels', v.channels, 'communication channel', 'validation.context.channel');
  const reach = value.reach_by_audience;
  if (typeof reach === 'object' && reach !== null && !Array.isArray(reach))
    value.reach_by_audience = Object.fromEntries(
      Object.entries(reach).map(([k, n]) => [findValue(k, audiences) ?? k, n]),
    );
}
