/**
 * Batch insert for importers: rows already validated (src/importers validateRow → `value`) go in with their
 * computed fields, one permission check per distinct lead partner, with one COPY (src/records/copy-writer.ts; ids
 * and defaults are made here, so the audit digests need no read-back). `insertRecords` inserts and audits in the
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
import type { PgTable } from 'drizzle-orm/pg-core';
import type { Db, Tx } from '../db/client';
import { partners as partnersTable } from '../db/schema';
import { appendAudit } from '../audit/chain';
import { recordDigest } from '../audit/record-state';
import { actorId, authorize, type Actor } from '../auth/permissions';
import type { RecordType } from '../plan/schema';
import { dataToValues, KIND_TABLES } from './kinds';
import { copyColumns, CopyLines, copyRows, copyText, SERVER_DEFAULT, type CopyColumn } from './copy-writer';
import { lockReferences, ReferenceKeys, triggersOff, triggersOn } from './copy-references';
import type { RecordOutputs } from './schema';
import { withComputed, type PartnerTraits } from './validate';

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

/** Columns a COPY of records leaves to the server: timestamps, version, soft delete. */
const SERVER_COLUMNS = ['created_at', 'updated_at', 'version', 'deleted_at', 'deleted_by'];

const batchOf = (opts: { batchId?: string; source?: string }): { batchId: string; source: string } => {
  const batchId = opts.batchId ?? /^import:(.+)$/.exec(opts.source ?? '')?.[1] ?? randomUUID();
  return { batchId, source: opts.source ?? `import:${batchId}` };
};

/** A lower-case UUID (what `randomUUID` makes): BatchRecords keeps its 16 bytes. */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** A row as COPY stored it (drizzle property names; ids made here; defaults filled as the server would). */
export type StoredRow = Record<string, unknown> & { id: string };

/**
 * Writes validated records of one type with one COPY and returns the stored rows in row order (every column but
 * the server's bookkeeping), without auditing. Throws `forbidden` (nothing written) when the actor may not create
 * records for one of the rows' lead partners.
 */
export async function insertRecordRows<T extends RecordType>(
  tx: Tx,
  opts: InsertRecordsOptions<T>,
): Promise<StoredRow[]> {
  if (opts.rows.length === 0) return [];
  authorizeLeads(opts);
  const build = rowBuilder(opts, await loadPartnerTraits(tx, opts.projectId));
  const stored = opts.rows.map((r) => build(r as Record<string, unknown>));
  await copyRows(tx, { table: build.table, columns: build.columns, rows: stored });
  return stored;
}

/** The project's partners as the computed fields need them (region and sector by code). */
export async function loadPartnerTraits(
  db: Db | Tx,
  projectId: string,
): Promise<ReadonlyMap<string, PartnerTraits>> {
  const rows = await db
    .select({ code: partnersTable.code, region: partnersTable.region, sector: partnersTable.sector })
    .from(partnersTable)
    .where(eq(partnersTable.projectId, projectId));
  return new Map(rows.map((p) => [p.code, { region: p.region, sector: p.sector }]));
}

function authorizeLeads<T extends RecordType>(opts: InsertRecordsOptions<T>): void {
  for (const lead of new Set(opts.rows.map((r) => r.lead_partner)))
    authorize(opts.actor, 'record.create', { projectId: opts.projectId, partnerCode: lead });
}

/** Builds each row as COPY stores it (ids made here; a NOT NULL column left out holds its default). */
function rowBuilder<T extends RecordType>(
  opts: InsertRecordsOptions<T>,
  partners: ReadonlyMap<string, PartnerTraits>,
) {
  const { projectId, type } = opts;
  const { source } = batchOf(opts);
  const who = actorId(opts.actor);
  const table = KIND_TABLES[type];
  const columns = copyColumns(table, SERVER_COLUMNS);
  const pending = opts.pendingBatch ?? null;
  const build = (row: Record<string, unknown>): StoredRow => {
    const values = dataToValues(type, withComputed(type, row, partners));
    for (const c of columns)
      if (values[c.key] === undefined && c.fallback !== SERVER_DEFAULT) values[c.key] = c.fallback;
    values.id = randomUUID();
    values.projectId = projectId;
    values.source = source;
    values.createdBy = who;
    values.updatedBy = who;
    values.pendingBatch = pending;
    return values as StoredRow;
  };
  return Object.assign(build, { table, columns });
}

/** A chunk encoded before any await: its COPY text, and each row's id (16 bytes) and digest (32 bytes). */
export interface EncodedRows {
  type: RecordType;
  table: PgTable;
  columns: readonly CopyColumn[];
  text: string;
  count: number;
  ids: Buffer;
  digests: Buffer;
  /** The distinct keys its rows reference (foreign keys), checked as one set each (src/records/copy-references.ts). */
  references: ReferenceKeys;
}

/**
 * `insertRecordRows` in two steps for a chunked import: the rows are encoded at once, synchronously (permission
 * checks, ids, defaults, computed fields, COPY text, digests), so the row objects die young instead of waiting for
 * the database; `writeEncodedRows` then COPYs the text. The same rows, digests and errors as `insertRecordRows`.
 */
export function encodeRecordRows<T extends RecordType>(
  opts: InsertRecordsOptions<T> & { partners: ReadonlyMap<string, PartnerTraits> },
): EncodedRows {
  authorizeLeads(opts);
  const build = rowBuilder(opts, opts.partners);
  const n = opts.rows.length;
  const lines = new CopyLines(build.table, build.columns);
  const ids = Buffer.allocUnsafe(16 * n);
  const digests = Buffer.allocUnsafe(32 * n);
  const references = new ReferenceKeys(build.table);
  for (let i = 0; i < n; i++) {
    const row = build(opts.rows[i] as Record<string, unknown>);
    lines.add(row);
    references.add(row);
    putRow(opts.type, row, ids, digests, i);
  }
  return {
    type: opts.type,
    table: build.table,
    columns: build.columns,
    text: lines.text(),
    count: n,
    ids,
    digests,
    references,
  };
}

/**
 * COPYs an encoded chunk in the caller's transaction. Its foreign keys are checked (and their rows locked) with one
 * set query each; where that is all the triggers would do, the COPY skips their per-row checks.
 */
export async function writeEncodedRows(tx: Tx, rows: EncodedRows): Promise<void> {
  if (rows.count === 0) return;
  await lockReferences(tx, rows.table, rows.references);
  const off = await triggersOff(tx, rows.table);
  await copyText(tx, rows);
  if (off) await triggersOn(tx);
}

/** A stored row's id and digest into the chunk's buffers at `i`. */
function putRow(type: RecordType, r: StoredRow, ids: Buffer, digests: Buffer, i: number): void {
  if (!UUID.test(r.id)) throw new Error(`a stored row's id is not a UUID: ${r.id}`);
  ids.write(r.id.replace(/-/g, ''), 16 * i, 16, 'hex');
  digests.write(recordDigest(type, r), 32 * i, 32, 'hex');
}

/**
 * The records a batch wrote, gathered chunk by chunk from the rows each insert returned: what its `record.import`
 * audit entry says. The one place that entry's payload is built.
 */
export class BatchRecords {
  /**
   * Each row's id (16 bytes) and digest (32 bytes), in chunks as they were added: 48 bytes a row, however many rows
   * an import writes (the strings are made once, for the audit entry and the tidy-up).
   */
  private readonly chunks: { ids: Buffer; digests: Buffer; count: number }[] = [];
  private count = 0;

  constructor(
    readonly type: RecordType,
    readonly batchId: string,
    readonly source: string,
  ) {}

  add(rows: readonly StoredRow[]): void {
    if (rows.length === 0) return;
    const ids = Buffer.allocUnsafe(16 * rows.length);
    const digests = Buffer.allocUnsafe(32 * rows.length);
    for (const [i, r] of rows.entries()) putRow(this.type, r, ids, digests, i);
    this.chunks.push({ ids, digests, count: rows.length });
    this.count += rows.length;
  }

  /** An encoded chunk once written (its ids and digests, already made). */
  addEncoded(rows: EncodedRows): void {
    if (rows.count === 0) return;
    this.chunks.push({ ids: rows.ids, digests: rows.digests, count: rows.count });
    this.count += rows.count;
  }

  /** How many rows were added. */
  get size(): number {
    return this.count;
  }

  /** The rows' ids, in the order they were added. */
  get ids(): string[] {
    const out: string[] = [];
    for (const c of this.chunks)
      for (let i = 0; i < c.count; i++) {
        const h = c.ids.toString('hex', 16 * i, 16 * i + 16);
        out.push(`${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`);
      }
    return out;
  }

  /** `recordDigest` of each row as stored (defaults and computed fields included), parallel to `ids`. */
  get digests(): string[] {
    const out: string[] = [];
    for (const c of this.chunks)
      for (let i = 0; i < c.count; i++) out.push(c.digests.toString('hex', 32 * i, 32 * i + 32));
    return out;
  }

  /** The `record.import` entry's `after`: what `herald audit verify --records` checks each row against. */
  payload(): BatchAuditPayload {
    const { batchId, source, ids, digests } = this;
    return { batchId, source, count: this.count, ids, digests };
  }

  /** Appends the batch's `record.import` entry (entity: the record type and the batch id); nothing when empty. */
  async audit(tx: Tx, q: { actor: Actor; projectId: string }): Promise<void> {
    if (this.count === 0) return;
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
