/**
 * The brand checker's use case: files (bytes) + a plan → diagnostics per file. In-process, no database: the CLI, the
 * future upload page and API and the template generator call it alike. Rules run in a fixed order; findings are
 * sorted by location.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import type { Plan } from '../plan/schema';
import { BrandInputError, readDocument } from './inputs';
import { fundingAcknowledgement } from './rules/acknowledgement';
import { colours } from './rules/colours';
import type { Rule, RuleInput } from './rules/context';
import { emblems } from './rules/emblems';
import { nameSpelling } from './rules/names';
import { publication } from './rules/publication';
import { social } from './rules/social';
import type { Diagnostic, DocKind, DocModel, LintContext, Location } from './types';

/** The rule set's version: SARIF's tool version and the evidence summary's (bump it when a rule changes). */
export const RULESET_VERSION = '0.1.0';

export const RULES: Rule[] = [nameSpelling, fundingAcknowledgement, emblems, colours, social, publication];

export interface LintOptions {
  plan: Plan;
  /** Which funding sentence is required (default dissemination). */
  context?: LintContext;
  /** Check as a scientific publication (grant numbers, open-access route). */
  publication?: boolean;
  /** Folder relative asset `file`s are read from (their SHA-256 recognises emblems). */
  assetsDir?: string;
}

export interface LintTarget {
  file: string;
  bytes: Uint8Array;
  /** A pasted social post (of this network). */
  social?: { network?: string };
}

export interface FileResult {
  file: string;
  kind?: DocKind;
  diagnostics: Diagnostic[];
  /** The file could not be read: nothing was checked. */
  error?: BrandInputError;
}

/** SHA-256 of each asset file the plan names and that can be read → the asset's id (unreadable ones are skipped). */
export async function assetHashes(plan: Plan, assetsDir?: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const asset of plan.identity?.assets ?? []) {
    if (!asset.file) continue;
    const candidates = isAbsolute(asset.file)
      ? [asset.file]
      : [...(assetsDir ? [join(assetsDir, asset.file)] : []), asset.file];
    for (const path of candidates) {
      try {
        out.set(
          createHash('sha256')
            .update(await readFile(path))
            .digest('hex'),
          asset.id,
        );
        break;
      } catch {
        // not there: the next candidate, else recognised by name or alt text only
      }
    }
  }
  return out;
}

const order = (l: Location): number[] => [
  l.part ? 1 : 0,
  l.page ?? l.slide ?? l.paragraph ?? l.line ?? 0,
  l.column ?? 0,
];

function compare(a: Diagnostic, b: Diagnostic): number {
  const x = order(a.location);
  const y = order(b.location);
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return x[i]! - y[i]!;
  return a.ruleId.localeCompare(b.ruleId);
}

/** Every rule over one document model. */
export function lintModel(
  doc: DocModel,
  opts: LintOptions & { assetHashes?: ReadonlyMap<string, string> },
): Diagnostic[] {
  const input: RuleInput = {
    plan: opts.plan,
    doc,
    context: opts.context ?? 'dissemination',
    publication: opts.publication ?? false,
    assetHashes: opts.assetHashes ?? new Map(),
  };
  return RULES.flatMap((rule) => rule(input)).sort(compare);
}

/** A checker for one plan: the asset files hashed once, then any number of files checked one at a time. */
export async function createLinter(opts: LintOptions): Promise<(target: LintTarget) => Promise<FileResult>> {
  const hashes = await assetHashes(opts.plan, opts.assetsDir);
  return async (t) => {
    try {
      const doc = await readDocument(t);
      return { file: t.file, kind: doc.kind, diagnostics: lintModel(doc, { ...opts, assetHashes: hashes }) };
    } catch (e) {
      if (!(e instanceof BrandInputError)) throw e;
      return { file: t.file, diagnostics: [], error: e };
    }
  };
}

/** Reads and checks each file; a file that cannot be read gets its error and no diagnostics. */
export async function lintFiles(targets: LintTarget[], opts: LintOptions): Promise<FileResult[]> {
  const lint = await createLinter(opts);
  const results: FileResult[] = [];
  for (const t of targets) results.push(await lint(t));
  return results;
}

export const hasErrors = (results: FileResult[]): boolean =>
  results.some((r) => r.error || r.diagnostics.some((d) => d.severity === 'error'));
