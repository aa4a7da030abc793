/**
 * What a partner reported in a period, for its sign-off page: live records by kind, counted in ONE SQL statement
 * with the records list's own filters (lead or involved partner, the kind's date within the period), so the counts
 * match the list each links to (`/p/:id/records/<kind>?partner=&from=&to=`).
 */
import { getTableName, sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { queryRows } from '../kpi/engine';
import { DATE_FIELD, KIND_SLUGS, KIND_TABLES, RECORD_KINDS, type RecordKind } from '../records/kinds';
import { visibleSql } from '../records/visibility';
import type { SignoffPeriod } from './periods';

export interface KindCount {
  kind: RecordKind;
  count: number;
  /** The records list filtered to the partner and the period. */
  href: string;
}

/** A kind's date as the records list filters it (a publication known only by its year sits on 1 January). */
const dateOf = (kind: RecordKind) =>
  kind === 'publication' ? sql.raw('coalesce(date, make_date(year, 1, 1))') : sql.raw(DATE_FIELD[kind]);

/** The records list of one kind filtered to a partner and a period. */
export const recordsListHref = (projectId: string, kind: RecordKind, partner: string, p: SignoffPeriod) =>
  `/p/${encodeURIComponent(projectId)}/records/${KIND_SLUGS[kind]}?${new URLSearchParams({
    partner,
    from: p.from,
    to: p.to,
  }).toString()}`;

/** Live records of `partner` (lead or involved) dated within the period, per kind (every kind, zeros too). */
export async function partnerPeriodCounts(
  db: Db,
  q: { projectId: string; partner: string; period: SignoffPeriod },
): Promise<KindCount[]> {
  const parts = RECORD_KINDS.map(
    (kind) =>
      sql`SELECT ${kind}::text AS kind, count(*)::int AS n FROM ${sql.identifier(getTableName(KIND_TABLES[kind]))}
          WHERE project_id = ${q.projectId} AND deleted_at IS NULL AND ${visibleSql()}
            AND (lead_partner = ${q.partner} OR ${q.partner} = ANY(partners))
            AND ${dateOf(kind)} BETWEEN ${q.period.from}::date AND ${q.period.to}::date`,
  );
  const rows = await queryRows(db, sql.join(parts, sql` UNION ALL `));
  const counts = new Map(rows.map((r) => [String(r.kind), Number(r.n)]));
  return RECORD_KINDS.map((kind) => ({
    kind,
    count: counts.get(kind) ?? 0,
    href: recordsListHref(q.projectId, kind, q.partner, q.period),
  }));
}
