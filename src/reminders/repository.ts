/** The reminders' queries: a partner's records of a month, each partner's last record, the deliverables done. */
import { and, eq, getTableName, inArray, sql, type SQL } from 'drizzle-orm';
import { rowsOf } from '../audit/chain';
import type { Db, Tx } from '../db/client';
import { deliverableStatus } from '../db/schema';
import {
  columnOf,
  DATE_FIELD,
  KIND_TABLES,
  LABEL_FIELD,
  RECORD_KINDS,
  type RecordKind,
} from '../records/kinds';
import { liveSql } from '../records/visibility';

/** Deliverable states that need no reminder. */
const DONE = ['Submitted', 'Approved'];

const tableOf = (kind: RecordKind): SQL => sql.raw(`"${getTableName(KIND_TABLES[kind])}"`);
const columnName = (kind: RecordKind, field: string): SQL =>
  sql.raw(`"${columnOf(kind, field).column.name}"`);

/** The codes of the deliverables submitted or approved. */
export async function doneDeliverables(db: Db | Tx, projectId: string): Promise<Set<string>> {
  const rows = await db
    .select({ code: deliverableStatus.code })
    .from(deliverableStatus)
    .where(and(eq(deliverableStatus.projectId, projectId), inArray(deliverableStatus.status, DONE)));
  return new Set(rows.map((r) => r.code));
}

/** Each partner's last record (live, any kind), as the UTC day it was created. */
export async function lastRecordDays(db: Db | Tx, projectId: string): Promise<Map<string, string>> {
  const parts = RECORD_KINDS.map(
    (kind) =>
      sql`SELECT lead_partner, max(created_at) AS at FROM ${tableOf(kind)} WHERE ${liveSql(projectId)} GROUP BY lead_partner`,
  );
  const rows = rowsOf<{ lead_partner: string; day: string }>(
    await db.execute(
      sql`SELECT lead_partner, to_char(max(at) AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day FROM (${sql.join(parts, sql` UNION ALL `)}) r GROUP BY lead_partner`,
    ),
  );
  return new Map(rows.map((r) => [r.lead_partner, r.day]));
}

export interface MonthRecord {
  kind: RecordKind;
  id: string;
  label: string;
  /** YYYY-MM-DD: the record's own date. */
  date: string;
}

export interface MonthReport {
  /** Records per kind (only kinds with some). */
  counts: Partial<Record<RecordKind, number>>;
  /** The first `limit` of them, by date. */
  records: MonthRecord[];
}

/** A partner's records (lead partner) created or dated in [from, to]: counts by kind (SQL) and the first `limit`. */
export async function partnerMonth(
  db: Db | Tx,
  q: { projectId: string; partnerCode: string; from: string; to: string; limit: number },
): Promise<MonthReport> {
  const inMonth = (kind: RecordKind) => {
    const date = columnName(kind, DATE_FIELD[kind]);
    return sql`${liveSql(q.projectId)} AND lead_partner = ${q.partnerCode} AND ((${date} BETWEEN ${q.from} AND ${q.to}) OR ((created_at AT TIME ZONE 'UTC')::date BETWEEN ${q.from} AND ${q.to}))`;
  };
  const countParts = RECORD_KINDS.map(
    (kind) =>
      sql`SELECT ${kind}::text AS kind, count(*)::int AS n FROM ${tableOf(kind)} WHERE ${inMonth(kind)}`,
  );
  const listParts = RECORD_KINDS.map(
    (kind) =>
      sql`(SELECT ${kind}::text AS kind, id::text AS id, ${columnName(kind, LABEL_FIELD[kind])}::text AS label, to_char(${columnName(kind, DATE_FIELD[kind])}, 'YYYY-MM-DD') AS date FROM ${tableOf(kind)} WHERE ${inMonth(kind)} ORDER BY 4, 3, 2 LIMIT ${q.limit})`,
  );
  // One after the other: inside a transaction a connection runs one query at a time.
  const counts = await db.execute(sql.join(countParts, sql` UNION ALL `));
  const records = await db.execute(
    sql`SELECT * FROM (${sql.join(listParts, sql` UNION ALL `)}) r ORDER BY date, label, id LIMIT ${q.limit}`,
  );
  const out: MonthReport = { counts: {}, records: [] };
  for (const r of rowsOf<{ kind: RecordKind; n: number }>(counts)) if (r.n > 0) out.counts[r.kind] = r.n;
  out.records = rowsOf<MonthRecord>(records).map((r) => ({ ...r, date: r.date ?? '' }));
  return out;
}
