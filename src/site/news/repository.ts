/**
 * News posts' queries. Public readers see only `published` posts whose publish date has come (by the app's clock),
 * newest first, paged by keyset on (publish_on, id); the app's list sees every post of the project.
 */
import { and, desc, eq, lte, or, sql, type SQL } from 'drizzle-orm';
import type { Db, Tx } from '../../db/client';
import { newsPosts } from '../../db/schema';
import type { Cursor } from '../repository';

export type NewsRow = typeof newsPosts.$inferSelect;

/** Published and due on `today`. */
const isPublic = (projectId: string, today: string): SQL =>
  and(
    eq(newsPosts.projectId, projectId),
    eq(newsPosts.state, 'published'),
    lte(newsPosts.publishOn, today),
  ) as SQL;

/** Public posts, newest first, after the cursor; one more than `limit` tells whether more follow. */
export function publicNews(
  db: Db,
  q: { projectId: string; today: string; before?: Cursor | undefined; limit: number },
): Promise<NewsRow[]> {
  const keyset = q.before
    ? or(
        sql`${newsPosts.publishOn} < ${q.before.date}::date`,
        and(
          sql`${newsPosts.publishOn} = ${q.before.date}::date`,
          sql`${newsPosts.id} < ${q.before.id}::uuid`,
        ),
      )
    : undefined;
  return db
    .select()
    .from(newsPosts)
    .where(and(isPublic(q.projectId, q.today), keyset))
    .orderBy(desc(newsPosts.publishOn), desc(newsPosts.id))
    .limit(q.limit + 1);
}

/** One public post by its slug. */
export async function publicPost(
  db: Db,
  q: { projectId: string; today: string; slug: string },
): Promise<NewsRow | undefined> {
  const [row] = await db
    .select()
    .from(newsPosts)
    .where(and(isPublic(q.projectId, q.today), eq(newsPosts.slug, q.slug)));
  return row;
}

/** The slugs and dates of every public post (the sitemap). */
export function publicSlugs(db: Db, q: { projectId: string; today: string }) {
  return db
    .select({ slug: newsPosts.slug, publishOn: newsPosts.publishOn, updatedAt: newsPosts.updatedAt })
    .from(newsPosts)
    .where(isPublic(q.projectId, q.today))
    .orderBy(desc(newsPosts.publishOn), desc(newsPosts.id));
}

/** Whether a public post shows the image `sha256` (and its type), so the site may serve it. */
export async function publicImage(
  db: Db,
  q: { projectId: string; today: string; sha256: string },
): Promise<string | undefined> {
  const [row] = await db
    .select({ type: newsPosts.imageType })
    .from(newsPosts)
    .where(and(isPublic(q.projectId, q.today), eq(newsPosts.imageSha256, q.sha256)))
    .limit(1);
  return row?.type ?? undefined;
}

/** Every post of a project for the app's list: by publish date, newest first. */
export function allPosts(db: Db, projectId: string): Promise<NewsRow[]> {
  return db
    .select()
    .from(newsPosts)
    .where(eq(newsPosts.projectId, projectId))
    .orderBy(desc(newsPosts.publishOn), desc(newsPosts.createdAt));
}

export async function findPost(db: Db | Tx, projectId: string, id: string): Promise<NewsRow | undefined> {
  const [row] = await db
    .select()
    .from(newsPosts)
    .where(and(eq(newsPosts.projectId, projectId), eq(newsPosts.id, id)));
  return row;
}

export async function lockPost(tx: Tx, projectId: string, id: string): Promise<NewsRow | undefined> {
  const [row] = await tx
    .select()
    .from(newsPosts)
    .where(and(eq(newsPosts.projectId, projectId), eq(newsPosts.id, id)))
    .for('update');
  return row;
}

/** Another post of the project with this slug. */
export async function slugTaken(tx: Tx, q: { projectId: string; slug: string; except?: string }) {
  const [row] = await tx
    .select({ id: newsPosts.id })
    .from(newsPosts)
    .where(and(eq(newsPosts.projectId, q.projectId), eq(newsPosts.slug, q.slug)));
  return row !== undefined && row.id !== q.except;
}

export async function insertPost(tx: Tx, values: typeof newsPosts.$inferInsert): Promise<NewsRow> {
  const [row] = await tx.insert(newsPosts).values(values).returning();
  return row as NewsRow;
}

export async function updatePost(
  tx: Tx,
  id: string,
  values: Partial<typeof newsPosts.$inferInsert>,
): Promise<NewsRow> {
  const [row] = await tx.update(newsPosts).set(values).where(eq(newsPosts.id, id)).returning();
  return row as NewsRow;
}
