/**
 * The work of all KPIs of one project does not grow with the number of projects: evaluateKpis sends one statement,
 * and the shared buffers (hit + read) its plan touches, from EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON), on 10 projects
 * and again after 990 more (with records, import batches and manual values) are within one block per index descent.
 * Buffers, not wall time: the figure does not depend on how busy the machine is (as src/portfolio/buffers.int.test.ts).
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { createTestDatabase } from '../../test/db';
import { countingDb } from '../../test/counting-db';
import { seedKpiRecords } from '../../test/factories/kpi-records';
import { seedProjects } from '../../test/factories/portfolio';
import { rowsOf } from '../audit/chain';
import type { Database } from '../db/client';
import { loadPlanFile } from '../plan/loader';
import type { Plan } from '../plan/schema';
import { evaluateKpis, figuresStatement } from './engine';

vi.setConfig({ testTimeout: 180_000, hookTimeout: 120_000 });

interface PlanNode {
  'Node Type'?: string;
  'Relation Name'?: string;
  'Actual Loops'?: number;
  'Shared Hit Blocks'?: number;
  'Shared Read Blocks'?: number;
  Plans?: PlanNode[];
}

interface Work {
  /** Shared blocks hit + read by the whole plan (the top node's figures include its children, sub-plans and CTE). */
  blocks: number;
  /** Index descents: the loops of every index scan. */
  descents: number;
  /** Record tables read whole (a sequential scan of a record table). */
  seqScans: string[];
}

const RECORD_TABLES = [
  'activities',
  'events',
  'publications',
  'synergies',
  'metric_snapshots',
  'kpi_manual_values',
];
const PROJECT = 'a-0003';
const AT = '2021-06-30';

let database: Database;
let plan: Plan;
beforeAll(async () => {
  database = await createTestDatabase();
  const loaded = await loadPlanFile('plans/m-sec.yaml');
  if (!loaded.ok) throw new Error('plans/m-sec.yaml does not load');
  plan = loaded.plan;
});
afterAll(() => database?.close());

const walk = (node: PlanNode, visit: (n: PlanNode) => void): void => {
  visit(node);
  for (const child of node.Plans ?? []) walk(child, visit);
};

/** EXPLAIN (ANALYZE, BUFFERS) of the one statement; `indexOnly`: sequential and bitmap scans off (10 projects). */
async function work(indexOnly: boolean): Promise<Work> {
  const statement = figuresStatement({ projectId: PROJECT, plan, at: AT })!;
  const result = await database.db.transaction(async (tx) => {
    if (indexOnly) {
      for (const setting of ['seqscan', 'bitmapscan'])
        await tx.execute(sql.raw(`set local enable_${setting} = off`));
    }
    return tx.execute(sql`explain (analyze, buffers, format json) ${statement.query}`);
  });
  const [row] = rowsOf<Record<string, unknown>>(result);
  const raw = Object.values(row ?? {})[0];
  const doc = (typeof raw === 'string' ? JSON.parse(raw) : raw) as { Plan: PlanNode }[];
  const top = doc[0]?.Plan ?? {};
  const out: Work = {
    blocks: (top['Shared Hit Blocks'] ?? 0) + (top['Shared Read Blocks'] ?? 0),
    descents: 0,
    seqScans: [],
  };
  walk(top, (n) => {
    if (n['Node Type'] === 'Index Scan' || n['Node Type'] === 'Index Only Scan')
      out.descents += n['Actual Loops'] ?? 0;
    if (
      n['Node Type'] === 'Seq Scan' &&
      RECORD_TABLES.includes(n['Relation Name'] ?? '') &&
      (n['Actual Loops'] ?? 0) > 0
    )
      out.seqScans.push(n['Relation Name']!);
  });
  return out;
}

async function measure(indexOnly: boolean): Promise<Work> {
  await database.db.execute(sql`analyze`);
  await work(indexOnly); // once to settle the catalog caches, then the figure
  return work(indexOnly);
}

const figures = async () => {
  const counting = countingDb(database.db);
  const values = await evaluateKpis(counting.db, { projectId: PROJECT, plan, at: AT });
  expect(counting.statements, 'statements sent by evaluateKpis').toHaveLength(1);
  return values.map((k) => [k.id, k.value, k.parts.map((p) => p.value), k.hasValue]);
};

it('reads about the same number of buffers for one project on 10 projects and on 1,000, in one statement', async () => {
  const db = database.db;
  await seedKpiRecords(db, { projectIds: await seedProjects(db, { prefix: 'a', count: 10 }), perType: 40 });
  const small = await measure(true);
  const before = await figures();
  // Not a dataset of zeros: aggregate, snapshot and manual KPIs all count something.
  expect(before.filter(([, value]) => Number(value) > 0).length).toBeGreaterThan(plan.kpis.length / 2);

  await seedKpiRecords(db, { projectIds: await seedProjects(db, { prefix: 'b', count: 990 }), perType: 40 });
  const large = await measure(false);
  expect(await figures()).toEqual(before);

  expect(small.blocks).toBeGreaterThan(0);
  // On 1,000 projects the planner itself reads each table through its project index, never a whole record table…
  expect(large.seqScans).toEqual([]);
  // …and each index gains at most one level between 10 and 1,000 projects' entries: one more block per descent,
  // plus a constant. Reading other projects' rows or import batches would cost hundreds of blocks more.
  expect(large.blocks, `${small.blocks} blocks on 10 projects, ${large.blocks} on 1,000`).toBeLessThanOrEqual(
    small.blocks + large.descents + 4,
  );
});
