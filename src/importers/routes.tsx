/**
 * The import pages (`/p/:id/import`): upload (files or a zip) or paste → preview (problems grouped and paged, all of
 * them as CSV) (kept in a temp folder, bound to the session) →
 * commit in the background with a polled progress indicator → result; templates per record type. The upload itself
 * streams to disk (upload-routes.tsx); shared pieces are in page-parts.tsx. Permission checks live in the use cases (src/importers/commit.ts); handlers stay thin.
 */
import { readFileSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Hono } from 'hono';
import { systemClock, type Clock } from '../lib/clock';
import { navProject, pageCtx } from '../ui/context';
import { AppError, notFound } from '../errors';
import { RECORD_TYPES, type RecordType } from '../plan/schema';
import { loadRecordContext } from '../records/context';
import { KIND_SLUGS } from '../records/kinds';
import { lineText, pageNumber } from '../schema-pieces';
import type { AppEnv } from '../web/env';
import { parseQuery } from '../web/query';
import { errorCsvHeader, errorCsvLines, readErrorLog, readErrorPage } from './error-log';
import { field, importer, ownerOf, preview, uploadPage, UPLOAD_PAGE_QUERY, type C } from './page-parts';
import { templateFor } from './template';
import type { RowError } from './types';
import { postUpload } from './upload-routes';
import { errorLogPath, getUpload, isUploadId } from './uploads';
import { importJobFor } from './job-status';
import { enqueueImportCommit } from './jobs';
import { JobPage, JobStatus, PreviewPage } from './views/import';
import { firstErrors } from './views/problems';

export const importRoutes = new Hono<AppEnv>();

/** The upload form's progress bar and size check (a file: the CSP allows no inline script). */
const uploadJs = readFileSync(new URL('./static/import-upload.js', import.meta.url), 'utf8');
importRoutes.get('/static/import-upload.js', (c) =>
  c.body(uploadJs, 200, {
    'content-type': 'text/javascript; charset=utf-8',
    'cache-control': 'public, max-age=3600',
  }),
);

export { UPLOAD_PAGE_QUERY };
/** A preview's query: one problem group (its id) and the page of its errors. */
export const PREVIEW_QUERY = { problem: lineText(200).optional(), page: pageNumber.optional() };

/** The signed-in user: the commit job acts for them, and only they see it. */
const userIdOf = (c: C): string | undefined => (c.var.actor.kind === 'user' ? c.var.actor.userId : undefined);

/** The injected clock when the app has one, else the system's. */
const clockOf = (c: C): Clock => (c.var.deps as { clock?: Clock }).clock ?? systemClock;

/** The commit job of an upload, for the user who asked for it. */
const jobOf = async (c: C, projectId: string, uploadId: string) =>
  isUploadId(uploadId)
    ? importJobFor(c.var.deps.database.db, { uploadId, projectId, userId: userIdOf(c) })
    : undefined;

const recordsHref = (projectId: string, type: RecordType) => `/p/${projectId}/records/${KIND_SLUGS[type]}`;

const expired = () =>
  new AppError({
    code: 'not_found',
    status: 404,
    message: 'This upload has expired or is not yours',
    messageKey: 'import.error.expired',
  });

importRoutes.get('/p/:id/import', (c) => uploadPage(c));

// Files stream to disk (src/importers/upload-routes.tsx); pasted BibTeX is a small form.
importRoutes.post('/p/:id/import', postUpload);

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
  await enqueueImportCommit(c.var.deps.database.db, {
    upload,
    requester: { userId },
    skipInvalid: field(body, 'mode') === 'valid',
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
