/**
 * Consent evidence: every step of a subscription (asked, confirmed, unsubscribed, erased, purged) is an entry of the
 * project's audit chain, keyed by the address hash (entity `newsletter_subscriber`, id = the hash), with the time,
 * the notice version, the language and the source address's pseudonym. Never the address itself: after erasure the
 * chain still proves what was consented to, and only someone who knows the address can tell whose it was.
 */
import { and, asc, eq } from 'drizzle-orm';
import { appendAudit } from '../audit/chain';
import type { Actor } from '../auth/permissions';
import type { Db, Tx } from '../db/client';
import { auditEntries } from '../db/schema';

export const EVIDENCE_ENTITY = 'newsletter_subscriber';

export type ConsentStep = 'asked' | 'confirmed' | 'unsubscribed' | 'erased' | 'purged';

export interface EvidenceInput {
  projectId: string;
  actor: Actor;
  step: ConsentStep;
  addressHash: string;
  at: Date;
  noticeVersion: string;
  lang: string;
  /** HMAC pseudonym of the source IP; null for steps taken by the system or a coordinator. */
  ipHash: string | null;
  /** How: `site`, `link`, `one-click`, `coordinator`, `job`. */
  via: string;
}

/** Appends one step to the project's chain, inside the caller's transaction. */
export async function appendEvidence(tx: Tx, e: EvidenceInput): Promise<void> {
  await appendAudit(tx, {
    projectId: e.projectId,
    actor: e.actor,
    action: `newsletter.${e.step}`,
    entityType: EVIDENCE_ENTITY,
    entityId: e.addressHash,
    at: e.at,
    after: {
      step: e.step,
      address_sha256: e.addressHash,
      notice_version: e.noticeVersion,
      lang: e.lang,
      ip_hmac: e.ipHash,
      via: e.via,
    },
  });
}

export interface EvidenceEntry {
  seq: number;
  at: string;
  action: string;
  actor: string;
  after: unknown;
  prev_hash: string;
  hash: string;
}

/** Every evidence entry of one address hash, in chain order (each verifiable with the chain: src/audit/chain.ts). */
export async function evidenceOf(
  db: Db,
  opts: { projectId: string; addressHash: string },
): Promise<EvidenceEntry[]> {
  const rows = await db
    .select()
    .from(auditEntries)
    .where(
      and(
        eq(auditEntries.chain, opts.projectId),
        eq(auditEntries.entityType, EVIDENCE_ENTITY),
        eq(auditEntries.entityId, opts.addressHash),
      ),
    )
    .orderBy(asc(auditEntries.seq));
  return rows.map((r) => ({
    seq: r.seq,
    at: r.at,
    action: r.action,
    actor: r.actorLabel,
    after: r.after,
    prev_hash: r.prevHash,
    hash: r.hash,
  }));
}
