/**
 * The figures behind docs/SCALING.md: on a throwaway PostgreSQL, N records of one project (bench/server-seed.ts),
 * then the heap and index bytes of every table (pg_relation_size) and per record, and the statements and blocks one
 * signed-in dashboard request costs (pg_stat_database deltas around M requests of a running `herald serve`).
 * With --pgbench, also the machine's physical baseline: `pgbench -S` (one primary-key SELECT per transaction).
 * Usage: npx tsx bench/scaling.ts [--records 100000] [--requests 20] [--pgbench]
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import pg from 'pg';
import { findPgBin, startCluster } from '../scripts/pg-cluster';
import { seedServerData } from './server-seed';
import { signIn, startServer } from './server-process';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? fallback : Number(process.argv[i + 1]);
};
const N = arg('records', 100_000);
const REQUESTS = arg('requests', 20);

const cluster = await startCluster();
try {
  const admin = new pg.Client({ connectionString: cluster.url() });
  await admin.connect();
  await admin.query('CREATE DATABASE herald_scaling');
  await admin.end();
  const url = cluster.url('herald_scaling');
  const seeded = await seedServerData({ databaseUrl: url, records: N });
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  await c.query('VACUUM ANALYZE');
  const sizes = await c.query<{ table: string; rows: number; heap: number; indexes: number }>(
    `SELECT c.relname AS table, c.reltuples::bigint::int AS rows, pg_relation_size(c.oid)::bigint::int AS heap,
            pg_indexes_size(c.oid)::bigint::int AS indexes
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND c.relkind = 'r' ORDER BY pg_total_relation_size(c.oid) DESC LIMIT 12`,
  );
  const records = ['activities', 'events', 'publications', 'synergies', 'metric_snapshots'];
  const rec = sizes.rows.filter((r) => records.includes(r.table));
  const recRows = rec.reduce((n, r) => n + r.rows, 0);
  const recBytes = rec.reduce((n, r) => n + r.heap + r.indexes, 0);
  const db = await c.query<{ size: number }>(
    'SELECT pg_database_size(current_database())::bigint::int AS size',
  );
  const server = await startServer({ databaseUrl: url }, { jobs: false });
  const stat = async () =>
    (
      await c.query<{ xact: number; blks: number; hit: number; fetched: number }>(
        `SELECT (xact_commit + xact_rollback)::int AS xact, blks_read::int AS blks, blks_hit::int AS hit,
                tup_fetched::bigint::int AS fetched
           FROM pg_stat_database WHERE datname = current_database()`,
      )
    ).rows[0]!;
  let perRequest: Record<string, number> = {};
  try {
    const session = await signIn(server.url, seeded.email, seeded.password);
    const get = async () => {
      const res = await fetch(`${server.url}/p/${seeded.projectId}/dashboard`, {
        headers: { cookie: session.cookie },
        redirect: 'manual',
      });
      await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`dashboard answered ${res.status}`);
    };
    await get();
    await c.query('SELECT pg_stat_clear_snapshot()');
    const before = await stat();
    const t0 = performance.now();
    for (let i = 0; i < REQUESTS; i++) await get();
    const ms = performance.now() - t0;
    await new Promise((r) => setTimeout(r, 600)); // the statistics collector's flush interval is 500 ms
    await c.query('SELECT pg_stat_clear_snapshot()');
    const after = await stat();
    perRequest = {
      ms: ms / REQUESTS,
      // Our own stat queries add 2 transactions; each autocommitted statement is one.
      statements: (after.xact - before.xact - 2) / REQUESTS,
      blocksHit: (after.hit - before.hit) / REQUESTS,
      blocksRead: (after.blks - before.blks) / REQUESTS,
      tuplesFetched: (after.fetched - before.fetched) / REQUESTS,
    };
  } finally {
    await server.stop();
  }
  await c.end();
  let pgbench: string | undefined;
  const bin = findPgBin();
  if (process.argv.includes('--pgbench') && bin) {
    const pgUrl = cluster.url('herald_scaling');
    execFileSync(join(bin, 'pgbench'), ['-i', '-s', '10', '-q', pgUrl], { stdio: 'ignore' });
    const out = execFileSync(join(bin, 'pgbench'), ['-S', '-c', '4', '-j', '2', '-T', '10', pgUrl], {
      encoding: 'utf8',
    });
    pgbench = /tps = [\d.]+[^\n]*/.exec(out)?.[0];
  }
  process.stdout.write(
    `${JSON.stringify(
      {
        records: N,
        databaseBytes: db.rows[0]!.size,
        recordRows: recRows,
        recordBytes: recBytes,
        bytesPerRecord: recBytes / recRows,
        tables: sizes.rows,
        dashboardPerRequest: perRequest,
        pgbenchSelectOnly: pgbench,
      },
      null,
      2,
    )}\n`,
  );
} finally {
  cluster.stop();
}
