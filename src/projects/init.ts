/**
 * A new project in minutes (issue 24): initPlan makes a whole plan from a few facts (acronym, programme, grant,
 * start, duration, the pasted partner table, a size and the indicators) — the programme's grant label, DOI
 * (10.3030/<grant>), acknowledgement and audience vocabulary filled in, the KPIs from the indicator library — checked
 * exactly as `herald plan check` checks a file. No database: createProjectFromInit (init-service.ts) imports it.
 */
import { z } from 'zod';
import { AppError, type ErrorDetail } from '../errors';
import { coreIndicators, indicatorById } from '../plan/library/indicators';
import {
  acknowledgementText,
  DEFAULT_AUDIENCES,
  funderAudiences,
  grantDoi,
  grantLabel,
  INIT_PROGRAMMES,
} from '../plan/library/programmes';
import { PROJECT_SIZES, type Indicator, type ProjectSize } from '../plan/library/types';
import { SUPPORTED_LANGUAGES, type Kpi, type Plan, type PlanInput } from '../plan/schema';
import { checkCandidate } from './edit-check';
import { projectIdOf, slugify } from './diff';
import { parsePartnerTable } from './init-partners';

export interface InitInput {
  acronym: string;
  title?: string;
  programme: string;
  grant: string;
  /** YYYY-MM-DD, the first day of month 1. */
  start: string;
  durationMonths: number;
  /** The pasted partner table (TSV or CSV). */
  partners: string;
  size?: ProjectSize;
  /** Library indicator ids; default: the library's core set for the size. */
  indicators?: readonly string[];
  languages?: readonly string[];
}

/** The input's fields, in the order forms and the CLI show them (a detail's `path` is one of them). */
export const INIT_FIELDS = [
  'acronym',
  'title',
  'programme',
  'grant',
  'start',
  'months',
  'partners',
  'size',
  'indicators',
  'languages',
] as const;
export type InitField = (typeof INIT_FIELDS)[number];

export interface InitResult {
  plan: Plan;
  /** The plan as YAML: what `--out` writes and the import stores (its download gives it back). */
  yaml: string;
  projectId: string;
  warnings: ErrorDetail[];
}

const text = (max: number) => z.string().trim().min(1).max(max);
const fieldSchemas: Record<InitField, z.ZodType> = {
  acronym: text(50).refine(
    (a) => slugify(a) !== '',
    'needs letters or digits (the project id is made from them)',
  ),
  title: text(500).optional(),
  programme: z.enum(INIT_PROGRAMMES),
  grant: z
    .string()
    .trim()
    .regex(/^\d{4,12}$/, 'a grant agreement number (digits)'),
  start: z.iso.date(),
  months: z.number().int().min(1).max(240),
  partners: z.string(),
  size: z.enum(PROJECT_SIZES),
  indicators: z.array(z.string()).max(200),
  languages: z.array(z.enum(SUPPORTED_LANGUAGES)).min(1),
};

const fieldError = (field: InitField, message: string): ErrorDetail => ({
  path: field,
  message: `${field}: ${message}`,
  key: `init.error.${field}`,
});

function invalid(errors: ErrorDetail[]): AppError {
  return new AppError({
    code: 'validation',
    status: 422,
    message: `the new project is not valid: ${errors.map((e) => e.message).join('; ')}`,
    details: errors,
  });
}

function kpiOf(indicator: Indicator, size: ProjectSize): Kpi {
  const target = indicator.targets[size];
  const t = indicator.thresholds;
  return {
    id: indicator.id,
    label: { ...indicator.name },
    target,
    comparator: indicator.comparator,
    unit: indicator.unit,
    target_text: String(target),
    note: `${indicator.definition.en} (Indicator library "${indicator.id}", ${size} project; ${indicator.source}: good from ${t.good * 100} % of the target, warning from ${t.warning * 100} %, poor below.)`,
    measure: indicator.measure,
    parts: [],
  };
}

/** Makes and checks the plan; a 422 `validation` error names each bad field (partner rows by row and column). */
export function initPlan(input: InitInput): InitResult {
  const values: Record<InitField, unknown> = {
    acronym: input.acronym,
    title: input.title === '' ? undefined : input.title,
    programme: input.programme,
    grant: input.grant,
    start: input.start,
    months: input.durationMonths,
    partners: input.partners,
    size: input.size ?? 'medium',
    indicators: input.indicators ?? [],
    languages: input.languages ?? ['en'],
  };
  const errors: ErrorDetail[] = [];
  for (const field of INIT_FIELDS) {
    const r = fieldSchemas[field].safeParse(values[field]);
    if (!r.success) errors.push(fieldError(field, r.error.issues[0]?.message ?? 'invalid'));
  }
  const unknown = (input.indicators ?? []).filter((id) => !indicatorById(id));
  if (unknown.length > 0)
    errors.push({
      ...fieldError('indicators', `unknown indicator(s): ${unknown.join(', ')}`),
      params: { ids: unknown.join(', ') },
    });
  const table = parsePartnerTable(input.partners);
  if (!table.ok) errors.push(...table.errors);
  if (errors.length > 0 || !table.ok) throw invalid(errors);

  const size = values.size as ProjectSize;
  const programme = input.programme as (typeof INIT_PROGRAMMES)[number];
  const grant = input.grant.trim();
  const acronym = input.acronym.trim();
  const title = input.title?.trim() || acronym;
  const languages = [...new Set(values.languages as Plan['project']['languages'])];
  const chosen = input.indicators?.length
    ? input.indicators.map((id) => indicatorById(id)!)
    : coreIndicators(size);
  const acknowledgement = acknowledgementText(programme, grant);
  const candidate: PlanInput = {
    schema_version: 1,
    project: {
      acronym,
      title,
      programme,
      grants: [
        { funder: 'EC', programme, number: grant, label: grantLabel(programme), doi: grantDoi(grant) },
      ],
      start_date: input.start,
      duration_months: input.durationMonths,
      languages,
      coordinator: table.partners[0]!.code,
      description: {
        short: `${title === acronym ? acronym : `${acronym} (${title})`} has received funding from the ${grantLabel(programme)} under grant agreement No ${grant}.`,
      },
    },
    identity: {
      long_name: title,
      canonical_names: [acronym],
      assets: [{ id: 'eu-emblem', kind: 'emblem', name: 'EU emblem (flag of the European Union)' }],
      funding_acknowledgement: acknowledgement,
      required_emblems: ['eu-emblem'],
    },
    partners: table.partners,
    audiences: DEFAULT_AUDIENCES.map((a) => ({
      id: a.id,
      name: { ...a.name },
      who: { ...a.who },
      benefit: { ...a.benefit },
      funder_audiences: funderAudiences(a, programme),
    })),
    kpis: [...new Set(chosen)].map((i) => kpiOf(i, size)),
    reporting: { kpi_collection_every_months: 12 },
  };
  const checked = checkCandidate(candidate);
  if (!checked.ok) throw invalid(checked.errors);
  return {
    plan: checked.plan,
    yaml: checked.sourceText,
    projectId: projectIdOf(checked.plan),
    warnings: checked.warnings,
  };
}
