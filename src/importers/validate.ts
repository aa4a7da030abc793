/** Validates candidate rows: the record schema, then the project context (partners, funder vocabulary, dates, codes). */
import type { z } from 'zod';
import type { RecordType } from '../plan/schema';
import {
  recordSchemas,
  type Activity,
  type AnyRecord,
  type Publication,
  type RecordOutputs,
} from '../records/schema';
import { audiencesFor } from '../records/vocabularies';
import { normaliseName } from './cells';
import type { CandidateRow, RowError, ValidationContext } from './types';

/** A candidate row after validation: `value` is set exactly when `errors` is empty. */
export interface ValidatedRow<T> {
  row: number;
  line?: number;
  file?: string;
  input: Record<string, unknown>;
  value?: T;
  errors: RowError[];
}

/** A problem located at a field path of a record. */
export interface FieldIssue {
  path: (string | number)[];
  message: string;
}

// ---------------------------------------------------------------------------
// Project context
// ---------------------------------------------------------------------------

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

/** Partner code or alias → code map from plan partners (`{ code, aliases }`). */
export function partnerIndex(partners: readonly { code: string; aliases?: readonly string[] }[]): Map<string, string> {
  const index = new Map<string, string>();
  for (const p of partners) {
    index.set(p.code.toLowerCase(), p.code);
    for (const alias of p.aliases ?? []) index.set(alias.toLowerCase(), p.code);
  }
  return index;
}

/** Resolves partner codes and funder strings to their canonical spelling; reports what the project does not know. */
export function applyContext<T extends RecordType>(
  type: T,
  record: RecordOutputs[T],
  ctx: ValidationContext,
): { value: RecordOutputs[T]; issues: FieldIssue[] } {
  const issues: FieldIssue[] = [];
  const value = structuredClone(record) as AnyRecord;
  resolvePartners(value, ctx, issues);
  checkLinks(value, ctx, issues);
  checkPeriod(type, value, ctx, issues);
  if (type === 'activity') checkVocabulary(value as Activity, ctx, issues);
  return { value: value as RecordOutputs[T], issues };
}

function resolvePartners(value: AnyRecord, ctx: ValidationContext, issues: FieldIssue[]): void {
  const lookup = partnerLookup(ctx.partners);
  const known = () => listed([...new Set(ctx.partners.values())].sort());
  const resolve = (code: string, path: (string | number)[]): string => {
    const found = lookup.get(code.trim().toLowerCase());
    if (found === undefined) issues.push({ path, message: `unknown partner "${code}" (known: ${known()})` });
    return found ?? code;
  };
  value.lead_partner = resolve(value.lead_partner, ['lead_partner']);
  value.partners = [...new Set(value.partners.map((p, i) => resolve(p, ['partners', i])))];
  if ('authors' in value)
    (value as Publication).authors.forEach((a, i) => {
      if (a.partner !== undefined) a.partner = resolve(a.partner, ['authors', i, 'partner']);
    });
}

const LINK_NAMES = { wp: 'work package', deliverable: 'deliverable', timeline_item: 'timeline item', kpi: 'KPI' };

function checkLinks(value: AnyRecord, ctx: ValidationContext, issues: FieldIssue[]): void {
  for (const field of ['wp', 'deliverable', 'timeline_item', 'kpi'] as const) {
    const known = ctx.links?.[field];
    const given = value[field];
    if (known === undefined || given === undefined) continue;
    const match = [...known].find((k) => k.toLowerCase() === given.toLowerCase());
    if (match !== undefined) value[field] = match;
    else
      issues.push({
        path: [field],
        message: `unknown ${LINK_NAMES[field]} "${given}" (known: ${listed([...known].sort())})`,
      });
  }
}

/** Fields that must fall inside the project period, per record type. */
const PERIOD_FIELDS: Partial<Record<RecordType, readonly string[]>> = {
  activity: ['date', 'end_date'],
  event: ['start_date', 'end_date'],
  synergy: ['date'],
};

function checkPeriod(type: RecordType, value: AnyRecord, ctx: ValidationContext, issues: FieldIssue[]): void {
  const fields = PERIOD_FIELDS[type] ?? [];
  const dates = value as unknown as Record<string, string | undefined>;
  for (const field of fields) {
    const date = dates[field];
    if (date === undefined) continue;
    if (ctx.projectStart !== undefined && date < ctx.projectStart)
      issues.push({ path: [field], message: `${date} is before the project start (${ctx.projectStart})` });
    else if (ctx.projectEnd !== undefined && date > ctx.projectEnd)
      issues.push({ path: [field], message: `${date} is after the project end (${ctx.projectEnd})` });
  }
}

/** The verbatim vocabulary string `text` names (ignoring case and punctuation), or undefined. */
function canonical(text: string, values: readonly string[]): string | undefined {
  const wanted = normaliseName(text);
  return values.find((v) => normaliseName(v) === wanted);
}

/** Checks an activity's type, audiences and channels against the funder vocabulary; fixes their spelling. */
export function checkVocabulary(value: Activity, ctx: ValidationContext, issues: FieldIssue[]): void {
  const v = ctx.vocabulary;
  const programme = v.programme.replace('_', ' ');
  const type = canonical(value.type, v.activityTypes);
  if (type === undefined)
    issues.push({
      path: ['type'],
      message: `"${value.type}" is not a ${programme} activity type (allowed: ${v.activityTypes.join('; ')})`,
    });
  else value.type = type;
  const audiences = audiencesFor(v, value.category);
  const fix = (field: 'audiences' | 'channels', allowed: readonly string[], what: string) => {
    value[field] = value[field].map((item, i) => {
      const found = canonical(item, allowed);
      if (found === undefined)
        issues.push({ path: [field, i], message: `"${item}" is not a ${programme} ${what} (allowed: ${allowed.join('; ')})` });
      return found ?? item;
    });
  };
  fix('audiences', audiences, `${value.category} audience`);
  fix('channels', v.channels, 'communication channel');
  if (value.reach_by_audience)
    value.reach_by_audience = Object.fromEntries(
      Object.entries(value.reach_by_audience).map(([k, n]) => [canonical(k, audiences) ?? k, n]),
    );
}

// ---------------------------------------------------------------------------
// Zod issues → row errors
// ---------------------------------------------------------------------------

const shown = (input: unknown) => (typeof input === 'string' ? `"${input}"` : JSON.stringify(input));

/** A readable message for one zod issue (zod's own message when nothing better is known). */
export function issueMessage(issue: z.core.$ZodIssue): string {
  const input = (issue as { input?: unknown }).input;
  switch (issue.code) {
    case 'invalid_type':
      return input === undefined ? 'a value is required' : `${shown(input)} is not a ${issue.expected}`;
    case 'invalid_value':
      return `${shown(input)} is not one of: ${issue.values.map(String).join(', ')}`;
    case 'invalid_format':
      if (issue.format === 'date') return `${shown(input)} is not a date (expected YYYY-MM-DD)`;
      return input === undefined ? issue.message : `${shown(input)}: ${issue.message}`;
    case 'unrecognized_keys':
      return `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
    case 'too_small':
    case 'too_big':
      return input === undefined || Array.isArray(input) ? issue.message : `${shown(input)}: ${issue.message}`;
    default:
      return issue.message;
  }
}

/** `authors.1.partner` → `author 2, partner: `; `audiences.0` → ``. */
function nestedPrefix(path: readonly PropertyKey[]): string {
  const [field, index, sub] = path;
  if (field === 'authors' && typeof index === 'number')
    return `author ${index + 1}${sub !== undefined ? ` (${String(sub)})` : ''}: `;
  if (field === 'reach_by_audience' && typeof index === 'string') return `"${index}": `;
  return '';
}

function toRowError(candidate: CandidateRow, issue: FieldIssue | z.core.$ZodIssue, message: string): RowError {
  const field = String(issue.path[0] ?? '');
  const column = candidate.columns?.[field] ?? (field === '' ? undefined : field);
  const missingColumn =
    message === 'a value is required' && candidate.columns !== undefined && candidate.columns[field] === undefined;
  return {
    row: candidate.row,
    ...(candidate.line !== undefined ? { line: candidate.line } : {}),
    ...(candidate.file !== undefined ? { file: candidate.file } : {}),
    ...(column !== undefined ? { column } : {}),
    message:
      nestedPrefix(issue.path) +
      (missingColumn ? `a value is required (the file has no "${field}" column: add one or set an import default)` : message),
  };
}

// ---------------------------------------------------------------------------
// Entry points
// ---------------------------------------------------------------------------

/** Validates one candidate row. */
export function validateRow<T extends RecordType>(
  candidate: CandidateRow,
  type: T,
  ctx: ValidationContext,
): ValidatedRow<RecordOutputs[T]> {
  const base = {
    row: candidate.row,
    ...(candidate.line !== undefined ? { line: candidate.line } : {}),
    ...(candidate.file !== undefined ? { file: candidate.file } : {}),
    input: candidate.input,
  };
  const errors = [...candidate.errors];
  const failedColumns = new Set(errors.map((e) => e.column));
  const parsed = recordSchemas[type].safeParse(candidate.input, { reportInput: true });
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const error = toRowError(candidate, issue, issueMessage(issue));
      if (!failedColumns.has(error.column)) errors.push(error);
    }
    return { ...base, errors };
  }
  const { value, issues } = applyContext(type, parsed.data as RecordOutputs[T], ctx);
  errors.push(...issues.map((issue) => toRowError(candidate, issue, issue.message)));
  return errors.length > 0 ? { ...base, errors } : { ...base, value, errors };
}

/** Validates a batch of candidate rows. */
export function validateBatch<T extends RecordType>(
  batch: readonly CandidateRow[],
  type: T,
  ctx: ValidationContext,
): ValidatedRow<RecordOutputs[T]>[] {
  return batch.map((row) => validateRow(row, type, ctx));
}

/** Validates a stream of candidate batches, batch by batch (memory stays at one batch). */
export async function* validateRows<T extends RecordType>(
  batches: AsyncIterable<CandidateRow[]> | Iterable<CandidateRow[]>,
  type: T,
  ctx: ValidationContext,
): AsyncGenerator<ValidatedRow<RecordOutputs[T]>[]> {
  for await (const batch of batches) yield validateBatch(batch, type, ctx);
}
