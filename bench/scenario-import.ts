/**
 * Scenario `import`: N activities (100,000; 2,000 at `small`) through the real commit path (commitImport, as
 * `herald import` and the import job call it) beside `COPY … FROM` of the same CSV into a bare table (PostgreSQL:
 * pg-copy-streams; PGlite: `COPY … FROM '/dev/blob'`), in rows per second, interleaved. Target: ≥ 40 % of COPY.
 */
import { createReadStream, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pipeline } from 'node:stream/promises';
import type { PGlite } from '@electric-sql/pglite';
import { stringify } from 'csv-stringify/sync';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { systemActor } from '../src/auth/permissions';
import type { Database } from '../src/db/client';
import { commitImport } from '../src/importers/commit';
import { ACTIVITY_KINDS, type Plan } from '../src/plan/schema';
import { importPlan } from '../src/projects/service';
import { vocabularyFor } from '../src/records/vocabularies';
import { interleave, type PairedFigure } from './harness';
import { createRng, mixSeed } from './prng';
import type { Progress } from './progress';

export interface ImportScenarioOptions {
  database: Database;
  /** PGlite's own client (for its COPY), when the engine is PGlite. */
  pglite?: PGlite;
  /** The PostgreSQL URL (for pg-copy-streams), when the engine is PostgreSQL. */
  databaseUrl?: string;
  plan: Plan;
  rows: number;
  seed: number;
  workDir: string;
  pairs?: number;
  progress: Progress;
}

const COLUMNS = ['title', 'lead_partner', 'date', 'kind', 'type', 'audiences', 'channels', 'status'] as const;
const DAY = 86_400_000;
/** A list cell's separator in import files. */
const LIST = '; ';

/** An activities CSV of `rows` valid rows for the plan; titles carry `run` so that no run duplicates another. */
export function activitiesCsv(plan: Plan, o: { rows: number; seed: number; run: number }): string {
  const rng = createRng(mixSeed(o.seed, 'import', o.run));
  const vocab = vocabularyFor(plan.project.programme);
  const plain = (list: readonly string[]) => list.filter((v) => !v.includes(',') && !v.includes(';'));
  const audiences = plain(vocab.communicationAudiences);
  const channels = plain(vocab.channels);
  const start = Date.parse(`${plan.project.start_date}T00:00:00Z`);
  const days = Math.max(1, plan.project.duration_months * 30 - 1);
  const lines: string[][] = [[...COLUMNS]];
  for (let n = 1; n <= o.rows; n++) {
    lines.push([
      `Imported activity ${o.run}-${n}`,
      rng.pick(plan.partners).code,
      new Date(start + rng.int(days) * DAY).toISOString().slice(0, 10),
      rng.pick(ACTIVITY_KINDS),
      rng.pick(vocab.activityTypes),
      audiences.length ? [...new Set([rng.pick(audiences), rng.pick(audiences)])].join(LIST) : '',
      channels.length ? rng.pick(channels) : '',
      'Delivered',
    ]);
  }
  return stringify(lines);
}

/** Runs the scenario; the rows go into a project of their own (the plan under another acronym). */
export async function importScenario(o: ImportScenarioOptions): Promise<PairedFigure> {
  const db = o.database.db;
  const { projectId } = await importPlan(db, {
    plan: { ...o.plan, project: { ...o.plan.project, acronym: `${o.plan.project.acronym} import` } },
    sourceText: '',
    sourceName: 'bench',
    actor: 'bench:import',
  });
  await db.execute(sql`DROP TABLE IF EXISTS bench_copy`);
  await db.execute(
    sql.raw(
      'CREATE TABLE bench_copy (title text, lead_partner text, date date, kind text, type text, audiences text, channels text, status text)',
    ),
  );
  const pgClient = o.database.driver === 'pg' ? new pg.Client({ connectionString: o.databaseUrl }) : null;
  await pgClient?.connect();
  const copySql = 'COPY bench_copy FROM STDIN WITH (FORMAT csv, HEADER true)';
  let run = 0;
  const fileOf = (r: number) => join(o.workDir, `import-${r}.csv`);
  const copyFile = join(o.workDir, 'import-copy.csv');
  writeFileSync(copyFile, activitiesCsv(o.plan, { rows: o.rows, seed: o.seed, run: 0 }));
  const rate = (ms: number) => o.rows / (ms / 1000);
  try {
    return await interleave({
      scenario: 'import',
      a: {
        label: `commitImport of ${o.rows} activities (CSV)`,
        run: async () => {
          const file = fileOf(++run);
          writeFileSync(file, activitiesCsv(o.plan, { rows: o.rows, seed: o.seed, run }));
          o.progress.start(`import ${run}`, o.rows);
          const t0 = performance.now();
          const result = await commitImport(db, {
            actor: systemActor('bench:import'),
            projectId,
            type: 'activity',
            file: { path: file },
            onProgress: (s) => (s.phase === 'import' ? o.progress.update(s.done) : undefined),
          });
          const ms = performance.now() - t0;
          o.progress.stop();
          rmSync(file, { force: true });
          if (result.imported !== o.rows) {
            throw new Error(
              `import scenario: ${result.imported} of ${o.rows} rows imported (${result.status}, ${result.errorCount} errors: ${[
                ...result.fileErrors,
                ...result.errors,
              ]
                .slice(0, 3)
                .map((e) => JSON.stringify(e))
                .join('; ')})`,
            );
          }
          return rate(ms);
        },
      },
      b: {
        label: `COPY of the same rows into a bare table`,
        run: async () => {
          await db.execute(sql`TRUNCATE bench_copy`);
          const t0 = performance.now();
          if (pgClient) {
            await pipeline(createReadStream(copyFile), pgClient.query(copyFrom(copySql)));
          } else if (o.pglite) {
            const blob = new Blob([readFileSync(copyFile)]);
            await o.pglite.query(`COPY bench_copy FROM '/dev/blob' WITH (FORMAT csv, HEADER true)`, [], {
              blob,
            });
          } else throw new Error('import scenario: no COPY client for this engine');
          return rate(performance.now() - t0);
        },
      },
      unit: 'rows/s',
      pairs: o.pairs,
      target: { op: '>=', ratio: 0.4 },
      onPair: (i, a, b) =>
        o.progress.note(`import pair ${i + 1}: ${a.toFixed(0)} rows/s vs COPY ${b.toFixed(0)} rows/s`),
    });
  } finally {
    await pgClient?.end();
    await db.execute(sql`DROP TABLE IF EXISTS bench_copy`);
    rmSync(copyFile, { force: true });
  }
}
