/** The bench's data generator: seeded and deterministic, a realistic mix, a verifiable audit chain, the bench user. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { count, eq, inArray } from 'drizzle-orm';
import { dataDigest, generate, BENCH_EMAIL, BENCH_PASSWORD, type Generated } from '../../bench/generate';
import { verifyChain } from '../../src/audit/chain';
import { checkRecords } from '../../src/audit/records-check';
import { verifyPassword } from '../../src/auth/crypto';
import type { Database } from '../../src/db/client';
import {
  evidenceFiles,
  kpis,
  memberships,
  partners,
  planVersions,
  projects,
  timelineItems,
  users,
} from '../../src/db/schema';
import { planHash } from '../../src/projects/service';
import type { Plan } from '../../src/plan/schema';
import { RECORD_TYPES } from '../../src/plan/schema';
import { KIND_TABLES } from '../../src/records/kinds';
import { createTestDatabase } from '../db';
import { makePlan } from '../factories/plan';

const TINY = [{ projects: 2, records: 120 }];
/** A small plan: the generator reads everything it draws from the plan, whichever plan it is. */
const plan = makePlan();

describe('bench data generator', { timeout: 120_000 }, () => {
  const dbs: Database[] = [];
  let first: Generated;
  let a: Database;
  beforeAll(async () => {
    a = await createTestDatabase();
    dbs.push(a);
    first = await generate({ database: a, size: TINY, seed: 7, plan });
  }, 120_000);
  afterAll(async () => {
    for (const d of dbs) await d.close();
  });

  /** The digest of what `generate` writes into a database of its own, closed after (PGlite: the next one reuses it). */
  async function digestOfNew(seed: number, projectIds: string[]): Promise<string> {
    const other = await createTestDatabase();
    try {
      await generate({ database: other, size: TINY, seed, plan });
      return await dataDigest(other.db, projectIds);
    } finally {
      await other.close();
    }
  }

  it('gives the same data for the same seed, and other data for another seed', async () => {
    const da = await dataDigest(a.db, first.projectIds);
    expect(await digestOfNew(7, first.projectIds)).toBe(da);
    expect(await digestOfNew(8, first.projectIds)).not.toBe(da);
  });

  it('writes every record type, files and a chain that verifies', async () => {
    expect(first.projectIds).toHaveLength(2);
    for (const projectId of first.projectIds) {
      let total = 0;
      for (const type of RECORD_TYPES) {
        const t = KIND_TABLES[type];
        const [row] = await a.db.select({ n: count() }).from(t).where(eq(t.projectId, projectId));
        expect(row!.n, `${type} of ${projectId}`).toBeGreaterThan(0);
        total += row!.n;
      }
      expect(total).toBe(120);
      const chain = await verifyChain(a.db, projectId);
      expect(chain.ok).toBe(true);
      expect(chain.count).toBeGreaterThanOrEqual(1 + RECORD_TYPES.length);
    }
    const [files] = await a.db
      .select({ n: count() })
      .from(evidenceFiles)
      .where(inArray(evidenceFiles.projectId, first.projectIds));
    expect(files!.n).toBe(first.files);
    expect(first.files).toBeGreaterThan(0);
  });

  it('stores rows whose audit entries match them (audit verify --records)', async () => {
    const report = await checkRecords(a.db, first.first);
    expect(report.problems).toEqual([]);
    expect(report.checked).toBe(120);
  });

  it('creates the bench coordinator of the first project', async () => {
    const [u] = await a.db.select().from(users).where(eq(users.email, BENCH_EMAIL));
    expect(await verifyPassword(u!.passwordHash, BENCH_PASSWORD)).toBe(true);
    const m = await a.db.select().from(memberships).where(eq(memberships.userId, u!.id));
    expect(m.map((r) => [r.projectId, r.role])).toEqual([[first.first, 'coordinator']]);
  });

  it('generates a tiny portfolio: one plan import copied set-based, the same data with or without the early phase', async () => {
    const spec = [
      { projects: 1, records: 150 },
      { projects: 3, records: 60 },
    ];
    // One database at a time (PGlite: the second reuses the first, emptied, instead of loading the template again).
    const d = await createTestDatabase();
    dbs.push(d);
    const seen: { projects: number; ids: string[] }[] = [];
    const early = await generate({
      database: d,
      size: spec,
      seed: 7,
      plan,
      early: {
        projects: 2,
        then: async (g) => {
          const [row] = await d.db.select({ n: count() }).from(projects);
          seen.push({ projects: row!.n, ids: g.projectIds });
        },
      },
    });
    expect(early.projectIds).toHaveLength(4);
    expect(seen).toEqual([{ projects: 2, ids: early.projectIds.slice(1, 3) }]);
    const earlyDigest = await dataDigest(d.db, early.projectIds);
    for (const projectId of early.projectIds) {
      expect((await verifyChain(d.db, projectId)).ok, projectId).toBe(true);
      expect((await checkRecords(d.db, projectId)).problems, projectId).toEqual([]);
      const [v] = await d.db.select().from(planVersions).where(eq(planVersions.projectId, projectId));
      const stored = v!.plan as Plan;
      expect(v!.contentHash).toBe(planHash(stored));
      expect(stored.project.acronym).not.toBe(plan.project.acronym);
      for (const t of [partners, kpis, timelineItems]) {
        const [row] = await d.db.select({ n: count() }).from(t).where(eq(t.projectId, projectId));
        expect(row!.n).toBeGreaterThan(0);
      }
      const [p] = await d.db.select().from(projects).where(eq(projects.id, projectId));
      expect(p!.acronym).toBe(stored.project.acronym);
    }
    const [kp] = await d.db.select({ n: count() }).from(kpis);
    expect(kp!.n).toBe(4 * plan.kpis.length);
    dbs.splice(dbs.indexOf(d), 1);
    await d.close();

    const e = await createTestDatabase();
    dbs.push(e);
    const plain = await generate({ database: e, size: spec, seed: 7, plan });
    expect(early.projectIds).toEqual(plain.projectIds);
    expect(await dataDigest(e.db, plain.projectIds)).toBe(earlyDigest);
  });
});
