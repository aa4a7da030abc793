/** Queries over the record tables (every kind of src/records/kinds.ts). No rules here: services decide. */
import {
  and,
  asc,
  count,
  desc,
  eq,
  gte,
  ilike,
  inArray,
  isNotNull,
  isNull,
  lte,
  or,
  getTableColumns,
  sql,
  type SQL,
} from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { Db } from '../db/client';
import { evidenceFiles } from '../db/schema';
import { columnOf, DATE_FIELD, KIND_TABLES, LABEL_FIELD, type RecordKind } from './kinds';
import { isVisible } from './visibility';

export type RecordRow = Record<string, unknown> & {
  id: string;
  projectId: string;
  leadPartner: string;
  partners: string[];
  source: string;
  version: number;
  createdAt: Date;
  createdBy: string;
  updatedAt: Date;
  updatedBy: string;
  deletedAt: Date | null;
  deletedBy: string | null;
};

/** The kind's table, loosely typed: the generic queries below touch only the columns every record has. */
const table = (kind: RecordKind): PgTable => KIND_TABLES[kind];
const col = (kind: RecordKind, field: string) => columnOf(kind, field).column;
/** Rows of a pending import batch do not exist for readers (src/records/visibility.ts). */
const visible = (kind: RecordKind) => isVisible(col(kind, 'pending_batch'));

/**
 * Inserts rows (values keyed by drizzle property) and returns their ids, in order. When every row defines the
 * same columns, the rows travel as ONE jsonb parameter expanded by `jsonb_to_recordset` (a 500-row chunk of a
 * 13-column table is 1 parameter instead of 6,500 — about 4× faster on PGlite); otherwise drizzle's multi-row
 * VALUES (which fills missing columns with their defaults).
 */
export async function insertRows(
  db: Db,
  kind: RecordKind,
  values: Record<string, unknown>[],
): Promise<string[]> {
  return (await insertRowsReturning(db, kind, values)).map((r) => String(r.id));
}

/** `insertRows`, returning the stored rows whole (keyed by drizzle property, values as a select gives them). */
export async function insertRowsReturning(
  db: Db,
  kind: RecordKind,
  values: Record<string, unknown>[],
): Promise<RecordRow[]> {
  if (values.length === 0) return [];
  const t = table(kind);
  const keys = uniformKeys(values);
  if (keys && values.length > 1) {
    const columns = keys.map((k) => (t as unknown as Record<string, PgColumn>)[k]!);
    const names = sql.join(
      columns.map((c) => sql.identifier(c.name)),
      sql`, `,
    );
    const types = sql.join(
      columns.map((c) => sql`${sql.identifier(c.name)} ${sql.raw(c.getSQLType())}`),
      sql`, `,
    );
    const json = JSON.stringify(
      values.map((v) => Object.fromEntries(keys.map((k, i) => [columns[i]!.name, v[k]]))),
    );
    // WITH ORDINALITY + ORDER BY: rows go in (and ids come back) in the order given.
    const result = (await db.execute(
      sql`INSERT INTO ${t} (${names})
          SELECT ${names} FROM ROWS FROM (jsonb_to_recordset(${json}::jsonb) AS (${types})) WITH ORDINALITY AS r
          ORDER BY r.ordinality
          RETURNING *`,
    )) as unknown as { rows: Record<string, unknown>[] };
    const all = Object.entries(getTableColumns(t) as Record<string, PgColumn>);
    return result.rows.map(
      (raw) =>
        Object.fromEntries(
          all.map(([key, c]) => {
            const v = raw[c.name];
            return [key, v === null || v === undefined ? null : c.mapFromDriverValue(v)];
          }),
        ) as RecordRow,
    );
  }
  return (await db
    .insert(t)
    .values(values as never)
    .returning()) as RecordRow[];
}

/** The property names every row defines (none undefined), when all rows define the same ones; else null. */
function uniformKeys(values: Record<string, unknown>[]): string[] | null {
  const defined = (v: Record<string, unknown>) =>
    Object.keys(v)
      .filter((k) => v[k] !== undefined)
      .sort();
  const keys = defined(values[0]!);
  const same = values.every((v) => {
    const k = defined(v);
    return k.length === keys.length && k.every((x, i) => x === keys[i]);
  });
  return same ? keys : null;
}

export async function findRow(
  db: Db,
  kind: RecordKind,
  projectId: string,
  id: string,
): Promise<RecordRow | undefined> {
  const rows = await db
    .select()
    .from(table(kind))
    .where(and(eq(col(kind, 'project_id'), projectId), eq(col(kind, 'id'), id), visible(kind)));
  return rows[0] as RecordRow | undefined;
}

/** Updates a row if its version is still `version` (then bumps it); undefined when the version moved on. */
export async function updateRow(
  db: Db,
  kind: RecordKind,
  where: { projectId: string; id: string; version: number },
  values: Record<string, unknown>,
): Promise<RecordRow | undefined> {
  const rows = await db
    .update(table(kind))
    .set({ ...values, version: sql`${col(kind, 'version')} + 1` } as never)
    .where(
      and(
        eq(col(kind, 'project_id'), where.projectId),
        eq(col(kind, 'id'), where.id),
        eq(col(kind, 'version'), where.version),
      ),
    )
    .returning();
  return rows[0] as RecordRow | undefined;
}

export interface ListQuery {
  projectId: string;
  /** Lead partner or one of the other partners. */
  partner?: string;
  /** Text searched in the label (title, name, initiative, channel) with ILIKE. */
  q?: string;
  /** ISO dates, inclusive, on the kind's date. */
  from?: string;
  to?: string;
  /** Equality filters on single-valued fields (`kind`, `type`, `status`, `metric`, …). */
  equals?: Record<string, string>;
  /** Array fields that must contain the value (`audiences`, `roles`, `channels`). */
  contains?: Record<string, string>;
  deleted?: 'exclude' | 'only' | 'include';
  limit: number;
  offset: number;
}

const likePattern = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** The date expression of a kind (a publication known only by its year sits on 1 January). */
function dateExpr(kind: RecordKind): SQL {
  if (kind === 'publication')
    return sql`coalesce(${col(kind, 'date')}, make_date(${col(kind, 'year')}, 1, 1))`;
  return sql`${col(kind, DATE_FIELD[kind])}`;
}

function conditions(kind: RecordKind, q: ListQuery): SQL[] {
  const where: (SQL | undefined)[] = [eq(col(kind, 'project_id'), q.projectId), visible(kind)];
  const deleted = q.deleted ?? 'exclude';
  if (deleted === 'exclude') where.push(isNull(col(kind, 'deleted_at')));
  if (deleted === 'only') where.push(isNotNull(col(kind, 'deleted_at')));
  if (q.partner)
    where.push(
      or(eq(col(kind, 'lead_partner'), q.partner), sql`${q.partner} = ANY(${col(kind, 'partners')})`),
    );
  if (q.q) {
    const label = col(kind, LABEL_FIELD[kind]);
    where.push(
      kind === 'metric'
        ? or(ilike(label, likePattern(q.q)), ilike(col(kind, 'metric'), likePattern(q.q)))
        : ilike(label, likePattern(q.q)),
    );
  }
  if (q.from) where.push(gte(dateExpr(kind), sql`${q.from}::date`));
  if (q.to) where.push(lte(dateExpr(kind), sql`${q.to}::date`));
  for (const [field, value] of Object.entries(q.equals ?? {})) where.push(eq(col(kind, field), value));
  for (const [field, value] of Object.entries(q.contains ?? {}))
    where.push(sql`${value} = ANY(${col(kind, field)})`);
  return where.filter((c): c is SQL => c !== undefined);
}

/** A page of rows, newest first, and the total count of rows matching. */
export async function listRows(
  db: Db,
  kind: RecordKind,
  q: ListQuery,
): Promise<{ rows: RecordRow[]; total: number }> {
  const where = and(...conditions(kind, q));
  const [rows, totals] = await Promise.all([
    db
      .select()
      .from(table(kind))
      .where(where)
      .orderBy(desc(dateExpr(kind)), desc(col(kind, 'created_at')), asc(col(kind, 'id')))
      .limit(q.limit)
      .offset(q.offset),
    db.select({ n: count() }).from(table(kind)).where(where),
  ]);
  return { rows: rows as RecordRow[], total: Number(totals[0]?.n ?? 0) };
}

/** Where a keyset page ends: the list order's key of its last row (date and created_at as the database's text). */
export interface ListCursor {
  date: string;
  createdAt: string;
  id: string;
}

/**
 * A page of rows in the list's order (newest first: date, created_at descending, id ascending) after `after`, by
 * keyset — no OFFSET, no count: each page costs the same however deep it is. The cursor's columns are read as text
 * so microseconds survive the round trip; `next` is null on the last page.
 */
export async function listRowsAfter(
  db: Db,
  kind: RecordKind,
  q: Omit<ListQuery, 'limit' | 'offset'>,
  page: { after: ListCursor | null; limit: number },
): Promise<{ rows: RecordRow[]; next: ListCursor | null }> {
  const date = dateExpr(kind);
  const created = col(kind, 'created_at');
  const id = col(kind, 'id');
  const where = conditions(kind, { ...q, limit: 0, offset: 0 });
  const a = page.after;
  if (a)
    where.push(
      sql`${date} <= ${a.date}::date`,
      sql`(${date} < ${a.date}::date OR (${date} = ${a.date}::date AND (${created} < ${a.createdAt}::timestamptz
          OR (${created} = ${a.createdAt}::timestamptz AND ${id} > ${a.id}::uuid))))`,
    );
  const found = (await db
    .select({
      ...(getTableColumns(table(kind)) as Record<string, PgColumn>),
      cursorDate: sql<string>`(${date})::text`,
      cursorCreated: sql<string>`${created}::text`,
    })
    .from(table(kind))
    .where(and(...where))
    .orderBy(desc(date), desc(created), asc(id))
    .limit(page.limit)) as (RecordRow & { cursorDate: string; cursorCreated: string })[];
  const rows = found.map(({ cursorDate: _d, cursorCreated: _c, ...row }) => row as RecordRow);
  const last = found.at(-1);
  return {
    rows,
    next:
      last && found.length === page.limit
        ? { date: last.cursorDate, createdAt: last.cursorCreated, id: String(last.id) }
        : null,
  };
}

/** Rows of a kind by id (for batch callers that need them back). */
export async function findRows(
  db: Db,
  kind: RecordKind,
  projectId: string,
  ids: string[],
): Promise<RecordRow[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .select()
    .from(table(kind))
    .where(and(eq(col(kind, 'project_id'), projectId), inArray(col(kind, 'id'), ids), visible(kind)));
  return rows as RecordRow[];
}

// ---------------------------------------------------------------------------
// Evidence files
// ---------------------------------------------------------------------------

export type EvidenceFileRow = typeof evidenceFiles.$inferSelect;

export function listFilesOf(db: Db, projectId: string, kind: RecordKind, recordId: string) {
  return db
    .select()
    .from(evidenceFiles)
    .where(
      and(
        eq(evidenceFiles.projectId, projectId),
        eq(evidenceFiles.recordType, kind),
        eq(evidenceFiles.recordId, recordId),
        isNull(evidenceFiles.deletedAt),
      ),
    )
    .orderBy(asc(evidenceFiles.uploadedAt), asc(evidenceFiles.id));
}

export async function findFile(db: Db, projectId: string, id: string): Promise<EvidenceFileRow | undefined> {
  const [row] = await db
    .select()
    .from(evidenceFiles)
    .where(
      and(eq(evidenceFiles.projectId, projectId), eq(evidenceFiles.id, id), isNull(evidenceFiles.deletedAt)),
    );
  return row;
}

export async function insertFile(
  db: Db,
  values: typeof evidenceFiles.$inferInsert,
): Promise<EvidenceFileRow> {
  const [row] = await db.insert(evidenceFiles).values(values).returning();
  return row as EvidenceFileRow;
}

export async function markFileDeleted(db: Db, id: string, at: Date): Promise<void> {
  await db.update(evidenceFiles).set({ deletedAt: at }).where(eq(evidenceFiles.id, id));
}

/** Whether another (live) evidence row still points at the same bytes. */
export async function fileHashInUse(db: Db, sha256: string): Promise<boolean> {
  const [row] = await db
    .select({ n: count() })
    .from(evidenceFiles)
    .where(and(eq(evidenceFiles.sha256, sha256), isNull(evidenceFiles.deletedAt)));
  return Number(row?.n ?? 0) > 0;
}
