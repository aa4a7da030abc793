/**
 * The export scenario's project (issue 19: "exporting 100,000 activities"): one more project, copied from the
 * generated set's first plan (bench/gen-clone.ts), holding exactly `rows` activities and nothing else, written by the
 * same seeded generator (bench/generate.ts's generateProject: COPY batches, `record.import` audit entries, evidence
 * files). Made only when the export scenario runs, after the data set of the size, so the other scenarios' projects
 * are the same as without it. The bench user coordinates it too.
 */
import { sql } from 'drizzle-orm';
import type { Db } from '../src/db/client';
import { RECORD_TYPES, type RecordType } from '../src/plan/schema';
import { clonePlanProjects } from './gen-clone';
import { contextOf } from './gen-rows';
import {
  acronymOf,
  addBenchCoordinator,
  distinctStreams,
  generateProject,
  GEN_EPOCH,
  type Generated,
} from './generate';
import { mixSeed } from './prng';

/** Activities of the export scenario's project (`--export-rows`). */
export const DEFAULT_EXPORT_ROWS = 100_000;

/** Creates the export project after `generated`'s projects; returns its id. */
export async function generateExportProject(
  db: Db,
  o: { generated: Generated; seed: number; rows: number; onRows?: (done: number) => void },
): Promise<string> {
  if (!Number.isInteger(o.rows) || o.rows < 1) throw new Error(`--export-rows ${o.rows}: a whole number ≥ 1`);
  const index = o.generated.projectIds.length;
  // Its record ids lead with its own stream's seed: distinct from every generated project's.
  distinctStreams(o.seed, index + 1);
  const plan = {
    ...o.generated.plan,
    project: { ...o.generated.plan.project, acronym: acronymOf(o.generated.plan, index + 1) },
  };
  const [projectId] = await clonePlanProjects(db, {
    templateId: o.generated.first,
    targets: [{ plan, at: new Date(GEN_EPOCH) }],
  });
  const split = Object.fromEntries(RECORD_TYPES.map((t) => [t, t === 'activity' ? o.rows : 0])) as Record<
    RecordType,
    number
  >;
  let done = 0;
  await generateProject(db, {
    ctx: contextOf(plan, projectId!, new Date(GEN_EPOCH)),
    seed: mixSeed(o.seed, index),
    records: o.rows,
    split,
    onRows: (n) => o.onRows?.((done += n)),
  });
  await addBenchCoordinator(db, projectId!);
  await db.execute(sql`ANALYZE activities`);
  return projectId!;
}
