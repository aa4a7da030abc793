/**
 * createProjectFromInit: a new project from initPlan's plan, imported as `herald plan import` imports a new
 * project's file (admins: `plan.import` in a project nobody is a member of yet; the CLI's system actor). A project
 * with that id already is a 409: init never overwrites a plan.
 */
import type { Actor } from '../auth/permissions';
import { authorize, systemActor } from '../auth/permissions';
import type { Db } from '../db/client';
import { AppError } from '../errors';
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
