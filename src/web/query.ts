/**
 * Query and path parameters, validated once at the boundary with zod, the same way for pages and the API: typed
 * values, or a 400 `bad_parameter` AppError whose details name each parameter and its problem (en + ja keys).
 */
import type { Context } from 'hono';
import { z } from 'zod';
import { AppError, type ErrorDetail } from '../errors';
import { issueMessage } from '../records/issue-message';
import { issueKey } from '../i18n/zod';

type Shape = Record<string, z.ZodType>;

/** The parameters a schema names, each its first value trimmed; an empty value means "not set". */
function pick(shape: Shape, read: (name: string) => string | undefined): Record<string, string> {
  const raw: Record<string, string> = {};
  for (const name of Object.keys(shape)) {
    const value = read(name)?.trim();
    if (value) raw[name] = value;
  }
  return raw;
}

/** The 400 of invalid parameters: one detail per problem, its path the parameter's name. */
export function badParameter(where: 'query' | 'path', issues: readonly z.core.$ZodIssue[]): AppError {
  const details: ErrorDetail[] = issues.map((issue) => ({
    path: issue.path.map(String).join('.'),
    message: issueMessage(issue),
    ...issueKey(issue),
  }));
  const first = details[0];
  const names = [...new Set(details.map((d) => d.path ?? ''))].join(', ');
  return new AppError({
    code: 'bad_parameter',
    status: 400,
    message: `Bad ${where} parameter ${names}: ${first?.message ?? 'not valid'}`,
    messageKey: where === 'query' ? 'error.bad_parameter' : 'error.bad_path_parameter',
    params: { name: names },
    details,
  });
}

/** One object schema per shape: zod compiles each new schema on its first parse, which would be every request. */
const objects = new WeakMap<Shape, z.ZodObject>();

/**
 * Each shape's output for no parameters at all (most page requests), when it parses and holds only plain values:
 * handed out as a fresh shallow copy, so no caller sees another's changes. Outputs holding objects (a default
 * array) are parsed every time.
 */
const emptyOutputs = new WeakMap<Shape, Record<string, unknown>>();
const plainValues = (o: Record<string, unknown>): boolean =>
  Object.values(o).every((v) => v === null || typeof v !== 'object');

function parse<S extends Shape>(
  where: 'query' | 'path',
  shape: S,
  raw: Record<string, string>,
): z.output<z.ZodObject<S>> {
  const empty = Object.keys(raw).length === 0;
  if (empty) {
    const kept = emptyOutputs.get(shape);
    if (kept) return { ...kept } as z.output<z.ZodObject<S>>;
  }
  let schema = objects.get(shape) as z.ZodObject<S> | undefined;
  if (!schema) {
    schema = z.object(shape);
    objects.set(shape, schema);
  }
  const parsed = schema.safeParse(raw, { reportInput: true });
  if (!parsed.success) throw badParameter(where, parsed.error.issues);
  const data = parsed.data as Record<string, unknown>;
  if (empty && plainValues(data)) emptyOutputs.set(shape, { ...data });
  return parsed.data;
}

/**
 * The query parameters `shape` names, validated (unnamed ones are ignored: `lang`, cache busters). Every piece
 * should be optional unless the route cannot answer without it.
 */
export function parseQuery<S extends Shape>(c: Context, shape: S): z.output<z.ZodObject<S>> {
  return parse(
    'query',
    shape,
    pick(shape, (name) => c.req.query(name)),
  );
}

/** The path parameters `shape` names, validated (ids that must be UUIDs, years, plan ids). */
export function parseParams<S extends Shape>(c: Context, shape: S): z.output<z.ZodObject<S>> {
  return parse(
    'path',
    shape,
    pick(shape, (name) => c.req.param(name)),
  );
}
