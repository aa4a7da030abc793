/**
 * Plan editing in the app (issue 24): an edit replaces one top-level section of the current plan. It is checked as
 * `herald plan check` checks a file (errors → 422 located by path, nothing stored; warnings returned), refused with
 * 409 when another version was saved since the one it was made on, and saved through importPlan (diff kept,
 * entities synced, retired ones kept) with its reason. previewPlanEdit answers the same without writing: the diff,
 * the findings, and what the change does to the KPI figures. Also the YAML download and the web upload.
 */
import { z } from 'zod';
import { authorize, type Actor } from '../auth/permissions';
import type { Db } from '../db/client';
import { AppError, notFound, type ErrorDetail } from '../errors';
import { systemClock, type Clock } from '../lib/clock';
import { formatIssue, parsePlan } from '../plan/loader';
import { planSchema, type Plan } from '../plan/schema';
import { diffPlans, projectIdOf, type PlanChange } from './diff';
import { checkCandidate, planYaml } from './edit-check';
import { kpiImpact, type KpiImpact } from './edit-impact';
import { getCurrentPlan, getCurrentPlanSource, type CurrentPlan } from './repository';
import { importPlan, staleVersion, type ImportPlanResult } from './service';

/** The top-level sections of a plan an edit may replace (all but `schema_version`). */
export const PLAN_SECTIONS = Object.keys(planSchema.shape).filter((k) => k !== 'schema_version') as Array<
  Exclude<keyof Plan, 'schema_version'>
>;
export type PlanSection = (typeof PLAN_SECTIONS)[number];

export const REASON_MAX = 500;
const reasonSchema = z.string().trim().min(1).max(REASON_MAX);

export interface PlanEdit {
  section: PlanSection;
  /** The section's new content (the whole section, as in the plan file). */
  value: unknown;
}

export interface EditPlanOptions {
  actor: Actor;
  projectId: string;
  /** The version the edit was made on (the form carries it). */
  baseVersion: number;
  edit: PlanEdit;
  /** Why (1–500 characters), kept with the version. */
  reason: string;
  clock?: Clock;
}

export interface PlanEditPreview {
  /** The current version, and whether the edit was made on an older one (saving it would be a 409). */
  currentVersion: number;
  stale: boolean;
  ok: boolean;
  changes: PlanChange[];
  errors: ErrorDetail[];
  warnings: ErrorDetail[];
  /** What the change does to the KPI figures (KPIs whose definition or period changes), when the edit is valid. */
  figures: KpiImpact[];
}

async function currentOf(db: Db, projectId: string): Promise<CurrentPlan> {
  const current = await getCurrentPlan(db, projectId);
  if (!current) throw notFound('project');
  return current;
}

function candidateOf(current: Plan, edit: PlanEdit): unknown {
  if (!(PLAN_SECTIONS as readonly string[]).includes(edit.section))
    throw new AppError({
      code: 'validation',
      status: 422,
      message: `"${String(edit.section)}" is not a section of the plan`,
      details: [{ path: 'section', message: `unknown section "${String(edit.section)}"` }],
    });
  return { ...current, [edit.section]: edit.value };
}

/** The checked edit: the candidate's findings, plus an acronym change (it would be another project) as an error. */
function checked(projectId: string, current: CurrentPlan, edit: PlanEdit) {
  const result = checkCandidate(candidateOf(current.plan, edit));
  if (result.ok && projectIdOf(result.plan) !== projectId) {
    const message = `the acronym makes the project id "${projectIdOf(result.plan)}", not "${projectId}"`;
    return {
      ok: false as const,
      errors: [
        { path: 'project.acronym', message, key: 'planEdit.error.acronym', params: { id: projectId } },
      ],
      warnings: result.warnings,
    };
  }
  return result;
}

/** What saving `edit` would do, without writing: diff, located errors and warnings, and the KPI figures. */
export async function previewPlanEdit(
  db: Db,
  opts: Omit<EditPlanOptions, 'reason'> & { reason?: string },
): Promise<PlanEditPreview> {
  authorize(opts.actor, 'plan.import', { projectId: opts.projectId });
  const current = await currentOf(db, opts.projectId);
  const result = checked(opts.projectId, current, opts.edit);
  const base = {
    currentVersion: current.version,
    stale: current.version !== opts.baseVersion,
    warnings: result.warnings,
  };
  if (!result.ok) return { ...base, ok: false, changes: [], errors: result.errors, figures: [] };
  const figures = await kpiImpact(db, {
    projectId: opts.projectId,
    before: current.plan,
    after: result.plan,
    clock: opts.clock ?? systemClock,
  });
  return { ...base, ok: true, changes: diffPlans(current.plan, result.plan), errors: [], figures };
}

/** Saves an edit as version N+1 (or reports `unchanged`); 422 located errors, 409 on a stale base version. */
export async function editPlan(
  db: Db,
  opts: EditPlanOptions,
): Promise<ImportPlanResult & { warnings: ErrorDetail[] }> {
  authorize(opts.actor, 'plan.import', { projectId: opts.projectId });
  const current = await currentOf(db, opts.projectId);
  if (current.version !== opts.baseVersion)
    throw await staleVersion(db, {
      projectId: opts.projectId,
      version: current.version,
      base: opts.baseVersion,
    });
  const reason = reasonSchema.safeParse(opts.reason);
  const result = checked(opts.projectId, current, opts.edit);
  const errors = [
    ...(result.ok ? [] : result.errors),
    ...(reason.success
      ? []
      : [
          {
            path: 'reason',
            message: `a reason of 1 to ${REASON_MAX} characters is required`,
            key: 'planEdit.error.reason',
            params: { max: REASON_MAX },
          },
        ]),
  ];
  if (!result.ok || !reason.success)
    throw new AppError({
      code: 'validation',
      status: 422,
      message: `the edit is not a valid plan: ${errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`,
      details: errors,
    });
  const saved = await importPlan(db, {
    plan: result.plan,
    sourceText: result.sourceText,
    sourceName: `edit:${opts.edit.section}`,
    actor: opts.actor,
    reason: reason.data,
    baseVersion: opts.baseVersion,
  });
  return { ...saved, warnings: result.warnings };
}

/** The current plan as YAML: the stored text of its version (a file's own, or the dump of an edit). */
export async function readPlanYaml(
  db: Db,
  opts: { actor: Actor; projectId: string },
): Promise<{ version: number; text: string }> {
  authorize(opts.actor, 'plan.read', { projectId: opts.projectId });
  const source = await getCurrentPlanSource(db, opts.projectId);
  if (!source) throw notFound('project');
  return {
    version: source.version,
    text: source.sourceText || planYaml((await currentOf(db, opts.projectId)).plan),
  };
}

/** A YAML plan uploaded through the web: the CLI's errors (located by line and column), for this project only. */
export async function importPlanText(
  db: Db,
  opts: { actor: Actor; projectId: string; text: string; fileName: string },
): Promise<ImportPlanResult> {
  authorize(opts.actor, 'plan.import', { projectId: opts.projectId });
  const result = parsePlan(opts.text, opts.fileName);
  if (!result.ok)
    throw new AppError({
      code: 'plan_invalid',
      status: 422,
      message: `${opts.fileName} is not a valid plan:\n${result.errors.map(formatIssue).join('\n')}`,
      details: result.errors.map((e) => ({
        path: e.path,
        message: e.message,
        line: e.line,
        column: e.column,
        file: e.file,
      })),
    });
  const id = projectIdOf(result.plan);
  if (id !== opts.projectId)
    throw new AppError({
      code: 'plan_invalid',
      status: 422,
      message: `${opts.fileName}: this plan is for project "${id}", not "${opts.projectId}"`,
      messageKey: 'planEdit.error.otherProject',
      params: { id, project: opts.projectId },
      details: [{ path: 'project.acronym', message: `this plan is for project "${id}"` }],
    });
  return importPlan(db, {
    plan: result.plan,
    sourceText: opts.text,
    sourceName: opts.fileName,
    actor: opts.actor,
  });
}

/** The current plan for the editor (coordinators), with its consistency warnings located by path. */
export async function planForEditing(
  db: Db,
  opts: { actor: Actor; projectId: string },
): Promise<{ current: CurrentPlan; warnings: ErrorDetail[] }> {
  authorize(opts.actor, 'plan.import', { projectId: opts.projectId });
  const current = await currentOf(db, opts.projectId);
  return { current, warnings: checkCandidate(current.plan).warnings };
}
