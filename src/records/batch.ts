/**
 * Batch insert for importers: rows already validated (src/importers validateRow → `value`) go in with their
 * computed fields, one permission check per distinct lead partner and one audit entry per batch. Call it inside
 * the import's transaction; call it once per batch of a large file.
 *
 * @example
 * await db.transaction(async (tx) => {
 *   for await (const batch of validated)
 *     await insertRecords(tx, { actor, projectId, type: 'publication', rows: batch.map((r) => r.value), batchId });
 * });
 */
import { randomUUID } from 'node:crypto';
import { and, eq, inArray } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import type { Db, Tx } from '../db/client';
import { partners as partnersTable } from '../db/schema';
import { appendAudit } from '../audit/chain';
import { recordDigest } from '../audit/record-state';
import { actorId, authorize, type Actor } from '../auth/permissions';
import type { RecordType } from '../plan/schema';
import { dataToValues, KIND_TABLES, type RecordKind } from './kinds';
import { insertRows } from './repository';
import type { RecordOutputs } from './schema';
import { withComputed } from './validate';

export interface InsertRecordsOptions<T extends RecordType> {
  actor: Actor;
  projectId: string;
  type: T;
  /** Validated records (schema output, partner aliases resolved). */
  rows: readonly RecordOutputs[T][];
  /** The import batch this call belongs to (several calls may share one); default the id in `source`, or a new UUID. */
  batchId?: string;
  /** Stored as each record's `source`, e.g. `import:<batch id>`; default `import:<batchId>`. */
  source?: string;
}

/** Rows per INSERT statement (PostgreSQL allows 65,535 parameters; a record has about 30 columns). */
const CHUNK = 500;

/**
 * Inserts validated records of one type and returns their ids in row order. Throws `forbidden` (nothing inserted)
 * when the actor may not create records for one of the rows' lead partners. Appends one `record.import` audit
 * entry (entity: the record type and the batch id) with `batchAuditPayload`.
 */
export async function insertRecords<T extends RecordType>(
  tx: Tx,
  opts: InsertRecordsOptions<T>,
): Promise<string[]> {
  const { actor, projectId, type } = opts;
  if (opts.rows.length === 0) return [];
  for (const lead of new Set(opts.rows.map((r) => r.lead_partner)))
    authorize(actor, 'record.create', { projectId, partnerCode: lead });
  const batchId = opts.batchId ?? /^import:(.+)$/.exec(opts.source ?? '')?.[1] ?? randomUUID();
  const source = opts.source ?? `import:${batchId}`;
  const who = actorId(actor);
  const partnerRows = await tx
    .select({ code: partnersTable.code, region: partnersTable.region, sector: partnersTable.sector })
    .from(partnersTable)
    .where(eq(partnersTable.projectId, projectId));
  const partners = new Map(partnerRows.map((p) => [p.code, { region: p.region, sector: p.sector }]));
  const ids: string[] = [];
  for (let i = 0; i < opts.rows.length; i += CHUNK) {
    const values = opts.rows.slice(i, i + CHUNK).map((r) => ({
      ...dataToValues(type, withComputed(type, r as Record<string, unknown>, partners)),
      projectId,
      source,
      createdBy: who,
      updatedBy: who,
    }));
    ids.push(...(await insertRows(tx, type, values)));
  }
  await appendAudit(tx, {
    projectId,
    actor,
    action: 'record.import',
    entityType: type,
    entityId: batchId,
    after: await batchAuditPayload(tx, { kind: type, projectId, batchId, source, ids }),
  });
  return ids;
}

/** The `after` of a `record.import` entry: the ids and, parallel to them, each stored row's state digest. */
export interface BatchAuditPayload {
  batchId: string;
  source: string;
  count: number;
  ids: string[];
  /** `recordDigest` of each row as stored (src/audit/record-state.ts), in the order of `ids`. */
  digests: string[];
}

/**
 * The audit payload of an imported batch: reads the rows back as stored (defaults and computed fields included) so
 * that `herald audit verify --records` can check each against its digest. The one place that shapes it.
 */
export async function batchAuditPayload(
  db: Db,
  opts: { kind: RecordKind; projectId: string; batchId: string; source: string; ids: readonly string[] },
): Promise<BatchAuditPayload> {
  const table = KIND_TABLES[opts.kind];
  const cols = table as unknown as Record<'id' | 'projectId', PgColumn>;
  const digests = new Map<string, string>();
  for (let i = 0; i < opts.ids.length; i += CHUNK) {
    const rows = (await db
      .select()
      .from(table)
      .where(
        and(eq(cols.projectId, opts.projectId), inArray(cols.id, opts.ids.slice(i, i + CHUNK) as string[])),
      )) as Record<string, unknown>[];
    for (const r of rows) digests.set(String(r.id), recordDigest(opts.kind, r));
  }
  return {
    batchId: opts.batchId,
    source: opts.source,
    count: opts.ids.length,
    ids: [...opts.ids],
    digests: opts.ids.map((id) => digests.get(id) ?? ''),
  };
}
