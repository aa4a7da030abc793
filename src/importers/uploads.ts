/**
 * Uploaded files (one or several; a zip's files) between preview and commit: kept in a private temp folder under an unguessable id, bound to the
 * session that uploaded them, deleted after the commit or after an hour. The commit itself is a durable job
 * (`import.commit`, src/importers/jobs.ts) that reads the files from here.
 */
import { randomBytes } from 'node:crypto';
import { createHash } from 'node:crypto';
import { mkdir, open, readFile, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../config';
import type { RecordType } from '../plan/schema';
import type { ImportReport } from './commit';
import type { ImportFormat } from './types';
import type { ReceivedFile } from './upload-stream';
import { looksLikeZip, readZipFile } from './zip';

export const UPLOAD_TTL_MS = 60 * 60 * 1000;
const ID = /^[A-Za-z0-9_-]{43}$/;

/** An upload id's shape (43 URL-safe characters): anything else names no upload, and is never queried. */
export const isUploadId = (id: string): boolean => ID.test(id);

/** Where uploads wait (HERALD_UPLOAD_DIR, else a folder in the system temp folder). */
export const uploadRoot = (): string => loadConfig().HERALD_UPLOAD_DIR ?? join(tmpdir(), 'herald-uploads');

/** What the upload form chose, and the preview once made. */
export interface UploadMeta {
  id: string;
  projectId: string;
  /** The session (hash) that uploaded the file: nobody else may see or commit it. */
  owner: string;
  /** The first file's name (what a one-file import is called). */
  fileName: string;
  /** Every file's name, in order (stored as `files/<index>`). */
  fileNames?: string[];
  /** Every file's SHA-256 (hex), in the same order (computed as it was uploaded). */
  sha256?: string[];
  type: RecordType;
  format?: ImportFormat;
  /** Default lead partner of rows without one. */
  partner?: string;
  snapshotDate?: string;
  /** Metric files: complete export or not (undefined: the format's default); the X account of an overview. */
  completeExport?: boolean;
  account?: string;
  createdAt: number;
  report?: ImportReport;
}

export interface Upload extends UploadMeta {
  /** The first file's path on disk. */
  path: string;
  /** Every file on disk, with its name (and its hash when known). */
  files: { path: string; name: string; sha256?: string }[];
}

const dirOf = (id: string) => join(uploadRoot(), id);
const fileAt = (id: string, index: number) => join(dirOf(id), 'files', String(index));

/** Where the preview keeps every row error of an upload (NDJSON, read a page at a time). */
export const errorLogPath = (upload: Pick<UploadMeta, 'id'>): string =>
  join(dirOf(upload.id), 'errors.ndjson');

const withPaths = (meta: UploadMeta): Upload => {
  const names = meta.fileNames ?? [meta.fileName];
  const files = names.map((name, i) => {
    const sha256 = meta.sha256?.[i];
    return { name, path: fileAt(meta.id, i), ...(sha256 ? { sha256 } : {}) };
  });
  return { ...meta, files, path: files[0]?.path ?? fileAt(meta.id, 0) };
};

/** Deletes uploads older than the TTL (called on every save; cheap for a folder of a few entries). */
export async function sweepUploads(now = Date.now()): Promise<void> {
  // Once per sweep: uploadRoot() validates the whole environment (loadConfig), not a cost to pay per entry.
  const root = uploadRoot();
  let names: string[];
  try {
    names = await readdir(root);
  } catch {
    return;
  }
  await Promise.all(
    names.map(async (name) => {
      try {
        const s = await stat(join(root, name));
        if (now - s.mtimeMs > UPLOAD_TTL_MS) await rm(join(root, name), { recursive: true, force: true });
      } catch {
        // Gone meanwhile.
      }
    }),
  );
}

/**
 * A new upload's folder, for a streamed upload (src/importers/upload-stream.ts) to write its files into
 * (`incoming`); `storeUpload` then files them, or `deleteUpload(id)` removes everything.
 */
export async function beginUpload(): Promise<{ id: string; incoming: string }> {
  await sweepUploads();
  const id = randomBytes(32).toString('base64url');
  const incoming = join(dirOf(id), 'incoming');
  await mkdir(incoming, { recursive: true, mode: 0o700 });
  await mkdir(join(dirOf(id), 'files'), { mode: 0o700 });
  return { id, incoming };
}

const sha256Of = (data: Uint8Array) => createHash('sha256').update(data).digest('hex');

/** Whether the file at `path` starts like a zip archive (four bytes read). */
async function startsLikeZip(path: string): Promise<boolean> {
  const handle = await open(path, 'r');
  try {
    const head = new Uint8Array(4);
    await handle.read(head, 0, 4, 0);
    return looksLikeZip(head);
  } finally {
    await handle.close();
  }
}

/**
 * Files the received files of upload `id` (each in its place; a zip's files instead of the zip, named
 * `archive.zip/entry`) and saves its meta. Throws the zip's 400 AppError when an archive is unsafe or unreadable.
 */
export async function storeUpload(
  id: string,
  received: readonly ReceivedFile[],
  meta: Omit<UploadMeta, 'id' | 'createdAt' | 'fileName' | 'fileNames' | 'sha256'>,
): Promise<Upload> {
  const names: string[] = [];
  const hashes: string[] = [];
  for (const file of received) {
    if (file.name.toLowerCase().endsWith('.zip') && (await startsLikeZip(file.path))) {
      // Read from disk one entry at a time (the archive is never in memory whole).
      for (const entry of readZipFile(file.name, file.path)) {
        await writeFile(fileAt(id, names.length), entry.data, { mode: 0o600 });
        names.push(`${file.name}/${entry.name}`.slice(0, 300));
        hashes.push(sha256Of(entry.data));
      }
      await rm(file.path, { force: true });
    } else {
      await rename(file.path, fileAt(id, names.length));
      names.push(file.name);
      hashes.push(file.sha256);
    }
  }
  await rm(join(dirOf(id), 'incoming'), { recursive: true, force: true });
  const full: UploadMeta = {
    ...meta,
    fileName: names[0] ?? '',
    fileNames: names,
    sha256: hashes,
    id,
    createdAt: Date.now(),
  };
  await writeFile(join(dirOf(id), 'meta.json'), JSON.stringify(full), { mode: 0o600 });
  return withPaths(full);
}

/** Stores uploaded files held in memory (pasted BibTeX; tests) — names are only kept as text: on disk they are numbered. */
export async function saveUpload(
  files: readonly { name: string; data: Uint8Array }[],
  meta: Omit<UploadMeta, 'id' | 'createdAt' | 'fileName' | 'fileNames' | 'sha256'>,
): Promise<Upload> {
  await sweepUploads();
  const id = randomBytes(32).toString('base64url');
  await mkdir(join(dirOf(id), 'files'), { recursive: true, mode: 0o700 });
  for (const [i, file] of files.entries()) await writeFile(fileAt(id, i), file.data, { mode: 0o600 });
  const names = files.map((f) => f.name);
  const full: UploadMeta = {
    ...meta,
    fileName: names[0] ?? '',
    fileNames: names,
    sha256: files.map((f) => sha256Of(f.data)),
    id,
    createdAt: Date.now(),
  };
  await writeFile(join(dirOf(id), 'meta.json'), JSON.stringify(full), { mode: 0o600 });
  return withPaths(full);
}

/** The upload `id` of `owner` in `projectId`, if it exists and has not expired. */
export async function getUpload(id: string, owner: string, projectId: string): Promise<Upload | undefined> {
  if (!ID.test(id)) return undefined;
  try {
    const meta = JSON.parse(await readFile(join(dirOf(id), 'meta.json'), 'utf8')) as UploadMeta;
    if (meta.owner !== owner || meta.projectId !== projectId) return undefined;
    if (Date.now() - meta.createdAt > UPLOAD_TTL_MS) {
      await deleteUpload(id);
      return undefined;
    }
    return withPaths(meta);
  } catch {
    return undefined;
  }
}

/** Saves the preview of an upload with it. */
export async function savePreview(upload: Upload, report: ImportReport): Promise<void> {
  const meta: UploadMeta = { ...upload, report };
  delete (meta as Partial<Upload>).path;
  delete (meta as Partial<Upload>).files;
  await writeFile(join(dirOf(upload.id), 'meta.json'), JSON.stringify(meta), { mode: 0o600 });
}

export async function deleteUpload(id: string): Promise<void> {
  if (ID.test(id)) await rm(dirOf(id), { recursive: true, force: true });
}

/**
 * The upload `id` whatever its session (for the commit job, which was enqueued by the upload's owner), if its
 * files are still there.
 */
export async function loadUpload(id: string): Promise<Upload | undefined> {
  if (!ID.test(id)) return undefined;
  try {
    const meta = JSON.parse(await readFile(join(dirOf(id), 'meta.json'), 'utf8')) as UploadMeta;
    const upload = withPaths(meta);
    for (const f of upload.files) await stat(f.path);
    return upload;
  } catch {
    return undefined;
  }
}
