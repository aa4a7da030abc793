/**
 * Reading the audit trail: a project's chain (newest first, optionally about one entity), one record's history,
 * and an on-demand verification. Needs `audit.read` in the project.
 */
import type { Db } from '../db/client';
import type { AuditEntryRow } from '../db/schema';
import { actorNames } from '../auth/account';
import { authorize, type Actor } from '../auth/permissions';
import { chainOf, verifyChain, type VerifyResult } from './chain';
import { getHead, listEntries } from './repository';
import {
  checkSignedHeads,
  latestSignedHeads,
  signedHeadsDocument,
  signedHeadsOf,
  type SignedHead,
  type SignedHeadsDocument,
} from './signed-heads';

export interface AuditTrail {
  entries: AuditEntryRow[];
  head: { seq: number; hash: string } | null;
  /** Display names of the user actors (`user:<id>` → name, or "former member of …"). */
  names: Map<string, string>;
  /** The seq to page back from, when older entries exist. */
  olderThan: number | null;
}

export interface ReadAuditOptions {
  actor: Actor;
  projectId: string;
  entityType?: string;
  entityId?: string;
  beforeSeq?: number;
  limit?: number;
}

export async function readAuditTrail(db: Db, opts: ReadAuditOptions): Promise<AuditTrail> {
  authorize(opts.actor, 'audit.read', { projectId: opts.projectId });
  const chain = chainOf(opts.projectId);
  const limit = Math.min(Math.max(opts.limit ?? 100, 1), 500);
  const [entries, head] = await Promise.all([
    listEntries(db, {
      chain,
      entityType: opts.entityType,
      entityId: opts.entityId,
      beforeSeq: opts.beforeSeq,
      limit: limit + 1,
    }),
    getHead(db, chain),
  ]);
  const more = entries.length > limit;
  const shown = entries.slice(0, limit);
  return {
    entries: shown,
    head: head ?? null,
    names: await actorNames(
      db,
      shown.map((e) => e.actorId),
    ),
    olderThan: more ? (shown[shown.length - 1]?.seq ?? null) : null,
  };
}

/** One entity's history (a record page's "History" section), newest first. */
export function entityHistory(
  db: Db,
  opts: { actor: Actor; projectId: string; entityType: string; entityId: string; limit?: number },
): Promise<AuditTrail> {
  return readAuditTrail(db, { ...opts, limit: opts.limit ?? 50 });
}

/** Entries after `afterSeq`, oldest first, with hashes: what an external script needs to re-verify the chain. */
export async function exportAuditEntries(
  db: Db,
  opts: { actor: Actor; projectId: string; afterSeq?: number; limit?: number },
) {
  authorize(opts.actor, 'audit.read', { projectId: opts.projectId });
  const chain = chainOf(opts.projectId);
  const limit = Math.min(Math.max(opts.limit ?? 500, 1), 1000);
  const [entries, head] = await Promise.all([
    listEntries(db, { chain, afterSeq: opts.afterSeq ?? 0, limit }),
    getHead(db, chain),
  ]);
  return { chain, head: head ?? null, entries };
}

/** A chain's check plus how many problems its stored signed heads show (a rewritten history, a bad signature). */
export type ProjectVerification = VerifyResult & { signedProblems: number };

export async function verifyProjectChain(
  db: Db,
  opts: { actor: Actor; projectId: string },
): Promise<ProjectVerification> {
  authorize(opts.actor, 'audit.read', { projectId: opts.projectId });
  const chain = chainOf(opts.projectId);
  const r = await verifyChain(db, chain);
  const problems = await checkSignedHeads(db, chain, {
    from: 'stored',
    heads: await signedHeadsOf(db, chain),
    count: r.count,
    brokenFrom: r.ok ? undefined : r.seq,
  });
  return { ...r, signedProblems: problems.length };
}

export interface SignedHeadView {
  chain: string;
  /** The chain's current head. */
  head: { seq: number; hash: string } | null;
  /** Its latest signed head, or null before the first signing. */
  signed: SignedHead | null;
  /** What outsiders keep (`herald audit verify --against` reads it): the signed head with its public key. */
  document: SignedHeadsDocument | null;
}

/** A project's latest signed head, for members to copy (needs `audit.read`). Reads only: signing is the signer's. */
export async function readSignedHead(
  db: Db,
  opts: { actor: Actor; projectId: string },
): Promise<SignedHeadView> {
  authorize(opts.actor, 'audit.read', { projectId: opts.projectId });
  const chain = chainOf(opts.projectId);
  const [head, [signed]] = await Promise.all([getHead(db, chain), latestSignedHeads(db, [chain])]);
  return {
    chain,
    head: head ?? null,
    signed: signed ?? null,
    document: signed ? await signedHeadsDocument(db, [signed]) : null,
  };
}
