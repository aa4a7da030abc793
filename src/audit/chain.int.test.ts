import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../test/db';
import { createTestDatabaseEnv } from '../../test/db';
import { runCli } from '../../test/cli';
import { makePlan } from '../../test/factories/plan';
import type { Database, Db } from '../db/client';
import { openDatabase } from '../db/client';
import { auditEntries, auditHeads } from '../db/schema';
import { importPlan } from '../projects/service';
import { runAuditVerify } from '../cli/audit';
import type { Actor } from '../auth/permissions';
import {
  appendAudit,
  GENESIS_HASH,
  INSTANCE_CHAIN,
  listChains,
  verifyChain,
  type VerifyResult,
} from './chain';

let database: Database;
const CHAIN = 'tide-x';
const N = 12;

const coordinator: Actor = {
  kind: 'user',
  userId: 'u1',
  isAdmin: false,
  memberships: [{ projectId: CHAIN, role: 'coordinator', partnerCode: null }],
};
const token: Actor = { kind: 'token', tokenId: 7, projectId: CHAIN, partnerCode: 'UNIA', access: 'write' };

beforeAll(async () => {
  database = await createTestDatabase();
  const plan = makePlan();
  await importPlan(database.db, {
    plan,
    sourceText: JSON.stringify(plan),
    sourceName: 'tide-x.yaml',
    actor: 'cli:test',
  });
  for (let i = 2; i <= N; i++) {
    await database.db.transaction((tx) =>
      appendAudit(tx, {
        projectId: CHAIN,
        actor: i % 2 ? coordinator : token,
        action: i % 3 ? 'record.update' : 'record.create',
        entityType: 'record',
        entityId: `r${i % 4}`,
        before:
          i % 3
            ? {
                title: `タイトル ${i - 1}`,
                reach: i * 10,
                tags: ['a', 'b'],
                when: new Date(Date.UTC(2024, 0, i)),
              }
            : null,
        after: {
          title: `タイトル ${i}`,
          reach: i * 10 + 0.5,
          tags: ['a'],
          nested: { z: 1, a: [1, { y: null }] },
        },
      }),
    );
  }
});
afterAll(async () => {
  await database?.close();
});

/** Applies `tamper` in a transaction, verifies inside it, and rolls back, so every case starts from the intact chain. */
async function verifyAfter(tamper: (tx: Db) => Promise<unknown>): Promise<VerifyResult> {
  let result: VerifyResult | undefined;
  await database.db
    .transaction(async (tx) => {
      await tamper(tx);
      result = await verifyChain(tx, CHAIN);
      throw new Rollback();
    })
    .catch((e: unknown) => {
      if (!(e instanceof Rollback)) throw e;
    });
  return result as VerifyResult;
}
class Rollback extends Error {}

const at = (seq: number) => and(eq(auditEntries.chain, CHAIN), eq(auditEntries.seq, seq));

/** A small seeded generator, so a failing case can be replayed from the seed in the test name. */
function prng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Tampering {
  name: string;
  apply(tx: Db): Promise<unknown>;
  expect: { seq: number; reason: 'altered' | 'removed' | 'reordered' };
}

/** Random tamperings made directly in the database, each with the seq and reason verify must name. */
function randomTampering(rand: () => number): Tampering {
  const pick = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));
  const k = pick(1, N);
  switch (pick(0, 6)) {
    case 0:
      return {
        name: `update after of ${k}`,
        apply: (tx) =>
          tx
            .update(auditEntries)
            .set({ after: { reach: pick(0, 1e6) } })
            .where(at(k)),
        expect: { seq: k, reason: 'altered' },
      };
    case 1:
      return {
        name: `update before of ${k}`,
        apply: (tx) =>
          tx
            .update(auditEntries)
            .set({ before: { title: 'quietly changed' } })
            .where(at(k)),
        expect: { seq: k, reason: 'altered' },
      };
    case 2:
      return {
        name: `change the actor of ${k}`,
        apply: (tx) =>
          tx
            .update(auditEntries)
            .set({ actorId: 'user:someone-else', actorLabel: 'coordinator' })
            .where(at(k)),
        expect: { seq: k, reason: 'altered' },
      };
    case 3:
      return {
        name: `change the time of ${k}`,
        apply: (tx) => tx.update(auditEntries).set({ at: '2020-01-01T00:00:00.000Z' }).where(at(k)),
        expect: { seq: k, reason: 'altered' },
      };
    case 4:
      return {
        name: `delete ${k}`,
        apply: (tx) => tx.delete(auditEntries).where(at(k)),
        expect: { seq: k, reason: 'removed' },
      };
    case 5: {
      const i = pick(1, N - 1);
      const j = pick(i + 1, N);
      return {
        name: `swap the seq of ${i} and ${j}`,
        apply: async (tx) => {
          await tx.update(auditEntries).set({ seq: -1 }).where(at(i));
          await tx.update(auditEntries).set({ seq: i }).where(at(j));
          await tx.update(auditEntries).set({ seq: j }).where(at(-1));
        },
        expect: { seq: i, reason: 'reordered' },
      };
    }
    default:
      return {
        name: `rewrite the stored hash of ${k}`,
        apply: (tx) =>
          tx
            .update(auditEntries)
            .set({ hash: 'f'.repeat(64) })
            .where(at(k)),
        expect: { seq: k, reason: 'altered' },
      };
  }
}

describe('audit chain', () => {
  it('appends gap-free entries whose hashes link, and an intact chain verifies with its head', async () => {
    const rows = await database.db
      .select()
      .from(auditEntries)
      .where(eq(auditEntries.chain, CHAIN))
      .orderBy(auditEntries.seq);
    expect(rows.map((r) => r.seq)).toEqual(Array.from({ length: N }, (_, i) => i + 1));
    expect(rows[0]).toMatchObject({ action: 'plan.import', actorId: 'cli:test', prevHash: GENESIS_HASH });
    for (let i = 1; i < rows.length; i++) expect(rows[i]?.prevHash).toBe(rows[i - 1]?.hash);
    const r = await verifyChain(database.db, CHAIN);
    expect(r).toEqual({ ok: true, chain: CHAIN, count: N, head: { seq: N, hash: rows[N - 1]?.hash } });
  });

  it('keeps no entry of a rolled-back change, and serialises concurrent appends', async () => {
    await database.db
      .transaction(async (tx) => {
        await appendAudit(tx, {
          projectId: null,
          actor: coordinator,
          action: 'x',
          entityType: 'x',
          entityId: 1,
        });
        throw new Rollback();
      })
      .catch(() => undefined);
    await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        database.db.transaction((tx) =>
          appendAudit(tx, {
            projectId: null,
            actor: { kind: 'system', name: 'test' },
            action: 'user.create',
            entityType: 'user',
            entityId: i,
          }),
        ),
      ),
    );
    const r = await verifyChain(database.db, INSTANCE_CHAIN);
    expect(r).toMatchObject({ ok: true, count: 6, head: { seq: 6 } });
    expect(await listChains(database.db)).toEqual([INSTANCE_CHAIN, CHAIN]);
  });

  it('returns each entry as stored (not read back): JSON-safe values as jsonb keeps them, hashes that verify', async () => {
    const sparse: number[] = [1, 2, 3];
    delete sparse[1];
    const cases: Array<{ before?: unknown; after: unknown }> = [
      // Plain JSON (an import's ids and digests): used as it is.
      { after: { batchId: 'b', count: 3, ids: ['a', 'b', 'c'], nested: { z: [1, 2.5, null, true] } } },
      // Not plain: Dates, undefined members, -0, holes, toJSON — what jsonb stores is the JSON text's value.
      {
        before: { when: new Date(Date.UTC(2025, 1, 3)), gone: undefined, zero: -0, list: [1, undefined] },
        after: { at: { toJSON: () => 'as text' }, sparse, deep: { d: new Date(0) } },
      },
    ];
    for (const c of cases) {
      await database.db
        .transaction(async (tx) => {
          const returned = await appendAudit(tx, {
            projectId: CHAIN,
            actor: coordinator,
            action: 'record.import',
            entityType: 'activity',
            entityId: 'batch',
            ...c,
          });
          const [stored] = await tx
            .select()
            .from(auditEntries)
            .where(and(eq(auditEntries.chain, CHAIN), eq(auditEntries.seq, returned.seq)));
          expect(returned).toEqual(stored);
          expect(returned.after).toEqual(JSON.parse(JSON.stringify(c.after)));
          expect(returned.before).toEqual(
            c.before === undefined ? null : JSON.parse(JSON.stringify(c.before)),
          );
          expect(await verifyChain(tx, CHAIN)).toMatchObject({ ok: true, count: N + 1 });
          throw new Rollback();
        })
        .catch((e: unknown) => {
          if (!(e instanceof Rollback)) throw e;
        });
    }
  });

  const seed = Number(process.env.AUDIT_SEED ?? 20241125);
  it(`detects each of 60 random tamperings with the right seq and reason (seed ${seed})`, async () => {
    const rand = prng(seed);
    const seen = new Set<string>();
    for (let n = 0; n < 60; n++) {
      const t = randomTampering(rand);
      seen.add(t.expect.reason);
      const r = await verifyAfter(t.apply);
      expect({ case: t.name, ...pickResult(r) }).toEqual({ case: t.name, ok: false, ...t.expect });
    }
    expect(seen.size).toBe(3);
    expect(await verifyChain(database.db, CHAIN)).toMatchObject({ ok: true, count: N });
  });

  it('names a removed tail and a missing head', async () => {
    expect(pickResult(await verifyAfter((tx) => tx.delete(auditEntries).where(at(N))))).toEqual({
      ok: false,
      seq: N,
      reason: 'removed',
    });
    const r = await verifyAfter(async (tx) => {
      await tx
        .delete(auditEntries)
        .where(and(eq(auditEntries.chain, CHAIN), sql`${auditEntries.seq} >= ${N - 1}`));
    });
    expect(pickResult(r)).toEqual({ ok: false, seq: N - 1, reason: 'removed' });
    const noHead = await verifyAfter((tx) => tx.delete(auditHeads).where(eq(auditHeads.chain, CHAIN)));
    expect(noHead).toMatchObject({
      ok: false,
      reason: 'head',
      message: expect.stringMatching(/^head record removed/),
    });
    // Only the head record changed: it is blamed, not the entry it names.
    const badHead = await verifyAfter((tx) =>
      tx
        .update(auditHeads)
        .set({ hash: 'a'.repeat(64) })
        .where(eq(auditHeads.chain, CHAIN)),
    );
    expect(badHead).toMatchObject({
      ok: false,
      seq: N,
      reason: 'head',
      message: expect.stringMatching(/^head record altered: /),
    });
    const behind = await verifyAfter((tx) =>
      tx
        .update(auditHeads)
        .set({ seq: N - 2 })
        .where(eq(auditHeads.chain, CHAIN)),
    );
    expect(behind).toMatchObject({
      ok: false,
      reason: 'head',
      message: expect.stringMatching(/^head record altered: /),
    });
  });

  it('reports through the CLI function: head hash and exit 0, or the bad entry and exit 1', async () => {
    const lines: string[] = [];
    const io = { out: (l: string) => lines.push(`out ${l}`), err: (l: string) => lines.push(`err ${l}`) };
    expect(await runAuditVerify(database.db, { project: CHAIN }, io)).toBe(0);
    const head = (await verifyChain(database.db, CHAIN)) as Extract<VerifyResult, { ok: true }>;
    expect(lines).toEqual([
      `out chain ${CHAIN}: ${N} entries intact, head ${N} ${head.head?.hash}; no signed heads yet`,
    ]);
    lines.length = 0;
    await database.db
      .transaction(async (tx) => {
        await tx
          .update(auditEntries)
          .set({ after: { reach: 1 } })
          .where(at(5));
        expect(await runAuditVerify(tx, {}, io)).toBe(1);
        throw new Rollback();
      })
      .catch((e: unknown) => {
        if (!(e instanceof Rollback)) throw e;
      });
    // Said once: not "entry 5 altered: entry 5 altered: …".
    expect(lines).toContain(`err chain ${CHAIN}: entry 5 altered: its content does not match its hash`);
    expect(await runAuditVerify(database.db, { project: 'nope' }, io)).toBe(1);
  });

  it('`herald audit verify` exits 0 on an untouched database and 1 after a tampering', async () => {
    const { env, cleanup } = await createTestDatabaseEnv();
    try {
      const plan = 'plans/m-sec.yaml';
      expect((await runCli(['plan', 'import', plan], env)).code).toBe(0);
      const ok = await runCli(['audit', 'verify', '--project', 'm-sec'], env);
      expect(ok).toMatchObject({
        code: 0,
        stdout: expect.stringMatching(/chain m-sec: 1 entries intact, head 1 [0-9a-f]{64}/),
      });
      const d = await openDatabase({ databaseUrl: env.DATABASE_URL, dataDir: env.HERALD_DATA_DIR ?? '' });
      await d.db.update(auditEntries).set({ actorId: 'cli:mallory' }).where(eq(auditEntries.chain, 'm-sec'));
      await d.close();
      const bad = await runCli(['audit', 'verify'], env);
      expect(bad).toMatchObject({ code: 1, stderr: expect.stringContaining('chain m-sec: entry 1 altered') });
    } finally {
      await cleanup();
    }
    // Four opens of a file-backed PGlite: a few seconds alone, more when the other tiers run alongside.
  }, 60_000);
});

function pickResult(r: VerifyResult) {
  return r.ok ? { ok: true } : { ok: false, seq: r.seq, reason: r.reason };
}
