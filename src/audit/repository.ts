/** Queries over audit entries. No rules here: the service checks who may read. */
import { and, asc, desc, eq, gt, lt, type SQL } from 'drizzle-orm';
import type { Db } from '../db/client';
import { auditEntries, auditHeads, projects, type AuditEntryRow } from '../db/schema';

export interface EntryFilter {
  chain: string;
  entityType?: string;
  entityId?: string;
  /** Entries with a smaller seq (paging back, newest first). */
  beforeSeq?: number;
  /** Entries with a larger seq (paging forward, oldest first). */
  afterSeq?: number;
  limit: number;
}

export function listEntries(db: Db, f: EntryFilter): Promise<AuditEntryRow[]> {
  const where: SQL[] = [eq(auditEntries.chain, f.chain)];
  if (f.entityType) where.push(eq(auditEntries.entityType, f.entityType));
  if (f.entityId) where.push(eq(auditEntries.entityId, f.entityId));
  if (f.beforeSeq !== undefined) where.push(lt(auditEntries.seq, f.beforeSeq));
  if (f.afterSeq !== undefined) where.push(gt(auditEntries.seq, f.afterSeq));
  return db
    .select()
    .from(auditEntries)
    .where(and(...where))
    .orderBy(f.afterSeq !== undefined ? asc(auditEntries.seq) : desc(auditEntries.seq))
    .limit(f.limit);
}

export async function getHead(db: Db, chain: string): Promise<{ seq: number; hash: string } | undefined> {
  const [row] = await db
    .select({ seq: auditHeads.seq, hash: auditHeads.hash })
    .from(auditHeads)
    .where(eq(auditHeads.chain, chain));
  return row;
}

/** The project an audit page belongs to (id and acronym), read here so that audit needs nothing of src/projects. */
export async function projectHeader(
  db: Db,
  id: string,
): Promise<{ id: string; acronym: string } | undefined> {
  const [row] = await db
    .select({ id: projects.id, acronym: projects.acronym })
    .from(projects)
    .where(eq(projects.id, id));
  return row;
}
