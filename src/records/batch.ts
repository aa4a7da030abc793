/**
 * Batch insert for importers: rows already validated (src/importers validateRow → `value`) go in with their
 * computed fields, one permission check per distinct lead partner. `insertRecords` inserts and audits in the
 * caller's transaction; a chunked import calls `insertRecordRows` once per chunk (each its own short transaction,
 * rows carrying `pendingBatch`), gathers what they returned in a `BatchRecords`, and audits once when the batch
 * commits (src/importers/pending.ts).
 *
 * @example
 * await db.transaction(async (tx) => {
 *   for await (const batch of validated)
 *     await insertRecords(tx, { actor, projectId, type: 'publication', rows: batch.map((r) => r.value), batchId });
 * });
 */
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Tx } from '../db/client';
import { partners as partnersTable } from '../db/schema';
import { appendAudit } from '../audit/chain';
import { recordDigest } from '../audit/record-state';
import { actorId, authorize, type Actor } from '../auth/permissions';
import type { RecordType } from '../plan/schema';
import { dataToValues } from './kinds';
import { insertRowsReturning, type RecordRow } from './repository';
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
  /** A chunked import's pending batch: the rows count nowhere until it commits (src/records/visibility.ts). */
  pendingBatch?: string;
}

/** Rows per INSERT statement (PostgreSQL allows 65,535 parameters; a record has about 30 columns). */
const CHUNK = 500;

const batchOf = (opts: { batchId?: string; source?: string }): { batchId: string; source: string } => {
  const batchId = opts.batchId ?? /^import:(.+)$/.exec(opts.source ?? '')?.[1] ?? randomUUID();
  return { batchId, source: opts.source ?? `import:${batchId}` };
};

/**
 * Inserts validated records of one type and returns the stored rows in row order, without auditing. Throws
 * `forbidden` (nothing inserted) when the actor may not create records for one of the rows' lead partners.
 */
export async function insertRecordRows<T extends RecordType>(
  tx: Tx,
  opts: InsertRecordsOptions<T>,
): Promise<RecordRow[]> {
  const { actor, projectId, type } = opts;
  if (opts.rows.length === 0) return [];
  for (const lead of new Set(opts.rows.map((r) => r.lead_partner)))
    authorize(actor, 'record.create', { projectId, partnerCode: lead });
  const { source } = batchOf(opts);
  const who = actorId(actor);
  const partnerRows = await tx
    .select({ code: partnersTable.code, region: partnersTable.region, sector: partnersTable.sector })
    .from(partnersTable)
    .where(eq(partnersTable.projectId, projectId));
  const partners = new Map(partnerRows.map((p) => [p.code, { region: p.region, sector: p.sector }]));
  const stored: RecordRow[] = [];
  for (let i = 0; i < opts.rows.length; i += CHUNK) {
    const values = opts.rows.slice(i, i + CHUNK).map((r) => ({
      ...dataToValues(type, withComputed(type, r as Record<string, unknown>, partners)),
      projectId,
      source,
      createdBy: who,
      updatedBy: who,
      ...(opts.pendingBatch ? { pendingBatch: opts.pendingBatch } : {}),
    }));
    stored.push(...(await insertRowsReturning(tx, type, values)));
  }
  return stored;
}

/**
 * The records a batch wrote, gathered chunk by chunk from the rows each insert returned: what its `record.import`
 * audit entry says. The one place that entry's payload is built.
 */
export class BatchRecords {
  readonly ids: string[] = [];
  /** `recordDigest` of each row as stored (defaults and computed fields included), parallel to `ids`. */
  readonly digests: string[] = [];

  constructor(
    readonly type: RecordType,
    readonly batchId: string,
    readonly source: string,
  ) {}

  add(rows: readonly RecordRow[]): void {
    for (const r of rows) {
      this.ids.push(String(r.id));
      this.digests.push(recordDigest(this.type, r as Record<string, unknown>));
    }
  }

  /** The `record.import` entry's `after`: what `herald audit verify --records` checks each row against. */
  payload(): BatchAuditPayload {
    const { batchId, source, ids, digests } = this;
    return { batchId, source, count: ids.length, ids, digests };
  }

  /** Appends the batch's `record.import` entry (entity: the record type and the batch id); nothing when empty. */
  async audit(tx: Tx, q: { actor: Actor; projectId: string }): Promise<void> {
    if (this.ids.length === 0) return;
    await appendAudit(tx, {
      projectId: q.projectId,
      actor: q.actor,
      action: 'record.import',
      entityType: this.type,
      entityId: this.batchId,
      after: this.payload(),
    });
  }
}

/**
 * Inserts validated records of one type and returns their ids in row order, in the caller's transaction. Throws
 * `forbidden` (nothing inserted) when the actor may not create records for one of the rows' lead partners. Appends
 * one `record.import` audit entry (entity: the record type and the batch id) holding the batch id, the count, the
 * ids and each row's state digest.
 */
export async function insertRecords<T extends RecordType>(
  tx: Tx,
  opts: InsertRecordsOptions<T>,
): Promise<string[]> {
  if (opts.rows.length === 0) return [];
  const { batchId, source } = batchOf(opts);
  const rows = await insertRecordRows(tx, { ...opts, batchId, source });
  const records = new BatchRecords(opts.type, batchId, source);
  records.add(rows);
  await records.audit(tx, { actor: opts.actor, projectId: opts.projectId });
  return records.ids;
}

/** The `after` of a `record.import` entry: the ids and, parallel to them, each stored row's state digest. */
export type BatchAuditPayload = {
  batchId: string;
  source: string;
  count: number;
  ids: string[];
  /** `recordDigest` of each row as stored (src/audit/record-state.ts), in the order of `ids`. */
  digests: string[];
};
