/** The pre-flight's vocabulary: rules, findings, the context every rule gets, and the record links of findings. */
import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db/client';
import { RECORD_SOURCES } from '../kpi/fields';
import type { Plan, RecordType } from '../plan/schema';
import { KIND_SLUGS, type RecordKind } from '../records/kinds';
import type { ReportPeriod } from './model';

export const PREFLIGHT_RULES = [
  'mandatory',
  'evidence',
  'oa_unknown',
  'gold_not_open',
  'oa_programme',
  'doi',
  'final_report',
  'signoff',
] as const;
export type PreflightRule = (typeof PREFLIGHT_RULES)[number];
export type Severity = 'error' | 'warning';

export interface PreflightFinding {
  rule: PreflightRule;
  severity: Severity;
  /** The record's kind, or `project` for a finding about the whole period (no record to open). */
  kind: RecordKind | 'project';
  recordId: string | null;
  /** The record's title or name, as stored. */
  label: string | null;
  field?: string;
  /** i18n key (preflight-messages.ts) and its parameters. */
  messageKey: string;
  params: Record<string, string | number>;
  /** Where to fix it: the record's edit page, or the list to add one to. */
  href: string;
}

/** What every rule gets: the period, the programme's name as the vocabularies spell it, and whether it is final. */
export interface RuleContext {
  db: Db;
  projectId: string;
  plan: Plan;
  period: ReportPeriod;
  /** `H2020` | `HORIZON_EUROPE`. */
  programme: string;
  /** The period ends at (or after) the project's end: the final report. */
  final: boolean;
}

export type Rule = (ctx: RuleContext) => Promise<PreflightFinding[]>;

export const recordHref = (projectId: string, kind: RecordKind, id: string): string =>
  `/p/${projectId}/records/${KIND_SLUGS[kind]}/${id}/edit`;

/** A finding about a record (the rule's severity comes with the rule). */
export function recordFinding(
  ctx: RuleContext,
  f: Omit<PreflightFinding, 'href' | 'params'> & { params?: PreflightFinding['params']; href?: string },
): PreflightFinding {
  const href =
    f.href ??
    (f.kind === 'project' || f.recordId === null
      ? `/p/${ctx.projectId}/records`
      : recordHref(ctx.projectId, f.kind, f.recordId));
  return { ...f, params: f.params ?? {}, href };
}

/** The period condition of a record type: its placing date (src/kpi/fields.ts) within [from, to]. */
export function inPeriod(ctx: RuleContext, kind: RecordType): SQL {
  const date = RECORD_SOURCES[kind].date(ctx.plan.project.start_date);
  return sql`${date} BETWEEN ${ctx.period.from}::date AND ${ctx.period.to}::date`;
}
