/**
 * Bulk row writes with COPY, one interface for both engines: PostgreSQL streams `COPY t (cols) FROM STDIN` through
 * pg-copy-streams on the transaction's connection; PGlite reads the same text from `COPY t (cols) FROM '/dev/blob'`
 * with the bytes as a Blob. Rows are encoded in COPY's text format (src/records/copy-text.ts).
 */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { getTableColumns, getTableName, is, SQL } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { Tx } from '../db/client';
import { copyLine, type CopyType } from './copy-text';

/** What a COPY needs of one column: its SQL name, its drizzle property, its encoding and its stored default. */
export interface CopyColumn {
  name: string;
  key: string;
  type: CopyType;
  /**
   * The value the column's DEFAULT stores (for NOT NULL columns a row leaves undefined); null when none;
   * `SERVER_DEFAULT` when only the server knows it (gen_random_uuid(), now()): a row must then give the value.
   */
  fallback: unknown;
}

/** The COPY encoding of a drizzle column. */
function copyType(column: PgColumn): CopyType {
  const t = column.getSQLType();
  if (t.endsWith('[]')) return 'text[]';
  if (t === 'jsonb' || t === 'json') return 'jsonb';
  if (t === 'boolean') return 'boolean';
  if (t === 'integer' || t === 'smallint' || t === 'bigint') return 'integer';
  if (t === 'double precision' || t === 'real' || t.startsWith('numeric')) return 'double';
  if (t === 'date') return 'date';
  if (t === 'uuid') return 'uuid';
  return 'text';
}

/** SQL defaults whose stored value is known here (array and JSON literals). */
const SQL_DEFAULTS: Record<string, unknown> = {
  "'{}'::text[]": [],
  "'[]'::jsonb": [],
  "'{}'::jsonb": {},
};

/** Marks a default only the server knows (a row must give the column's value). */
export const SERVER_DEFAULT: unique symbol = Symbol('server default');

/** The value a column's default stores, as a select returns it; SERVER_DEFAULT for one only the server knows. */
function fallbackOf(column: PgColumn): unknown {
  const d: unknown = column.default;
  if (d === undefined) return null;
  if (is(d, SQL)) {
    const text = (d.queryChunks as unknown[])
      .map((c) => (c as { value?: unknown[] }).value?.join('') ?? '')
      .join('')
      .trim();
    if (text in SQL_DEFAULTS) return structuredClone(SQL_DEFAULTS[text]);
    return SERVER_DEFAULT;
  }
  return d;
}

const plans = new Map<PgTable, CopyColumn[]>();

/**
 * The columns a COPY into `table` writes: every column except `skip` (left to their server defaults, such as
 * timestamps).
 */
export function copyColumns(table: PgTable, skip: readonly string[] = []): CopyColumn[] {
  const cached = skip.length === 0 ? plans.get(table) : undefined;
  if (cached) return cached;
  const columns = Object.entries(getTableColumns(table) as Record<string, PgColumn>)
    .filter(([, c]) => !skip.includes(c.name))
    .map(([key, c]) => ({
      name: c.name,
      key,
      type: copyType(c),
      fallback: c.notNull ? fallbackOf(c) : null,
    }));
  if (skip.length === 0) plans.set(table, columns);
  return columns;
}

/** The client of a transaction: a node-postgres connection, or PGlite's transaction. */
interface PgliteTx {
  query(sql: string, params?: unknown[], options?: { blob?: Blob }): Promise<unknown>;
}
const clientOf = (tx: Tx): pg.Client | PgliteTx =>
  (tx as unknown as { session: { client: pg.Client | PgliteTx } }).session.client;

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

/**
 * Writes rows (keyed by drizzle property) into `table` with one COPY, in the caller's transaction. Every row gets
 * every listed column: undefined → the column's stored default (NOT NULL) or NULL.
 */
export async function copyRows(
  tx: Tx,
  q: { table: PgTable; columns: readonly CopyColumn[]; rows: readonly Record<string, unknown>[] },
): Promise<void> {
  if (q.rows.length === 0) return;
  const lines = new CopyLines(q.table, q.columns);
  for (const row of q.rows) lines.add(row);
  await copyText(tx, { table: q.table, columns: q.columns, text: lines.text() });
}

/** Rows encoded one by one into a COPY's text as they come (the row objects can be dropped at once). */
export class CopyLines {
  private readonly types: CopyType[];
  private readonly values: unknown[];
  private parts: string[] = [];

  constructor(
    private readonly table: PgTable,
    private readonly columns: readonly CopyColumn[],
  ) {
    this.types = columns.map((c) => c.type);
    this.values = new Array(columns.length);
  }

  /** Encodes a row (undefined → the column's stored default, or NULL); throws on a value COPY cannot store. */
  add(row: Record<string, unknown>): void {
    for (let i = 0; i < this.columns.length; i++) {
      const c = this.columns[i] as CopyColumn;
      const v = row[c.key];
      if (v !== undefined) this.values[i] = v;
      else if (c.fallback === SERVER_DEFAULT)
        throw new Error(`COPY into ${getTableName(this.table)}: a row has no value for ${c.name}`);
      else this.values[i] = c.fallback;
    }
    this.parts.push(copyLine(this.values, this.types));
  }

  /** The lines so far as one text. */
  text(): string {
    const text = this.parts.join('');
    this.parts = [];
    return text;
  }
}

/** One COPY of text already encoded (`CopyLines`) into `table`'s `columns`, in the caller's transaction. */
export async function copyText(
  tx: Tx,
  q: { table: PgTable; columns: readonly CopyColumn[]; text: string },
): Promise<void> {
  if (q.text.length === 0) return;
  const target = `${quote(getTableName(q.table))} (${q.columns.map((c) => quote(c.name)).join(', ')})`;
  const client = clientOf(tx);
  if (client instanceof pg.Client) {
    const stream = client.query(copyFrom(`COPY ${target} FROM STDIN`));
    await pipeline(Readable.from([Buffer.from(q.text, 'utf8')]), stream);
    return;
  }
  await client.query(`COPY ${target} FROM '/dev/blob'`, [], { blob: new Blob([q.text]) });
}
