/**
 * The coordinator's use cases (`newsletter.manage`): counts by status and language, the list with addresses, one
 * subscriber's data and consent evidence, and erasure (audited on the project's chain, hashes only).
 */
import { authorize, type Actor } from '../auth/permissions';
import type { Db } from '../db/client';
import { notFound } from '../errors';
import type { Clock } from '../lib/clock';
import { byId, countSubscribers, listSubscribers, type SubscriberCount } from './repository';
import { eraseRow, subscriberData, type SubscriberData } from './service';
import type { SubscriberRow } from '../db/schema';

/** The most subscribers the page lists (newest first); the counts cover all. */
export const SUBSCRIBERS_PAGE = 500;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export interface SubscribersView {
  counts: SubscriberCount[];
  rows: SubscriberRow[];
}

export async function subscribersView(
  db: Db,
  opts: { actor: Actor; projectId: string },
): Promise<SubscribersView> {
  authorize(opts.actor, 'newsletter.manage', { projectId: opts.projectId });
  const [counts, rows] = await Promise.all([
    countSubscribers(db, opts.projectId),
    listSubscribers(db, { projectId: opts.projectId, limit: SUBSCRIBERS_PAGE }),
  ]);
  return { counts, rows };
}

async function load(db: Db, opts: { actor: Actor; projectId: string; subscriberId: string }) {
  authorize(opts.actor, 'newsletter.manage', { projectId: opts.projectId });
  const row = UUID.test(opts.subscriberId)
    ? await byId(db, { projectId: opts.projectId, id: opts.subscriberId })
    : undefined;
  if (!row) throw notFound('subscriber');
  return row;
}

/** One subscriber's data and evidence (the export the coordinator downloads). */
export async function subscriberEvidence(
  db: Db,
  opts: { actor: Actor; projectId: string; subscriberId: string },
): Promise<SubscriberData> {
  const row = await load(db, opts);
  return subscriberData(db, { projectId: opts.projectId, row });
}

/** Erases a subscriber at the coordinator's request (a 404 when already gone). */
export async function eraseSubscriber(
  db: Db,
  opts: { actor: Actor; projectId: string; subscriberId: string; clock: Clock },
): Promise<void> {
  const row = await load(db, opts);
  const erased = await eraseRow(db, {
    projectId: opts.projectId,
    row,
    actor: opts.actor,
    at: opts.clock.now(),
    ipHash: null,
    via: 'coordinator',
  });
  if (!erased) throw notFound('subscriber');
}
