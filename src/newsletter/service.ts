/**
 * The subscriber's use cases, from the public site: subscribe (double opt-in), confirm, unsubscribe (link or RFC 8058
 * one-click), download my data, erase me. Each change and its consent evidence commit in one transaction (the actor
 * is the anonymous visitor); mails are queued in the same transaction and sent by the `mail.send` job. Answers never tell whether an address is subscribed.
 */
import { and, eq, like, sql } from 'drizzle-orm';
import { anonymous } from '../auth/permissions';
import type { Db } from '../db/client';
import { mailOutbox, mailQueue, newsletterSubscribers, type SubscriberRow } from '../db/schema';
import type { Clock } from '../lib/clock';
import { newId, randomToken, sha256 } from '../lib/ids';
import type { SubscribeInput } from './address';
import { appendEvidence, evidenceOf, type ConsentStep, type EvidenceEntry } from './evidence';
import { confirmationMail, sendNewsletterMail } from './mail';
import { byConfirmHash, byUnsubscribeHash, lockByAddress } from './repository';
import { addressHash, ipHash, unsubscribeToken } from './secrets';

/** A confirmation link's life. */
export const CONFIRM_DAYS = 7;
/** A repeated subscription of a pending address mails again at most this often. */
export const RESEND_THROTTLE_MS = 10 * 60 * 1000;

/** What the public use cases share: one project's newsletter on this instance. */
export interface NewsletterCtx {
  db: Db;
  clock: Clock;
  secret: Buffer;
  projectId: string;
  acronym: string;
  /** The privacy notice version the form showed (the plan's current one). */
  noticeVersion: string;
  /** The site's root for links in mails: `https://www.example.eu` or `<app>/site/<project>`. */
  root: string;
}

type Ev = { step: ConsentStep; row: SubscriberRow; at: Date; ip: string | null; via: string };

const evidence = (ctx: NewsletterCtx, tx: Parameters<Parameters<Db['transaction']>[0]>[0], e: Ev) =>
  appendEvidence(tx, {
    projectId: ctx.projectId,
    actor: anonymous,
    step: e.step,
    addressHash: e.row.addressHash,
    at: e.at,
    noticeVersion: e.row.noticeVersion,
    lang: e.row.lang,
    ipHash: e.ip === null ? null : ipHash(ctx.secret, ctx.projectId, e.ip),
    via: e.via,
  });

/** `sent`: a confirmation mail went out; `throttled`: one went out recently; `already`: confirmed, nothing done. */
export type SubscribeOutcome = 'sent' | 'throttled' | 'already';

export async function subscribe(
  ctx: NewsletterCtx,
  opts: { input: SubscribeInput; ip: string },
): Promise<SubscribeOutcome> {
  const { address, lang } = opts.input;
  const now = ctx.clock.now();
  const token = randomToken();
  const fresh = {
    lang,
    status: 'pending',
    noticeVersion: ctx.noticeVersion,
    confirmHash: sha256(token),
    confirmExpiresAt: new Date(now.getTime() + CONFIRM_DAYS * 86_400_000),
    mailedAt: now,
    updatedAt: now,
    confirmedAt: null,
    unsubscribedAt: null,
  };
  const result = await ctx.db.transaction(async (tx) => {
    // One subscribe per address at a time: the row lock, or for a new address the advisory lock of its hash.
    const hash = addressHash(ctx.projectId, address);
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`newsletter:${hash}`}))`);
    const existing = await lockByAddress(tx, ctx.projectId, address);
    if (existing?.status === 'confirmed') return { outcome: 'already' as const };
    if (
      existing?.status === 'pending' &&
      existing.mailedAt &&
      now.getTime() - existing.mailedAt.getTime() < RESEND_THROTTLE_MS
    )
      return { outcome: 'throttled' as const };
    let row: SubscriberRow;
    if (existing) {
      [row] = (await tx
        .update(newsletterSubscribers)
        .set(fresh)
        .where(eq(newsletterSubscribers.id, existing.id))
        .returning()) as [SubscriberRow];
    } else {
      const id = newId();
      [row] = (await tx
        .insert(newsletterSubscribers)
        .values({
          ...fresh,
          id,
          projectId: ctx.projectId,
          address,
          addressHash: hash,
          unsubscribeHash: sha256(unsubscribeToken(ctx.secret, id)),
          createdAt: now,
        })
        .returning()) as [SubscriberRow];
    }
    await evidence(ctx, tx, { step: 'asked', row, at: now, ip: opts.ip, via: 'site' });
    const mail = confirmationMail({
      to: row.address,
      lang,
      acronym: ctx.acronym,
      confirmUrl: `${ctx.root}/${lang}/newsletter/confirm/${token}`,
      root: ctx.root,
      unsubscribeToken: unsubscribeToken(ctx.secret, row.id),
      projectId: ctx.projectId,
      expiresDays: CONFIRM_DAYS,
    });
    await sendNewsletterMail(tx, {
      mail,
      purpose: 'newsletter.confirm',
      // One message per link: a new link (a later subscription) is a new message.
      key: `newsletter.confirm:${row.id}:${fresh.confirmHash}`,
      projectId: ctx.projectId,
      clock: ctx.clock,
      sensitive: true,
    });
    return { outcome: 'sent' as const };
  });
  if (result.outcome !== 'sent') return result.outcome;
  return 'sent';
}

/** What a confirmation link is: `valid` (pending, in time), `already` (confirmed), `expired`, or `invalid`. */
export type ConfirmState = 'valid' | 'already' | 'expired' | 'invalid';

const confirmState = (row: SubscriberRow | undefined, now: Date): ConfirmState => {
  if (!row) return 'invalid';
  if (row.status === 'confirmed') return 'already';
  if (row.status !== 'pending') return 'invalid';
  return row.confirmExpiresAt && row.confirmExpiresAt.getTime() > now.getTime() ? 'valid' : 'expired';
};

/** Reads what a confirmation link would do (the GET page: nothing written). */
export async function checkConfirmLink(ctx: NewsletterCtx, token: string): Promise<ConfirmState> {
  const row = await byConfirmHash(ctx.db, { projectId: ctx.projectId, hash: sha256(token) });
  return confirmState(row, ctx.clock.now());
}

/** Confirms a pending subscription: `confirmed`, or the link's state when it cannot (nothing changes then). */
export async function confirm(
  ctx: NewsletterCtx,
  opts: { token: string; ip: string },
): Promise<'confirmed' | Exclude<ConfirmState, 'valid'>> {
  const now = ctx.clock.now();
  return ctx.db.transaction(async (tx) => {
    const row = await byConfirmHash(tx, { projectId: ctx.projectId, hash: sha256(opts.token), lock: true });
    const state = confirmState(row, now);
    if (state !== 'valid' || !row) return state === 'valid' ? 'invalid' : state;
    const [done] = (await tx
      .update(newsletterSubscribers)
      .set({ status: 'confirmed', confirmedAt: now, updatedAt: now })
      .where(eq(newsletterSubscribers.id, row.id))
      .returning()) as [SubscriberRow];
    await evidence(ctx, tx, { step: 'confirmed', row: done, at: now, ip: opts.ip, via: 'link' });
    return 'confirmed';
  });
}

/** The subscriber of an unsubscribe token (the GET page, the data download), or undefined. */
export async function subscriberOfToken(
  ctx: NewsletterCtx,
  token: string,
): Promise<SubscriberRow | undefined> {
  if (!/^[\w-]{43}$/.test(token)) return undefined;
  return byUnsubscribeHash(ctx.db, { projectId: ctx.projectId, hash: sha256(token) });
}

/** Unsubscribes: `unsubscribed`, `already` (nothing changes), or `invalid` (no such token). */
export async function unsubscribe(
  ctx: NewsletterCtx,
  opts: { token: string; ip: string; via: 'link' | 'one-click' },
): Promise<'unsubscribed' | 'already' | 'invalid'> {
  if (!/^[\w-]{43}$/.test(opts.token)) return 'invalid';
  const now = ctx.clock.now();
  return ctx.db.transaction(async (tx) => {
    const row = await byUnsubscribeHash(tx, {
      projectId: ctx.projectId,
      hash: sha256(opts.token),
      lock: true,
    });
    if (!row) return 'invalid';
    if (row.status === 'unsubscribed') return 'already';
    const [done] = (await tx
      .update(newsletterSubscribers)
      .set({ status: 'unsubscribed', unsubscribedAt: now, updatedAt: now })
      .where(eq(newsletterSubscribers.id, row.id))
      .returning()) as [SubscriberRow];
    await evidence(ctx, tx, { step: 'unsubscribed', row: done, at: now, ip: opts.ip, via: opts.via });
    // An issue still being sent does not reach them: their copies not yet handed over are cancelled.
    await tx
      .update(mailQueue)
      .set({ status: 'cancelled' })
      .where(
        and(like(mailQueue.idempotencyKey, `newsletter.issue:%:${row.id}`), eq(mailQueue.status, 'queued')),
      );
    return 'unsubscribed';
  });
}

export interface SubscriberData {
  project: string;
  subscriber: {
    address: string;
    lang: string;
    status: string;
    notice_version: string;
    subscribed_at: string;
    confirmed_at: string | null;
    unsubscribed_at: string | null;
  } | null;
  address_sha256: string;
  /** The consent evidence: entries of the project's audit chain, verifiable with it. */
  evidence: EvidenceEntry[];
}

/** Everything stored about one subscriber, and the evidence entries whose hash is theirs. */
export async function subscriberData(
  db: Db,
  opts: { projectId: string; row: SubscriberRow },
): Promise<SubscriberData> {
  const r = opts.row;
  return {
    project: opts.projectId,
    subscriber: {
      address: r.address,
      lang: r.lang,
      status: r.status,
      notice_version: r.noticeVersion,
      subscribed_at: r.createdAt.toISOString(),
      confirmed_at: r.confirmedAt?.toISOString() ?? null,
      unsubscribed_at: r.unsubscribedAt?.toISOString() ?? null,
    },
    address_sha256: r.addressHash,
    evidence: await evidenceOf(db, { projectId: opts.projectId, addressHash: r.addressHash }),
  };
}

/**
 * Deletes a subscriber's row, and mails to the address still in the local outbox; the chain records `erased` with
 * hashes only. Shared by the subscriber's own request and the coordinator's (src/newsletter/admin.ts).
 */
export async function eraseRow(
  db: Db,
  opts: {
    projectId: string;
    row: SubscriberRow;
    actor: Parameters<typeof appendEvidence>[1]['actor'];
    at: Date;
    ipHash: string | null;
    via: string;
  },
): Promise<boolean> {
  return db.transaction(async (tx) => {
    const gone = await tx
      .delete(newsletterSubscribers)
      .where(eq(newsletterSubscribers.id, opts.row.id))
      .returning({ id: newsletterSubscribers.id });
    if (gone.length === 0) return false;
    await tx.delete(mailOutbox).where(eq(mailOutbox.to, opts.row.address));
    // The queued and sent mails to the address (their send log) go with it: nothing keeps the address.
    await tx
      .delete(mailQueue)
      .where(
        and(
          eq(mailQueue.to, opts.row.address),
          eq(mailQueue.projectId, opts.projectId),
          like(mailQueue.purpose, 'newsletter.%'),
        ),
      );
    await appendEvidence(tx, {
      projectId: opts.projectId,
      actor: opts.actor,
      step: 'erased',
      addressHash: opts.row.addressHash,
      at: opts.at,
      noticeVersion: opts.row.noticeVersion,
      lang: opts.row.lang,
      ipHash: opts.ipHash,
      via: opts.via,
    });
    return true;
  });
}

/** The subscriber's own erasure (by the token of their mails): `erased` or `invalid`. */
export async function eraseByToken(
  ctx: NewsletterCtx,
  opts: { token: string; ip: string },
): Promise<'erased' | 'invalid'> {
  const row = await subscriberOfToken(ctx, opts.token);
  if (!row) return 'invalid';
  const erased = await eraseRow(ctx.db, {
    projectId: ctx.projectId,
    row,
    actor: anonymous,
    at: ctx.clock.now(),
    ipHash: ipHash(ctx.secret, ctx.projectId, opts.ip),
    via: 'link',
  });
  return erased ? 'erased' : 'invalid';
}
