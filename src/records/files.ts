/**
 * Evidence files of a record (photos, slides, PDFs, videos): bytes on disk under `<dir>/<sha256>` (content
 * addressed, so the same file uploaded twice is stored once), metadata in `evidence_files`. The type is sniffed
 * from the bytes and must agree with the name's extension and the declared type; anything else is refused.
 * Reading needs `record.read`; adding or removing needs the record's write permission (its lead partner's).
 */
import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Db } from '../db/client';
import { AppError, notFound, type ErrorCode } from '../errors';
import { appendAudit } from '../audit/chain';
import { actorId, authorize, type Actor } from '../auth/permissions';
import type { RecordKind } from './kinds';
import { refuseIfLocked } from './locks';
import {
  fileHashInUse,
  findFile,
  findRow,
  insertFile,
  listFilesOf,
  markFileDeleted,
  type EvidenceFileRow,
} from './repository';
import { EVIDENCE_TYPES, evidenceType, extensionOf, sniffContentType } from './sniff';

export type { EvidenceFileRow };

export const MAX_EVIDENCE_BYTES = 20 * 1024 * 1024;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const fileError = (code: ErrorCode, status: 413 | 415 | 422, message: string, messageKey: string) =>
  new AppError({ code, status, message, messageKey, details: [{ path: 'file', message }] });

/** A file name safe to store and show: its last path segment, no control characters, at most 200 characters. */
export function cleanFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const clean = [...base]
    .filter((ch) => ch !== '"' && (ch.codePointAt(0) ?? 0) > 0x1f && ch !== '\u007f')
    .join('')
    .trim()
    .slice(-200);
  return clean || 'file';
}

/** The record an evidence file belongs to, live; throws not found otherwise. */
async function liveRecord(db: Db, projectId: string, kind: RecordKind, recordId: string) {
  const row = UUID.test(recordId) ? await findRow(db, kind, projectId, recordId) : undefined;
  if (!row || row.deletedAt) throw notFound('record');
  return row;
}

/** Checks size, sniffed type, extension and declared type; returns the sniffed content type. */
export function checkEvidence(opts: { fileName: string; bytes: Uint8Array; declaredType?: string }): string {
  const { bytes } = opts;
  if (bytes.length === 0) throw fileError('file_empty', 422, 'The file is empty', 'records.file.empty');
  if (bytes.length > MAX_EVIDENCE_BYTES)
    throw fileError('file_too_large', 413, 'The file is larger than 20 MB', 'records.file.tooLarge');
  const sniffed = sniffContentType(bytes);
  const allowed = EVIDENCE_TYPES.flatMap((t) => t.extensions).join(', ');
  if (!sniffed)
    throw fileError(
      'file_type',
      415,
      `This kind of file is not accepted as evidence (accepted: ${allowed})`,
      'records.file.type',
    );
  const type = evidenceType(sniffed);
  const declared = opts.declaredType?.split(';')[0]?.trim().toLowerCase();
  const declaredOk = !declared || declared === 'application/octet-stream' || declared === sniffed;
  if (!type?.extensions.includes(extensionOf(opts.fileName)) || !declaredOk)
    throw fileError(
      'file_mismatch',
      415,
      `The file's name or declared type does not match its content (${sniffed})`,
      'records.file.mismatch',
    );
  return sniffed;
}

/** Writes bytes under their hash (once; a temporary name then a rename, so a reader never sees half a file). */
export async function storeFileBytes(dir: string, sha256: string, bytes: Uint8Array): Promise<void> {
  const path = join(dir, sha256);
  if (existsSync(path)) return;
  await mkdir(dir, { recursive: true });
  const tmp = join(dir, `.${sha256}.${randomBytes(4).toString('hex')}.tmp`);
  await writeFile(tmp, bytes, { mode: 0o640 });
  await rename(tmp, path);
}

export interface UploadOptions {
  actor: Actor;
  projectId: string;
  kind: RecordKind;
  recordId: string;
  fileName: string;
  bytes: Uint8Array;
  /** The type the client claimed (multipart part or Content-Type); must agree with the sniffed one. */
  declaredType?: string;
  /** The files folder (`HERALD_DATA_DIR/files`). */
  dir: string;
}

/** Throws unless the actor may add files to the record (checked before a route reads a large body). */
export async function authorizeUpload(
  db: Db,
  opts: { actor: Actor; projectId: string; kind: RecordKind; recordId: string },
): Promise<void> {
  authorize(opts.actor, 'record.read', { projectId: opts.projectId });
  const record = await liveRecord(db, opts.projectId, opts.kind, opts.recordId);
  authorize(opts.actor, 'record.update', { projectId: opts.projectId, partnerCode: record.leadPartner });
}

export async function uploadEvidence(db: Db, opts: UploadOptions): Promise<EvidenceFileRow> {
  const { actor, projectId, kind, recordId } = opts;
  await authorizeUpload(db, opts);
  const contentType = checkEvidence(opts);
  const sha256 = createHash('sha256').update(opts.bytes).digest('hex');
  await storeFileBytes(opts.dir, sha256, opts.bytes);
  return db.transaction(async (tx) => {
    const row = await insertFile(tx, {
      projectId,
      recordType: kind,
      recordId,
      fileName: cleanFileName(opts.fileName),
      contentType,
      size: opts.bytes.length,
      sha256,
      uploadedBy: actorId(actor),
    });
    await appendAudit(tx, {
      projectId,
      actor,
      action: 'record.file.add',
      entityType: kind,
      entityId: recordId,
      after: { file: row.id, name: row.fileName, contentType, size: row.size, sha256 },
    });
    return row;
  });
}

export async function listEvidence(
  db: Db,
  opts: { actor: Actor; projectId: string; kind: RecordKind; recordId: string },
): Promise<EvidenceFileRow[]> {
  authorize(opts.actor, 'record.read', { projectId: opts.projectId });
  await liveRecord(db, opts.projectId, opts.kind, opts.recordId);
  return listFilesOf(db, opts.projectId, opts.kind, opts.recordId);
}

/** A file's metadata and bytes, for a download. */
export async function readEvidence(
  db: Db,
  opts: { actor: Actor; projectId: string; fileId: string; dir: string },
): Promise<{ file: EvidenceFileRow; bytes: Buffer }> {
  authorize(opts.actor, 'record.read', { projectId: opts.projectId });
  const file = UUID.test(opts.fileId) ? await findFile(db, opts.projectId, opts.fileId) : undefined;
  if (!file) throw notFound('file');
  await liveRecord(db, opts.projectId, file.recordType as RecordKind, file.recordId);
  if (!/^[0-9a-f]{64}$/.test(file.sha256)) throw notFound('file');
  try {
    return { file, bytes: await readFile(join(opts.dir, file.sha256)) };
  } catch {
    throw notFound('file');
  }
}

/**
 * Removes a file from its record. Its bytes are deleted from disk too unless another file row still uses them (a
 * photo may show people: removing it must remove it); the audit entry keeps only its name, type, size and hash.
 */
export async function deleteEvidence(
  db: Db,
  opts: { actor: Actor; projectId: string; fileId: string; dir: string },
): Promise<EvidenceFileRow> {
  const { actor, projectId } = opts;
  authorize(actor, 'record.read', { projectId });
  const file = UUID.test(opts.fileId) ? await findFile(db, projectId, opts.fileId) : undefined;
  if (!file) throw notFound('file');
  const record = await liveRecord(db, projectId, file.recordType as RecordKind, file.recordId);
  authorize(actor, 'record.update', { projectId, partnerCode: record.leadPartner });
  // A submitted report's evidence stays: files may be added to a locked record, never removed from it.
  await refuseIfLocked(db, file.recordType as RecordKind, file.recordId);
  await db.transaction(async (tx) => {
    await markFileDeleted(tx, file.id, new Date());
    await appendAudit(tx, {
      projectId,
      actor,
      action: 'record.file.remove',
      entityType: file.recordType,
      entityId: file.recordId,
      before: {
        file: file.id,
        name: file.fileName,
        contentType: file.contentType,
        size: file.size,
        sha256: file.sha256,
      },
    });
  });
  if (!(await fileHashInUse(db, file.sha256))) await rm(join(opts.dir, file.sha256), { force: true });
  return file;
}

/** `attachment; filename="…"; filename*=UTF-8''…` (or `inline`), safe for any file name. */
export function contentDisposition(kind: 'attachment' | 'inline', name: string): string {
  const fallback = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `${kind}; filename="${fallback}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

/**
 * Response headers of a download: the sniffed type, `nosniff`, a sandboxing CSP, and `attachment` — except
 * images asked for inline (`<img>` in the record page), which are never HTML anyway.
 */
export function downloadHeaders(file: EvidenceFileRow, inline: boolean): Record<string, string> {
  const image = evidenceType(file.contentType)?.image ?? false;
  return {
    'content-type': file.contentType,
    'content-length': String(file.size),
    'content-disposition': contentDisposition(inline && image ? 'inline' : 'attachment', file.fileName),
    'x-content-type-options': 'nosniff',
    'content-security-policy': "sandbox; default-src 'none'; img-src 'self'; media-src 'self'",
    'cache-control': 'private, max-age=3600',
    'cross-origin-resource-policy': 'same-origin',
  };
}
