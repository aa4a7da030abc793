/**
 * What changed between two plan versions, as a list of located changes. Arrays of objects that carry an `id`,
 * `code` or `number` are matched by that key (so reordering a table is not a change of every row).
 */
export interface PlanChange {
  path: string;
  kind: 'added' | 'removed' | 'changed';
  before?: unknown;
  after?: unknown;
}

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

const isObject = (v: unknown): v is Record<string, Json> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function keyOf(v: unknown): string | null {
  if (!isObject(v)) return null;
  for (const k of ['id', 'code', 'number'] as const) {
    const x = v[k];
    if (typeof x === 'string' || typeof x === 'number') return `${k}=${x}`;
  }
  return null;
}

function keyedArray(items: Json[]): Map<string, Json> | null {
  const map = new Map<string, Json>();
  for (const item of items) {
    const k = keyOf(item);
    if (k === null || map.has(k)) return null;
    map.set(k, item);
  }
  return map;
}

const join = (path: string, seg: string) => (path ? `${path}.${seg}` : seg);

function walk(before: Json | undefined, after: Json | undefined, path: string, out: PlanChange[]): void {
  if (before === undefined && after === undefined) return;
  if (before === undefined) return void out.push({ path, kind: 'added', after });
  if (after === undefined) return void out.push({ path, kind: 'removed', before });
  if (Array.isArray(before) && Array.isArray(after)) {
    const a = keyedArray(before);
    const b = keyedArray(after);
    if (a && b) {
      for (const [k, v] of a) walk(v, b.get(k), join(path, `[${k}]`), out);
      for (const [k, v] of b) if (!a.has(k)) walk(undefined, v, join(path, `[${k}]`), out);
      return;
    }
    if (JSON.stringify(before) !== JSON.stringify(after)) out.push({ path, kind: 'changed', before, after });
    return;
  }
  if (isObject(before) && isObject(after)) {
    const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
    for (const k of keys) walk(before[k], after[k], join(path, k), out);
    return;
  }
  if (JSON.stringify(before) !== JSON.stringify(after)) out.push({ path, kind: 'changed', before, after });
}

export function diffPlans(before: unknown, after: unknown): PlanChange[] {
  const out: PlanChange[] = [];
  walk(before as Json, after as Json, '', out);
  return out;
}

/** A project id from its acronym: "M-Sec" → "m-sec", "Ñandú 2" → "nandu-2". */
export function slugify(acronym: string): string {
  return acronym
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/** The id of the project a plan describes. */
export const projectIdOf = (plan: { project: { acronym: string } }): string => slugify(plan.project.acronym);
