/**
 * Verifying the whole audit trail: every known project's chain (a project whose chain vanished is an error), the
 * instance chain and any other chain, each checked entry by entry, against every stored signed head, and against
 * signed heads an outsider kept (`herald audit verify --against FILE`).
 */
import { asc } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../db/client';
import { projects } from '../db/schema';
import { publicKeyInfo, type PublicKeyInfo } from '../signing';
import { INSTANCE_CHAIN, listChains, verifyChain } from './chain';
import {
  checkSignedHeads,
  signedChains,
  signedHeadsOf,
  type SignedHead,
  type SignedHeadsDocument,
} from './signed-heads';

export interface ChainReport {
  chain: string;
  /** Problems, each said once; empty when the chain is intact. */
  problems: string[];
  count: number;
  head: { seq: number; hash: string } | null;
  /** Signed heads checked: stored ones and outsiders' copies. */
  signedStored: number;
  signedGiven: number;
}

/** Signed heads an outsider kept, with the name they came from (for messages). */
export interface GivenHeads extends SignedHeadsDocument {
  from: string;
}

const headSchema = z.object({
  chain: z.string().min(1),
  seq: z.number().int().positive(),
  hash: z.string().regex(/^[0-9a-f]{64}$/, 'must be 64 hex digits'),
  signedAt: z.string().min(1),
  keyId: z.string().min(1),
  signature: z.string().min(1),
  publicKey: z.string().optional(),
});
const keySchema = z.object({ keyId: z.string().optional(), publicKey: z.string().min(1) });
const documentSchema = z.object({ keys: z.array(keySchema).optional(), heads: z.array(headSchema) });
/** The schema that fits the shape given: a document ({ keys, heads }), an array of heads, or one head. */
const schemaFor = (json: unknown): z.ZodType<z.infer<typeof documentSchema>> =>
  Array.isArray(json)
    ? z.array(headSchema).transform((heads) => ({ heads }))
    : json && typeof json === 'object' && 'heads' in json
      ? documentSchema
      : headSchema.transform((h) => ({ heads: [h] }));

/**
 * Reads signed heads from what `herald audit head --signed` printed (or one head, or an array of heads). Throws an
 * Error naming the file and the problem.
 */
export function parseSignedHeads(text: string, from: string): GivenHeads {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new Error(`${from}: not JSON: ${(e as Error).message}`);
  }
  const r = schemaFor(json).safeParse(json);
  if (!r.success) {
    const i = r.error.issues[0];
    throw new Error(`${from}: not signed audit heads: ${i?.path.join('.') || '(top)'}: ${i?.message ?? ''}`);
  }
  const raw = r.data.heads;
  const keyTexts = [
    ...(r.data.keys ?? []).map((k) => k.publicKey),
    ...raw.flatMap((h) => (h.publicKey ? [h.publicKey] : [])),
  ];
  const keys: PublicKeyInfo[] = [];
  for (const pem of keyTexts) {
    try {
      keys.push(publicKeyInfo(pem));
    } catch {
      throw new Error(`${from}: a public key is not an Ed25519 public key (PEM)`);
    }
  }
  const heads: SignedHead[] = raw.map((h) => ({
    chain: h.chain,
    seq: h.seq,
    hash: h.hash,
    signedAt: h.signedAt,
    keyId: h.keyId,
    signature: h.signature,
  }));
  return { from, keys, heads };
}

/** Every project, the instance chain, and any chain with entries, a head or signed heads, sorted. */
export async function knownChains(db: Db): Promise<{ chains: string[]; projects: Set<string> }> {
  const ids = (await db.select({ id: projects.id }).from(projects).orderBy(asc(projects.id))).map(
    (p) => p.id,
  );
  const all = new Set([...ids, INSTANCE_CHAIN, ...(await listChains(db)), ...(await signedChains(db))]);
  return { chains: [...all].sort(), projects: new Set(ids) };
}

/** Verifies one chain: entries and head record, stored signed heads, the given copies. */
export async function verifyChainFully(
  db: Db,
  chain: string,
  opts: { isProject: boolean; given?: readonly GivenHeads[] },
): Promise<ChainReport> {
  const r = await verifyChain(db, chain);
  const problems: string[] = r.ok ? [] : [r.message];
  const vanished = r.ok && r.head === null && chain !== INSTANCE_CHAIN;
  if (vanished)
    problems.push(
      opts.isProject
        ? `no audit entries, but project ${chain} exists: its chain was deleted`
        : 'no audit entries',
    );
  // Where the chain is already reported broken (or gone), signed heads beyond that point say nothing new.
  const brokenFrom = r.ok ? (vanished ? 1 : undefined) : r.seq;
  const stored = await signedHeadsOf(db, chain);
  problems.push(
    ...(await checkSignedHeads(db, chain, { from: 'stored', heads: stored, count: r.count, brokenFrom })),
  );
  let signedGiven = 0;
  for (const g of opts.given ?? []) {
    const heads = g.heads.filter((h) => h.chain === chain);
    signedGiven += heads.length;
    problems.push(
      ...(await checkSignedHeads(db, chain, {
        from: g.from,
        heads,
        keys: g.keys,
        count: r.count,
        brokenFrom,
      })),
    );
  }
  return {
    chain,
    problems,
    count: r.count,
    head: r.ok ? r.head : null,
    signedStored: stored.length,
    signedGiven,
  };
}

/**
 * Verifies the given chains, or every known one (projects, instance, chains with entries or signed heads, chains
 * named by the given copies). Runs in one repeatable-read transaction, so a change committed meanwhile does not
 * look like a broken chain.
 */
export async function verifyAll(
  db: Db,
  opts: { chains?: readonly string[]; given?: readonly GivenHeads[] } = {},
): Promise<ChainReport[]> {
  return db.transaction(
    async (tx) => {
      const known = await knownChains(tx);
      const chains = opts.chains
        ? [...opts.chains]
        : [
            ...new Set([...known.chains, ...(opts.given ?? []).flatMap((g) => g.heads.map((h) => h.chain))]),
          ].sort();
      const out: ChainReport[] = [];
      for (const chain of chains)
        out.push(
          await verifyChainFully(tx, chain, { isProject: known.projects.has(chain), given: opts.given }),
        );
      return out;
    },
    { isolationLevel: 'repeatable read', accessMode: 'read only' },
  );
}
