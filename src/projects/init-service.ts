/**
 * createProjectFromInit: a new project from initPlan's plan, imported as `herald plan import` imports a new
 * project's file (admins: `project.create`, then importPlan's `plan.import`; the CLI's system actor). A project
 * with that id already is a 409: init never overwrites a plan. previewInit: the same plan, nothing written.
 */
import type { Actor } from '../auth/permissions';
import { authorize, systemActor } from '../auth/permissions';
import type { Db } from '../db/client';
import { AppError, isAppError, type ErrorDetail } from '../errors';
import { initPlan, type InitInput, type InitResult } from './init';
import { getCurrentPlan } from './repository';
import { importPlan, type ImportPlanResult } from './service';

export interface CreateFromInitOptions {
  actor: Actor | string;
  input: InitInput;
}

export async function createProjectFromInit(
  db: Db,
  opts: CreateFromInitOptions,
): Promise<ImportPlanResult & InitResult> {
  const actor = typeof opts.actor === 'string' ? systemActor(opts.actor) : opts.actor;
  authorize(actor, 'project.create');
  const made = initPlan(opts.input);
  authorize(actor, 'plan.import', { projectId: made.projectId });
  if (await getCurrentPlan(db, made.projectId))
    throw new AppError({
      code: 'conflict',
      status: 409,
      message: `a project "${made.projectId}" exists already: import a changed plan instead`,
      messageKey: 'init.error.exists',
      params: { id: made.projectId },
      details: [
        {
          path: 'acronym',
          message: `the project "${made.projectId}" exists`,
          key: 'init.error.exists',
          params: { id: made.projectId },
        },
      ],
    });
  const saved = await importPlan(db, {
    plan: made.plan,
    sourceText: made.yaml,
    sourceName: `init:${made.projectId}.yaml`,
    actor,
  });
  return { ...made, ...saved };
}

/** Who may open the wizard (admins). */
export function authorizeProjectCreate(actor: Actor): void {
  authorize(actor, 'project.create');
}

export type InitPreview = { ok: true; result: InitResult } | { ok: false; errors: ErrorDetail[] };

/** The plan initPlan would make, or its located errors: nothing is written. */
export function previewInit(opts: { actor: Actor; input: InitInput }): InitPreview {
  authorize(opts.actor, 'project.create');
  try {
    return { ok: true, result: initPlan(opts.input) };
  } catch (e) {
    if (isAppError(e) && e.status === 422) return { ok: false, errors: e.details ?? [] };
    throw e;
  }
}
