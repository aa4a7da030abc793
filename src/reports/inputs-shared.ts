/** What the report-input use cases share: zod → located validation errors, the version conflict, plan codes. */
import type { z } from 'zod';
import { AppError, notFound } from '../errors';
import type { Db } from '../db/client';
import { issueKey } from '../i18n/zod';
import type { Plan } from '../plan/schema';
import { getCurrentPlan } from '../projects/repository';
import { issueMessage } from '../records/issue-message';
import { validationError } from '../records/validate';

/** Parses `input` with `schema`, or throws a `validation` error naming each field. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const parsed = schema.safeParse(input, { reportInput: true });
  if (!parsed.success)
    throw validationError(
      parsed.error.issues.map((i) => ({
        path: i.path.map(String).join('.'),
        message: issueMessage(i),
        ...issueKey(i),
      })),
    );
  return parsed.data;
}

/** Someone saved in between: the version the form was loaded with is not the stored one. */
export const inputConflict = (current: number, given: number): AppError =>
  new AppError({
    code: 'conflict',
    status: 409,
    message: `Someone changed this since you loaded it (version ${given}; now ${current}): reload it and apply your change again`,
    messageKey: 'reportInputs.conflict',
    params: { current, given },
  });

export async function planOf(db: Db, projectId: string): Promise<Plan> {
  const current = await getCurrentPlan(db, projectId);
  if (!current) throw notFound('project');
  return current.plan;
}

/** Plan codes: `field` must name one of `codes`. */
export function checkCode(
  details: { path: string; message: string; key?: string; params?: Record<string, string> }[],
  field: string,
  value: string | null | undefined,
  codes: readonly string[],
): void {
  if (value && !codes.includes(value))
    details.push({
      path: field,
      message: `"${value}" is not in the plan (${codes.join(', ')})`,
      key: 'reportInputs.error.code',
      params: { value },
    });
}

export const kpiCodes = (plan: Plan): string[] => plan.kpis.map((k) => k.id);
export const wpCodes = (plan: Plan): string[] => plan.work_packages.map((w) => w.code);
