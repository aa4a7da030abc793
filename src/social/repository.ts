/** Social posts' queries, and the row writes the use cases call inside their transaction. */
import { and, asc, eq, gte, lt } from 'drizzle-orm';
import type { Db, Tx } from '../db/client';
import { socialPosts, type SocialPostRow } from '../db/schema';

export type { SocialPostRow };
type NewPost = typeof socialPosts.$inferInsert;

/** The project's posts planned in `[from, to)`, by time then id. */
export function postsBetween(db: Db | Tx, q: { projectId: string; from: Date; to: Date }) {
  return db
    .select()
    .from(socialPosts)
    .where(
      and(
        eq(socialPosts.projectId, q.projectId),
        gte(socialPosts.plannedAt, q.from),
        lt(socialPosts.plannedAt, q.to),
      ),
    )
    .orderBy(asc(socialPosts.plannedAt), asc(socialPosts.id));
}

export async function findPost(
  db: Db | Tx,
  projectId: string,
  id: string,
): Promise<SocialPostRow | undefined> {
  const [row] = await db
    .select()
    .from(socialPosts)
    .where(and(eq(socialPosts.projectId, projectId), eq(socialPosts.id, id)));
  return row;
}

/** The post, locked for the transaction's change. */
export async function lockPost(tx: Tx, projectId: string, id: string): Promise<SocialPostRow | undefined> {
  const [row] = await tx
    .select()
    .from(socialPosts)
    .where(and(eq(socialPosts.projectId, projectId), eq(socialPosts.id, id)))
    .for('update');
  return row;
}

export async function insertPost(tx: Tx, values: NewPost): Promise<SocialPostRow> {
  const [row] = await tx.insert(socialPosts).values(values).returning();
  return row as SocialPostRow;
}

export async function updatePostRow(tx: Tx, id: string, values: Partial<NewPost>): Promise<SocialPostRow> {
  const [row] = await tx.update(socialPosts).set(values).where(eq(socialPosts.id, id)).returning();
  return row as SocialPostRow;
}
