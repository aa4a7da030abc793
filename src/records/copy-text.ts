/**
 * PostgreSQL's COPY text format (`COPY … FROM STDIN`, tab-separated): values → one line per row, the encoding both
 * engines read (src/records/copy-writer.ts). NULL is `\N`; backslash, tab, newline and carriage return are escaped;
 * arrays are `{…}` literals with every element quoted; jsonb is its JSON text; booleans `t`/`f`; dates ISO.
 */

/** The SQL type a column's values are encoded for. */
export type CopyType = 'text' | 'text[]' | 'jsonb' | 'boolean' | 'integer' | 'double' | 'date' | 'uuid';

const ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };
const SPECIAL = /[\\\t\n\r]/g;
const HAS_SPECIAL = /[\\\t\n\r]/;

/** A value's text as COPY's text format needs it: backslash, tab, newline, carriage return escaped. */
export function escapeCopyText(text: string): string {
  if (text.includes('\0')) throw new Error('text with a NUL character cannot be stored');
  return HAS_SPECIAL.test(text) ? text.replace(SPECIAL, (c) => ESCAPES[c] as string) : text;
}

/** An element of an array literal: always double-quoted, `"` and `\` escaped with a backslash; null → NULL. */
const arrayElement = (v: unknown): string =>
  v === null || v === undefined ? 'NULL' : `"${String(v).replace(/["\\]/g, (c) => `\\${c}`)}"`;

/** A one-dimensional text array's literal (`{"a","b"}`, `{}`). */
export function arrayLiteral(values: readonly unknown[]): string {
  return `{${values.map(arrayElement).join(',')}}`;
}

function finite(n: unknown, type: CopyType): string {
  const v = typeof n === 'string' ? Number(n) : n;
  if (typeof v !== 'number' || Number.isNaN(v) || (type === 'integer' && !Number.isInteger(v)))
    throw new Error(`not a${type === 'integer' ? 'n integer' : ' number'}: ${String(n)}`);
  if (!Number.isFinite(v)) return v > 0 ? 'Infinity' : '-Infinity';
  return String(v);
}

/** One value in COPY text format (unescaped for the line: `copyLine` escapes). */
function valueText(v: unknown, type: CopyType): string {
  switch (type) {
    case 'text[]':
      if (!Array.isArray(v)) throw new Error(`not an array: ${String(v)}`);
      return arrayLiteral(v);
    case 'jsonb':
      return JSON.stringify(v);
    case 'boolean':
      return v ? 't' : 'f';
    case 'integer':
    case 'double':
      return finite(v, type);
    case 'date':
      return v instanceof Date ? v.toISOString().slice(0, 10) : String(v);
    default:
      return v instanceof Date ? v.toISOString() : String(v);
  }
}

/** A row's line (with its newline): values in column order, each encoded for its type; null/undefined → `\N`. */
export function copyLine(values: readonly unknown[], types: readonly CopyType[]): string {
  let line = '';
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (i > 0) line += '\t';
    line += v === null || v === undefined ? '\\N' : escapeCopyText(valueText(v, types[i] ?? 'text'));
  }
  return `${line}\n`;
}
