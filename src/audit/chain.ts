/**
 * The hash-chained audit trail. `appendAudit` adds an entry inside the caller's transaction, serialised per chain;
 * each entry's hash covers the previous entry's hash and the entry's content. `verifyChain` walks a chain and names
 * the first altered, removed or reordered entry.
 *
 * @example
 * await db.transaction(async (tx) => {
 *   await tx.update(records).set(after).where(...);
 *   await appendAudit(tx, { projectId, actor, action: 'record.update', entityType: 'record', entityId: id, before, after });
 * });
 */
import { createHash } from 'node:crypto';
import { asc, eq, gt, and, sql } from 'drizzle-orm';
import type { Db, Tx } from '../db/client';
import { auditEntries, auditHeads, type AuditEntryRow } from '../db/schema';
import { canonicalJson } from '../lib/canonical-json';
import { actorId, actorLabel, type Actor } from '../auth/permissions';
import { runProjectAuditHooks } from './hooks';

/** The chain of events that belong to no project (accounts, admin rights). */
export const INSTANCE_CHAIN = 'instance';
/** The previous hash of a chain's first entry. */
export const GENESIS_HASH = '0'.repeat(64);

export interface AuditInput {
  /** The project whose chain gets the entry; null for the instance chain. */
  projectId: string | null;
  actor: Actor;
  /** What happened, `domain.verb`: `plan.import`, `member.invite`, `record.update`… */
  action: string;
  entityType: string;
  entityId: string | number;
  /** The entity before and after the change (null when created / deleted). No personal data: ids, not names. */
  before?: unknown;
  after?: unknown;
  /** Defaults to now. */
  at?: Date;
}

/** The hashed part of an entry: everything but its position (seq) and its own hash. */
export interface AuditContent {
  chain: string;
  at: string;
  actorId: string;
  actorLabel: string;
  action: string;
  entityType: string;
  entityId: string;
  before: unknown;
  after: unknown;
}

export const chainOf = (projectId: string | null): string => projectId ?? INSTANCE_CHAIN;

/** sha256(prevHash + canonical JSON of the content), hex. */
export function entryHash(prevHash: string, content: AuditContent): string {
  return createHash('sha256')
    .update(prevHash + canonicalJson(content))
    .digest('hex');
}

/** True when `v` is already what JSON.parse(JSON.stringify(v)) gives: plain objects, arrays, strings, finite
 * numbers, booleans and null, with no undefined member (arrays of them included), no toJSON, no shared part. */
function isJsonPlain(v: unknown, depth = 0): boolean {
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return true;
  if (typeof v === 'number') return Number.isFinite(v) && !Object.is(v, -0);
  if (typeof v !== 'object' || depth > 64) return false;
  if (Array.isArray(v)) {
    for (const x of v) if (!isJsonPlain(x, depth + 1)) return false;
    return true;
  }
  const proto = Object.getPrototypeOf(v) as unknown;
  if (proto !== Object.prototype && proto !== null) return false;
  if ('toJSON' in v) return false;
  for (const x of Object.values(v)) if (!isJsonPlain(x, depth + 1)) return false;
  return true;
}

/**
 * JSON-safe copy (Dates become ISO strings, undefined goes away), so what is hashed is exactly what jsonb stores.
 * A value that is already plain JSON is used as it is: an import's entry holds 100,000 ids and digests, and a round
 * trip through a 10 MB string would copy them twice.
 */
const jsonValue = (v: unknown): unknown =>
  v === undefined ? null : isJsonPlain(v) ? v : (JSON.parse(JSON.stringify(v)) as unknown);

const contentOf = (row: AuditEntryRow): AuditContent => ({
  chain: row.chain,
  at: row.at,
  actorId: row.actorId,
  actorLabel: row.actorLabel,
  action: row.action,
  entityType: row.entityType,
  entityId: row.entityId,
  before: row.before ?? null,
  after: row.after ?? null,
});

/**
 * Appends an entry to the project's chain (or the instance chain). Call it inside the transaction that makes the
 * change: the entry commits or rolls back with it. Concurrent appends to one chain wait for each other.
 */
export async function appendAudit(tx: Tx, input: AuditInput): Promise<AuditEntryRow> {
  const chain = chainOf(input.projectId);
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`audit:${chain}`}))`);
  const [head] = await tx.select().from(auditHeads).where(eq(auditHeads.chain, chain));
  const seq = (head?.seq ?? 0) + 1;
  const prevHash = head?.hash ?? GENESIS_HASH;
  const content: AuditContent = {
    chain,
    at: (input.at ?? new Date()).toISOString(),
    actorId: actorId(input.actor),
    actorLabel: actorLabel(input.actor, input.projectId ?? undefined),
    action: input.action,
    entityType: input.entityType,
    entityId: String(input.entityId),
    before: jsonValue(input.before),
    after: jsonValue(input.after),
  };
  const hash = entryHash(prevHash, content);
  // The entry as inserted, not read back (RETURNING): an import's entry is ~10 MB of jsonb, and PGlite's heap, which
  // never shrinks, would hold its copy on the way out as well (bench/profile-memory.ts).
  const row: AuditEntryRow = { ...content, seq, prevHash, hash };
  await tx.insert(auditEntries).values(row);
  await tx
    .insert(auditHeads)
    .values({ chain, seq, hash })
    .onConflictDoUpdate({ target: auditHeads.chain, set: { seq, hash } });
  if (input.projectId !== null) await runProjectAuditHooks(tx, row, input.projectId);
  return row;
}

export type VerifyFailure = 'altered' | 'removed' | 'reordered' | 'head';

export type VerifyResult =
  | { ok: true; chain: string; count: number; head: { seq: number; hash: string } | null }
  | { ok: false; chain: string; count: number; seq: number; reason: VerifyFailure; message: string };

const reasons: Record<Exclude<VerifyFailure, 'head'>, string> = {
  altered: 'its content does not match its hash',
  removed: 'it is missing from the chain',
  reordered: 'it does not follow the entry before it',
};

const short = (hash: string): string => `${hash.slice(0, 12)}…`;

/**
 * Walks a chain in seq order. The first problem found is reported, once: a gap in seq (removed), an entry whose
 * hash does not match its content (altered), or one whose previous hash is not the hash of the entry before it
 * (reordered). The chain's head record catches a removed tail; when the entries are intact but the head record
 * disagrees with them, the head record is blamed (`head`).
 */
export async function verifyChain(
  db: Db,
  chain: string,
  opts: { pageSize?: number } = {},
): Promise<VerifyResult> {
  const pageSize = opts.pageSize ?? 500;
  let expected = 1;
  let prev = GENESIS_HASH;
  const fail = (seq: number, reason: VerifyFailure, message?: string): VerifyResult => ({
    ok: false,
    chain,
    count: expected - 1,
    seq,
    reason,
    message: message ?? `entry ${seq} ${reason}: ${reasons[reason as Exclude<VerifyFailure, 'head'>]}`,
  });
  for (;;) {
    const rows = await db
      .select()
      .from(auditEntries)
      .where(and(eq(auditEntries.chain, chain), gt(auditEntries.seq, expected - 1)))
      .orderBy(asc(auditEntries.seq))
      .limit(pageSize);
    for (const row of rows) {
      if (row.seq !== expected) return fail(expected, 'removed');
      if (entryHash(row.prevHash, contentOf(row)) !== row.hash) return fail(row.seq, 'altered');
      if (row.prevHash !== prev) return fail(row.seq, 'reordered');
      prev = row.hash;
      expected += 1;
    }
    if (rows.length < pageSize) break;
  }
  const count = expected - 1;
  const [head] = await db.select().from(auditHeads).where(eq(auditHeads.chain, chain));
  if (!head) {
    if (count === 0) return { ok: true, chain, count, head: null };
    return fail(count, 'head', `head record removed: the chain has ${count} entries but no head record`);
  }
  if (head.seq > count)
    return fail(
      count + 1,
      'removed',
      `entry ${count + 1} removed: the chain ends at entry ${count} but its head record names entry ${head.seq}`,
    );
  if (head.seq < count)
    return fail(
      head.seq,
      'head',
      `head record altered: it names entry ${head.seq} as the last, but the chain has ${count} intact entries`,
    );
  if (head.hash !== prev)
    return fail(
      head.seq,
      'head',
      `head record altered: its hash ${short(head.hash)} is not the hash of entry ${head.seq} (${short(prev)})`,
    );
  return { ok: true, chain, count, head: { seq: head.seq, hash: head.hash } };
}

/** Every chain that has entries or a head. */
export async function listChains(db: Db): Promise<string[]> {
  const rows = await db.execute<{ chain: string }>(
    sql`select chain from ${auditHeads} union select distinct chain from ${auditEntries} order by chain`,
  );
  return rowsOf<{ chain: string }>(rows).map((r) => r.chain);
}

/** drizzle's `execute` returns `{ rows }` on both drivers. */
export function rowsOf<T>(result: unknown): T[] {
  const r = result as { rows?: T[] } | T[];
  return Array.isArray(r) ? r : (r.rows ?? []);
}
