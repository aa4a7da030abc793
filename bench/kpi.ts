/**
 * KPI engine at scale: one project among many, with N records per type, evaluated on PGlite (and PostgreSQL when
 * DATABASE_URL is set). Prints how long each monitoring query takes (median of 5 runs after one warm-up).
 * Usage: npm run bench -- --only kpi-timings [--records 100000] [--projects 20] [--pg]
 */
import { performance } from 'node:perf_hooks';
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import { fromPglite, type Database } from '../src/db/client';
import { fromPostgresUrl } from '../src/db/postgres';
import { contributionMatrix, timelineActuals } from '../src/kpi/dashboard';
import { evaluateKpis } from '../src/kpi/engine';
import { kpiHistory } from '../src/kpi/history';
import { getCurrentPlan } from '../src/projects/repository';
import { importPlan, importPlanFile } from '../src/projects/service';
import { planSchema } from '../src/plan/schema';
import { startCluster } from '../scripts/pg-cluster';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? fallback : Number(process.argv[i + 1]);
};
const N = arg('records', 100_000);
const PROJECTS = arg('projects', 20);

async function seed(database: Database, projectId: string, n: number) {
  const db = database.db;
  const per = Math.max(1, Math.floor(n / 5));
  const date = (i: string) => sql.raw(`(date '2018-07-01' + ((${i} * 7919) % 1095))`);
  const partner = sql.raw(
    `(array['WLI','ICCS','CEA','F6S','TST','AYTOSAN','NTTE','KEIO','YNU','NII','WU','NTTDMC'])[1 + (i % 12)]`,
  );
  const common = sql`${projectId}, ${partner}, 'bench', 'bench'`;
  await db.execute(sql`INSERT INTO activities (project_id, lead_partner, created_by, updated_by, title, start_date, kind, type, status, timeline_item)
    SELECT ${common}, 'Activity ' || i, ${date('i')}, (array['article','press_release','newsletter','blog_post'])[1 + (i % 4)], 'Other',
           (array['Delivered','Ongoing'])[1 + (i % 2)], (array['newsletters','flyer', null])[1 + (i % 3)]
    FROM generate_series(1, ${per}) i`);
  await db.execute(sql`INSERT INTO events (project_id, lead_partner, created_by, updated_by, name, kind, city, country, start_date, roles, participants, status, international, joint_with_other_projects)
    SELECT ${common}, 'Event ' || i, (array['workshop','training','exhibition','contest','concertation','e_consultation'])[1 + (i % 6)], 'Tokyo', 'JP',
           ${date('i')}, CASE i % 3 WHEN 0 THEN array['booth'] WHEN 1 THEN array['organiser'] ELSE array['co_organiser','presentation'] END, 10 + (i % 60),
           (array['attended','planned'])[1 + (i % 2)], i % 2 = 0, i % 5 = 0
    FROM generate_series(1, ${per}) i`);
  await db.execute(sql`INSERT INTO publications (project_id, lead_partner, created_by, updated_by, type, title, year, date, open_access, joint_eu_jp)
    SELECT ${common}, (array['conference_paper','journal_article'])[1 + (i % 2)], 'Paper ' || i, 2019 + (i % 3), ${date('i')}, 'green', i % 4 = 0
    FROM generate_series(1, ${per}) i`);
  await db.execute(sql`INSERT INTO synergies (project_id, lead_partner, created_by, updated_by, initiative, kind, date)
    SELECT ${common}, 'Body ' || (i % 40), (array['standardisation','consultation','replication'])[1 + (i % 3)], ${date('i')}
    FROM generate_series(1, ${per}) i`);
  await db.execute(sql`INSERT INTO metric_snapshots (project_id, lead_partner, created_by, updated_by, channel, channel_kind, channel_scope, metric, value, date)
    SELECT ${common}, 'channel-' || (i % 50), (array['twitter','youtube','website'])[1 + (i % 3)], 'project',
           (array['followers','views','downloads'])[1 + (i % 3)], i, ${date('i')}
    FROM generate_series(1, ${per}) i`);
}

async function time(label: string, fn: () => Promise<unknown>, rows: Array<[string, string]>) {
  await fn();
  const runs: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t0 = performance.now();
    await fn();
    runs.push(performance.now() - t0);
  }
  runs.sort((a, b) => a - b);
  rows.push([label, `${runs[2]!.toFixed(1)} ms`]);
}

/** Runs the old KPI timings bench (`npm run bench -- --only kpi-timings`). */
export async function run(): Promise<void> {
  // --pg: a throwaway PostgreSQL cluster from the system's binaries (as in the tests).
  const cluster = process.argv.includes('--pg') ? await startCluster() : null;
  if (cluster) {
    const admin = fromPostgresUrl(cluster.url(), { max: 1 });
    await admin.db.execute(sql`CREATE DATABASE bench`);
    await admin.close();
  }
  const url = cluster ? cluster.url('bench') : process.env.DATABASE_URL;
  const database = url ? fromPostgresUrl(url) : fromPglite(await PGlite.create());
  await database.migrate();
  const t0 = performance.now();
  await importPlanFile(database.db, { file: 'plans/m-sec.yaml', actor: 'bench' });
  const { plan } = (await getCurrentPlan(database.db, 'm-sec'))!;
  // Other projects share the tables: the M-Sec plan under other acronyms, each with its own records.
  for (let p = 1; p < PROJECTS; p++) {
    const other = planSchema.parse({ ...plan, project: { ...plan.project, acronym: `Bench-${p}` } });
    await importPlan(database.db, { plan: other, sourceText: '', sourceName: 'bench', actor: 'bench' });
    await seed(database, `bench-${p}`, N);
  }
  await seed(database, 'm-sec', N);
  await database.db.execute(sql`ANALYZE`);
  const seeded = ((performance.now() - t0) / 1000).toFixed(1);
  const rows: Array<[string, string]> = [];
  const at = '2021-06-30';
  await time(
    'evaluateKpis (18 KPIs, 5 queries)',
    () => evaluateKpis(database.db, { projectId: 'm-sec', plan, at }),
    rows,
  );
  await time(
    'kpiHistory (36 months × 18 KPIs)',
    () => kpiHistory(database.db, { projectId: 'm-sec', plan, at }),
    rows,
  );
  await time('timelineActuals', () => timelineActuals(database.db, 'm-sec', plan), rows);
  await time(
    'contributionMatrix',
    () =>
      contributionMatrix(database.db, { projectId: 'm-sec', plan, from: plan.project.start_date, to: at }),
    rows,
  );
  const engine = url ? 'PostgreSQL' : 'PGlite';
  console.log(
    `KPI engine on ${engine}: ${PROJECTS} projects × ${N.toLocaleString('en')} records (seeded in ${seeded} s)`,
  );
  for (const [label, value] of rows) console.log(`  ${label.padEnd(38)} ${value.padStart(10)}`);
  const mem = process.memoryUsage();
  console.log(`  peak RSS ~ ${(mem.rss / 1e6).toFixed(0)} MB`);
  await database.close();
  cluster?.stop();
}
