/**
 * A chunked import's foreign keys checked as one set query per key instead of once per row. PostgreSQL checks a
 * foreign key of every inserted row with its own `SELECT … FOR KEY SHARE` (an RI trigger): in an import of 100,000
 * rows that is 200,000 look-ups of the same few partners and one project (bench/profile-import.ts: about a quarter of
 * the COPY's time). Here the chunk's distinct keys (gathered while it is encoded) are locked with one `SELECT … FOR
 * KEY SHARE` per foreign key — the same rows, the same lock, held to the end of the same transaction — and a missing
 * one fails the chunk as the trigger would (SQLSTATE 23503, naming the constraint and the key). The COPY then runs
 * with the RI triggers off (`session_replication_role = replica`, LOCAL, back to `origin` right after), but only where
 * that changes nothing else: the role may set it (a superuser: PGlite, a self-hosted owner) and the table has no
 * trigger of its own. Anywhere else the rows go in with the per-row checks, as before. Everything the triggers guard
 * on the other side (a partner's delete or key change while records point at it) is untouched.
 */
import { getTableColumns, getTableName, sql } from 'drizzle-orm';
import { getTableConfig, type PgColumn, type PgTable } from 'drizzle-orm/pg-core';
import type { Tx } from '../db/client';
import { rowsOf } from '../audit/chain';

/** A foreign key of a table as a chunk needs it: the row properties it reads and what they must match. */
interface Reference {
  name: string;
  /** The drizzle properties of the referencing columns (a stored row's keys). */
  keys: string[];
  columns: string[];
  foreignTable: string;
  foreignColumns: string[];
}

const plans = new Map<PgTable, Reference[]>();

/** The table's foreign keys (inline `.references()` and table-level ones). */
export function referencesOf(table: PgTable): Reference[] {
  const cached = plans.get(table);
  if (cached) return cached;
  // By SQL name: the table config's columns are not the table's own column objects.
  const byColumn = new Map<string, string>(
    Object.entries(getTableColumns(table) as Record<string, PgColumn>).map(([key, c]) => [c.name, key]),
  );
  const refs = getTableConfig(table).foreignKeys.map((fk) => {
    const r = fk.reference();
    return {
      name: fk.getName(),
      keys: r.columns.map((c) => {
        const key = byColumn.get(c.name);
        if (key === undefined)
          throw new Error(`foreign key ${fk.getName()}: column ${c.name} not in the table`);
        return key;
      }),
      columns: r.columns.map((c) => c.name),
      foreignTable: getTableName(r.foreignTable),
      foreignColumns: r.foreignColumns.map((c) => c.name),
    };
  });
  plans.set(table, refs);
  return refs;
}

/** The distinct referenced keys of a chunk's rows, per foreign key (rows with a null in a key reference nothing). */
export class ReferenceKeys {
  readonly refs: Reference[];
  readonly keys: Map<string, unknown[]>[];

  constructor(table: PgTable) {
    this.refs = referencesOf(table);
    this.keys = this.refs.map(() => new Map());
  }

  add(row: Record<string, unknown>): void {
    for (let i = 0; i < this.refs.length; i++) {
      const ref = this.refs[i] as Reference;
      const values = ref.keys.map((k) => row[k]);
      if (values.some((v) => v === null || v === undefined)) continue;
      const key = values.map(String).join('\u0000');
      const seen = this.keys[i] as Map<string, unknown[]>;
      if (!seen.has(key)) seen.set(key, values);
    }
  }
}

const ident = (name: string) => sql.identifier(name);

/**
 * Locks the referenced rows of a chunk (`FOR KEY SHARE`, as the RI trigger does) and throws a foreign-key violation
 * (23503) naming the first key that is not there.
 */
export async function lockReferences(tx: Tx, table: PgTable, refs: ReferenceKeys): Promise<void> {
  for (const [i, ref] of refs.refs.entries()) {
    const wanted = refs.keys[i] as Map<string, unknown[]>;
    if (wanted.size === 0) continue;
    const cols = sql.join(
      ref.foreignColumns.map((c) => ident(c)),
      sql`, `,
    );
    const tuples = sql.join(
      [...wanted.values()].map(
        (values) =>
          sql`(${sql.join(
            values.map((v) => sql`${v}`),
            sql`, `,
          )})`,
      ),
      sql`, `,
    );
    const found = rowsOf<Record<string, unknown>>(
      await tx.execute(
        sql`select ${cols} from only ${ident(ref.foreignTable)} where (${cols}) in (${tuples}) for key share`,
      ),
    );
    const present = new Set(found.map((r) => ref.foreignColumns.map((c) => String(r[c])).join('\u0000')));
    for (const [key, values] of wanted)
      if (!present.has(key))
        throw Object.assign(
          new Error(
            `insert or update on table "${getTableName(table)}" violates foreign key constraint "${ref.name}"`,
          ),
          {
            code: '23503',
            constraint: ref.name,
            detail: `Key (${ref.columns.join(', ')})=(${values.map(String).join(', ')}) is not present in table "${ref.foreignTable}".`,
          },
        );
  }
}

/**
 * Turns the table's RI triggers off for the rest of the transaction when that is all it turns off: the role may set
 * `session_replication_role` (a superuser) and the table has no trigger of its own. Returns whether it did.
 */
export async function triggersOff(tx: Tx, table: PgTable): Promise<boolean> {
  const [row] = rowsOf<{ off: string | null }>(
    await tx.execute(
      sql`select set_config('session_replication_role', 'replica', true) as off
          where current_setting('is_superuser') = 'on'
            and not exists (select 1 from pg_trigger
                            where tgrelid = ${getTableName(table)}::regclass and not tgisinternal)`,
    ),
  );
  return row?.off === 'replica';
}

/** The triggers back on (the transaction goes on with every check). */
export async function triggersOn(tx: Tx): Promise<void> {
  await tx.execute(sql`select set_config('session_replication_role', 'origin', true)`);
}
