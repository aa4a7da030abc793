/** The SQL the KPI engine compiles for a plan, as one reviewable text (`npm run kpi:sql` → docs/kpi-sql/). */
import { basename } from 'node:path';
import type { SQL } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import type { Db } from '../db/client';
import { formatIssue, loadPlanFile } from '../plan/loader';
import type { Plan } from '../plan/schema';
import { projectEnd } from '../plan/time';
import { projectIdOf } from '../projects/diff';
import { listExcludedSnapshots, listKpiRecords } from './drilldown';
import { evaluateKpis } from './engine';
import { kpiHistory } from './history';

export interface CompiledQuery {
  /** What asked for it: `figures`, `history <kpi>[/<part>]`, `drill-down <kpi>[/<part>]`, … */
  label: string;
  sql: string;
  params: unknown[];
}

export interface KpiSqlOptions {
  plan: Plan;
  /** The project id the queries are scoped to (a bound parameter). */
  projectId: string;
}

const dialect = new PgDialect();

/**
 * Runs the engine's figures, monthly history and drill-downs (every KPI, every part) against a database that only
 * records each query's text and parameters and answers no rows: the very SQL the engine sends, in the order it
 * sends it. Evaluated as of the project's last day, so every window is whole and the result never depends on today.
 */
export async function compileKpiSql(opts: KpiSqlOptions): Promise<CompiledQuery[]> {
  const { plan, projectId } = opts;
  const at = projectEnd(plan.project.start_date, plan.project.duration_months);
  const out: CompiledQuery[] = [];
  let label = '';
  const recorder = {
    execute: (q: SQL) => {
      const { sql, params } = dialect.sqlToQuery(q);
      out.push({ label, sql, params });
      return Promise.resolve({ rows: [] });
    },
  };
  const db = recorder as unknown as Db;

  label = 'figures';
  await evaluateKpis(db, { projectId, plan, at });
  for (const kpi of plan.kpis) {
    label = `history ${kpi.id}`;
    await kpiHistory(db, { projectId, plan: { ...plan, kpis: [kpi] }, at });
  }
  for (const kpi of plan.kpis) {
    for (const partId of [undefined, ...kpi.parts.map((p) => p.id)]) {
      const name = partId ? `${kpi.id}/${partId}` : kpi.id;
      label = `drill-down ${name}`;
      await listKpiRecords(db, { projectId, plan, kpiId: kpi.id, partId, at });
      if (kpi.measure.kind === 'latest_sum') {
        label = `drill-down ${name}, left out by a complete export`;
        await listExcludedSnapshots(db, { projectId, plan, kpiId: kpi.id, partId, at });
      }
    }
  }
  return out;
}

/**
 * The statements `run` sends, recorded from a Db that answers no rows (text and bound parameters, in order): the
 * SQL behind one figure or list, e.g. for a report's evidence manifest.
 */
export async function recordSql(
  run: (db: Db) => Promise<unknown>,
): Promise<Array<{ sql: string; params: unknown[] }>> {
  const out: Array<{ sql: string; params: unknown[] }> = [];
  const recorder = {
    execute: (q: SQL) => {
      const { sql: text, params } = dialect.sqlToQuery(q);
      out.push({ sql: text, params });
      return Promise.resolve({ rows: [] });
    },
  };
  await run(recorder as unknown as Db);
  return out;
}

/** A bound value as SQL would spell it, for the comment under each query. */
function literal(v: unknown): string {
  if (v === null || v === undefined) return 'NULL';
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (typeof v === 'string') return `'${v.replaceAll("'", "''")}'`;
  return JSON.stringify(v);
}

const KEYWORDS = [' FROM ', ' WHERE ', ' GROUP BY ', ' ORDER BY ', ' LIMIT '];

/** A long line broken at its own level: before FROM / WHERE / GROUP BY / ORDER BY / LIMIT and after each comma. */
function breakLine(line: string): string {
  if (line.length <= 120) return line;
  const indent = /^\s*/.exec(line)?.[0] ?? '';
  let out = '';
  let depth = 0;
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (ch === "'") quoted = !quoted;
    if (!quoted && ch === '(') depth++;
    if (!quoted && ch === ')') depth--;
    if (!quoted && depth === 0 && i >= indent.length && KEYWORDS.some((k) => line.startsWith(k, i))) {
      out += `\n${indent}`;
      continue;
    }
    out += ch;
    if (!quoted && depth === 0 && ch === ',' && line[i + 1] === ' ') {
      out += `\n${indent}  `;
      i++;
    }
  }
  return out;
}

/** Trailing spaces off, long lines broken: the engine's templates indent, and a diff should show what changed. */
const tidy = (text: string): string =>
  text
    .split('\n')
    .flatMap((l) => breakLine(l.trimEnd()).split('\n'))
    .map((l) => l.trimEnd())
    .join('\n');

/** The committed file's text: a header, then each query with its label and its parameters' values. */
export function renderKpiSql(opts: { source: string; projectId: string; queries: CompiledQuery[] }): string {
  const head = [
    `-- The SQL the KPI engine (src/kpi) compiles for ${opts.source} (project id ${literal(opts.projectId)}),`,
    `-- as of the project's last day. Written by \`npm run kpi:sql\`: do not edit; review its diff.`,
    `-- ${opts.queries.length} queries. Bound parameters are $1, $2, …; their values follow each query.`,
  ];
  const blocks = opts.queries.map((q, i) => {
    const values = q.params.map((p, j) => `--   $${j + 1} = ${literal(p)}`);
    return [
      `-- [${i + 1}] ${q.label}`,
      `${tidy(q.sql)};`,
      ...(values.length > 0 ? values : ['--   (none)']),
    ].join('\n');
  });
  return `${[head.join('\n'), ...blocks].join('\n\n')}\n`;
}

/** Where a plan's compiled SQL is committed: docs/kpi-sql/<plan file name>.sql (relative to the repository). */
export const kpiSqlPath = (planPath: string): string =>
  `docs/kpi-sql/${basename(planPath).replace(/\.ya?ml$/i, '')}.sql`;

/** Loads a plan file and renders its KPI SQL (`source` is how the header names the plan file). */
export async function kpiSqlOfPlanFile(planPath: string, source = planPath): Promise<string> {
  const loaded = await loadPlanFile(planPath);
  if (!loaded.ok)
    throw new Error(`${planPath} is not a valid plan:\n${loaded.errors.map(formatIssue).join('\n')}`);
  const projectId = projectIdOf(loaded.plan);
  const queries = await compileKpiSql({ plan: loaded.plan, projectId });
  return renderKpiSql({ source, projectId, queries });
}
