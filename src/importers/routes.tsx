/**
 * The import pages (`/p/:id/import`): upload (files or a zip) or paste → preview (problems grouped and paged, all of
 * them as CSV) (kept in a temp folder, bound to the session) →
 * commit in the background with a polled progress indicator → result; templates per record type. Permission
 * checks live in the use cases (src/importers/commit.ts); handlers stay thin.
 */
import { stat } from 'node:fs/promises';
import { Hono, type Context } from 'hono';
import { enqueue } from '../jobs/queue';
import { systemClock, type Clock } from '../lib/clock';
import { z } from 'zod';
import { navProject, pageCtx } from '../ui/context';
import { AppError, isAppError, notFound } from '../errors';
import { RECORD_TYPES, isoDateSchema, type RecordType } from '../plan/schema';
import { loadRecordContext } from '../records/context';
import { KIND_SLUGS } from '../records/kinds';
import { lineText, pageNumber } from '../schema-pieces';
import type { AppEnv } from '../web/env';
import { parseQuery } from '../web/query';
import { hasKey } from '../i18n';
import {
  importablePartners,
  listImportBatches,
  previewImport,
  type ImportReport,
  type ImportRequest,
} from './commit';
import { ErrorLog, errorCsvHeader, errorCsvLines, readErrorLog, readErrorPage } from './error-log';
import { templateFor } from './template';
import { completeChoice } from './views/complete-export';
import { IMPORT_FORMATS, type ImportFormat, type RowError } from './types';
import {
  deleteUpload,
  errorLogPath,
  getUpload,
  isUploadId,
  saveUpload,
  savePreview,
  type Upload,
} from './uploads';
import { importJobFor } from './job-status';
import { importCommitJob } from './jobs';
import { JobPage, JobStatus, PreviewPage, UploadPage } from './views/import';
import { firstErrors } from './views/problems';
import { looksLikeZip, MAX_ZIP_FILES, readZip } from './zip';

type C = Context<AppEnv>;

export const importRoutes = new Hono<AppEnv>();

/** The upload page's query: the record type to preselect. */
export const UPLOAD_PAGE_QUERY = { type: z.enum(RECORD_TYPES).optional() };
/** A preview's query: one problem group (its id) and the page of its errors. */
export const PREVIEW_QUERY = { problem: lineText(200).optional(), page: pageNumber.optional() };

/** The session an upload belongs to (uploads are a browser flow: a session is always there once authorised). */
const ownerOf = (c: C): string => c.var.session?.idHash ?? '';

/** The signed-in user: the commit job acts for them, and only they see it. */
const userIdOf = (c: C): string | undefined => (c.var.actor.kind === 'user' ? c.var.actor.userId : undefined);

/** The injected clock when the app has one, else the system's. */
const clockOf = (c: C): Clock => (c.var.deps as { clock?: Clock }).clock ?? systemClock;

/** The commit job of an upload, for the user who asked for it. */
const jobOf = async (c: C, projectId: string, uploadId: string) =>
  isUploadId(uploadId)
    ? importJobFor(c.var.deps.database.db, { uploadId, projectId, userId: userIdOf(c) })
    : undefined;

/** Checks the actor may import in the project; returns the partner codes to offer and a partner editor's own. */
async function importer(c: C): Promise<{ projectId: string; codes: string[]; own?: string }> {
  const projectId = c.req.param('id') ?? '';
  const allowed = importablePartners(c.var.actor, projectId);
  const ctx = await loadRecordContext(c.var.deps.database.db, projectId);
  const codes = ctx.plan.partners.map((p) => p.code);
  if (allowed === 'all') return { projectId, codes };
  const own = [...allowed][0];
  return { projectId, codes: [...allowed], ...(own ? { own } : {}) };
}

const recordsHref = (projectId: string, type: RecordType) => `/p/${projectId}/records/${KIND_SLUGS[type]}`;

const expired = () =>
  new AppError({
    code: 'not_found',
    status: 404,
    message: 'This upload has expired or is not yours',
    messageKey: 'import.error.expired',
  });

async function uploadPage(c: C, problem?: string, status: 200 | 400 = 200) {
  const who = await importer(c);
  const batches = await listImportBatches(c.var.deps.database.db, {
    actor: c.var.actor,
    projectId: who.projectId,
  });
  const { type } = parseQuery(c, UPLOAD_PAGE_QUERY);
  return c.html(
    <UploadPage
      ctx={pageCtx(c)}
      project={await navProject(c)}
      partners={{ codes: who.codes, ...(who.own ? { own: who.own } : {}) }}
      batches={batches}
      type={type}
      problem={problem}
    />,
    status,
  );
}

/** The import request of an upload (the parser options it was uploaded with). */
function requestOf(c: C, upload: Upload): ImportRequest {
  return {
    actor: c.var.actor,
    projectId: upload.projectId,
    type: upload.type,
    files: upload.files,
    clock: c.var.clock,
    ...(upload.format ? { format: upload.format } : {}),
    options: {
      ...(upload.partner ? { defaults: { lead_partner: upload.partner } } : {}),
      ...(upload.snapshotDate ? { snapshotDate: upload.snapshotDate } : {}),
      ...(upload.completeExport !== undefined ? { completeExport: upload.completeExport } : {}),
      ...(upload.account ? { account: upload.account } : {}),
    },
  };
}

const field = (body: Record<string, unknown>, name: string): string => {
  const v = body[name];
  return typeof v === 'string' ? v.trim() : '';
};

/** The upload form's analytics choices: complete export (yes / no / the format's default) and the X account. */
function exportChoices(body: Record<string, unknown>): Pick<Upload, 'completeExport' | 'account'> {
  const complete = completeChoice(field(body, 'complete'));
  const account = field(body, 'account').slice(0, 200);
  return { ...(complete !== undefined ? { completeExport: complete } : {}), ...(account ? { account } : {}) };
}

/** Previews an upload, keeping every row error in its error log; saves the report with the upload. */
async function preview(c: C, upload: Upload): Promise<ImportReport> {
  const log = new ErrorLog(errorLogPath(upload));
  let report: ImportReport;
  try {
    report = await previewImport(c.var.deps.database.db, {
      ...requestOf(c, upload),
      onErrors: (errors, kind) => (kind === 'row' ? log.write(errors) : undefined),
    });
  } finally {
    await log.close();
  }
  await savePreview(upload, report);
  return report;
}

/** A name for the upload folder's records: no path, at most 200 characters. */
const cleanName = (name: string) => name.replace(/[\\/]/g, '_').slice(0, 200) || 'upload';

/** The files of the form: each uploaded file, a zip's files in its place (named `archive.zip/entry`). */
async function formFiles(value: unknown): Promise<{ name: string; data: Uint8Array }[]> {
  const list = (Array.isArray(value) ? value : [value]).filter(
    (f): f is File => typeof f === 'object' && f !== null && f instanceof File && f.size > 0,
  );
  const files: { name: string; data: Uint8Array }[] = [];
  for (const file of list) {
    const data = new Uint8Array(await file.arrayBuffer());
    const name = cleanName(file.name);
    if (name.toLowerCase().endsWith('.zip') && looksLikeZip(data))
      files.push(
        ...readZip(name, data).map((e) => ({ name: `${name}/${e.name}`.slice(0, 300), data: e.data })),
      );
    else files.push({ name, data });
  }
  return files;
}

importRoutes.get('/p/:id/import', (c) => uploadPage(c));

importRoutes.post('/p/:id/import', async (c) => {
  const who = await importer(c);
  const { t } = c.var;
  const body = await c.req.parseBody({ all: true });
  const type = field(body, 'type');
  if (!(RECORD_TYPES as readonly string[]).includes(type)) return uploadPage(c, t('import.error.type'), 400);
  const format = field(body, 'format');
  const date = field(body, 'date');
  const partner = who.own ?? (field(body, 'partner') || undefined);
  const pasted = field(body, 'bibtex');
  let files: { name: string; data: Uint8Array }[];
  let chosenFormat = (IMPORT_FORMATS as readonly string[]).includes(format)
    ? (format as ImportFormat)
    : undefined;
  try {
    files = await formFiles(body.file);
  } catch (e) {
    // A zip that is unsafe or unreadable: say why on the form.
    if (isAppError(e) && e.status === 400)
      return uploadPage(c, hasKey(e.messageKey) ? t(e.messageKey, e.params) : e.message, 400);
    throw e;
  }
  if (files.length === 0 && pasted) {
    files = [{ name: t('import.pasted'), data: Buffer.from(pasted, 'utf8') }];
    chosenFormat = 'bibtex';
  }
  if (files.length === 0) return uploadPage(c, t('import.error.noFile'), 400);
  if (files.length > MAX_ZIP_FILES)
    return uploadPage(c, t('import.error.tooManyFiles', { max: MAX_ZIP_FILES }), 400);
  const upload = await saveUpload(files, {
    projectId: who.projectId,
    owner: ownerOf(c),
    type: type as RecordType,
    ...(chosenFormat ? { format: chosenFormat } : {}),
    ...(partner ? { partner } : {}),
    ...(isoDateSchema.safeParse(date).success ? { snapshotDate: date } : {}),
    ...exportChoices(body),
  });
  try {
    await preview(c, upload);
  } catch (e) {
    await deleteUpload(upload.id);
    // The file cannot be opened as that format, or for that record type: say so on the form.
    if (isAppError(e) && e.status === 400)
      return uploadPage(c, hasKey(e.messageKey) ? t(e.messageKey, e.params) : e.message, 400);
    throw e;
  }
  return c.redirect(`/p/${who.projectId}/import/${upload.id}`, 303);
});

importRoutes.get('/p/:id/import/templates/:file', async (c) => {
  const who = await importer(c);
  const m = /^([a-z]+)\.(csv|xlsx)$/.exec(c.req.param('file'));
  const type = m?.[1] as RecordType | undefined;
  if (!m || !type || !(RECORD_TYPES as readonly string[]).includes(type)) throw notFound('template');
  const ctx = await loadRecordContext(c.var.deps.database.db, who.projectId);
  const file = await templateFor(type, m[2] as 'csv' | 'xlsx', {
    vocabulary: ctx.vocabulary,
    partners: ctx.plan.partners.map((p) => p.code),
  });
  return c.body(new Uint8Array(file.data), 200, {
    'content-type': file.contentType,
    'content-disposition': `attachment; filename="${file.fileName}"`,
  });
});

importRoutes.get('/p/:id/import/:uploadId', async (c) => {
  const who = await importer(c);
  const id = c.req.param('uploadId');
  const job = await jobOf(c, who.projectId, id);
  if (job)
    return c.html(
      <JobPage
        ctx={pageCtx(c)}
        project={await navProject(c)}
        job={job}
        fileName={job.fileName}
        recordsHref={recordsHref(who.projectId, job.type)}
      />,
    );
  const upload = await getUpload(id, ownerOf(c), who.projectId);
  if (!upload) throw expired();
  const report = upload.report ?? (await preview(c, upload));
  const { problem, page } = parseQuery(c, PREVIEW_QUERY);
  const errors = await readErrorPage(errorLogPath(upload), {
    groups: report.errorGroups,
    page: page ?? 1,
    ...(problem ? { problem } : {}),
  }).catch(() => firstErrors(report, 50));
  return c.html(
    <PreviewPage
      ctx={pageCtx(c)}
      project={await navProject(c)}
      uploadId={upload.id}
      fileName={upload.fileName}
      report={report}
      errors={errors}
    />,
  );
});

/** Every problem of a preview as CSV (file, line, entry, column, the problem in the viewer's language, English). */
importRoutes.get('/p/:id/import/:uploadId/errors.csv', async (c) => {
  const who = await importer(c);
  const upload = await getUpload(c.req.param('uploadId'), ownerOf(c), who.projectId);
  if (!upload) throw expired();
  const report = upload.report ?? (await preview(c, upload));
  const lang = c.var.lang;
  const log = errorLogPath(upload);
  async function* chunks(): AsyncGenerator<string> {
    yield `\uFEFF${errorCsvHeader(lang)}`;
    yield errorCsvLines(lang, report.fileErrors);
    let batch: RowError[] = [];
    // A preview made without a log (none on disk): its report's first errors are what there is.
    const errors = await stat(log).then(
      () => readErrorLog(log),
      () => report.errors,
    );
    for await (const e of errors) {
      batch.push(e);
      if (batch.length >= 1000) {
        yield errorCsvLines(lang, batch);
        batch = [];
      }
    }
    yield errorCsvLines(lang, batch);
  }
  const source = chunks();
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await source.next();
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(next.value));
    },
  });
  return c.body(body, 200, {
    'content-type': 'text/csv; charset=utf-8',
    'content-disposition': 'attachment; filename="herald-import-problems.csv"',
  });
});

importRoutes.post('/p/:id/import/:uploadId', async (c) => {
  const who = await importer(c);
  const id = c.req.param('uploadId');
  const to = `/p/${who.projectId}/import/${id}`;
  if (await jobOf(c, who.projectId, id)) return c.redirect(to, 303);
  const upload = await getUpload(id, ownerOf(c), who.projectId);
  const userId = userIdOf(c);
  if (!upload || !userId) throw expired();
  const body = await c.req.parseBody();
  // A durable job (src/importers/jobs.ts), keyed by the upload: a double submit enqueues it once.
  await enqueue(c.var.deps.database.db, {
    job: importCommitJob,
    payload: {
      uploadId: upload.id,
      projectId: upload.projectId,
      userId,
      type: upload.type,
      fileName: upload.fileName,
      files: upload.files.length,
      ...(upload.format ? { format: upload.format } : {}),
      ...(upload.partner ? { partner: upload.partner } : {}),
      ...(upload.snapshotDate ? { snapshotDate: upload.snapshotDate } : {}),
      ...(upload.completeExport !== undefined ? { completeExport: upload.completeExport } : {}),
      ...(upload.account ? { account: upload.account } : {}),
      skipInvalid: field(body, 'mode') === 'valid',
    },
    projectId: upload.projectId,
    idempotencyKey: upload.id,
    createdBy: `user:${userId}`,
    clock: clockOf(c),
  });
  c.var.deps.jobs?.wake();
  return c.redirect(to, 303);
});

importRoutes.get('/p/:id/import/:uploadId/progress', async (c) => {
  const who = await importer(c);
  const job = await jobOf(c, who.projectId, c.req.param('uploadId'));
  // A poll for a job that is not there (or not this user's): a final fragment ends the polling.
  if (!job && c.req.header('hx-request') === 'true')
    return c.html(
      <div id="import-status" class="form-errors" role="alert">
        <p>{c.var.t('import.error.expired')}</p>
      </div>,
    );
  if (!job) throw expired();
  return c.html(
    <JobStatus
      ctx={pageCtx(c)}
      projectId={who.projectId}
      job={job}
      recordsHref={recordsHref(who.projectId, job.type)}
    />,
  );
});
