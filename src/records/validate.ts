/**
 * Validation of one record input against its schema and its project (partners and aliases, plan codes, funder
 * vocabulary, dates), and the fields computed rather than typed (a publication's partners and joint flags).
 * Problems become one `validation` AppError whose details name each field, so forms show them beside it.
 */
import type { z } from 'zod';
import { AppError, type ErrorDetail } from '../errors';
import { systemClock, type Clock } from '../lib/clock';
import { applyContext, type FieldIssue } from './apply-context';
import { issueMessage } from './issue-message';
import { issueKey } from '../i18n/zod';
import type { RecordContext } from './context';
import { isRecordType, kindSchemas, type KindOutputs, type RecordKind } from './kinds';
import { precisionOf } from './dates';
import type { Author } from './schema';

type Data = Record<string, unknown>;

/** What the joint flags read of a partner. */
export interface PartnerTraits {
  region: string;
  sector: string;
}

const pathText = (path: readonly PropertyKey[]): string => path.map(String).join('.');

export function validationError(details: ErrorDetail[]): AppError {
  return new AppError({
    code: 'validation',
    status: 422,
    message: `The record is not valid: ${details.map((d) => `${d.path ?? ''}: ${d.message}`).join('; ')}`,
    messageKey: 'records.error.validation',
    details,
  });
}

/** A context or reason issue as a detail, with its i18n key when it has one. */
const issueDetail = (i: FieldIssue): ErrorDetail => ({
  path: pathText(i.path),
  message: i.message,
  ...(i.key !== undefined ? { key: i.key, params: i.params ?? {} } : {}),
});

/**
 * Checks no schema makes: a snapshot or a manual value cannot be dated after `today` (the clock's day); publication
 * years in reason.
 */
export function reasonIssues(kind: RecordKind, data: Data, ctx: RecordContext, today: string): FieldIssue[] {
  const issues: FieldIssue[] = [];
  if ((kind === 'metric' || kind === 'kpi_value') && typeof data.date === 'string' && data.date > today)
    issues.push({
      path: ['date'],
      message: `${data.date} is in the future: a value is measured, not planned`,
      key: 'validation.record.future',
      params: { date: data.date },
    });
  if (kind === 'publication' && typeof data.year === 'number') {
    const first = Number(ctx.plan.project.start_date.slice(0, 4)) - 2;
    const last = Number((ctx.validation.projectEnd ?? '9999').slice(0, 4)) + 5;
    if (data.year < first || data.year > last)
      issues.push({
        path: ['year'],
        message: `${data.year} is far from the project (${first}–${last})`,
        key: 'validation.record.yearFar',
        params: { year: String(data.year), first: String(first), last: String(last) },
      });
  }
  if (kind === 'kpi_value' && typeof data.kpi_code === 'string') {
    const kpi = ctx.manualKpis.get(data.kpi_code);
    const known = [...ctx.manualKpis.keys()].join(', ') || 'none';
    if (!kpi)
      issues.push({
        path: ['kpi_code'],
        message: `"${data.kpi_code}" is not a KPI entered by hand (manual KPIs: ${known})`,
        key: 'validation.record.notManualKpi',
        params: { code: data.kpi_code, known },
      });
    else if (kpi.measure.kind === 'manual' && kpi.measure.evidence_required && !data.evidence)
      issues.push({
        path: ['evidence'],
        message: 'this KPI needs evidence for each value',
        key: 'validation.record.evidence',
      });
  }
  return issues;
}

/** Partners of a publication: the authors' partners other than the lead, in author order. */
export function publicationPartners(lead: string, authors: readonly Author[]): string[] {
  const codes = authors.map((a) => a.partner).filter((p): p is string => p !== undefined && p !== lead);
  return [...new Set(codes)];
}

/**
 * "Joint EU/JP" and "joint public/private" of a publication: whether the lead partner and the authors' partners
 * span both regions (EU and JP) and both sectors. Computed from the plan's partners, never typed.
 */
export function jointFlags(
  codes: readonly string[],
  partners: ReadonlyMap<string, PartnerTraits>,
): { joint_eu_jp: boolean; joint_public_private: boolean } {
  const known = codes.map((c) => partners.get(c)).filter((p) => p !== undefined);
  const regions = new Set(known.map((p) => p.region));
  const sectors = new Set(known.map((p) => p.sector));
  return {
    joint_eu_jp: regions.has('EU') && regions.has('JP'),
    joint_public_private: sectors.has('public') && sectors.has('private'),
  };
}

/** Adds the computed fields to validated data (a copy). */
export function withComputed(
  kind: RecordKind,
  data: Data,
  partners: ReadonlyMap<string, PartnerTraits>,
): Data {
  if (kind === 'kpi_value') return { ...data, evidence: data.evidence ?? '' };
  if (kind !== 'publication') return data;
  const lead = String(data.lead_partner);
  const others = publicationPartners(lead, (data.authors as Author[] | undefined) ?? []);
  return {
    ...data,
    // Known to the day with a date, to the year without one (the column's default would say `day`).
    date_precision: precisionOf(data as { date?: string; date_precision?: string }),
    partners: others,
    ...jointFlags([lead, ...others], partners),
  };
}

/**
 * Validates a record input of `kind` in its project and returns the stored data (schema output with the
 * computed fields). Throws a `validation` AppError (422) listing every problem with its field path.
 */
export function validateRecord<K extends RecordKind>(
  kind: K,
  input: unknown,
  ctx: RecordContext,
  opts: { clock?: Clock } = {},
): KindOutputs[K] & Data {
  if (typeof input !== 'object' || input === null || Array.isArray(input))
    throw validationError([
      { message: 'a record must be a JSON object', key: 'validation.record.notObject' },
    ]);
  // Resolve aliases and check plan codes and vocabulary first (aliases are not partner codes yet); for a manual
  // value only the partner part applies, which the metric rules give (no period, no vocabulary).
  const context = applyContext(isRecordType(kind) ? kind : 'metric', input as Data, ctx.validation);
  const details: ErrorDetail[] = context.issues.map(issueDetail);
  const contextPaths = new Set(details.map((d) => d.path));
  const schema: z.ZodType = kindSchemas[kind];
  const parsed = schema.safeParse(context.value, { reportInput: true });
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      if (issue.code === 'unrecognized_keys') {
        for (const key of issue.keys)
          details.push({
            path: pathText([...issue.path, key]),
            message: 'unknown field',
            key: 'validation.unknownField',
          });
        continue;
      }
      const path = pathText(issue.path);
      if (!contextPaths.has(path)) details.push({ path, message: issueMessage(issue), ...issueKey(issue) });
    }
    throw validationError(details);
  }
  const data = parsed.data as Data;
  details.push(...reasonIssues(kind, data, ctx, (opts.clock ?? systemClock).today()).map(issueDetail));
  if (details.length > 0) throw validationError(details);
  return withComputed(kind, data, ctx.partners) as KindOutputs[K] & Data;
}
