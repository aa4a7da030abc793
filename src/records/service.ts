/**
 * Record use cases for every kind (activity, event, publication, synergy, metric snapshot, manual KPI value):
 * create, update (optimistic version), soft delete, restore, get, list. Each takes one options object with the
 * `actor` and checks it here, so routes, the API, the CLI and jobs get the same rules: reading needs
 * `record.read`; writing needs `record.create|update|delete` for the record's lead partner (a partner editor of A
 * writes only records led by A; moving a record to another lead partner needs the permission for both).
 * Every change appends an audit entry in the same transaction.
 *
 * @example
 * const r = await createRecord(db, { actor, projectId: 'm-sec', kind: 'event', input: { lead_partner: 'WLI', … } });
 * await updateRecord(db, { actor, projectId, kind: 'event', id: r.id, version: r.version, input: { … } });
 */
import type { Db } from '../db/client';
import { AppError, notFound } from '../errors';
import { appendAudit } from '../audit/chain';
import {
  actorId,
  authorize,
  can,
  partnersFor,
  type Actor,
  type ProjectPermission,
} from '../auth/permissions';
import { yearRange } from '../plan/time';
import { isoDate } from '../schema-pieces';
import { loadRecordContext } from './context';
import { dataToValues, KIND_FIELD, rowToData, type KindOutputs, type RecordKind } from './kinds';
import { findRow, insertRows, listRows, updateRow, type ListQuery, type RecordRow } from './repository';
import { validateRecord, validationError } from './validate';
import { refuseIfLocked } from './locks';
import type { Clock } from '../lib/clock';

export { insertRecords, type InsertRecordsOptions } from './batch';

/** Metadata every stored record carries besides its fields. */
export interface RecordMeta {
  id: string;
  /** The kind of record (`activity`, …, `kpi_value`); not `kind`, which activities, events and synergies have. */
  record_type: RecordKind;
  version: number;
  /** How it arrived: `form`, `api`, `import:<batch id>`. */
  origin: string;
  created_at: string;
  created_by: string;
  updated_at: string;
  updated_by: string;
  deleted_at: string | null;
}

/** A stored record: its fields (snake_case, as the input schemas name them) with computed fields and metadata. */
export type StoredRecord<K extends RecordKind = RecordKind> = KindOutputs[K] &
  Record<string, unknown> &
  RecordMeta;

export interface RecordScope {
  actor: Actor;
  projectId: string;
  kind: RecordKind;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function toStored<K extends RecordKind>(kind: K, row: RecordRow): StoredRecord<K> {
  return {
    id: row.id,
    record_type: kind,
    ...rowToData(kind, row),
    version: row.version,
    origin: row.source,
    created_at: row.createdAt.toISOString(),
    created_by: row.createdBy,
    updated_at: row.updatedAt.toISOString(),
    updated_by: row.updatedBy,
    deleted_at: row.deletedAt ? row.deletedAt.toISOString() : null,
  } as StoredRecord<K>;
}

/** What an audit entry keeps of a record: its fields and version (no timestamps, no personal data). */
const auditView = (kind: RecordKind, row: RecordRow) => ({
  id: row.id,
  version: row.version,
  ...rowToData(kind, row),
});

/** Refuses at once an actor who may not write any partner's records (before validation tells them anything). */
function authorizeSome(actor: Actor, permission: ProjectPermission, projectId: string): void {
  const partners = partnersFor(actor, permission, projectId);
  if (partners !== 'all' && partners.length === 0)
    authorize(actor, permission, { projectId, partnerCode: null });
}

const conflict = (current: number, given: number) =>
  new AppError({
    code: 'conflict',
    status: 409,
    message: `The record changed since you loaded it (version ${given}; now ${current}): reload it and apply your change again`,
    messageKey: 'records.error.conflict',
    params: { current, given },
  });

/** Loads a live record for writing (not found when missing or deleted). */
async function loadLive(db: Db, opts: RecordScope & { id: string }): Promise<RecordRow> {
  const row = UUID.test(opts.id) ? await findRow(db, opts.kind, opts.projectId, opts.id) : undefined;
  if (!row || row.deletedAt) throw notFound('record');
  return row;
}

export async function createRecord<K extends RecordKind>(
  db: Db,
  opts: { actor: Actor; projectId: string; kind: K; input: unknown; source?: string; clock?: Clock },
): Promise<StoredRecord<K>> {
  const { actor, projectId, kind } = opts;
  authorizeSome(actor, 'record.create', projectId);
  const ctx = await loadRecordContext(db, projectId);
  const data = validateRecord(kind, opts.input, ctx, { clock: opts.clock });
  authorize(actor, 'record.create', { projectId, partnerCode: String(data.lead_partner) });
  const who = actorId(actor);
  return db.transaction(async (tx) => {
    const values = {
      ...dataToValues(kind, data),
      projectId,
      source: opts.source ?? 'form',
      createdBy: who,
      updatedBy: who,
    };
    const [id] = await insertRows(tx, kind, [values]);
    const row = (await findRow(tx, kind, projectId, id as string)) as RecordRow;
    await appendAudit(tx, {
      projectId,
      actor,
      action: 'record.create',
      entityType: kind,
      entityId: row.id,
      after: auditView(kind, row),
    });
    return toStored(kind, row);
  });
}

export interface UpdateRecordOptions<K extends RecordKind> {
  actor: Actor;
  projectId: string;
  kind: K;
  id: string;
  /** The version the change was made on; another version in the database means someone else changed it (409). */
  version: number;
  input: unknown;
  /** `replace` (a form: the input is the whole record) or `merge` (an API PATCH: given fields replace, null clears). */
  mode?: 'replace' | 'merge';
  /** Whose "today" a snapshot's date may not pass (default: the system clock). */
  clock?: Clock;
}

export async function updateRecord<K extends RecordKind>(
  db: Db,
  opts: UpdateRecordOptions<K>,
): Promise<StoredRecord<K>> {
  const { actor, projectId, kind } = opts;
  authorizeSome(actor, 'record.update', projectId);
  const before = await loadLive(db, opts);
  authorize(actor, 'record.update', { projectId, partnerCode: before.leadPartner });
  await refuseIfLocked(db, kind, before.id);
  if (before.version !== opts.version) throw conflict(before.version, opts.version);
  let input = opts.input;
  if ((opts.mode ?? 'replace') === 'merge') {
    if (typeof input !== 'object' || input === null || Array.isArray(input))
      throw validationError([{ message: 'a record must be a JSON object' }]);
    const merged: Record<string, unknown> = { ...inputOf(kind, before), ...input };
    // A new publication date without its precision is exact (as a form's full date is), not the stored month/year.
    if (kind === 'publication' && 'date' in input && !('date_precision' in input))
      delete merged.date_precision;
    for (const [k, v] of Object.entries(merged)) if (v === null) delete merged[k];
    input = merged;
  }
  const ctx = await loadRecordContext(db, projectId);
  const data = validateRecord(kind, input, ctx, { clock: opts.clock });
  if (data.lead_partner !== before.leadPartner)
    authorize(actor, 'record.update', { projectId, partnerCode: String(data.lead_partner) });
  return db.transaction(async (tx) => {
    const values = { ...dataToValues(kind, data), updatedAt: new Date(), updatedBy: actorId(actor) };
    const row = await updateRow(tx, kind, { projectId, id: opts.id, version: opts.version }, values);
    if (!row) {
      const now = await findRow(tx, kind, projectId, opts.id);
      if (!now || now.deletedAt) throw notFound('record');
      throw conflict(now.version, opts.version);
    }
    // Again after the row is ours: a report submitted meanwhile (it locks these rows first) wins.
    await refuseIfLocked(tx, kind, row.id);
    await appendAudit(tx, {
      projectId,
      actor,
      action: 'record.update',
      entityType: kind,
      entityId: row.id,
      before: auditView(kind, before),
      after: auditView(kind, row),
    });
    return toStored(kind, row);
  });
}

/** The input a stored record would be made from (computed fields left out), e.g. to fill an edit form. */
export function inputOf(kind: RecordKind, row: RecordRow): Record<string, unknown> {
  const data = rowToData(kind, row);
  if (kind === 'publication') {
    delete data.partners;
    delete data.joint_eu_jp;
    delete data.joint_public_private;
  }
  return data;
}

/** Soft delete: the record disappears from lists and KPI figures; its row and history stay. */
export async function deleteRecord(
  db: Db,
  opts: RecordScope & { id: string; version?: number },
): Promise<StoredRecord> {
  const { actor, projectId, kind } = opts;
  authorizeSome(actor, 'record.delete', projectId);
  const before = await loadLive(db, opts);
  authorize(actor, 'record.delete', { projectId, partnerCode: before.leadPartner });
  await refuseIfLocked(db, kind, before.id);
  const version = opts.version ?? before.version;
  if (before.version !== version) throw conflict(before.version, version);
  return db.transaction(async (tx) => {
    const who = actorId(actor);
    const row = await updateRow(
      tx,
      kind,
      { projectId, id: opts.id, version },
      { deletedAt: new Date(), deletedBy: who },
    );
    if (!row) throw conflict((await findRow(tx, kind, projectId, opts.id))?.version ?? version, version);
    await refuseIfLocked(tx, kind, row.id);
    await appendAudit(tx, {
      projectId,
      actor,
      action: 'record.delete',
      entityType: kind,
      entityId: row.id,
      before: auditView(kind, before),
    });
    return toStored(kind, row);
  });
}

/** Whether the actor may restore deleted records (coordinators: `record.delete` for every partner). */
export const canRestore = (actor: Actor, projectId: string): boolean =>
  can(actor, 'record.delete', { projectId });

/** Brings a soft-deleted record back (coordinators only). */
export async function restoreRecord(db: Db, opts: RecordScope & { id: string }): Promise<StoredRecord> {
  const { actor, projectId, kind } = opts;
  authorize(actor, 'record.delete', { projectId });
  const before = UUID.test(opts.id) ? await findRow(db, kind, projectId, opts.id) : undefined;
  if (!before) throw notFound('record');
  if (!before.deletedAt) return toStored(kind, before);
  // A withdrawn (corrected) original stays withdrawn: its correction replaced it.
  await refuseIfLocked(db, kind, before.id);
  return db.transaction(async (tx) => {
    const row = await updateRow(
      tx,
      kind,
      { projectId, id: opts.id, version: before.version },
      { deletedAt: null, deletedBy: null, updatedAt: new Date(), updatedBy: actorId(actor) },
    );
    if (!row) throw conflict(before.version + 1, before.version);
    await appendAudit(tx, {
      projectId,
      actor,
      action: 'record.restore',
      entityType: kind,
      entityId: row.id,
      after: auditView(kind, row),
    });
    return toStored(kind, row);
  });
}

/** One record. Deleted records are found only by those who may restore them (`includeDeleted`). */
export async function getRecord<K extends RecordKind>(
  db: Db,
  opts: { actor: Actor; projectId: string; kind: K; id: string; includeDeleted?: boolean },
): Promise<StoredRecord<K>> {
  authorize(opts.actor, 'record.read', { projectId: opts.projectId });
  const row = UUID.test(opts.id) ? await findRow(db, opts.kind, opts.projectId, opts.id) : undefined;
  if (!row) throw notFound('record');
  if (row.deletedAt && !(opts.includeDeleted && canRestore(opts.actor, opts.projectId)))
    throw notFound('record');
  return toStored(opts.kind, row);
}

export interface RecordFilter {
  /** Partner code: records led by it or involving it. */
  partner?: string;
  q?: string;
  /** A project year (1, 2, …) or dates (ISO, inclusive). */
  year?: number;
  from?: string;
  to?: string;
  /** The kind's closed "kind" value: activity/event/synergy kind, publication type, metric name. */
  kindValue?: string;
  /** Activity: the funder's activity type. */
  type?: string;
  status?: string;
  /** Activity: an audience it targets. */
  audience?: string;
  /** Publication: its open-access route (`unknown` lists those a person still has to settle). */
  openAccess?: string;
  /** Coordinators only: `only` lists the deleted records (to restore them). */
  deleted?: 'exclude' | 'only';
}

export interface RecordPage<K extends RecordKind = RecordKind> {
  records: StoredRecord<K>[];
  total: number;
  page: number;
  pageSize: number;
}

export const MAX_PAGE_SIZE = 200;

export async function listRecords<K extends RecordKind>(
  db: Db,
  opts: { actor: Actor; projectId: string; kind: K; filter?: RecordFilter; page?: number; pageSize?: number },
): Promise<RecordPage<K>> {
  const query = await listQueryOf(db, opts);
  const pageSize = Math.min(Math.max(Math.trunc(opts.pageSize ?? 50), 1), MAX_PAGE_SIZE);
  const page = Math.max(Math.trunc(opts.page ?? 1), 1);
  const q: ListQuery = { ...query, limit: pageSize, offset: (page - 1) * pageSize };
  const { rows, total } = await listRows(db, opts.kind, q);
  return { records: rows.map((r) => toStored(opts.kind, r)), total, page, pageSize };
}

/**
 * A list's filter as a query (needs `record.read`; deleted records `record.delete`): what the list page and the
 * exports (src/records/export-stream.ts, keyset pages) select.
 */
export async function listQueryOf(
  db: Db,
  opts: { actor: Actor; projectId: string; kind: RecordKind; filter?: RecordFilter | undefined },
): Promise<Omit<ListQuery, 'limit' | 'offset'>> {
  const { actor, projectId, kind } = opts;
  authorize(actor, 'record.read', { projectId });
  const f = opts.filter ?? {};
  if (f.deleted === 'only') authorize(actor, 'record.delete', { projectId });
  const q: Omit<ListQuery, 'limit' | 'offset'> = { projectId, deleted: f.deleted ?? 'exclude' };
  if (f.partner) q.partner = f.partner;
  if (f.q?.trim()) q.q = f.q.trim();
  let { from, to } = f;
  if (f.year !== undefined) {
    const ctx = await loadRecordContext(db, projectId);
    ({ from, to } = yearRange(ctx.plan.project.start_date, f.year));
  }
  const badDate = [['from', from] as const, ['to', to] as const].filter(
    ([, d]) => d && !isoDate.safeParse(d).success,
  );
  if (badDate.length > 0)
    throw validationError(
      badDate.map(([path, d]) => ({ path, message: `"${d}" is not a date (YYYY-MM-DD)` })),
    );
  if (from) q.from = from;
  if (to) q.to = to;
  const equals: Record<string, string> = {};
  const kindField = KIND_FIELD[kind];
  if (f.kindValue && kindField) equals[kindField] = f.kindValue;
  if (f.type && kind === 'activity') equals.type = f.type;
  if (f.status && (kind === 'activity' || kind === 'event')) equals.status = f.status;
  if (f.openAccess && kind === 'publication') equals.open_access = f.openAccess;
  q.equals = equals;
  if (f.audience && kind === 'activity') q.contains = { audiences: f.audience };
  return q;
}
