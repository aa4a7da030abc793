/** Queries of the public site's deliverable files and download counts (the services call them). */
import { and, asc, desc, eq, sql } from 'drizzle-orm';
import { rowsOf } from '../../audit/chain';
import type { Db } from '../../db/client';
import { siteDeliverableFiles } from '../../db/schema';

export type DeliverableFileRow = typeof siteDeliverableFiles.$inferSelect;

/** Every file of a project, newest version first per deliverable. */
export const listFiles = (db: Db, projectId: string): Promise<DeliverableFileRow[]> =>
  db
    .select()
    .from(siteDeliverableFiles)
    .where(eq(siteDeliverableFiles.projectId, projectId))
    .orderBy(
      asc(siteDeliverableFiles.code),
      desc(siteDeliverableFiles.issuedOn),
      desc(siteDeliverableFiles.uploadedAt),
    );

export async function findFileById(
  db: Db,
  projectId: string,
  id: string,
): Promise<DeliverableFileRow | undefined> {
  const [row] = await db
    .select()
    .from(siteDeliverableFiles)
    .where(and(eq(siteDeliverableFiles.projectId, projectId), eq(siteDeliverableFiles.id, id)));
  return row;
}

/** The latest published version of each deliverable (by date, then upload time). */
export async function latestPublished(db: Db, projectId: string): Promise<DeliverableFileRow[]> {
  return db
    .selectDistinctOn([siteDeliverableFiles.code])
    .from(siteDeliverableFiles)
    .where(and(eq(siteDeliverableFiles.projectId, projectId), eq(siteDeliverableFiles.published, true)))
    .orderBy(
      asc(siteDeliverableFiles.code),
      desc(siteDeliverableFiles.issuedOn),
      desc(siteDeliverableFiles.uploadedAt),
    );
}

/** A published version by its address (code + version label). */
export async function findPublished(
  db: Db,
  opts: { projectId: string; code: string; version: string },
): Promise<DeliverableFileRow | undefined> {
  const [row] = await db
    .select()
    .from(siteDeliverableFiles)
    .where(
      and(
        eq(siteDeliverableFiles.projectId, opts.projectId),
        eq(siteDeliverableFiles.code, opts.code),
        eq(siteDeliverableFiles.version, opts.version),
        eq(siteDeliverableFiles.published, true),
      ),
    );
  return row;
}

export interface MonthlyCount {
  code: string;
  /** `YYYY-MM` */
  month: string;
  total: number;
  unique: number;
}

/** Counted downloads per deliverable and month (every version of a deliverable together): one GROUP BY. */
export async function countsByMonth(db: Db, projectId: string): Promise<MonthlyCount[]> {
  const result = await db.execute(sql`
    SELECT f.code, to_char(c.day, 'YYYY-MM') AS month,
           sum(c.total)::int AS total, sum(c."unique")::int AS "unique"
      FROM site_download_counts c JOIN site_deliverable_files f ON f.id = c.file_id
     WHERE c.project_id = ${projectId}
     GROUP BY f.code, to_char(c.day, 'YYYY-MM')
     ORDER BY f.code, month`);
  return rowsOf<{ code: string; month: string; total: number; unique: number }>(result).map((r) => ({
    code: r.code,
    month: r.month,
    total: Number(r.total),
    unique: Number(r.unique),
  }));
}
