/**
 * The `export` scenario (issue 19): the first project's activities exported to CSV through the server over HTTP
 * (streamed: keyset pages → chunks → the response), beside the database's own `COPY (SELECT …) TO` of the same
 * rows in the same order — PostgreSQL `TO STDOUT` over a connection of its own, A/B interleaved while the server
 * runs; PGlite (one process holds its folder) `TO '/dev/blob'` in-process beside the same streamed export read
 * in-process, then the HTTP export alone. The server's peak resident memory during the HTTP exports is reported.
 */
import { performance } from 'node:perf_hooks';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import type { Database } from '../src/db/client';
import { systemActor } from '../src/auth/permissions';
import { openRecordExport } from '../src/records/export-stream';
import { interleave, single, type PairedFigure, type SingleFigure } from './harness';
import { memoryOf, sampleMemory, signIn, startServer, type Target } from './server-process';

/** The COPY of the export's rows: the visible, live activities of the project in the list's order. */
const copySelect = (projectId: string) =>
  `SELECT * FROM activities a WHERE a.project_id = '${projectId.replace(/'/g, "''")}'
     AND a.deleted_at IS NULL AND a.pending_batch IS NULL
   ORDER BY a.start_date DESC, a.created_at DESC, a.id`;

/** Bytes of the streamed CSV export, read in-process (no HTTP). */
async function inProcessExport(database: Database, projectId: string): Promise<number> {
  const file = await openRecordExport(database.db, {
    actor: systemActor('bench'),
    projectId,
    type: 'activity',
    format: 'csv',
  });
  let bytes = 0;
  for await (const chunk of file.chunks) bytes += chunk.length;
  return bytes;
}

const timed = async (run: () => Promise<unknown>) => {
  const t0 = performance.now();
  await run();
  return performance.now() - t0;
};

/** In-process pair (both engines, the database open in this process): streamed export vs COPY. */
export async function exportInProcess(opts: {
  database: Database;
  pglite?: PGlite | undefined;
  databaseUrl?: string | undefined;
  projectId: string;
  pairs: number;
}): Promise<PairedFigure> {
  const { database, projectId } = opts;
  const counted = (await database.db.execute(
    sql.raw(`SELECT count(*)::int AS n FROM (${copySelect(projectId)}) s`),
  )) as unknown as { rows: { n: number }[] };
  const rows = counted.rows[0]?.n ?? 0;
  const copy = async () => {
    if (opts.pglite) {
      await opts.pglite.query(`COPY (${copySelect(projectId)}) TO '/dev/blob' WITH (FORMAT csv, HEADER)`);
      return;
    }
    await copyOverPg(opts.databaseUrl!, projectId);
  };
  const figure = await interleave({
    scenario: 'export-csv-inprocess',
    a: {
      label: 'streamed export (keyset pages → CSV chunks)',
      run: () => timed(() => inProcessExport(database, projectId)),
    },
    b: { label: 'COPY (SELECT …) TO', run: () => timed(copy) },
    unit: 'ms',
    pairs: opts.pairs,
    warmup: true,
  });
  return { ...figure, extra: { ...(figure.extra ?? {}), activities: rows } };
}

/** COPY … TO STDOUT over a connection of its own; the bytes counted and dropped. */
async function copyOverPg(url: string, projectId: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    let bytes = 0;
    const stream = client.query(
      copyTo(`COPY (${copySelect(projectId)}) TO STDOUT WITH (FORMAT csv, HEADER)`),
    );
    await pipeline(
      stream,
      new Writable({
        write(chunk: Buffer, _e, done) {
          bytes += chunk.length;
          done();
        },
      }),
    );
    return bytes;
  } finally {
    await client.end();
  }
}

/** The HTTP export through `herald serve` (peak RSS sampled), paired with COPY on PostgreSQL. */
export async function exportOverHttp(opts: {
  target: Target;
  projectId: string;
  email: string;
  password: string;
  pairs: number;
}): Promise<Array<PairedFigure | SingleFigure>> {
  const server = await startServer(opts.target, { jobs: false });
  try {
    const session = await signIn(server.url, opts.email, opts.password);
    const before = memoryOf(server.pid).rssMb;
    let peak = 0;
    let bytes = 0;
    const http = async () => {
      const sampler = sampleMemory(server.pid, 20);
      const t0 = performance.now();
      const res = await fetch(`${server.url}/p/${opts.projectId}/records/activities/export.csv`, {
        headers: { cookie: session.cookie },
      });
      if (res.status !== 200) throw new Error(`export answered ${res.status}`);
      bytes = 0;
      for await (const chunk of res.body!) bytes += (chunk as Uint8Array).length;
      const ms = performance.now() - t0;
      peak = Math.max(peak, sampler.stop());
      return ms;
    };
    const memory = () => ({
      serverRssBeforeMb: Math.round(before),
      serverPeakRssMb: Math.round(peak),
      csvBytes: bytes,
    });
    if (opts.target.databaseUrl) {
      const url = opts.target.databaseUrl;
      const figure = await interleave({
        scenario: 'export-csv',
        a: { label: 'GET …/activities/export.csv (streamed, over HTTP)', run: http },
        b: { label: 'COPY (SELECT …) TO STDOUT', run: () => timed(() => copyOverPg(url, opts.projectId)) },
        unit: 'ms',
        pairs: opts.pairs,
        warmup: true,
      });
      return [{ ...figure, extra: { ...(figure.extra ?? {}), ...memory() } }];
    }
    const runs: number[] = [];
    await http();
    for (let i = 0; i < opts.pairs; i++) runs.push(await http());
    return [single({ scenario: 'export-csv-http', unit: 'ms', runs, extra: memory() })];
  } finally {
    await server.stop();
  }
}
