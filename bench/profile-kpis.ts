/**
 * `npx tsx bench/profile-kpis.ts [--projects 200] [--records 1000]` (PostgreSQL, a throwaway cluster): for the first
 * generated project, with 10 projects in the database (when N > 10) and again with all N, the statements evaluateKpis
 * sends and its median time, each table's hand-written GROUP BY beside the KPIs over that table, and EXPLAIN (ANALYZE,
 * BUFFERS) of each statement. A developer's profile, not a scenario: nothing is written to bench/results.
 */
import { performance } from 'node:perf_hooks';
import { sql, type SQL } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import type { Db } from '../src/db/client';
import { fromPostgresUrl } from '../src/db/postgres';
import { evaluateKpis } from '../src/kpi/engine';
import { startCluster } from '../scripts/pg-cluster';
import { generate, type Generated } from './generate';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? fallback : Number(process.argv[i + 1]);
};
const PROJECTS = arg('projects', 200);
const RECORDS = arg('records', 1_000);
const dialect = new PgDialect();

async function profile(db: Db, g: Generated, label: string) {
  const projectId = g.projectIds[0]!;
  const at = '2021-06-30';
  const statements: SQL[] = [];
  const recorder = {
    execute: (q: SQL) => {
      statements.push(q);
      return db.execute(q);
    },
  } as unknown as Db;
  await evaluateKpis(recorder, { projectId, plan: g.plan, at });
  const times: number[] = [];
  for (let i = 0; i < 15; i++) {
    const t0 = performance.now();
    await evaluateKpis(db, { projectId, plan: g.plan, at });
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  process.stdout.write(
    `\n=== ${label}: ${statements.length} statements, median ${times[7]!.toFixed(1)} ms\n`,
  );
  const median = async (q: SQL) => {
    const ts: number[] = [];
    for (let i = 0; i < 7; i++) {
      const t0 = performance.now();
      await db.execute(q);
      ts.push(performance.now() - t0);
    }
    return ts.sort((a, b) => a - b)[3]!.toFixed(1);
  };
  const live = sql.raw(`project_id = '${projectId}' AND deleted_at IS NULL AND pending_batch IS NULL`);
  for (const [t, k] of [
    ['activities', 'kind'],
    ['events', 'kind'],
    ['publications', 'type'],
    ['synergies', 'kind'],
    ['metric_snapshots', 'metric'],
  ] as const) {
    const hand = await median(
      sql`select ${sql.raw(k)}, count(*) from ${sql.raw(t)} where ${live} group by 1`,
    );
    const full = await median(sql`select count(*) from ${sql.raw(t)} where ${live}`);
    process.stdout.write(`${t}: hand-written group by ${hand} ms, count(*) ${full} ms\n`);
  }
  for (const record of ['activity', 'event', 'publication', 'synergy', 'metric', undefined] as const) {
    const kpis = g.plan.kpis.filter(
      (k) => (k.measure.kind === 'manual' ? undefined : k.measure.record) === record,
    );
    const only = { ...g.plan, kpis };
    const ts: number[] = [];
    for (let i = 0; i < 7; i++) {
      const t0 = performance.now();
      await evaluateKpis(db, { projectId, plan: only, at });
      ts.push(performance.now() - t0);
    }
    process.stdout.write(
      `KPIs over ${record ?? 'manual'} (${kpis.length}): ${ts.sort((x, y) => x - y)[3]!.toFixed(1)} ms\n`,
    );
  }
  for (const [i, q] of statements.entries()) {
    const text = dialect.sqlToQuery(q).sql;
    const res = (await db.execute(sql`explain (analyze, buffers, summary) ${q}`)) as unknown as {
      rows: Array<Record<string, string>>;
    };
    const lines = res.rows.map((r) => Object.values(r)[0]);
    process.stdout.write(`--- [${i + 1}] ${text.slice(0, 90).replace(/\s+/g, ' ')}\n${lines.join('\n')}\n`);
  }
}

const cluster = await startCluster();
try {
  const admin = fromPostgresUrl(cluster.url(), { max: 1 });
  await admin.db.execute(sql`CREATE DATABASE bench`);
  await admin.close();
  const database = fromPostgresUrl(cluster.url('bench'));
  await database.migrate();
  const all = await generate({
    database,
    size: [{ projects: PROJECTS, records: RECORDS }],
    ...(PROJECTS > 10
      ? { early: { projects: 10, then: (g: Generated) => profile(database.db, g, '10 projects') } }
      : {}),
  });
  await profile(database.db, all, `${all.projectIds.length} projects`);
  await database.close();
} finally {
  cluster.stop();
}
