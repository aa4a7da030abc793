/**
 * The portfolio query's work does not grow with the number of projects: the shared buffers (hit + read) its plan
 * touches, from EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON), on 10 projects and again after 990 more are added, for a
 * person who sees one project, a portfolio member who sees five, and an admin's page (unfiltered and filtered).
 * Buffers, not wall time: the figure does not depend on how busy the machine is.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { createTestDatabase } from '../../test/db';
import { seedProjects } from '../../test/factories/portfolio';
import { rowsOf } from '../audit/chain';
import type { Database } from '../db/client';
import { portfolioPage, portfolioSql, type PortfolioQuery } from './page-query';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

interface PlanNode {
  'Relation Name'?: string;
  Alias?: string;
  'Actual Rows'?: number;
  'Shared Hit Blocks'?: number;
  'Shared Read Blocks'?: number;
  Plans?: PlanNode[];
}

interface Work {
  /** Shared blocks hit + read by the whole plan (the top node's figures include its children and sub-plans). */
  blocks: number;
  /** Project rows the plan visited (the scan of `projects p`). */
  visited: number;
}

let database: Database;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database?.close());

const visitedRows = (node: PlanNode): number =>
  node['Relation Name'] === 'projects' && node.Alias === 'p'
    ? (node['Actual Rows'] ?? 0)
    : (node.Plans ?? []).reduce((n, child) => n + visitedRows(child), 0);

/**
 * EXPLAIN (ANALYZE, BUFFERS) of the page query. `nestedLoops`: the plan the planner picks by itself on 1,000 projects
 * (index scans joined by nested loops), forced on 10 projects, where it would rather read each tiny table whole.
 */
async function work(q: PortfolioQuery, nestedLoops: boolean): Promise<Work> {
  const result = await database.db.transaction(async (tx) => {
    if (nestedLoops) {
      for (const setting of [
        'seqscan',
        'hashjoin',
        'mergejoin',
        'bitmapscan',
        'sort',
        'material',
        'memoize',
      ]) {
        await tx.execute(sql.raw(`set local enable_${setting} = off`));
      }
    }
    return tx.execute(sql`explain (analyze, buffers, format json) ${portfolioSql(q)}`);
  });
  const [row] = rowsOf<Record<string, unknown>>(result);
  const raw = Object.values(row ?? {})[0];
  const doc = (typeof raw === 'string' ? JSON.parse(raw) : raw) as { Plan: PlanNode }[];
  const plan = doc[0]?.Plan ?? {};
  return {
    blocks: (plan['Shared Hit Blocks'] ?? 0) + (plan['Shared Read Blocks'] ?? 0),
    visited: visitedRows(plan),
  };
}

const FIRST = 'a-0003';
const FIVE = ['a-0002', 'a-0004', 'a-0006', 'a-0008', 'a-0010'];
const queries: Record<string, PortfolioQuery> = {
  'one visible project': { projectIds: [FIRST] },
  'a portfolio of five': { projectIds: FIVE },
  'admin, first page': { projectIds: null, limit: 5 },
  'admin, next page': { projectIds: null, limit: 3, after: FIRST },
  'admin, by status': { projectIds: null, limit: 1, status: 'behind' },
};

async function measure(nestedLoops: boolean): Promise<Record<string, Work>> {
  await database.db.execute(sql`analyze`);
  const out: Record<string, Work> = {};
  for (const [name, q] of Object.entries(queries)) {
    await work(q, nestedLoops); // once to settle the catalog caches, then the figure
    out[name] = await work(q, nestedLoops);
  }
  return out;
}

it('reads about the same number of buffers on 10 projects and on 1,000', async () => {
  await seedProjects(database.db, { prefix: 'a', count: 10, figuresAsOf: '2026-03-10' });
  const small = await measure(true);
  const page10 = await portfolioPage(database.db, queries['admin, first page'] ?? { projectIds: null });

  // 990 more projects, sorted after the first ten, with partners, audit heads and cached figures.
  await seedProjects(database.db, { prefix: 'b', count: 990, figuresAsOf: '2026-03-10' });
  const large = await measure(false);
  const page1000 = await portfolioPage(database.db, queries['admin, first page'] ?? { projectIds: null });
  expect(page1000.rows.map((r) => r.id)).toEqual(page10.rows.map((r) => r.id));

  for (const name of Object.keys(queries)) {
    const a = small[name] ?? { blocks: 0, visited: 0 };
    const b = large[name] ?? { blocks: 0, visited: 0 };
    expect(a.blocks, name).toBeGreaterThan(0);
    // The same rows are visited on both sizes (the page's, plus one to know whether another page follows)…
    expect(b.visited, name).toBe(a.visited);
    // …and each index gains at most one level between 10 and 1,000 entries: one more block per descent, i.e. per
    // visited row its project, its cached figures and its audit head, plus a constant (the cursor, the scan's start,
    // a heap page more). Reading the 990 added projects (or their figures) would cost dozens of blocks more.
    const slack = 3 * b.visited + 4;
    expect(b.blocks, `${name}: ${a.blocks} blocks on 10 projects, ${b.blocks} on 1,000`).toBeLessThanOrEqual(
      a.blocks + slack,
    );
  }
});
