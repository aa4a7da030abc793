/**
 * The `export` scenario (issue 19): the export project's activities (bench/gen-export.ts: 100,000 by default)
 * exported to CSV through the server over HTTP
 * (streamed: keyset pages → chunks → the response), beside the database's own `COPY (SELECT …) TO` of the same
 * rows in the same order — PostgreSQL `TO STDOUT` over a connection of its own, A/B interleaved while the server
 * runs; PGlite (one process holds its folder) `TO '/dev/blob'` in-process beside the same streamed export read
 * in-process, then the HTTP export alone. The server's peak resident memory during the HTTP exports is reported.
 */
import { createHash } from 'node:crypto';
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

/** A text cell as the export writes it: a formula start gets a leading `'` (neutraliseCell), empty is NULL. */
const cell = (e: string) =>
  `NULLIF(CASE WHEN (${e}) ~ '^[-=+@\t\r]' THEN '''' || (${e}) ELSE (${e}) END, '')`;
const list = (c: string) => cell(`array_to_string(${c}, '; ')`);

/**
 * The export CSV's columns (recordColumns('activity'), in order, as headers) computed by SQL the way
 * src/records/export.ts writes each cell (cellString + neutraliseCell): lists joined with `; `, dates as ISO dates,
 * booleans yes/no, reach as `audience: n; …`. With COPY's CSV quoting the bytes equal the app's file after its BOM
 * (compared once per run: `sameBytes` in the results).
 */
const EXPORT_CELLS: ReadonlyArray<[string, string]> = [
  ['title', cell('a.title')],
  ['description', cell('a.description')],
  ['start_date', cell('a.start_date::text')],
  ['end_date', cell('a.end_date::text')],
  ['kind', cell('a.kind')],
  ['category', cell('a.category')],
  ['type', cell('a.type')],
  ['audiences', list('a.audiences')],
  ['channels', list('a.channels')],
  ['status', cell('a.status')],
  ['outcome', cell('a.outcome')],
  ['persons_reached', cell('a.persons_reached::text')],
  [
    'reach_by_audience',
    cell(`(SELECT string_agg(r.key || ': ' || r.value, '; ') FROM jsonb_each_text(a.reach_by_audience) r)`),
  ],
  ['countries', list('a.countries')],
  ['links', list('a.links')],
  ['joint_with_other_projects', `CASE WHEN a.joint_with_other_projects THEN 'yes' ELSE 'no' END`],
  ['lead_partner', cell('a.lead_partner')],
  ['partners', list('a.partners')],
  ['wp', cell('a.wp')],
  ['deliverable', cell('a.deliverable')],
  ['timeline_item', cell('a.timeline_item')],
  ['kpi', cell('a.kpi')],
];

/** The COPY of the export's rows: the visible, live activities of the project in the list's order, its columns. */
export const copySelect = (projectId: string) =>
  `SELECT ${EXPORT_CELLS.map(([name, e]) => `${e} AS "${name}"`).join(', ')}
   FROM activities a WHERE a.project_id = '${projectId.replace(/'/g, "''")}'
     AND a.deleted_at IS NULL AND a.pending_batch IS NULL
   ORDER BY a.start_date DESC, a.created_at DESC, a.id`;

type Sink = (chunk: Uint8Array) => void;

/** Bytes of the streamed CSV export, read in-process (no HTTP); each chunk to `sink` when given. */
async function inProcessExport(database: Database, projectId: string, sink?: Sink): Promise<number> {
  const file = await openRecordExport(database.db, {
    actor: systemActor('bench'),
    projectId,
    type: 'activity',
    format: 'csv',
  });
  let bytes = 0;
  for await (const chunk of file.chunks) {
    bytes += chunk.length;
    sink?.(chunk);
  }
  return bytes;
}

/** sha256 and length of what `run` feeds its sink. */
async function digestOf(run: (sink: Sink) => Promise<unknown>): Promise<{ sha256: string; bytes: number }> {
  const h = createHash('sha256');
  let bytes = 0;
  await run((chunk) => {
    h.update(chunk);
    bytes += chunk.length;
  });
  return { sha256: h.digest('hex'), bytes };
}

const BOM = Buffer.from('\uFEFF');

/**
 * Whether COPY wrote the app's CSV (its bytes after the 3-byte BOM): one untimed run of each, hashed. The figures
 * say so in `sameBytes`, with both sizes.
 */
async function compareOutputs(o: {
  database: Database;
  projectId: string;
  copy: (sink: Sink) => Promise<unknown>;
}): Promise<Record<string, unknown>> {
  let first = true;
  const app = await digestOf((sink) =>
    inProcessExport(o.database, o.projectId, (chunk) => {
      if (first && Buffer.from(chunk.subarray(0, 3)).equals(BOM)) sink(chunk.subarray(3));
      else sink(chunk);
      first = false;
    }),
  );
  const copy = await digestOf(o.copy);
  return {
    sameBytes: app.sha256 === copy.sha256,
    appCsvBytes: app.bytes + BOM.length,
    copyCsvBytes: copy.bytes,
  };
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
  const copy = async (sink?: Sink) => {
    if (opts.pglite) {
      const r = await opts.pglite.query(
        `COPY (${copySelect(projectId)}) TO '/dev/blob' WITH (FORMAT csv, HEADER)`,
      );
      if (sink && r.blob) sink(new Uint8Array(await r.blob.arrayBuffer()));
      return;
    }
    await copyOverPg(opts.databaseUrl!, projectId, sink);
  };
  const compared = await compareOutputs({ database, projectId, copy });
  const figure = await interleave({
    scenario: 'export-csv-inprocess',
    a: {
      label: 'streamed export (keyset pages → CSV chunks)',
      run: () => timed(() => inProcessExport(database, projectId)),
    },
    b: { label: 'COPY (SELECT …) TO', run: () => timed(() => copy()) },
    unit: 'ms',
    pairs: opts.pairs,
    warmup: true,
  });
  return { ...figure, extra: { ...(figure.extra ?? {}), activities: rows, ...compared } };
}

/** COPY … TO STDOUT over a connection of its own; the bytes counted and dropped. */
async function copyOverPg(url: string, projectId: string, sink?: Sink): Promise<number> {
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
          sink?.(chunk);
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
      serverRssAfterMb: Math.round(memoryOf(server.pid).rssMb),
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
