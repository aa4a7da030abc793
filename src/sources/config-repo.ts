/** `source_configs` reads and writes (the config service checks permissions and audits around them). */
import { and, asc, eq } from 'drizzle-orm';
import type { Db, Tx } from '../db/client';
import { sourceConfigs, type SourceConfigRow } from '../db/schema';

export type { SourceConfigRow };

const where = (projectId: string, source: string) =>
  and(eq(sourceConfigs.projectId, projectId), eq(sourceConfigs.source, source));

/** One project's row of one source (locked for the transaction when `lock`). */
export async function configRow(
  db: Db | Tx,
  o: { projectId: string; source: string; lock?: boolean },
): Promise<SourceConfigRow | undefined> {
  const q = db.select().from(sourceConfigs).where(where(o.projectId, o.source));
  const [row] = o.lock ? await q.for('update') : await q;
  return row;
}

/** Every configured source of a project (by source id). */
export function configRows(db: Db | Tx, projectId: string): Promise<SourceConfigRow[]> {
  return db
    .select()
    .from(sourceConfigs)
    .where(eq(sourceConfigs.projectId, projectId))
    .orderBy(asc(sourceConfigs.source));
}

export async function insertConfig(
  tx: Tx,
  v: Pick<SourceConfigRow, 'projectId' | 'source' | 'settings' | 'secret' | 'secretSetAt' | 'enabled'> & {
    now: Date;
  },
): Promise<SourceConfigRow> {
  const [row] = await tx
    .insert(sourceConfigs)
    .values({
      projectId: v.projectId,
      source: v.source,
      settings: v.settings,
      secret: v.secret,
      secretSetAt: v.secretSetAt,
      enabled: v.enabled,
      version: 1,
      createdAt: v.now,
      updatedAt: v.now,
    })
    .returning();
  return row as SourceConfigRow;
}

export async function updateConfig(
  tx: Tx,
  id: number,
  v: Partial<Pick<SourceConfigRow, 'settings' | 'secret' | 'secretSetAt' | 'enabled'>> & {
    version: number;
    now: Date;
  },
): Promise<SourceConfigRow> {
  const { now, ...rest } = v;
  const [row] = await tx
    .update(sourceConfigs)
    .set({ ...rest, updatedAt: now })
    .where(eq(sourceConfigs.id, id))
    .returning();
  return row as SourceConfigRow;
}

export async function deleteConfig(tx: Tx, id: number): Promise<void> {
  await tx.delete(sourceConfigs).where(eq(sourceConfigs.id, id));
}
