/** Small helpers shared by the record page routes. */
import type { Context } from 'hono';
import type { AppEnv } from '../web/env';
import type { FormValues } from './form-input';

export type C = Context<AppEnv>;

export const db = (c: C) => c.var.deps.database.db;
export const pid = (c: C) => c.req.param('id') as string;

/** Form fields as text (checkbox groups as lists); files are ignored here. */
export async function formValues(c: C): Promise<FormValues> {
  const body = await c.req.parseBody({ all: true });
  const values: FormValues = {};
  for (const [k, v] of Object.entries(body)) {
    if (typeof v === 'string') values[k] = v;
    else if (Array.isArray(v)) values[k] = v.filter((x): x is string => typeof x === 'string');
  }
  return values;
}
