/**
 * Signed chain heads: a chain's head (seq + hash) signed with the instance key (src/signing.ts) and kept in
 * `audit_signed_heads`. Outsiders keep copies (`herald audit head --signed`, the audit page, the API); a history
 * rewritten after a signed head no longer has that hash at that seq, which `checkSignedHeads` names.
 */
import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { auditEntries, auditHeads, auditSignedHeads } from '../db/schema';
import { canonicalJson } from '../lib/canonical-json';
import { registeredKey, verifyWithPem, type InstanceKey, type PublicKeyInfo } from '../signing';
import { rowsOf, verifyChain } from './chain';

export interface SignedHead {
  chain: string;
  seq: number;
  hash: string;
  /** ISO 8601 UTC, exactly as signed. */
  signedAt: string;
  keyId: string;
  /** Ed25519 signature (base64url) of `signedPayload(head)`. */
  signature: string;
}

/** What outsiders keep: the signed heads and the public keys that verify them (`herald audit head --signed`). */
export interface SignedHeadsDocument {
  keys: PublicKeyInfo[];
  heads: SignedHead[];
}

/** The signed bytes: canonical JSON of { chain, seq, hash, signedAt, keyId }. */
export const signedPayload = (h: Omit<SignedHead, 'signature'>): string =>
  canonicalJson({ chain: h.chain, seq: h.seq, hash: h.hash, signedAt: h.signedAt, keyId: h.keyId });

const toHead = (r: typeof auditSignedHeads.$inferSelect): SignedHead => ({
  chain: r.chain,
  seq: r.seq,
  hash: r.hash,
  signedAt: r.signedAt,
  keyId: r.keyId,
  signature: r.signature,
});

/** Every signed head of a chain, oldest first. */
export async function signedHeadsOf(db: Db, chain: string): Promise<SignedHead[]> {
  const rows = await db
    .select()
    .from(auditSignedHeads)
    .where(eq(auditSignedHeads.chain, chain))
    .orderBy(asc(auditSignedHeads.seq));
  return rows.map(toHead);
}

/** The latest signed head of each chain (or of the given chains), by chain. */
export async function latestSignedHeads(db: Db, chains?: readonly string[]): Promise<SignedHead[]> {
  if (chains && chains.length === 0) return [];
  const rows = await db
    .selectDistinctOn([auditSignedHeads.chain])
    .from(auditSignedHeads)
    .where(chains ? inArray(auditSignedHeads.chain, [...chains]) : undefined)
    .orderBy(asc(auditSignedHeads.chain), desc(auditSignedHeads.seq));
  return rows.map(toHead);
}

/** The document outsiders keep for these heads: the heads and every public key they name. */
export async function signedHeadsDocument(db: Db, heads: SignedHead[]): Promise<SignedHeadsDocument> {
  const keys: PublicKeyInfo[] = [];
  for (const id of [...new Set(heads.map((h) => h.keyId))].sort()) {
    const k = await registeredKey(db, id);
    if (k) keys.push(k);
  }
  return { keys, heads };
}

/** The stored hashes of a chain's entries at the given seqs. */
export async function entryHashesAt(
  db: Db,
  chain: string,
  seqs: readonly number[],
): Promise<Map<number, string>> {
  const out = new Map<number, string>();
  const unique = [...new Set(seqs)];
  for (let i = 0; i < unique.length; i += 500) {
    const rows = await db
      .select({ seq: auditEntries.seq, hash: auditEntries.hash })
      .from(auditEntries)
      .where(and(eq(auditEntries.chain, chain), inArray(auditEntries.seq, unique.slice(i, i + 500))));
    for (const r of rows) out.set(r.seq, r.hash);
  }
  return out;
}

export interface SignedHeadCheck {
  /** Where the heads come from, for messages: `stored` (audit_signed_heads) or a file name. */
  from: string;
  heads: SignedHead[];
  /** Keys given with the heads (an outsider's copy); other key ids are looked up in instance_keys. */
  keys?: PublicKeyInfo[];
  /** The chain is already reported broken from this seq on: skip hash checks there (each problem said once). */
  brokenFrom?: number;
  /** Number of entries in the chain. */
  count: number;
}

/**
 * Checks signed heads against a chain: each signature must verify (with a key given or registered, and a given key
 * must be registered on this instance) and the entry at each signed seq must still have the signed hash. Of the
 * heads the chain no longer matches, only the first is named, with the span the rewrite must lie in.
 */
export async function checkSignedHeads(db: Db, chain: string, c: SignedHeadCheck): Promise<string[]> {
  const problems: string[] = [];
  const src = c.from === 'stored' ? '' : ` (from ${c.from})`;
  const given = new Map((c.keys ?? []).map((k) => [k.keyId, k]));
  const heads = [...c.heads].filter((h) => h.chain === chain).sort((a, b) => a.seq - b.seq);
  const hashes = await entryHashesAt(
    db,
    chain,
    heads.map((h) => h.seq),
  );
  let lastGood = 0;
  let mismatch: string | undefined;
  const registry = new Map<string, PublicKeyInfo | undefined>();
  for (const h of heads) {
    const label = `signed head ${h.seq} of ${h.signedAt}${src}`;
    if (!registry.has(h.keyId)) registry.set(h.keyId, await registeredKey(db, h.keyId));
    const registered = registry.get(h.keyId);
    const key = given.get(h.keyId) ?? registered;
    if (!key) {
      problems.push(`${label}: its key ${h.keyId} is unknown`);
      continue;
    }
    if (!registered) problems.push(`${label}: its key ${h.keyId} is not registered on this instance`);
    else if (registered.publicKey.trim() !== key.publicKey.trim())
      problems.push(`${label}: the key registered as ${h.keyId} is not the key given`);
    if (!verifyWithPem(key.publicKey, signedPayload(h), h.signature)) {
      problems.push(`${label}: its signature is not valid`);
      continue;
    }
    if (mismatch || (c.brokenFrom !== undefined && h.seq >= c.brokenFrom)) continue;
    const hash = hashes.get(h.seq);
    const span = lastGood > 0 ? ` after entry ${lastGood} (the last signed head that matches)` : '';
    if (h.seq > c.count)
      mismatch = `${label}: entry ${h.seq} is missing, the chain ends at entry ${c.count}: entries were removed or the history rewritten${span}`;
    else if (hash !== h.hash)
      mismatch = `${label}: entry ${h.seq} has hash ${(hash ?? '').slice(0, 12)}…, not the signed ${h.hash.slice(0, 12)}…: the history was rewritten at or before entry ${h.seq}${span}`;
    else lastGood = h.seq;
  }
  if (mismatch) problems.push(mismatch);
  return problems;
}

export type SignOutcome =
  | { chain: string; status: 'signed' | 'unchanged'; head: SignedHead }
  | { chain: string; status: 'refused'; problems: string[] };

/**
 * Signs the head of every chain (or the given ones) that moved since its last signed head. A chain is signed only
 * when it verifies (entries, head record and earlier signed heads): a tampered chain is never blessed.
 */
export async function signMovedHeads(
  db: Db,
  opts: { key: InstanceKey; now?: () => Date; chains?: readonly string[] },
): Promise<SignOutcome[]> {
  if (opts.chains?.length === 0) return [];
  const heads = await db
    .select()
    .from(auditHeads)
    .where(opts.chains ? inArray(auditHeads.chain, [...opts.chains]) : undefined)
    .orderBy(asc(auditHeads.chain));
  const latest = new Map((await latestSignedHeads(db)).map((h) => [h.chain, h]));
  const out: SignOutcome[] = [];
  for (const head of heads) {
    const last = latest.get(head.chain);
    if (last && last.seq === head.seq && last.hash === head.hash) {
      out.push({ chain: head.chain, status: 'unchanged', head: last });
      continue;
    }
    const outcome = await db.transaction(
      async (tx): Promise<SignOutcome> => {
        const r = await verifyChain(tx, head.chain);
        const problems: string[] = r.ok ? [] : [r.message];
        problems.push(
          ...(await checkSignedHeads(tx, head.chain, {
            from: 'stored',
            heads: await signedHeadsOf(tx, head.chain),
            count: r.count,
            brokenFrom: r.ok ? undefined : r.seq,
          })),
        );
        if (!r.ok || !r.head || problems.length > 0)
          return { chain: head.chain, status: 'refused', problems };
        const unsigned = {
          chain: head.chain,
          seq: r.head.seq,
          hash: r.head.hash,
          signedAt: (opts.now?.() ?? new Date()).toISOString(),
          keyId: opts.key.keyId,
        };
        const signed: SignedHead = { ...unsigned, signature: opts.key.sign(signedPayload(unsigned)) };
        await tx.insert(auditSignedHeads).values(signed).onConflictDoNothing();
        return { chain: head.chain, status: 'signed', head: signed };
      },
      { isolationLevel: 'repeatable read' },
    );
    out.push(outcome);
  }
  return out;
}

/** Chains that have signed heads (a chain whose entries and head vanished still has them). */
export async function signedChains(db: Db): Promise<string[]> {
  const rows = await db.execute<{ chain: string }>(
    sql`select distinct chain from ${auditSignedHeads} order by chain`,
  );
  return rowsOf<{ chain: string }>(rows).map((r) => r.chain);
}
