/** What the mail queue holds for an address (the tests' view of mails enqueued by a use case). */
import { desc, eq } from 'drizzle-orm';
import type { Db } from '../src/db/client';
import { mailQueue, type MailQueueRow } from '../src/db/schema';

/** Every message queued to `to`, oldest first. */
export async function queuedTo(db: Db, to: string): Promise<MailQueueRow[]> {
  return (
    await db.select().from(mailQueue).where(eq(mailQueue.to, to)).orderBy(desc(mailQueue.id))
  ).reverse();
}

/** The text of the latest message queued to `to` ('' when none). */
export async function lastMailText(db: Db, to: string): Promise<string> {
  return (await queuedTo(db, to)).at(-1)?.text ?? '';
}
