/**
 * The bench's data generator (issue 17): seeded and deterministic. Projects are a plan (default plans/m-sec.yaml)
 * imported once and copied under other acronyms (bench/gen-clone.ts: set-based INSERT … SELECT); each gets a
 * realistic mix of records (bench/gen-rows.ts) written with COPY in 1,000-row batches, one `record.import` audit
 * entry per batch on the project's real hash chain (appendAudit, with the stored rows' digests, so `herald audit
 * verify` passes), evidence files (rows + tiny files on disk), and the
 * coordinator `bench@example.org` of the first project, whom the server scenarios sign in as.
 *
 * Sizes: small = 1 project × 2,000 records; medium = 1 × 100,000 (+ 1 × 10,000 for the 10k KPI figure); portfolio = 10 × 100,000 + 1,000 × 1,000
 * (PostgreSQL only).
 */
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { and, asc, inArray, sql } from 'drizzle-orm';
import { appendAudit } from '../src/audit/chain';
import { recordDigest } from '../src/audit/record-state';
import { hashPassword } from '../src/auth/crypto';
import { systemActor } from '../src/auth/permissions';
import type { Database, Db } from '../src/db/client';
import { auditEntries, evidenceFiles, memberships, users } from '../src/db/schema';
import { canonicalJson } from '../src/lib/canonical-json';
import { loadPlanFile } from '../src/plan/loader';
import { RECORD_TYPES, type Plan, type RecordType } from '../src/plan/schema';
import { importPlan, projectIdOf } from '../src/projects/service';
import { BatchRecords, type StoredRow } from '../src/records/batch';
import { copyColumns, copyRows, SERVER_DEFAULT } from '../src/records/copy-writer';
import { KIND_TABLES } from '../src/records/kinds';
import { clonePlanProjects } from './gen-clone';
import { ROW_BUILDERS, contextOf, ctxActor, splitMix, type ProjectContext } from './gen-rows';
import type { Size } from './harness';
import { createRng, mixSeed } from './prng';

export const BENCH_EMAIL = 'bench@example.org';
export const BENCH_PASSWORD = 'bench-password-1234';
export const BENCH_USER_ID = 'bench-user';
export const DEFAULT_SEED = 17;
export const DEFAULT_PLAN = 'plans/m-sec.yaml';
/** Rows per INSERT and per `record.import` entry. */
export const GEN_BATCH = 1_000;
/** Every how many activities/events one carries an evidence file. */
const FILE_EVERY = 50;
/** The generated data's "now": rows and audit entries are stamped from here on. */
export const GEN_EPOCH = Date.parse('2026-01-01T00:00:00.000Z');

/** Groups of projects, each with its record count. */
export type Spec = ReadonlyArray<{ projects: number; records: number }>;

export const SIZES: Record<Size, Spec> = {
  small: [{ projects: 1, records: 2_000 }],
  // The second project is where `kpis` is measured at 10k.
  medium: [
    { projects: 1, records: 100_000 },
    { projects: 1, records: 10_000 },
  ],
  portfolio: [
    { projects: 10, records: 100_000 },
    { projects: 1_000, records: 1_000 },
  ],
};

export interface GenerateOptions {
  database: Database;
  size: Size | Spec;
  seed?: number;
  /** The plan every project reuses (default plans/m-sec.yaml). */
  planFile?: string;
  /** The plan itself, instead of a file (tests use a small one). */
  plan?: Plan;
  /** Where evidence files go (`<data dir>/files` for `herald serve`); none written when absent. */
  filesDir?: string;
  onProgress?: (done: number, total: number) => void;
  /**
   * Generates the first `projects` projects of the last (smallest) group before all others, then calls `then` with
   * them alone in the database (the portfolio's "10 projects" KPI figure); the data is the same as without it.
   */
  early?: { projects: number; then: (early: Generated) => Promise<void> };
}

export interface Generated {
  projectIds: string[];
  /** Records per project, parallel to projectIds. */
  records: number[];
  /** The first (largest) project: the one the bench user coordinates. */
  first: string;
  plan: Plan;
  auditEntries: number;
  files: number;
}

/** The acronym of generated project n (1-based): the plan's acronym and a number. */
export const acronymOf = (plan: Plan, n: number) => `${plan.project.acronym} ${String(n).padStart(4, '0')}`;

/** Tiny evidence files: a minimal PDF header and a line, 16 distinct contents. */
const evidenceBytes = (k: number) => Buffer.from(`%PDF-1.4\n% bench evidence ${k}\n%%EOF\n`);

export async function loadBenchPlan(file = DEFAULT_PLAN): Promise<Plan> {
  const loaded = await loadPlanFile(file);
  if (!loaded.ok) throw new Error(`${file} is not a valid plan`);
  return loaded.plan;
}

/** Generates the data set into a migrated, empty database. */
export async function generate(opts: GenerateOptions): Promise<Generated> {
  const seed = opts.seed ?? DEFAULT_SEED;
  const spec = typeof opts.size === 'string' ? SIZES[opts.size] : opts.size;
  if (opts.size === 'portfolio' && opts.database.driver !== 'pg') {
    throw new Error('the portfolio size runs on PostgreSQL only (--engine postgres)');
  }
  const plan = opts.plan ?? (await loadBenchPlan(opts.planFile));
  const db = opts.database.db;
  const counts = spec.flatMap((g) => Array.from({ length: g.projects }, () => g.records));
  const total = counts.reduce((a, b) => a + b, 0);
  const out: Generated = { projectIds: [], records: counts, first: '', plan, auditEntries: 0, files: 0 };
  if (opts.filesDir) {
    mkdirSync(opts.filesDir, { recursive: true });
    for (let k = 0; k < 16; k++) {
      const bytes = evidenceBytes(k);
      writeFileSync(join(opts.filesDir, createHash('sha256').update(bytes).digest('hex')), bytes);
    }
  }
  const planOf = (i: number): Plan => ({
    ...plan,
    project: { ...plan.project, acronym: acronymOf(plan, i + 1) },
  });
  const ids: string[] = new Array(counts.length);
  let template: string | undefined;
  let done = 0;
  /** Creates the projects of `phase` (indexes into counts), then writes their records. */
  const run = async (phase: number[]) => {
    let rest = phase;
    if (template === undefined) {
      const [head, ...tail] = phase;
      const { projectId } = await importPlan(db, {
        plan: planOf(head!),
        sourceText: '',
        sourceName: 'bench',
        actor: ctxActor,
      });
      ids[head!] = template = projectId;
      rest = tail;
    }
    const cloned = await clonePlanProjects(db, {
      templateId: template,
      targets: rest.map((i) => ({ plan: planOf(i), at: new Date() })),
    });
    for (const [k, i] of rest.entries()) ids[i] = cloned[k]!;
    for (const i of phase) {
      const written = await generateProject(db, {
        ctx: contextOf(planOf(i), ids[i]!, new Date(GEN_EPOCH)),
        seed: mixSeed(seed, i),
        records: counts[i]!,
        onRows: (n) => opts.onProgress?.((done += n), total),
      });
      out.auditEntries += written.entries;
      out.files += written.files;
    }
  };
  distinctStreams(seed, counts.length);
  const all = counts.map((_, i) => i);
  const early = earlyPhase(spec, opts.early?.projects ?? 0);
  if (early.length > 0) {
    await run(early);
    await db.execute(sql`ANALYZE`);
    await opts.early!.then({
      ...out,
      projectIds: early.map((i) => ids[i]!),
      records: early.map((i) => counts[i]!),
      first: ids[early[0]!]!,
    });
  }
  await run(all.filter((i) => !early.includes(i)));
  out.projectIds = ids;
  out.first = ids[0]!;
  await benchUser(db, out.first);
  await db.execute(sql`ANALYZE`);
  return out;
}

/** Record ids lead with their stream's seed (bench/prng.ts): two streams with one seed would share ids. */
export function distinctStreams(seed: number, projects: number): void {
  const seen = new Map<number, string>();
  for (let i = 0; i < projects; i++) {
    for (const type of RECORD_TYPES) {
      const s = mixSeed(mixSeed(seed, i), type);
      const other = seen.get(s);
      if (other)
        throw new Error(
          `--seed ${seed}: projects ${other} and ${i + 1}/${type} share a stream; try another seed`,
        );
      seen.set(s, `${i + 1}/${type}`);
    }
  }
}

/** The indexes of the first `n` projects of the last group (the smallest), generated before the others. */
function earlyPhase(spec: Spec, n: number): number[] {
  if (n <= 0 || spec.length === 0) return [];
  const last = spec[spec.length - 1]!;
  const start = spec.slice(0, -1).reduce((a, g) => a + g.projects, 0);
  return Array.from({ length: Math.min(n, last.projects) }, (_, k) => start + k);
}

/** Columns the generator's COPY leaves to the server: version and soft delete (timestamps are given). */
const SERVER_COLUMNS = ['version', 'deleted_at', 'deleted_by'];

/**
 * One project's records (written with COPY), files and audit entries; returns what it wrote. `split` overrides the
 * realistic mix (the export scenario's project: activities only).
 */
export async function generateProject(
  db: Db,
  o: {
    ctx: ProjectContext;
    seed: number;
    records: number;
    split?: Record<RecordType, number>;
    onRows: (n: number) => void;
  },
): Promise<{ entries: number; files: number }> {
  const split = o.split ?? splitMix(o.records);
  const actor = systemActor(ctxActor);
  let entries = 0;
  let files = 0;
  let tick = 0;
  for (const type of RECORD_TYPES) {
    const rng = createRng(mixSeed(o.seed, type));
    const build = ROW_BUILDERS[type] as (
      r: typeof rng,
      c: ProjectContext,
      n: number,
    ) => Record<string, unknown>;
    const table = KIND_TABLES[type];
    const columns = copyColumns(table, SERVER_COLUMNS);
    for (let from = 0; from < split[type]; from += GEN_BATCH) {
      const n = Math.min(GEN_BATCH, split[type] - from);
      const rows = Array.from({ length: n }, (_, j) => build(rng, o.ctx, from + j + 1));
      // What the server stores for the columns a row leaves out (the audit digests are of the stored rows).
      for (const row of rows)
        for (const c of columns)
          if (row[c.key] === undefined && c.fallback !== SERVER_DEFAULT) row[c.key] = c.fallback;
      const stored = rows as StoredRow[];
      const batchId = rng.uuid();
      await db.transaction(async (tx) => {
        await copyRows(tx, { table, columns, rows: stored });
        const batch = new BatchRecords(type, batchId, 'bench');
        batch.add(stored);
        await appendAudit(tx, {
          projectId: o.ctx.projectId,
          actor,
          action: 'record.import',
          entityType: type,
          entityId: batchId,
          after: batch.payload(),
          at: new Date(GEN_EPOCH + ++tick * 1000),
        });
        entries += 1;
        if (type === 'activity' || type === 'event') {
          const withFile = stored.filter((_, j) => (from + j) % FILE_EVERY === 0);
          if (withFile.length > 0) {
            await tx.insert(evidenceFiles).values(
              withFile.map((r, j) => {
                const k = (from + j) % 16;
                const bytes = evidenceBytes(k);
                return {
                  id: rng.uuid(),
                  projectId: o.ctx.projectId,
                  recordType: type,
                  recordId: String(r.id),
                  fileName: `evidence-${k}.pdf`,
                  contentType: 'application/pdf',
                  size: bytes.length,
                  sha256: createHash('sha256').update(bytes).digest('hex'),
                  uploadedBy: ctxActor,
                  uploadedAt: new Date(GEN_EPOCH),
                };
              }),
            );
            files += withFile.length;
          }
        }
      });
      o.onRows(n);
    }
  }
  return { entries, files };
}

/** The coordinator the server scenarios sign in as (member of the first project, audited). */
async function benchUser(db: Db, projectId: string): Promise<void> {
  const passwordHash = await hashPassword(BENCH_PASSWORD);
  await db
    .insert(users)
    .values({ id: BENCH_USER_ID, email: BENCH_EMAIL, name: 'Bench Coordinator', passwordHash });
  await addBenchCoordinator(db, projectId);
}

/** Makes the bench user a coordinator of `projectId` (audited on its chain). */
export async function addBenchCoordinator(db: Db, projectId: string): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.insert(memberships).values({ userId: BENCH_USER_ID, projectId, role: 'coordinator' });
    await appendAudit(tx, {
      projectId,
      actor: systemActor(ctxActor),
      action: 'member.add',
      entityType: 'membership',
      entityId: BENCH_USER_ID,
      after: { role: 'coordinator', partnerCode: null },
      at: new Date(GEN_EPOCH),
    });
  });
}

/**
 * A digest of the generated data: every record's state (id + fields), the evidence rows, and the generated audit
 * entries' content. Same seed and size → same digest, on either engine.
 */
export async function dataDigest(db: Db, projectIds: string[]): Promise<string> {
  const h = createHash('sha256');
  for (const type of RECORD_TYPES as readonly RecordType[]) {
    const table = KIND_TABLES[type];
    const rows = (await db
      .select()
      .from(table)
      .where(inArray(table.projectId, projectIds))
      .orderBy(asc(table.projectId), asc(table.id))) as Array<Record<string, unknown>>;
    for (const r of rows) h.update(`${type} ${String(r.projectId)} ${recordDigest(type, r)}\n`);
  }
  const ev = await db
    .select({
      id: evidenceFiles.id,
      r: evidenceFiles.recordId,
      s: evidenceFiles.sha256,
      f: evidenceFiles.fileName,
    })
    .from(evidenceFiles)
    .where(inArray(evidenceFiles.projectId, projectIds))
    .orderBy(asc(evidenceFiles.id));
  for (const e of ev) h.update(`file ${e.id} ${e.r} ${e.s} ${e.f}\n`);
  const audit = await db
    .select()
    .from(auditEntries)
    .where(
      and(
        inArray(auditEntries.chain, projectIds),
        inArray(auditEntries.action, ['record.import', 'member.add']),
      ),
    )
    .orderBy(asc(auditEntries.chain), asc(auditEntries.seq));
  for (const a of audit) {
    h.update(`audit ${a.chain} ${a.seq} ${a.at} ${a.action} ${a.entityId} ${canonicalJson(a.after)}\n`);
  }
  return h.digest('hex');
}

export { projectIdOf };
