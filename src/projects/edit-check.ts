/**
 * A candidate plan checked exactly as `herald plan check` checks a file: it is dumped to YAML (the text a version
 * made in the app stores, and the download gives back) and loaded with the plan loader, so the schema parse, the
 * consistency checks and the located paths (`kpis.3.target`) are the loader's own.
 */
import { stringify } from 'yaml';
import type { ErrorDetail } from '../errors';
import { planCheckKey } from '../plan/check-text';
import { parsePlan, type LocatedIssue } from '../plan/loader';
import { planSchema, type Plan } from '../plan/schema';
import { hasKey } from '../i18n';
import { issueKey } from '../i18n/zod';

/** A stable YAML dump of a plan: keys in the plan's order, no anchors or aliases, lines never folded. */
export function planYaml(plan: unknown): string {
  return stringify(plan, { aliasDuplicateObjects: false, lineWidth: 0, minContentWidth: 0 });
}

export type CandidateCheck =
  | { ok: true; plan: Plan; sourceText: string; warnings: ErrorDetail[] }
  | { ok: false; errors: ErrorDetail[]; warnings: ErrorDetail[] };

/** A finding as an error detail: its path, the English message, and the catalog key views translate. */
function detailOf(issue: LocatedIssue, zodKeys: Map<string, ReturnType<typeof issueKey>>): ErrorDetail {
  const base: ErrorDetail = { path: issue.path, message: issue.message };
  if (!issue.code.startsWith('schema.') && !issue.code.startsWith('yaml.')) {
    const key = planCheckKey(issue);
    return hasKey(key) ? { ...base, key, params: issue.params ?? {} } : base;
  }
  const keyed = zodKeys.get(issue.path);
  return keyed ? { ...base, key: keyed.key, params: keyed.params } : base;
}

/** Checks a candidate plan (anything: it comes from a form); errors and warnings are located by path. */
export function checkCandidate(candidate: unknown): CandidateCheck {
  const sourceText = planYaml(candidate);
  const result = parsePlan(sourceText, 'plan');
  const zodKeys = new Map<string, ReturnType<typeof issueKey>>();
  if (!result.ok) {
    const parsed = planSchema.safeParse(candidate);
    if (!parsed.success)
      for (const iss of parsed.error.issues) {
        const path = iss.path.map(String).join('.');
        if (!zodKeys.has(path)) zodKeys.set(path, issueKey(iss));
      }
  }
  const warnings = result.warnings.map((w) => detailOf(w, zodKeys));
  if (!result.ok) return { ok: false, errors: result.errors.map((e) => detailOf(e, zodKeys)), warnings };
  return { ok: true, plan: result.plan, sourceText, warnings };
}
