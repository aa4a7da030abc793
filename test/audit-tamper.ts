/** Tampering as someone with database access would do it, for the audit tests: re-hash a chain, run in a rollback. */
import { and, asc, eq, gte } from 'drizzle-orm';
import type { Database, Db } from '../src/db/client';
import { auditEntries, auditHeads, type AuditEntryRow } from '../src/db/schema';
import { entryHash, GENESIS_HASH } from '../src/audit/chain';

/**
 * Changes entry `from` of `chain` (when `change` is given), then recomputes the hash of it and every later entry and
 * rewrites the head record, so the chain verifies on its own again.
 */
export async function rehashFrom(
  tx: Db,
  chain: string,
  from: number,
  change?: Partial<Pick<AuditEntryRow, 'after' | 'before' | 'actorId' | 'at'>>,
): Promise<void> {
  const at = (seq: number) => and(eq(auditEntries.chain, chain), eq(auditEntries.seq, seq));
  if (change) await tx.update(auditEntries).set(change).where(at(from));
  const [before] =
    from > 1
      ? await tx
          .select()
          .from(auditEntries)
          .where(at(from - 1))
      : [];
  let prev = before?.hash ?? GENESIS_HASH;
  const rows = await tx
    .select()
    .from(auditEntries)
    .where(and(eq(auditEntries.chain, chain), gte(auditEntries.seq, from)))
    .orderBy(asc(auditEntries.seq));
  let last = from - 1;
  for (const r of rows) {
    const hash = entryHash(prev, {
      chain: r.chain,
      at: r.at,
      actorId: r.actorId,
      actorLabel: r.actorLabel,
      action: r.action,
      entityType: r.entityType,
      entityId: r.entityId,
      before: r.before ?? null,
      after: r.after ?? null,
    });
    await tx.update(auditEntries).set({ prevHash: prev, hash }).where(at(r.seq));
    prev = hash;
    last = r.seq;
  }
  await tx.update(auditHeads).set({ seq: last, hash: prev }).where(eq(auditHeads.chain, chain));
}

/** Cuts a chain after entry `keep` and moves the head record back to it. */
export async function cutTail(tx: Db, chain: string, keep: number): Promise<void> {
  await tx.delete(auditEntries).where(and(eq(auditEntries.chain, chain), gte(auditEntries.seq, keep + 1)));
  const [row] = await tx
    .select()
    .from(auditEntries)
    .where(and(eq(auditEntries.chain, chain), eq(auditEntries.seq, keep)));
  await tx
    .update(auditHeads)
    .set({ seq: keep, hash: row?.hash ?? GENESIS_HASH })
    .where(eq(auditHeads.chain, chain));
}

class Rollback extends Error {}

/** Runs `fn` in a transaction that is always rolled back, and returns what it returned. */
export async function inRollback<T>(database: Database, fn: (tx: Db) => Promise<T>): Promise<T> {
  let out: T | undefined;
  await database.db
    .transaction(async (tx) => {
      out = await fn(tx);
      throw new Rollback();
    })
    .catch((e: unknown) => {
      if (!(e instanceof Rollback)) throw e;
    });
  return out as T;
}
