/**
 * Uploaded files (one or several; a zip's files) between preview and commit: kept in a private temp folder under an unguessable id, bound to the
 * session that uploaded them, deleted after the commit or after an hour. The commit itself is a durable job
 * (`import.commit`, src/importers/jobs.ts) that reads the files from here.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../config';
import type { RecordType } from '../plan/schema';
import type { ImportReport } from './commit';
import type { ImportFormat } from './types';

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
  /** Every file on disk, with its name. */
  files: { path: string; name: string }[];
}

const dirOf = (id: string) => join(uploadRoot(), id);
const fileAt = (id: string, index: number) => join(dirOf(id), 'files', String(index));

/** Where the preview keeps every row error of an upload (NDJSON, read a page at a time). */
export const errorLogPath = (upload: Pick<UploadMeta, 'id'>): string =>
  join(dirOf(upload.id), 'errors.ndjson');

const withPaths = (meta: UploadMeta): Upload => {
  const names = meta.fileNames ?? [meta.fileName];
  const files = names.map((name, i) => ({ name, path: fileAt(meta.id, i) }));
  return { ...meta, files, path: files[0]?.path ?? fileAt(meta.id, 0) };
};

/** Deletes uploads older than the TTL (called on every save; cheap for a folder of a few entries). */
export async function sweepUploads(now = Date.now()): Promise<void> {
  let names: string[];
  try {
    names = await readdir(uploadRoot());
  } catch {
    return;
  }
  await Promise.all(
    names.map(async (name) => {
      try {
        const s = await stat(join(uploadRoot(), name));
        if (now - s.mtimeMs > UPLOAD_TTL_MS)
          await rm(join(uploadRoot(), name), { recursive: true, force: true });
      } catch {
        // Gone meanwhile.
      }
    }),
  );
}

/** Stores uploaded files (names are only kept as text: on disk they are numbered); returns the upload. */
export async function saveUpload(
  files: readonly { name: string; data: Uint8Array }[],
  meta: Omit<UploadMeta, 'id' | 'createdAt' | 'fileName' | 'fileNames'>,
): Promise<Upload> {
  await sweepUploads();
  const id = randomBytes(32).toString('base64url');
  await mkdir(join(dirOf(id), 'files'), { recursive: true, mode: 0o700 });
  for (const [i, file] of files.entries()) await writeFile(fileAt(id, i), file.data, { mode: 0o600 });
  const names = files.map((f) => f.name);
  const full: UploadMeta = { ...meta, fileName: names[0] ?? '', fileNames: names, id, createdAt: Date.now() };
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
