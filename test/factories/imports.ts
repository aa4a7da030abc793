/**
 * Imports in tests: a plan with partner aliases and a Japanese partner (so publications can be joint EU/JP), and
 * real-format files written to a temp folder (CSV rows from objects, in any delimiter and encoding).
 */
import { stringify as csvStringify } from 'csv-stringify/sync';
import { stringify as yamlStringify } from 'yaml';
import type { Database } from '../../src/db/client';
import type { PlanInput } from '../../src/plan/schema';
import { importPlan } from '../../src/projects/service';
import { makePlan, planInput } from './plan';
import { tempDir } from '../../src/importers/testing';

export const IMPORT_PROJECT = 'tide-x';

/** Tide-X with aliases (`University A`, `Corp B`) and a third, Japanese partner JPU. */
export function importPlanInput(): PlanInput {
  const base = planInput();
  return {
    ...base,
    partners: [
      {
        number: 1,
        code: 'UNIA',
        name: 'University A',
        country: 'PT',
        region: 'EU',
        kind: 'university',
        sector: 'public',
        aliases: ['Uni A', 'University of A'],
      },
      {
        number: 2,
        code: 'CORPB',
        name: 'Corp B',
        country: 'NO',
        region: 'EU',
        kind: 'industry',
        sector: 'private',
        aliases: ['Corp B', 'Corp B AS'],
      },
      {
        number: 3,
        code: 'JPU',
        name: 'Japan University',
        country: 'JP',
        region: 'JP',
        kind: 'university',
        sector: 'public',
        aliases: ['Nihon Daigaku'],
      },
    ],
  };
}

/** Imports the import plan into a test database (as project `tide-x`). */
export async function importTestPlan(database: Database): Promise<void> {
  const plan = makePlan(importPlanInput());
  await importPlan(database.db, {
    plan,
    sourceText: JSON.stringify(plan),
    sourceName: 'tide-x.yaml',
    actor: 'cli:test',
  });
}

/** The import plan as a YAML file (for `herald plan import` in CLI tests). */
export function importPlanYaml(): string {
  return yamlStringify(importPlanInput());
}

/** A temp folder for one test file (write real-format files into it; `cleanup()` removes it). */
export const importDir = tempDir;

export const ACTIVITY_COLUMNS = [
  'title',
  'lead_partner',
  'date',
  'kind',
  'type',
  'audiences',
  'channels',
  'status',
] as const;

type ActivityCells = Partial<Record<(typeof ACTIVITY_COLUMNS)[number], string>>;

/** An activity row (valid unless overridden) numbered `n`. */
export function activityCells(n: number, overrides: ActivityCells = {}): ActivityCells {
  return {
    title: `Post ${n} about the pilot`,
    lead_partner: n % 2 ? 'UNIA' : 'corp b',
    date: `2024-${String((n % 12) + 1).padStart(2, '0')}-${String((n % 28) + 1).padStart(2, '0')}`,
    kind: 'social_post',
    type: 'Other',
    audiences: 'Citizens; Industry, business partners',
    channels: 'Social media',
    status: 'Delivered',
    ...overrides,
  };
}

/** CSV text of rows (header from the first row's keys unless `columns` is given). */
export function csvOf(
  rows: readonly Record<string, string | undefined>[],
  opts: { delimiter?: string; columns?: readonly string[]; bom?: boolean } = {},
): string {
  const columns = opts.columns ?? Object.keys(rows[0] ?? {});
  const text = csvStringify([columns, ...rows.map((r) => columns.map((c) => r[c] ?? ''))], {
    delimiter: opts.delimiter ?? ',',
  });
  return opts.bom ? `\uFEFF${text}` : text;
}
