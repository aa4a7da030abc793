/**
 * Compiles a plan filter (`{ field: condition }`) into a SQL boolean expression over one record type.
 * Scalar = equals (contains, for list fields); list = in (contains any, for list fields); object = operators.
 * Every value is a bound parameter; field names come from the registry, never from the plan text.
 */
import { sql, type SQL } from 'drizzle-orm';
import { AppError } from '../errors';
import type { Condition, Filter, OperatorCondition, RecordType, Scalar } from '../plan/schema';
import { resolveField, type ResolvedField } from './fields';

const isList = (f: ResolvedField) => f.spec.type === 'string[]' || f.spec.type === 'partner[]';

function castFor(f: ResolvedField): SQL {
  switch (f.spec.type) {
    case 'number':
      return sql.raw('::double precision');
    case 'boolean':
      return sql.raw('::boolean');
    case 'date':
      return sql.raw('::date');
    default:
      return sql.raw('::text');
  }
}

const param = (f: ResolvedField, v: Scalar | string | number): SQL => sql`${v}${castFor(f)}`;
const textArray = (values: readonly Scalar[]): SQL =>
  sql`ARRAY[${sql.join(
    values.map((v) => sql`${String(v)}::text`),
    sql`, `,
  )}]::text[]`;
const list = (f: ResolvedField, values: readonly Scalar[]): SQL =>
  sql.join(
    values.map((v) => param(f, v)),
    sql`, `,
  );

function invalid(record: RecordType, field: string, message: string): AppError {
  return new AppError({
    code: 'kpi_filter_invalid',
    message: `${record}.${field}: ${message}`,
    details: [{ path: field, message }],
  });
}

function operators(record: RecordType, field: string, f: ResolvedField, c: OperatorCondition): SQL[] {
  const e = f.expr;
  const parts: SQL[] = [];
  const scalarOnly = (op: string) => {
    if (isList(f)) throw invalid(record, field, `"${op}" does not apply to a list field`);
  };
  if (c.eq !== undefined)
    parts.push(isList(f) ? sql`${param(f, c.eq)} = ANY(${e})` : sql`${e} = ${param(f, c.eq)}`);
  if (c.ne !== undefined)
    parts.push(
      isList(f) ? sql`NOT (${param(f, c.ne)} = ANY(${e}))` : sql`${e} IS DISTINCT FROM ${param(f, c.ne)}`,
    );
  if (c.in !== undefined)
    parts.push(isList(f) ? sql`${e} && ${textArray(c.in)}` : sql`${e} IN (${list(f, c.in)})`);
  if (c.not_in !== undefined)
    parts.push(
      isList(f) ? sql`NOT (${e} && ${textArray(c.not_in)})` : sql`${e} NOT IN (${list(f, c.not_in)})`,
    );
  for (const [op, symbol] of [
    ['gt', '>'],
    ['gte', '>='],
    ['lt', '<'],
    ['lte', '<='],
  ] as const) {
    const v = c[op];
    if (v === undefined) continue;
    scalarOnly(op);
    parts.push(sql`${e} ${sql.raw(symbol)} ${param(f, v)}`);
  }
  if (c.between !== undefined) {
    scalarOnly('between');
    parts.push(sql`${e} BETWEEN ${param(f, c.between[0])} AND ${param(f, c.between[1])}`);
  }
  if (c.contains !== undefined) {
    if (!isList(f)) throw invalid(record, field, '"contains" applies to list fields only');
    parts.push(sql`${param(f, c.contains)} = ANY(${e})`);
  }
  if (c.contains_any !== undefined) {
    if (!isList(f)) throw invalid(record, field, '"contains_any" applies to list fields only');
    parts.push(sql`${e} && ${textArray(c.contains_any)}`);
  }
  if (c.exists !== undefined) {
    const present = isList(f) ? sql`cardinality(${e}) > 0` : sql`${e} IS NOT NULL`;
    parts.push(c.exists ? present : sql`NOT (${present})`);
  }
  return parts;
}

function condition(record: RecordType, field: string, c: Condition): SQL {
  const f = resolveField(record, field);
  if (!f) throw invalid(record, field, `unknown field of ${record}`);
  let parts: SQL[];
  if (Array.isArray(c)) parts = operators(record, field, f, isList(f) ? { contains_any: c } : { in: c });
  else if (typeof c === 'object') parts = operators(record, field, f, c);
  else parts = operators(record, field, f, isList(f) ? { contains: c } : { eq: c });
  // A comparison with NULL is unknown: a record without the value never matches (except `exists: false`).
  return sql`coalesce((${sql.join(parts, sql` AND `)}), false)`;
}

/** The filter as one SQL boolean; an empty or absent filter is `true`. */
export function compileFilter(record: RecordType, filter: Filter | undefined): SQL {
  const entries = Object.entries(filter ?? {});
  if (entries.length === 0) return sql`true`;
  return sql.join(
    entries.map(([field, c]) => condition(record, field, c)),
    sql` AND `,
  );
}
