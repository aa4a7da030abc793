/** Small helper of the account services: input parsing into located, translatable errors. */
import type { z } from 'zod';
import { AppError } from '../errors';

/**
 * Parses `input` with `schema`, or throws `validation` (422) whose details carry each field path and the i18n
 * key of its message (the schemas' messages are keys such as `auth.error.passwordShort`).
 */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const r = schema.safeParse(input);
  if (r.success) return r.data;
  throw new AppError({
    code: 'validation',
    status: 422,
    message: r.error.issues.map((i) => `${i.path.join('.') || 'input'}: ${i.message}`).join('; '),
    messageKey: 'auth.error.invalidInput',
    details: r.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
  });
}
