/** Newsletter queries only: subscribers by address, token hash or id; counts by status and language in SQL. */
import { and, asc, eq, lt, sql } from 'drizzle-orm';
import type { Db, Tx } from '../db/client';
import { newsletterSubscribers, type SubscriberRow } from '../db/schema';

const S = newsletterSubscribers;

/** The subscriber of an address, locked for the caller's transaction. */
export async function lockByAddress(
  tx: Tx,
  projectId: string,
  address: string,
): Promise<SubscriberRow | undefined> {
  const [row] = await tx
    .select()
    .from(S)
    .where(and(eq(S.projectId, projectId), eq(S.address, address)))
    .for('update');
  return row;
}

/** The subscriber whose confirmation token has this hash (optionally locked). */
export async function byConfirmHash(
  db: Db | Tx,
  opts: { projectId: string; hash: string; lock?: boolean },
): Promise<SubscriberRow | undefined> {
  const q = db
    .select()
    .from(S)
    .where(and(eq(S.projectId, opts.projectId), eq(S.confirmHash, opts.hash)));
  const [row] = opts.lock ? await q.for('update') : await q;
  return row;
}

/** The subscriber whose unsubscribe token has this hash (optionally locked). */
export async function byUnsubscribeHash(
  db: Db | Tx,
  opts: { projectId: string; hash: string; lock?: boolean },
): Promise<SubscriberRow | undefined> {
  const q = db
    .select()
    .from(S)
    .where(and(eq(S.projectId, opts.projectId), eq(S.unsubscribeHash, opts.hash)));
  const [row] = opts.lock ? await q.for('update') : await q;
  return row;
}

export async function byId(
  db: Db | Tx,
  opts: { projectId: string; id: string; lock?: boolean },
): Promise<SubscriberRow | undefined> {
  const q = db
    .select()
    .from(S)
    .where(and(eq(S.projectId, opts.projectId), eq(S.id, opts.id)));
  const [row] = opts.lock ? await q.for('update') : await q;
  return row;
}

export interface SubscriberCount {
  status: string;
  lang: string;
  count: number;
}

/** Subscribers counted by status and language (one GROUP BY). */
export async function countSubscribers(db: Db, projectId: string): Promise<SubscriberCount[]> {
  return db
    .select({ status: S.status, lang: S.lang, count: sql<number>`count(*)::int` })
    .from(S)
    .where(eq(S.projectId, projectId))
    .groupBy(S.status, S.lang)
    .orderBy(S.status, S.lang);
}

/** Confirmed subscribers of a project (SQL count). */
export async function countConfirmed(db: Db | Tx, projectId: string): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(S)
    .where(and(eq(S.projectId, projectId), eq(S.status, 'confirmed')));
  return row?.n ?? 0;
}

/** One page of subscribers, newest first. */
export async function listSubscribers(
  db: Db,
  opts: { projectId: string; limit: number },
): Promise<SubscriberRow[]> {
  return db
    .select()
    .from(S)
    .where(eq(S.projectId, opts.projectId))
    .orderBy(sql`${S.createdAt} desc`, asc(S.id))
    .limit(opts.limit);
}

/** Pending subscriptions whose confirmation expired before `before`, locked (skipping rows being confirmed). */
export async function lockExpiredPending(
  tx: Tx,
  opts: { projectId: string; before: Date },
): Promise<SubscriberRow[]> {
  return tx
    .select()
    .from(S)
    .where(and(eq(S.projectId, opts.projectId), eq(S.status, 'pending'), lt(S.confirmExpiresAt, opts.before)))
    .for('update', { skipLocked: true });
}
