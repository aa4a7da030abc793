/**
 * Evidence file routes: the API (list, upload, download, delete under `/api/v1/projects/:id`) and the page-side
 * download (`/p/:id/files/:fileId`) and removal. Downloads are attachments (images may be inline) with the
 * sniffed type, `nosniff` and a sandboxing CSP, so an upload can never run as a page of this origin.
 */
import { join } from 'node:path';
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { loadConfig } from '../config';
import type { AppEnv } from '../web/env';
import { parseQuery } from '../web/query';
import { API_BASE, badRequest, KIND_SEGMENT, kindParam } from './api';
import {
  authorizeUpload,
  deleteEvidence,
  downloadHeaders,
  listEvidence,
  readEvidence,
  uploadEvidence,
  type EvidenceFileRow,
} from './files';
import { KIND_SLUGS, type RecordKind } from './kinds';

type C = Context<AppEnv>;

/** The evidence folder: the app's `filesDir`, else `HERALD_DATA_DIR/files`. */
export const filesDir = (c: C): string => c.var.deps.filesDir ?? join(loadConfig().HERALD_DATA_DIR, 'files');

export const fileJson = (f: EvidenceFileRow) => ({
  id: f.id,
  record_type: f.recordType,
  record_id: f.recordId,
  file_name: f.fileName,
  content_type: f.contentType,
  size: f.size,
  sha256: f.sha256,
  uploaded_at: f.uploadedAt.toISOString(),
  uploaded_by: f.uploadedBy,
  url: `/api/v1/projects/${f.projectId}/files/${f.id}`,
});

/** The `file` part of a multipart body. */
export async function filePart(c: C): Promise<File> {
  const type = c.req.header('content-type') ?? '';
  if (!type.startsWith('multipart/form-data'))
    throw badRequest('Send the file as multipart/form-data, field "file"', 'file');
  const body = await c.req.parseBody();
  const file = body.file;
  if (!(file instanceof File)) throw badRequest('The form has no file in its "file" field', 'file');
  return file;
}

/** Uploads the request's file to a record. */
export async function uploadFrom(c: C, kind: RecordKind): Promise<EvidenceFileRow> {
  const where = {
    actor: c.var.actor,
    projectId: c.req.param('id') as string,
    kind,
    recordId: c.req.param('recordId') as string,
  };
  await authorizeUpload(c.var.deps.database.db, where);
  const file = await filePart(c);
  return uploadEvidence(c.var.deps.database.db, {
    ...where,
    fileName: file.name,
    bytes: new Uint8Array(await file.arrayBuffer()),
    declaredType: file.type || undefined,
    dir: filesDir(c),
  });
}

/** `?inline=1` shows an image in the page instead of downloading it. */
export const DOWNLOAD_QUERY = { inline: z.enum(['0', '1']).optional() };

async function download(c: C) {
  const { file, bytes } = await readEvidence(c.var.deps.database.db, {
    actor: c.var.actor,
    projectId: c.req.param('id') as string,
    fileId: c.req.param('fileId') as string,
    dir: filesDir(c),
  });
  const { inline } = parseQuery(c, DOWNLOAD_QUERY);
  return c.body(new Uint8Array(bytes), 200, downloadHeaders(file, inline === '1'));
}

export const fileRoutes = new Hono<AppEnv>();

fileRoutes.get(`${API_BASE}/${KIND_SEGMENT}/:recordId/files`, async (c) => {
  const files = await listEvidence(c.var.deps.database.db, {
    actor: c.var.actor,
    projectId: c.req.param('id'),
    kind: kindParam(c),
    recordId: c.req.param('recordId'),
  });
  return c.json({ data: files.map(fileJson) });
});

fileRoutes.post(`${API_BASE}/${KIND_SEGMENT}/:recordId/files`, async (c) => {
  const row = await uploadFrom(c, kindParam(c));
  const json = fileJson(row);
  return c.json(json, 201, { location: json.url });
});

fileRoutes.get(`${API_BASE}/files/:fileId`, download);

fileRoutes.delete(`${API_BASE}/files/:fileId`, async (c) => {
  await deleteEvidence(c.var.deps.database.db, {
    actor: c.var.actor,
    projectId: c.req.param('id'),
    fileId: c.req.param('fileId'),
    dir: filesDir(c),
  });
  return c.body(null, 204);
});

fileRoutes.get('/p/:id/files/:fileId', download);

fileRoutes.post('/p/:id/files/:fileId/delete', async (c) => {
  const projectId = c.req.param('id');
  const file = await deleteEvidence(c.var.deps.database.db, {
    actor: c.var.actor,
    projectId,
    fileId: c.req.param('fileId'),
    dir: filesDir(c),
  });
  const slug = KIND_SLUGS[file.recordType as RecordKind];
  return c.redirect(`/p/${projectId}/records/${slug}/${file.recordId}#files`, 303);
});
