/** Reading the local outbox: instance admins only. */
import { desc } from 'drizzle-orm';
import type { Db } from '../db/client';
import { mailOutbox, type OutboxRow } from '../db/schema';
import { authorize, type Actor } from '../auth/permissions';

export async function readOutbox(db: Db, opts: { actor: Actor; limit?: number }): Promise<OutboxRow[]> {
  authorize(opts.actor, 'outbox.read');
  return db
    .select()
    .from(mailOutbox)
    .orderBy(desc(mailOutbox.id))
    .limit(opts.limit ?? 100);
}
