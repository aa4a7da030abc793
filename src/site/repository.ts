/**
 * The public site's queries: live records only (not deleted, not in a pending import: src/records/visibility.ts),
 * lists paged by keyset on (date, id), never OFFSET. Queries only; what is fit for the public is chosen by the views.
 */
import { and, asc, desc, eq, isNull, ne, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db/client';
import { events, publications } from '../db/schema';
import { rowToData } from '../records/kinds';
import type { PublicationRecord } from '../records/cite-export';
import { isVisible } from '../records/visibility';

export type EventRow = typeof events.$inferSelect;

/** A keyset position: the last row shown (its date and id); the next page holds the rows before it. */
export interface Cursor {
  date: string;
  id: string;
}

export const cursorOf = (date: string, id: string): string => `${date}~${id}`;

const liveEvents = (projectId: string): SQL =>
  and(
    eq(events.projectId, projectId),
    isNull(events.deletedAt),
    isVisible(events.pendingBatch),
    ne(events.status, 'cancelled'),
  ) as SQL;

/** Events not yet over on `today` (ongoing included), soonest first; at most `limit`. */
export function upcomingEvents(
  db: Db,
  q: { projectId: string; today: string; limit: number },
): Promise<EventRow[]> {
  return db
    .select()
    .from(events)
    .where(
      and(liveEvents(q.projectId), sql`coalesce(${events.endDate}, ${events.startDate}) >= ${q.today}::date`),
    )
    .orderBy(asc(events.startDate), asc(events.id))
    .limit(q.limit);
}

/** Events over before `today`, latest first, after the cursor; one more than `limit` tells whether more follow. */
export function pastEvents(
  db: Db,
  q: { projectId: string; today: string; before?: Cursor | undefined; limit: number },
): Promise<EventRow[]> {
  const keyset = q.before
    ? or(
        sql`${events.startDate} < ${q.before.date}::date`,
        and(sql`${events.startDate} = ${q.before.date}::date`, sql`${events.id} < ${q.before.id}::uuid`),
      )
    : undefined;
  return db
    .select()
    .from(events)
    .where(
      and(
        liveEvents(q.projectId),
        sql`coalesce(${events.endDate}, ${events.startDate}) < ${q.today}::date`,
        keyset,
      ),
    )
    .orderBy(desc(events.startDate), desc(events.id))
    .limit(q.limit + 1);
}

/** Every live, not cancelled event (the public calendar feed), by date then id. */
export function publicCalendarEvents(db: Db, projectId: string): Promise<EventRow[]> {
  return db.select().from(events).where(liveEvents(projectId)).orderBy(asc(events.startDate), asc(events.id));
}

/** Where a publication sits in time: its date, else 1 January of its year (the lists' rule). */
const placed = sql<string>`coalesce(${publications.date}, make_date(${publications.year}, 1, 1))`;

export type PublicPublication = PublicationRecord & { placed: string };

const toPublication = (row: Record<string, unknown>): PublicPublication => ({
  ...(rowToData('publication', row) as unknown as PublicationRecord),
  id: String(row.id),
  placed: String(row.placed),
});

/** Publications, latest first, after the cursor; `limit` omitted: all of them (the BibTeX download). */
export async function listPublications(
  db: Db,
  q: { projectId: string; before?: Cursor | undefined; limit?: number },
): Promise<PublicPublication[]> {
  const keyset = q.before
    ? or(
        sql`${placed} < ${q.before.date}::date`,
        and(sql`${placed} = ${q.before.date}::date`, sql`${publications.id} < ${q.before.id}::uuid`),
      )
    : undefined;
  const query = db
    .select({ row: publications, placed: sql<string>`${placed}::text` })
    .from(publications)
    .where(
      and(
        eq(publications.projectId, q.projectId),
        isNull(publications.deletedAt),
        isVisible(publications.pendingBatch),
        keyset,
      ),
    )
    .orderBy(desc(placed), desc(publications.id));
  const rows = q.limit === undefined ? await query : await query.limit(q.limit + 1);
  return rows.map((r) => toPublication({ ...r.row, placed: r.placed }));
}
