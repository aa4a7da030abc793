/**
 * Row forms of the plan editor: a section that is a list (partners, audiences…), or an object with fields and
 * lists (events, synergies), described by its columns. Each input is named by its plan path
 * (`partners.3.aliases`); a row carries the index it came from (`partners.3._from`), so the fields the form does
 * not show are kept, and a remove box (`partners.3._remove`). Removing rows renumbers the rest: `relocate` maps
 * the checked plan's paths back to the form's names, so each error still lands beside its field.
 */
import type { LocalizedText } from '../plan/schema';

export type FormValues = Record<string, string | string[]>;

/** A number when the text is one, else the text itself (the check then says "expected number" at its path). */
export function numberOf(s: string): number | string {
  const t = s.trim();
  return /^-?\d+(\.\d+)?$/.test(t) ? Number(t) : t;
}

export type ColumnKind =
  | 'text'
  | 'number'
  | 'localized'
  | 'localizedLines'
  | 'kpiCounts'
  | 'lines'
  | 'codes'
  | 'months'
  | 'enum'
  | 'bool';

export interface Column {
  key: string;
  kind: ColumnKind;
  /** Absent from the plan when left empty (optional in the schema). */
  optional?: boolean;
  /** The values of an `enum` column. */
  options?: readonly string[];
}

export interface RowList {
  /** The list's key in its parent (`partners`, `planned`, `deliverables`). */
  key: string;
  columns: Column[];
  /** A nested list in each row (a work package's deliverables). */
  child?: RowList;
}

export interface RowSection {
  /** Fields of the section object itself (none when the section is a list). */
  fields?: Column[];
  /** The section's lists; a list section has one, keyed by the section's own name. */
  lists: RowList[];
}

export type Item = Record<string, unknown>;
/**
 * Candidate plan path → form name, for the rows whose index changed; `whole`: the name replaces the whole path
 * under it too (a filter condition `…where.kind.in.1` is shown at its form row `…where.0`).
 */
export type Relocations = Map<string, string | { to: string; whole: true }>;

export const text = (v: FormValues, name: string): string => {
  const x = v[name];
  return (Array.isArray(x) ? x[0] : x) ?? '';
};

export const localizedFields = (name: string, value: unknown): FormValues => {
  const l = value as LocalizedText | undefined;
  return {
    [`${name}.en`]: l === undefined ? '' : typeof l === 'string' ? l : l.en,
    [`${name}.ja`]: l === undefined || typeof l === 'string' ? '' : (l.ja ?? ''),
  };
};

/** Bilingual text from its en and ja fields, in the shape it had (plain text stays plain without a ja text). */
export function localizedOf(v: FormValues, name: string, was: unknown): LocalizedText | undefined {
  const en = text(v, `${name}.en`);
  const ja = text(v, `${name}.ja`).trim();
  if (!en.trim() && !ja && was === undefined) return undefined;
  if (ja) return { en, ja };
  return typeof was === 'object' && was !== null ? { en } : en;
}

const splitOf = (kind: ColumnKind) => (kind === 'lines' ? /\r?\n/ : /[,\s]+/);
const joinOf = (kind: ColumnKind) => (kind === 'lines' ? '\n' : ', ');

/** A list of bilingual texts as two texts, one item per line: English lines | Japanese lines. */
function linesForm(name: string, value: unknown): FormValues {
  const items = (Array.isArray(value) ? value : []) as LocalizedText[];
  return {
    [`${name}.en`]: items.map((x) => (typeof x === 'string' ? x : x.en)).join('\n'),
    [`${name}.ja`]: items.map((x) => (typeof x === 'string' ? '' : (x.ja ?? ''))).join('\n'),
  };
}

function linesValue(v: FormValues, name: string, was: unknown): LocalizedText[] | undefined {
  const lines = (lang: string) => text(v, `${name}.${lang}`).split(/\r?\n/);
  const [en, ja] = [lines('en'), lines('ja')];
  const olds = (Array.isArray(was) ? was : []) as LocalizedText[];
  const out: LocalizedText[] = [];
  for (let i = 0; i < Math.max(en.length, ja.length); i++) {
    const e = en[i] ?? '';
    const j = (ja[i] ?? '').trim();
    if (!e.trim() && !j) continue;
    out.push(j ? { en: e, ja: j } : typeof olds[out.length] === 'object' ? { en: e } : e);
  }
  return out.length === 0 && was === undefined ? undefined : out;
}

function fieldForm(c: Column, name: string, value: unknown): FormValues {
  switch (c.kind) {
    case 'localized':
      return localizedFields(name, value);
    case 'localizedLines':
      return linesForm(name, value);
    case 'kpiCounts':
      return {
        [name]: ((Array.isArray(value) ? value : []) as Array<{ kpi: string; count: number }>)
          .map((x) => `${x.kpi}: ${x.count}`)
          .join('\n'),
      };
    case 'lines':
    case 'codes':
    case 'months':
      return { [name]: Array.isArray(value) ? value.map(String).join(joinOf(c.kind)) : '' };
    case 'bool':
      return value === true ? { [name]: 'true' } : {};
    default:
      return { [name]: value === undefined || value === null ? '' : String(value) };
  }
}

/** The field's new value; `undefined` = leave the key out. */
function fieldValue(c: Column, v: FormValues, name: string, was: unknown): unknown {
  if (c.kind === 'localized') return localizedOf(v, name, was);
  if (c.kind === 'localizedLines') return linesValue(v, name, was);
  if (c.kind === 'kpiCounts') {
    // "kpi-id: count" per line (a deliverable's planned contribution to a KPI).
    const items = text(v, name)
      .split(/\r?\n/)
      .filter((l) => l.trim() !== '')
      .map((l) => {
        const at = l.lastIndexOf(':');
        return at < 0
          ? { kpi: l.trim(), count: '' }
          : { kpi: l.slice(0, at).trim(), count: numberOf(l.slice(at + 1)) };
      });
    return items.length === 0 && was === undefined ? undefined : items;
  }
  const raw = text(v, name);
  if (c.kind === 'bool') return raw === 'true' ? true : was === undefined ? undefined : false;
  if (c.kind === 'lines' || c.kind === 'codes' || c.kind === 'months') {
    const items = raw
      .split(splitOf(c.kind))
      .map((s) => s.trim())
      .filter((s) => s !== '');
    if (items.length === 0 && was === undefined) return undefined;
    return c.kind === 'months' ? items.map(numberOf) : items;
  }
  if (c.optional && raw.trim() === '') return undefined;
  return c.kind === 'number' ? numberOf(raw) : raw;
}

export function fieldsForm(columns: Column[], prefix: string, item: Item): FormValues {
  return Object.assign({}, ...columns.map((c) => fieldForm(c, `${prefix}.${c.key}`, item[c.key])));
}

export function fieldsValue(columns: Column[], v: FormValues, prefix: string, was: Item): Item {
  const out: Item = { ...was };
  for (const c of columns) {
    const x = fieldValue(c, v, `${prefix}.${c.key}`, was[c.key]);
    if (x === undefined) delete out[c.key];
    else out[c.key] = x;
  }
  return out;
}

function listForm(list: RowList, prefix: string, items: unknown): FormValues {
  const rows = Array.isArray(items) ? (items as Item[]) : [];
  const out: FormValues = {};
  rows.forEach((item, i) => {
    const p = `${prefix}.${i}`;
    Object.assign(out, { [`${p}._from`]: String(i) }, fieldsForm(list.columns, p, item));
    if (list.child) Object.assign(out, listForm(list.child, `${p}.${list.child.key}`, item[list.child.key]));
  });
  return out;
}

/** The form rows under `prefix` (`partners`): their indices, in order (a row is its `_from` field). */
export function rowIndices(v: FormValues, prefix: string): number[] {
  const re = new RegExp(`^${prefix.replace(/\./g, '\\.')}\\.(\\d+)\\._from$`);
  return Object.keys(v)
    .map((k) => re.exec(k)?.[1])
    .filter((x): x is string => x !== undefined)
    .map(Number)
    .sort((a, b) => a - b);
}

function listValue(
  list: RowList,
  v: FormValues,
  at: { form: string; plan: string },
  was: unknown,
  moved: Relocations,
): Item[] {
  const originals = Array.isArray(was) ? (was as Item[]) : [];
  const out: Item[] = [];
  for (const i of rowIndices(v, at.form)) {
    const p = `${at.form}.${i}`;
    if (text(v, `${p}._remove`) === 'true') continue;
    const from = text(v, `${p}._from`);
    const base = /^\d+$/.test(from) ? (originals[Number(from)] ?? {}) : {};
    const planPath = `${at.plan}.${out.length}`;
    if (planPath !== p) moved.set(planPath, p);
    const item = fieldsValue(list.columns, v, p, base);
    if (list.child) {
      const key = list.child.key;
      const child = { form: `${p}.${key}`, plan: `${planPath}.${key}` };
      item[key] = listValue(list.child, v, child, base[key], moved);
    }
    out.push(item);
  }
  return out;
}

/** The form of a section (`name` is its plan key, `value` its current content). */
export function rowSectionForm(spec: RowSection, name: string, value: unknown): FormValues {
  if (!spec.fields) return listForm(spec.lists[0]!, name, value);
  const obj = (value ?? {}) as Item;
  return Object.assign(
    fieldsForm(spec.fields, name, obj),
    ...spec.lists.map((l) => listForm(l, `${name}.${l.key}`, obj[l.key])),
  );
}

/** The section's new content from the form, and where its renumbered rows came from. */
export function rowSectionValue(
  spec: RowSection,
  name: string,
  value: unknown,
  v: FormValues,
): { value: unknown; moved: Relocations } {
  const moved: Relocations = new Map();
  if (!spec.fields)
    return { value: listValue(spec.lists[0]!, v, { form: name, plan: name }, value, moved), moved };
  const obj = fieldsValue(spec.fields, v, name, (value ?? {}) as Item);
  for (const l of spec.lists) {
    const at = `${name}.${l.key}`;
    obj[l.key] = listValue(l, v, { form: at, plan: at }, ((value ?? {}) as Item)[l.key], moved);
  }
  return { value: obj, moved };
}

/** A checked plan's path as the form names it (the longest renumbered row it lies in). */
export function relocate(moved: Relocations, path: string | undefined): string | undefined {
  if (path === undefined || moved.size === 0) return path;
  const parts = path.split('.');
  for (let n = parts.length; n > 0; n--) {
    const head = parts.slice(0, n).join('.');
    const to = moved.get(head);
    if (typeof to === 'string') return [to, ...parts.slice(n)].join('.');
    if (to !== undefined) return to.to;
  }
  return path;
}

/** The form with one empty row added to the list at `prefix` (a submit button's value). */
export function withNewRow(v: FormValues, prefix: string): FormValues {
  const last = rowIndices(v, prefix).at(-1);
  return { ...v, [`${prefix}.${last === undefined ? 0 : last + 1}._from`]: '' };
}

/** Whether `prefix` names a list of the section's form (an "Add a row" button's value); rows from the form. */
export function isListPrefix(spec: RowSection, name: string, v: FormValues, prefix: string): boolean {
  const tops = spec.fields
    ? spec.lists.map((l) => ({ l, at: `${name}.${l.key}` }))
    : [{ l: spec.lists[0]!, at: name }];
  return tops.some(
    ({ l, at }) =>
      at === prefix ||
      (l.child !== undefined && rowIndices(v, at).some((i) => `${at}.${i}.${l.child!.key}` === prefix)),
  );
}
