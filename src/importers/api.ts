/**
 * The imports API under `/api/v1/projects/:id/imports`: upload files (multipart, streamed to disk by the web's
 * receiver, zips unpacked) and get their preview (counts, every error located by file/row/column, page by page,
 * duplicates, conflicts); commit it as the web's `import.commit` job (202 + Location of the job) and poll the job;
 * discard an upload, or cancel its commit while it is still queued. The same use cases as the import pages
 * (page-parts.tsx, uploads.ts, jobs.ts): an upload belongs to the session or API token that sent it.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import { csrfError, csrfMatches, CSRF_FIELD, CSRF_HEADER, isStreamedUpload } from '../auth/middleware';
import { AppError } from '../errors';
import { cancelJob } from '../jobs/queue';
import { isoDateSchema, RECORD_TYPES, type RecordType } from '../plan/schema';
import { KIND_SLUGS } from '../records/kinds';
import { lineText, pageNumber } from '../schema-pieces';
import { parseQuery } from '../web/query';
import type { AppEnv } from '../web/env';
import { ERRORS_PER_PAGE, readErrorPage } from './error-log';
import { firstErrors } from './views/problems';
import { importJobFor, type ImportJob } from './job-status';
import { enqueueImportCommit, type ImportRequester } from './jobs';
import { exportChoices, importer, maxUploadBytes, preview, type C } from './page-parts';
import type { ImportReport } from './report';
import { IMPORT_FORMATS, type ImportFormat } from './types';
import { receiveUpload } from './upload-stream';
import {
  beginUpload,
  deleteUpload,
  errorLogPath,
  getUpload,
  isUploadId,
  storeUpload,
  UPLOAD_TTL_MS,
  type Upload,
} from './uploads';
import { MAX_ZIP_FILES } from './zip';

const BASE = '/api/v1/projects/:id/imports';
const baseOf = (projectId: string) => `/api/v1/projects/${projectId}/imports`;

/** A preview's query: the page of its errors, one problem group's only. */
export const IMPORT_PREVIEW_QUERY = { problem: lineText(200).optional(), page: pageNumber.optional() };

/** The upload's form fields (besides the files): the record type, the parser's options. */
const fieldsSchema = z.object({
  type: z.enum(RECORD_TYPES),
  format: z.enum(IMPORT_FORMATS).optional(),
  partner: lineText(50).optional(),
  date: isoDateSchema.optional(),
  complete: z.enum(['yes', 'no', 'auto']).optional(),
  account: lineText(200).optional(),
});

/** The commit's body: leave the invalid rows out (else one invalid row stops the whole import). */
const commitSchema = z.strictObject({ skip_invalid: z.boolean().optional() });

function invalid(issues: readonly z.core.$ZodIssue[]): AppError {
  return new AppError({
    code: 'validation',
    status: 422,
    message: issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`).join('; '),
    details: issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
  });
}

/** Whose uploads these are: the API token's, else the session's (the import pages' too). */
const ownerOf = (c: C): string =>
  c.var.actor.kind === 'token' ? `token:${c.var.actor.tokenId}` : (c.var.session?.idHash ?? '');

/** Who the commit job acts for. */
function requesterOf(c: C): ImportRequester | undefined {
  const a = c.var.actor;
  if (a.kind === 'token') return { tokenId: a.tokenId };
  if (a.kind === 'user') return { userId: a.userId };
  return undefined;
}

/** The commit job of an upload for whoever asks (an id of another shape names nothing and is never queried). */
const jobOf = async (c: C, projectId: string, uploadId: string) => {
  if (!isUploadId(uploadId)) return undefined;
  const r = requesterOf(c);
  return importJobFor(c.var.deps.database.db, {
    uploadId,
    projectId,
    userId: r && 'userId' in r ? r.userId : undefined,
    ...(r && 'tokenId' in r ? { tokenId: r.tokenId } : {}),
  });
};

const expired = () =>
  new AppError({
    code: 'not_found',
    status: 404,
    message: 'This upload has expired or is not yours',
    messageKey: 'import.error.expired',
  });

const noFile = () =>
  new AppError({
    code: 'import_no_file',
    status: 422,
    message: 'No file: send the files as multipart/form-data parts named `file`',
    messageKey: 'import.error.noFile',
    details: [{ path: 'file', message: 'no file' }],
  });

/** The choices of the fields sent, a partner editor's (or token's) rows always their own partner's. */
function choicesOf(c: C, who: { projectId: string; own?: string }, fields: Record<string, string>) {
  const present = Object.fromEntries(Object.entries(fields).filter(([, v]) => v.trim() !== ''));
  const parsed = fieldsSchema.safeParse(present);
  if (!parsed.success) throw invalid(parsed.error.issues);
  const f = parsed.data;
  const partner = who.own ?? f.partner;
  return {
    projectId: who.projectId,
    owner: ownerOf(c),
    type: f.type as RecordType,
    ...(f.format ? { format: f.format as ImportFormat } : {}),
    ...(partner ? { partner } : {}),
    ...(f.date ? { snapshotDate: f.date } : {}),
    ...exportChoices(fields),
  };
}

const summary = (r: ImportReport) => ({
  type: r.type,
  rows: r.rows,
  valid: r.valid,
  duplicates: r.duplicates,
  invalid: r.invalid,
  conflicts: r.conflicts,
  error_count: r.errorCount,
});

/** A page of the preview's errors from its log (a preview without a log: the report's first errors). */
const errorPage = (upload: Upload, report: ImportReport, q: { page: number; problem?: string }) =>
  readErrorPage(errorLogPath(upload), { groups: report.errorGroups, ...q }).catch(() =>
    firstErrors(report, ERRORS_PER_PAGE),
  );

function previewJson(
  upload: Upload,
  report: ImportReport,
  errors: Awaited<ReturnType<typeof readErrorPage>>,
) {
  const here = `${baseOf(upload.projectId)}/${upload.id}`;
  return {
    id: upload.id,
    state: 'previewed' as const,
    file_name: upload.fileName,
    expires_at: new Date(upload.createdAt + UPLOAD_TTL_MS).toISOString(),
    ...summary(report),
    committable: report.fileErrors.length === 0 && report.valid > 0,
    files: report.files.map((f) => ({
      name: f.name,
      format: f.format,
      sha256: f.sha256,
      rows: f.rows,
      valid: f.valid,
      duplicates: f.duplicates,
      invalid: f.invalid,
      error_count: f.errorCount,
      file_errors: f.fileErrors,
    })),
    file_errors: report.fileErrors,
    errors: { ...errors, per_page: ERRORS_PER_PAGE },
    error_groups: report.errorGroups.map((g) => ({ id: g.id, count: g.count, example: g.example })),
    duplicate_rows: report.duplicateRows,
    conflict_rows: report.conflictRows,
    warnings: report.warnings,
    dates: report.dates ?? null,
    complete_export: report.completeExport ?? null,
    links: {
      self: here,
      commit: `${here}/commit`,
      job: `${here}/job`,
      web: `/p/${upload.projectId}/import/${upload.id}`,
    },
  };
}

function jobJson(projectId: string, job: ImportJob) {
  const r = job.result as
    (Partial<ImportReport> & { status?: string; imported?: number; batchIds?: string[] }) | undefined;
  return {
    upload_id: job.id,
    job_id: job.jobId,
    state: job.state,
    done: job.done,
    step: job.step ?? null,
    error: job.error ?? null,
    result: r
      ? {
          status: r.status,
          imported: r.imported ?? 0,
          rows: r.rows ?? 0,
          duplicates: r.duplicates ?? 0,
          invalid: r.invalid ?? 0,
          batch_ids: r.batchIds ?? [],
        }
      : null,
    links: {
      self: `${baseOf(projectId)}/${job.id}/job`,
      records: `/api/v1/projects/${projectId}/${KIND_SLUGS[job.type]}`,
    },
  };
}

export const importsApi = new Hono<AppEnv>();

importsApi.post(BASE, async (c) => {
  const who = await importer(c);
  if (!isStreamedUpload(c))
    throw new AppError({
      code: 'bad_request',
      status: 400,
      message: 'The body must be multipart/form-data: the fields, then the files as parts named `file`',
    });
  const { id, incoming } = await beginUpload();
  try {
    const length = Number(c.req.header('content-length'));
    const received = await receiveUpload({
      body: c.req.raw.body,
      contentType: c.req.header('content-type') ?? '',
      ...(Number.isFinite(length) ? { contentLength: length } : {}),
      dir: incoming,
      maxBytes: maxUploadBytes(c),
      maxFiles: MAX_ZIP_FILES,
      // A bearer token needs no CSRF token; a session's header token was checked by csrfProtection.
      csrfVerified: c.var.bearer || csrfMatches(c, c.req.header(CSRF_HEADER)),
      checkCsrf: (token) => csrfMatches(c, token),
      csrfField: CSRF_FIELD,
      csrfError,
    });
    const choices = choicesOf(c, who, received.fields);
    if (received.files.length === 0) throw noFile();
    const upload = await storeUpload(id, received.files, choices);
    if (upload.files.length > MAX_ZIP_FILES)
      throw new AppError({
        code: 'import_zip',
        status: 400,
        message: `At most ${MAX_ZIP_FILES} files in one import`,
        messageKey: 'import.error.tooManyFiles',
        params: { max: MAX_ZIP_FILES },
      });
    const report = await preview(c, upload);
    const errors = await errorPage(upload, report, { page: 1 });
    return c.json(previewJson(upload, report, errors), 201, {
      location: `${baseOf(upload.projectId)}/${upload.id}`,
    });
  } catch (e) {
    await deleteUpload(id);
    throw e;
  }
});

importsApi.get(`${BASE}/:uploadId`, async (c) => {
  const who = await importer(c);
  const uploadId = c.req.param('uploadId');
  const { problem, page } = parseQuery(c, IMPORT_PREVIEW_QUERY);
  const job = await jobOf(c, who.projectId, uploadId);
  if (job) return c.json({ id: uploadId, state: 'committing', job: jobJson(who.projectId, job) });
  const upload = await getUpload(uploadId, ownerOf(c), who.projectId);
  if (!upload) throw expired();
  const report = upload.report ?? (await preview(c, upload));
  const errors = await errorPage(upload, report, { page: page ?? 1, ...(problem ? { problem } : {}) });
  return c.json(previewJson(upload, report, errors));
});

importsApi.post(`${BASE}/:uploadId/commit`, async (c) => {
  const who = await importer(c);
  const uploadId = c.req.param('uploadId');
  const location = `${baseOf(who.projectId)}/${uploadId}/job`;
  const text = await c.req.text();
  let raw: unknown = {};
  if (text.trim() !== '') {
    try {
      raw = JSON.parse(text);
    } catch {
      throw new AppError({ code: 'bad_request', status: 400, message: 'The body must be JSON (or empty)' });
    }
  }
  const parsed = commitSchema.safeParse(raw);
  if (!parsed.success) throw invalid(parsed.error.issues);
  const existing = await jobOf(c, who.projectId, uploadId);
  if (existing) return c.json(jobJson(who.projectId, existing), 202, { location });
  const upload = await getUpload(uploadId, ownerOf(c), who.projectId);
  const requester = requesterOf(c);
  if (!upload || !requester) throw expired();
  await enqueueImportCommit(c.var.deps.database.db, {
    upload,
    requester,
    skipInvalid: parsed.data.skip_invalid === true,
    clock: c.var.clock,
  });
  c.var.deps.jobs?.wake();
  const job = await jobOf(c, who.projectId, uploadId);
  if (!job) throw expired();
  return c.json(jobJson(who.projectId, job), 202, { location });
});

importsApi.get(`${BASE}/:uploadId/job`, async (c) => {
  const who = await importer(c);
  const job = await jobOf(c, who.projectId, c.req.param('uploadId'));
  if (!job) throw expired();
  return c.json(jobJson(who.projectId, job));
});

/** Discards an upload not committed yet, or cancels its commit while the job is still queued. */
importsApi.delete(`${BASE}/:uploadId`, async (c) => {
  const who = await importer(c);
  const uploadId = c.req.param('uploadId');
  const job = await jobOf(c, who.projectId, uploadId);
  if (job) {
    const cancelled = await cancelJob(c.var.deps.database.db, { id: job.jobId, clock: c.var.clock });
    if (!cancelled)
      throw new AppError({
        code: 'conflict',
        status: 409,
        message: job.done
          ? `The import has ended (${job.state}): nothing is left to cancel`
          : 'The commit has started: it ends whole or not at all, and cannot be cancelled now',
        params: { state: job.state },
      });
    await deleteUpload(uploadId);
    return c.body(null, 204);
  }
  const upload = await getUpload(uploadId, ownerOf(c), who.projectId);
  if (!upload) throw expired();
  await deleteUpload(upload.id);
  return c.body(null, 204);
});
