/**
 * Publications and events as OAI-PMH items: visible rows (never a pending import's), live or soft-deleted (Herald
 * keeps deletions, so a withdrawn record stays a deleted header: persistent). The datestamp is the last change,
 * the deletion included (`GREATEST(updated_at, deleted_at)`). Pages by keyset on id; counts are SQL aggregates.
 */
import { and, asc, eq, gt, gte, lt, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db/client';
import { events, publications } from '../db/schema';
import { isVisible } from '../records/visibility';

export type PublicationRow = typeof publications.$inferSelect;
export type EventRow = typeof events.$inferSelect;

export type RecordItem =
  | { kind: 'publication'; id: string; datestamp: Date; deleted: boolean; row: PublicationRow }
  | { kind: 'event'; id: string; datestamp: Date; deleted: boolean; row: EventRow };

export type RecordKind = RecordItem['kind'];

const TABLES = { publication: publications, event: events } as const;

const stampOf = (t: (typeof TABLES)[RecordKind]): SQL<Date> =>
  sql<Date>`GREATEST(${t.updatedAt}, COALESCE(${t.deletedAt}, ${t.updatedAt}))`;

export interface RecordRange {
  projectId: string;
  from?: Date;
  before?: Date;
}

function where(kind: RecordKind, range: RecordRange, after?: string | null, id?: string): SQL | undefined {
  const t = TABLES[kind];
  const stamp = stampOf(t);
  return and(
    eq(t.projectId, range.projectId),
    isVisible(t.pendingBatch),
    range.from ? gte(stamp, range.from) : undefined,
    range.before ? lt(stamp, range.before) : undefined,
    after ? gt(t.id, after) : undefined,
    id ? eq(t.id, id) : undefined,
  );
}

const toItem = (kind: RecordKind, row: PublicationRow | EventRow, stamp: Date | string): RecordItem =>
  ({ kind, id: row.id, datestamp: new Date(stamp), deleted: row.deletedAt !== null, row }) as RecordItem;

/** Up to `limit` items of one kind after `after` (by id), within the range. */
export async function recordPage(
  db: Db,
  opts: { kind: RecordKind; range: RecordRange; after: string | null; limit: number },
): Promise<RecordItem[]> {
  const t = TABLES[opts.kind];
  const rows = await db
    .select({ row: t, stamp: stampOf(t) })
    .from(t)
    .where(where(opts.kind, opts.range, opts.after))
    .orderBy(asc(t.id))
    .limit(opts.limit);
  return rows.map((r) => toItem(opts.kind, r.row as PublicationRow | EventRow, r.stamp));
}

export async function recordCount(db: Db, kind: RecordKind, range: RecordRange): Promise<number> {
  const t = TABLES[kind];
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(t)
    .where(where(kind, range));
  return row?.n ?? 0;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export async function findRecord(
  db: Db,
  projectId: string,
  kind: RecordKind,
  id: string,
): Promise<RecordItem | undefined> {
  if (!UUID.test(id)) return undefined;
  const t = TABLES[kind];
  const [r] = await db
    .select({ row: t, stamp: stampOf(t) })
    .from(t)
    .where(where(kind, { projectId }, null, id));
  return r ? toItem(kind, r.row as PublicationRow | EventRow, r.stamp) : undefined;
}

/** The earliest datestamp among the project's records (undefined: none). */
export async function earliestRecordStamp(db: Db, projectId: string): Promise<Date | undefined> {
  let earliest: Date | undefined;
  for (const kind of ['publication', 'event'] as const) {
    const t = TABLES[kind];
    const [row] = await db
      .select({ min: sql<Date | string | null>`min(${stampOf(t)})` })
      .from(t)
      .where(where(kind, { projectId }));
    if (row?.min) {
      const at = new Date(row.min);
      if (!earliest || at < earliest) earliest = at;
    }
  }
  return earliest;
}
