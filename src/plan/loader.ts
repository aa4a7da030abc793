/** Loads a plan from YAML: parse, validate with zod, run checks, and locate every issue at FILE:LINE:COL. */
import { readFile } from 'node:fs/promises';
import {
  isAlias,
  isMap,
  isPair,
  isScalar,
  isSeq,
  LineCounter,
  parseDocument,
  visit,
  type Document,
  type Node,
} from 'yaml';
import type { z } from 'zod';
import { checkPlan, type PlanWarning } from './checks';
import { planSchema, type Plan } from './schema';

type PathSegment = string | number;

/** One problem in a plan file, with the place it comes from. */
export interface LocatedIssue {
  file: string;
  /** 1-based. */
  line: number;
  /** 1-based. */
  column: number;
  /** Dotted path to the field, e.g. `kpis.3.target`; empty for the document itself. */
  path: string;
  /** Stable code: `yaml.<CODE>` for syntax, `schema.<zod code>` for validation, a check code otherwise. */
  code: string;
  message: string;
  severity: 'error' | 'warning';
  /** The values of a consistency check's message (see src/plan/messages.ts). */
  params?: Record<string, string | number>;
}

export type LoadResult =
  | { ok: true; plan: Plan; warnings: LocatedIssue[] }
  | { ok: false; errors: LocatedIssue[]; warnings: LocatedIssue[] };

/** `FILE:LINE:COL path.to.field: message` */
export function formatIssue(issue: LocatedIssue): string {
  const where = `${issue.file}:${issue.line}:${issue.column}`;
  return issue.path === '' ? `${where}: ${issue.message}` : `${where} ${issue.path}: ${issue.message}`;
}

/** Reads and loads a plan file. */
export async function loadPlanFile(path: string): Promise<LoadResult> {
  return parsePlan(await readFile(path, 'utf8'), path);
}

/** Parses, validates and checks a plan; `fileName` is only used in the issues. */
export function parsePlan(text: string, fileName: string): LoadResult {
  const source = new PlanSource(text, fileName);
  const syntax = source.syntaxIssues();
  const yamlWarnings = source.yamlWarnings();
  if (syntax.length > 0) return { ok: false, errors: syntax, warnings: yamlWarnings };
  const data = source.toJS();
  if (!data.ok) return { ok: false, errors: [data.error], warnings: yamlWarnings };
  const parsed = planSchema.safeParse(data.value);
  if (!parsed.success)
    return { ok: false, errors: source.zodIssues(parsed.error.issues), warnings: yamlWarnings };
  const checked = checkPlan(parsed.data).map((w) => source.checkIssue(w));
  const errors = checked.filter((i) => i.severity === 'error');
  const warnings = [...yamlWarnings, ...checked.filter((i) => i.severity === 'warning')];
  return errors.length > 0 ? { ok: false, errors, warnings } : { ok: true, plan: parsed.data, warnings };
}

/** Splits a dotted path back into segments (numeric segments are sequence indexes). */
export function splitPath(path: string): PathSegment[] {
  if (path === '') return [];
  return path.split('.').map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

function joinPath(path: readonly PropertyKey[]): string {
  return path.map(String).join('.');
}

/** Where a path resolves in the document: the node found, and whether the whole path was found. */
interface Found {
  node: Node | null;
  keyNode: Node | null;
  exact: boolean;
}

/** A parsed YAML document with the helpers that turn offsets and paths into located issues. */
class PlanSource {
  readonly doc: Document;
  private readonly lines = new LineCounter();

  constructor(
    text: string,
    private readonly file: string,
  ) {
    this.doc = parseDocument(text, { lineCounter: this.lines, prettyErrors: false, uniqueKeys: true });
  }

  syntaxIssues(): LocatedIssue[] {
    const issues = this.doc.errors.map((e) => this.yamlError(e.code, e.pos[0], e.message));
    if (issues.length === 0 && this.doc.contents === null)
      issues.push(this.issue({ line: 1, col: 1 }, '', 'yaml.EMPTY', 'the plan file is empty', 'error'));
    if (issues.length === 0) issues.push(...this.aliasIssues());
    return issues;
  }

  /** The document as plain data; yaml throws here on alias bombs (too many alias expansions). */
  toJS(): { ok: true; value: unknown } | { ok: false; error: LocatedIssue } {
    try {
      return { ok: true, value: this.doc.toJS({ maxAliasCount: 1000 }) };
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      return { ok: false, error: this.issue({ line: 1, col: 1 }, '', 'yaml.TO_JS', message, 'error') };
    }
  }

  yamlWarnings(): LocatedIssue[] {
    return this.doc.warnings.map((w) => ({
      ...this.yamlError(w.code, w.pos[0], w.message),
      severity: 'warning' as const,
    }));
  }

  zodIssues(issues: readonly z.core.$ZodIssue[]): LocatedIssue[] {
    return issues.flatMap((iss) => this.zodIssue(iss, iss.path.map(toSegment)));
  }

  checkIssue(w: PlanWarning): LocatedIssue {
    const found = this.find(splitPath(w.path));
    const issue = this.issue(this.posOf(found.node ?? found.keyNode), w.path, w.code, w.message, w.severity);
    return w.params ? { ...issue, params: w.params } : issue;
  }

  private zodIssue(iss: z.core.$ZodIssue, path: PathSegment[]): LocatedIssue[] {
    const code = `schema.${iss.code}`;
    if (iss.code === 'unrecognized_keys')
      return iss.keys.map((key) => this.atKey([...path, key], code, `unknown key "${key}"`));
    if (iss.code === 'invalid_key') {
      const inner = iss.issues[0]?.message ?? iss.message;
      return [this.atKey(path, code, `invalid key "${String(path.at(-1))}": ${inner}`)];
    }
    if (iss.code === 'invalid_union' && iss.errors.length > 0) return this.unionIssue(iss, path);
    const found = this.find(path);
    if (!found.exact && iss.code === 'invalid_type')
      return [this.at(found, path, code, `missing required field "${String(path.at(-1))}"`)];
    return [this.at(found, path, code, iss.message)];
  }

  /** A union failed: report the branch that got furthest, or the list of expected types. */
  private unionIssue(iss: z.core.$ZodIssueInvalidUnion, path: PathSegment[]): LocatedIssue[] {
    const branches = iss.errors.filter(
      (errs) => !errs.some((e) => e.code === 'invalid_type' && e.path.length === 0),
    );
    const best = branches.sort((a, b) => a.length - b.length)[0];
    if (best) return best.flatMap((e) => this.zodIssue(e, [...path, ...e.path.map(toSegment)]));
    const expected = [...new Set(iss.errors.flatMap((errs) => errs.map(expectedOf)).filter(Boolean))];
    const found = this.find(path);
    if (!found.exact)
      return [this.at(found, path, 'schema.invalid_type', `missing required field "${String(path.at(-1))}"`)];
    const message = expected.length > 0 ? `invalid value: expected ${expected.join(' or ')}` : iss.message;
    return [this.at(found, path, `schema.${iss.code}`, message)];
  }

  /** A duplicate key is located with its path; other syntax errors only by position (the tree around them is broken). */
  private yamlError(code: string, offset: number, message: string): LocatedIssue {
    const pos = this.lines.linePos(offset);
    if (code !== 'DUPLICATE_KEY') return this.issue(pos, '', `yaml.${code}`, message, 'error');
    const path = pathAtOffset(this.doc, offset);
    const text = `duplicate key "${String(path.at(-1) ?? '')}" (a key may appear only once in a mapping)`;
    return this.issue(pos, joinPath(path), `yaml.${code}`, text, 'error');
  }

  /** Aliases whose anchor is missing (yaml only notices them when converting to JS). */
  private aliasIssues(): LocatedIssue[] {
    const issues: LocatedIssue[] = [];
    visit(this.doc, {
      Alias: (_key, node) => {
        if (node.resolve(this.doc) !== undefined) return;
        const offset = node.range?.[0] ?? 0;
        const message = `unknown alias "*${node.source}" (no anchor "&${node.source}" before it)`;
        const path = joinPath(pathAtOffset(this.doc, offset));
        issues.push(this.issue(this.lines.linePos(offset), path, 'yaml.BAD_ALIAS', message, 'error'));
      },
    });
    return issues;
  }

  private at(found: Found, path: PathSegment[], code: string, message: string): LocatedIssue {
    return this.issue(this.posOf(found.node ?? found.keyNode), joinPath(path), code, message, 'error');
  }

  private atKey(path: PathSegment[], code: string, message: string): LocatedIssue {
    const found = this.find(path);
    return this.issue(this.posOf(found.keyNode ?? found.node), joinPath(path), code, message, 'error');
  }

  private issue(
    pos: { line: number; col: number },
    path: string,
    code: string,
    message: string,
    severity: LocatedIssue['severity'],
  ): LocatedIssue {
    return { file: this.file, line: pos.line, column: pos.col, path, code, message, severity };
  }

  private posOf(node: Node | null): { line: number; col: number } {
    const offset = node?.range?.[0];
    return offset === undefined ? { line: 1, col: 1 } : this.lines.linePos(offset);
  }

  /** Walks `path`; stops at the deepest existing node (a missing key leaves the parent mapping). */
  private find(path: readonly PathSegment[]): Found {
    let node = this.resolve(this.doc.contents);
    let keyNode: Node | null = null;
    for (const seg of path) {
      const child = childOf(node, seg);
      if (!child) return { node, keyNode, exact: false };
      node = this.resolve(child.value);
      keyNode = child.key;
      if (node === null) return { node: keyNode, keyNode, exact: true };
    }
    return { node, keyNode, exact: true };
  }

  private resolve(node: unknown): Node | null {
    if (isAlias(node)) return (node.resolve(this.doc) as Node | undefined) ?? node;
    return isNode(node) ? node : null;
  }
}

function isNode(value: unknown): value is Node {
  return isMap(value) || isSeq(value) || isScalar(value) || isAlias(value);
}

/** The child of a map (by key) or a sequence (by index), with the key node for maps. */
function childOf(node: Node | null, seg: PathSegment): { key: Node | null; value: unknown } | undefined {
  if (isMap(node)) {
    const pair = node.items.find((p) => String(isScalar(p.key) ? p.key.value : p.key) === String(seg));
    return pair ? { key: isNode(pair.key) ? pair.key : null, value: pair.value } : undefined;
  }
  if (isSeq(node) && typeof seg === 'number') {
    const item: unknown = node.items[seg];
    return item === undefined ? undefined : { key: null, value: item };
  }
  return undefined;
}

/** The path of the deepest node whose range contains `offset` (keys included). */
function pathAtOffset(doc: Document, offset: number): PathSegment[] {
  const path: PathSegment[] = [];
  let node: unknown = doc.contents;
  for (;;) {
    const next = stepToward(node, offset);
    if (!next) return path;
    path.push(next.seg);
    node = next.node;
  }
}

function stepToward(node: unknown, offset: number): { seg: PathSegment; node: unknown } | undefined {
  if (isMap(node)) {
    for (const pair of node.items) {
      if (!isPair(pair)) continue;
      const key = isScalar(pair.key) ? pair.key : null;
      const start = key?.range?.[0] ?? Infinity;
      const end = (isNode(pair.value) ? pair.value.range?.[2] : undefined) ?? key?.range?.[2] ?? -1;
      if (key && offset >= start && offset <= end) return { seg: String(key.value), node: pair.value };
    }
  }
  if (isSeq(node)) {
    const i = node.items.findIndex((it) => isNode(it) && contains(it, offset));
    if (i >= 0) return { seg: i, node: node.items[i] };
  }
  return undefined;
}

function contains(node: Node, offset: number): boolean {
  const range = node.range;
  return range !== undefined && range !== null && offset >= range[0] && offset <= range[2];
}

function toSegment(seg: PropertyKey): PathSegment {
  return typeof seg === 'number' ? seg : String(seg);
}

function expectedOf(issue: z.core.$ZodIssue): string {
  return issue.code === 'invalid_type' ? issue.expected : '';
}
