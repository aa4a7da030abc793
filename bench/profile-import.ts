/**
 * Where an import's time goes (issue 17): splits the import of N activities (default 100,000) into its phases, each
 * measured on its own over the same rows, beside two references: `COPY … FROM` of the CSV into a bare table (the
 * bench's baseline) and COPY of the same records' text into a copy of the real `activities` table, bare, with its
 * indexes, and with its indexes and foreign keys. Then the real commit (`commitImport`), split by its progress steps.
 *
 *   npx tsx bench/profile-import.ts [--engine pglite|postgres] [--rows 100000] [--runs 2] [--only copy]
 *
 * Phases: parse (worker, as the import runs it; main-thread busy share), parse in-process, validate (schema, plan,
 * duplicate keys), encode (COPY text, ids, digests), COPY chunks into each table, the `record.import` audit entry,
 * and the commit's own wall time: until the first chunk is written, the chunks, and the final transaction.
 * Each phase runs `runs` times, interleaved with the others; the median is printed (µs per row).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import { systemActor } from '../src/auth/permissions';
import { fromPglite, type Database, type Tx } from '../src/db/client';
import { fromPostgresUrl } from '../src/db/postgres';
import { commitImport } from '../src/importers/commit';
import { KeyIndex } from '../src/importers/duplicate-keys';
import { parseFile } from '../src/importers/parse-file';
import { parseFileIsolated } from '../src/importers/parse-isolated';
import type { CandidateRow } from '../src/importers/types';
import { validateBatch } from '../src/importers/validate';
import { importPlan } from '../src/projects/service';
import {
  BatchRecords,
  encodeRecordRows,
  loadPartnerTraits,
  writeEncodedRows,
  type EncodedRows,
} from '../src/records/batch';
import { loadRecordContext } from '../src/records/context';
import { copyText } from '../src/records/copy-writer';
import { duplicateKey, type RecordOutputs } from '../src/records/schema';
import { startCluster } from '../scripts/pg-cluster';
import { loadBenchPlan } from './generate';
import { median } from './harness';
import { activitiesCsv } from './scenario-import';

const arg = (name: string, fallback: string): string => {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? fallback : (process.argv[i + 1] ?? fallback);
};

const CHUNK = 1000;
const actor = systemActor('bench:profile');

interface Phase {
  name: string;
  run: () => Promise<number | void>;
}

/** A transaction rolled back after `fn` (nothing it wrote stays). */
async function rolledBack(database: Database, fn: (tx: Tx) => Promise<void>): Promise<void> {
  const rollback = new Error('rollback');
  await database.db
    .transaction(async (tx) => {
      await fn(tx);
      throw rollback;
    })
    .catch((e: unknown) => {
      if (e !== rollback) throw e;
    });
}

/** COPY each encoded chunk into `table` (the import's own copyText, under another table name), in `tx`. */
async function copyChunks(tx: Tx, table: string, encoded: readonly EncodedRows[]): Promise<void> {
  for (const e of encoded)
    await copyText(tx, { table: renamed(e.table, table), columns: e.columns, text: e.text });
}

/** The drizzle table under another SQL name (drizzle reads the name from a symbol). */
function renamed<T extends object>(table: T, name: string): T {
  const sym = Object.getOwnPropertySymbols(table).find((s) => s.description === 'drizzle:Name');
  if (!sym) throw new Error('drizzle table name symbol not found');
  const copy = Object.create(Object.getPrototypeOf(table) as object) as T;
  for (const key of Reflect.ownKeys(table))
    Object.defineProperty(copy, key, Object.getOwnPropertyDescriptor(table, key) as PropertyDescriptor);
  Object.defineProperty(copy, sym, { value: name });
  return copy;
}

export async function run(): Promise<void> {
  const engine = arg('engine', 'pglite');
  const rows = Number(arg('rows', '100000'));
  const runs = Number(arg('runs', '2'));
  const folder = mkdtempSync(join(tmpdir(), 'herald-profile-import-'));
  const cluster = engine === 'postgres' ? await startCluster() : null;
  const pglite = cluster ? undefined : await PGlite.create({ dataDir: join(folder, 'data') });
  const database: Database = cluster ? fromPostgresUrl(cluster.url()) : fromPglite(pglite as PGlite);
  const db = database.db;
  try {
    await database.migrate();
    const plan = await loadBenchPlan();
    const { projectId } = await importPlan(db, { plan, sourceText: '', sourceName: 'bench', actor: 'bench' });
    const file = join(folder, 'rows.csv');
    writeFileSync(file, activitiesCsv(plan, { rows, seed: 17, run: 1 }));
    const csvBytes = readFileSync(file);

    // The validated rows and their encoded chunks, made once (the COPY phases reuse them).
    const ctx = (await loadRecordContext(db, projectId)).validation;
    const partners = await loadPartnerTraits(db, projectId);
    const parseAll = async (): Promise<CandidateRow[][]> => {
      const parsed = await parseFile({ path: file, type: 'activity', options: { batchSize: CHUNK } });
      const out: CandidateRow[][] = [];
      for await (const b of parsed.batches) out.push(b);
      return out;
    };
    const candidates = await parseAll();
    const values: RecordOutputs['activity'][][] = candidates.map((b) =>
      validateBatch(b, 'activity', ctx).map((r) => {
        if (!r.value) throw new Error(`row ${r.row} is invalid: ${JSON.stringify(r.errors)}`);
        return r.value as RecordOutputs['activity'];
      }),
    );
    const batchId = '00000000-0000-4000-8000-000000000001';
    const encodeAll = (): EncodedRows[] =>
      values.map((chunk) =>
        encodeRecordRows({
          actor,
          projectId,
          type: 'activity',
          rows: chunk,
          batchId,
          source: `import:${batchId}`,
          partners,
        }),
      );
    const encoded = encodeAll();
    await db.execute(sql.raw('DROP TABLE IF EXISTS prof_bare, prof_csv, prof_bare_rec, prof_idx, prof_fk'));
    await db.execute(
      sql.raw(
        'CREATE TABLE prof_csv (title text, lead_partner text, date date, kind text, type text, audiences text, channels text, status text)',
      ),
    );
    await db.execute(sql.raw('CREATE TABLE prof_bare_rec (LIKE activities INCLUDING DEFAULTS)'));
    await db.execute(sql.raw('CREATE TABLE prof_idx (LIKE activities INCLUDING ALL)'));
    await db.execute(sql.raw('CREATE TABLE prof_fk (LIKE activities INCLUDING ALL)'));
    await db.execute(
      sql.raw(
        'ALTER TABLE prof_fk ADD FOREIGN KEY (project_id) REFERENCES projects(id), ' +
          'ADD FOREIGN KEY (project_id, lead_partner) REFERENCES partners(project_id, code)',
      ),
    );

    const pgClient = cluster
      ? new (await import('pg')).default.Client({ connectionString: cluster.url() })
      : undefined;
    await pgClient?.connect();
    const copyCsv = async () => {
      await db.execute(sql.raw('TRUNCATE prof_csv'));
      const t0 = performance.now();
      if (pgClient) {
        const { from } = await import('pg-copy-streams');
        const { pipeline } = await import('node:stream/promises');
        const { Readable } = await import('node:stream');
        await pipeline(
          Readable.from([csvBytes]),
          pgClient.query(from('COPY prof_csv FROM STDIN WITH (FORMAT csv, HEADER true)')),
        );
      } else
        await (pglite as PGlite).query(`COPY prof_csv FROM '/dev/blob' WITH (FORMAT csv, HEADER true)`, [], {
          blob: new Blob([csvBytes]),
        });
      return performance.now() - t0;
    };
    const copyInto =
      (table: string, one = false, write?: 'import') =>
      async () => {
        let ms = 0;
        await rolledBack(database, async (tx) => {
          const t0 = performance.now();
          if (write) for (const e of encoded) await writeEncodedRows(tx, e);
          else if (one) {
            const all = { ...(encoded[0] as EncodedRows), text: encoded.map((e) => e.text).join('') };
            await copyChunks(tx, table, [all]);
          } else await copyChunks(tx, table, encoded);
          ms = performance.now() - t0;
        });
        // The rolled-back rows leave dead tuples and index entries: gone before the next phase writes the table.
        await db.execute(sql.raw(`VACUUM ${table}`));
        return ms;
      };

    let commitRun = 0;
    const commitSplit: Record<string, number[]> = { first: [], chunks: [], final: [] };
    const phases: Phase[] = [
      { name: 'COPY CSV → bare table (bench baseline)', run: copyCsv },
      {
        name: 'parse in a worker (as the import does)',
        run: async () => {
          const t0 = performance.now();
          const parsed = await parseFileIsolated({
            path: file,
            name: 'rows.csv',
            type: 'activity',
            options: { batchSize: CHUNK },
          });
          for await (const b of parsed.batches) void b;
          return performance.now() - t0;
        },
      },
      {
        name: 'parse in-process (CPU of the parse)',
        run: async () => {
          const t0 = performance.now();
          await parseAll();
          return performance.now() - t0;
        },
      },
      {
        name: 'validate (schema + plan context)',
        run: () => {
          const t0 = performance.now();
          for (const b of candidates) validateBatch(b, 'activity', ctx);
          return Promise.resolve(performance.now() - t0);
        },
      },
      {
        name: 'duplicate keys (load + hash + look-up)',
        run: async () => {
          const t0 = performance.now();
          const keys = await KeyIndex.load(db, projectId, 'activity');
          let n = 0;
          for (const chunk of values)
            for (const v of chunk) {
              const k = keys.hash(duplicateKey('activity', v));
              if (keys.first(k) === undefined) keys.add(k, { row: ++n, file: 0 });
            }
          return performance.now() - t0;
        },
      },
      {
        name: 'encode (COPY text, ids, digests)',
        run: () => {
          const t0 = performance.now();
          encodeAll();
          return Promise.resolve(performance.now() - t0);
        },
      },
      { name: 'COPY records → bare copy of activities (chunks)', run: copyInto('prof_bare_rec') },
      { name: 'COPY records → bare copy of activities (one COPY)', run: copyInto('prof_bare_rec', true) },
      { name: 'COPY records → copy with its indexes (chunks)', run: copyInto('prof_idx') },
      { name: 'COPY records → copy with indexes + FKs (chunks)', run: copyInto('prof_fk') },
      { name: 'COPY records → activities itself (chunks)', run: copyInto('activities') },
      {
        name: "the import's chunk writes into activities (writeEncodedRows)",
        run: copyInto('activities', false, 'import'),
      },
      {
        name: 'audit entry record.import (ids + digests)',
        run: async () => {
          const records = new BatchRecords('activity', batchId, `import:${batchId}`);
          for (const e of encoded) records.addEncoded(e);
          let ms = 0;
          await rolledBack(database, async (tx) => {
            const t0 = performance.now();
            await records.audit(tx, { actor, projectId });
            ms = performance.now() - t0;
          });
          return ms;
        },
      },
      {
        name: 'commitImport (the whole import)',
        run: async () => {
          const f = join(folder, `commit-${++commitRun}.csv`);
          writeFileSync(f, activitiesCsv(plan, { rows, seed: 17, run: 100 + commitRun }));
          let first = 0;
          let last = 0;
          const t0 = performance.now();
          const result = await commitImport(db, {
            actor,
            projectId,
            type: 'activity',
            file: { path: f },
            onProgress: (s) => {
              if (s.phase !== 'import') return;
              if (first === 0) first = performance.now();
              last = performance.now();
            },
          });
          const end = performance.now();
          rmSync(f, { force: true });
          if (result.imported !== rows) throw new Error(`commitImport: ${result.imported} of ${rows} rows`);
          commitSplit.first?.push(first - t0);
          commitSplit.chunks?.push(last - first);
          commitSplit.final?.push(end - last);
          return end - t0;
        },
      },
    ];
    // `--only copy`: the COPY references and the import's chunk writes, interleaved (an A/B of the write path).
    if (arg('only', '') === 'copy')
      phases.splice(0, phases.length, ...phases.filter((p, i) => i === 0 || p.name.includes('activities')));
    const times = new Map<string, number[]>(phases.map((p) => [p.name, []]));
    for (let r = 0; r < runs; r++)
      for (const p of phases) {
        process.stderr.write(`run ${r + 1}/${runs}: ${p.name}\n`);
        const ms = await p.run();
        if (typeof ms === 'number') times.get(p.name)?.push(ms);
      }
    await pgClient?.end();
    const us = (ms: number) => ((1000 * ms) / rows).toFixed(1).padStart(8);
    const base = median(times.get(phases[0]!.name) ?? []);
    process.stdout.write(
      `\nimport profile, ${rows} activities, ${database.driver}, median of ${runs} (load ${(
        await import('node:os')
      )
        .loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')})\n` +
        `${'phase'.padEnd(52)} ${'ms'.padStart(9)} ${'µs/row'.padStart(8)} ${'× COPY'.padStart(7)}\n`,
    );
    for (const [name, list] of times) {
      const m = median(list);
      process.stdout.write(
        `${name.padEnd(52)} ${m.toFixed(0).padStart(9)} ${us(m)} ${(m / base).toFixed(1).padStart(7)}\n`,
      );
    }
    for (const [name, list] of Object.entries(commitSplit).filter(([, l]) => l.length > 0)) {
      const m = median(list);
      const label = {
        first: 'until the first chunk',
        chunks: 'the chunks',
        final: 'after the last chunk (final tx)',
      }[name];
      process.stdout.write(`${`  commitImport: ${label}`.padEnd(52)} ${m.toFixed(0).padStart(9)} ${us(m)}\n`);
    }
    const commit = median(times.get('commitImport (the whole import)') ?? []);
    const real = median(times.get('COPY records → copy with indexes + FKs (chunks)') ?? []);
    if (Number.isFinite(commit))
      process.stdout.write(
        `\nratio to the bare-table COPY (the bench's): ${(base / commit).toFixed(3)}; ` +
          `to COPY into the indexed table with FKs: ${(real / commit).toFixed(3)}\n`,
      );
  } finally {
    await database.close();
    cluster?.stop();
    rmSync(folder, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
