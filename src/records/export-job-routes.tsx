/**
 * Record exports as a job (src/records/export-jobs.ts). The list page offers them above the threshold:
 * POST /p/:id/records/<kind>/export (the list's filters in the query, `format` in the form) → 303 to
 * /p/:id/exports/:jobId, the progress (htmx polling …/progress), then …/download. The API: POST
 * /api/v1/projects/:id/<kind>/exports?format=…&<list filters> → 202 with the job's Location; GET that location
 * for its state; GET …/file once done. Only whoever asked sees the job and its file.
 */
import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { Hono, type Context } from 'hono';
import type { FC } from 'hono/jsx';
import { z } from 'zod';
import { notFound } from '../errors';
import { formatNumber as formatN } from '../i18n';
import { loadPlanOrThrow } from '../kpi/service';
import { wholeNumber } from '../schema-pieces';
import { viewCtx } from '../ui/context';
import { PlanPage, type ViewCtx } from '../ui/parts';
import type { AppEnv } from '../web/env';
import { parseParams, parseQuery } from '../web/query';
import { API_BASE, filterFromQuery } from './api';
import { EXPORT_SEGMENT } from './export-routes';
import { EXPORT_FORMATS } from './export-stream';
import { exportJobFile, exportJobStatus, requestRecordExport, type ExportJobView } from './export-jobs';
import { KIND_SLUGS, kindOfSlug } from './kinds';
import type { RecordType } from '../plan/schema';

type C = Context<AppEnv>;

export const EXPORT_JOB_PARAMS = { jobId: wholeNumber({ min: 1, max: 2_147_483_647 }) };
export const EXPORT_FORMAT_QUERY = { format: z.enum(EXPORT_FORMATS) };

const db = (c: C) => c.var.deps.database.db;
export const exportJobHref = (projectId: string, jobId: number) => `/p/${projectId}/exports/${jobId}`;
export const apiExportHref = (projectId: string, jobId: number) =>
  `/api/v1/projects/${projectId}/exports/${jobId}`;

function exportKind(c: C): RecordType {
  const kind = kindOfSlug(c.req.param('type') ?? '');
  if (!kind || kind === 'kpi_value') throw notFound('record type');
  return kind;
}

async function start(c: C, format: (typeof EXPORT_FORMATS)[number]) {
  const started = await requestRecordExport(db(c), {
    actor: c.var.actor,
    projectId: c.req.param('id') ?? '',
    type: exportKind(c),
    format,
    filter: filterFromQuery(c),
    clock: c.var.clock,
  });
  c.set('jobsEnqueued', true);
  c.var.deps.jobs?.wake();
  return started;
}

/** The finished file, streamed from disk. */
async function download(c: C) {
  const projectId = c.req.param('id') ?? '';
  const { jobId } = parseParams(c, EXPORT_JOB_PARAMS);
  const file = await exportJobFile(db(c), { actor: c.var.actor, projectId, jobId });
  const stream = Readable.toWeb(createReadStream(file.path)) as unknown as ReadableStream<Uint8Array>;
  return c.body(stream, 200, {
    'content-type': file.contentType,
    'content-length': String(file.bytes),
    'content-disposition': `attachment; filename="${file.fileName.replace(/[^\w.-]/g, '_')}"`,
    etag: `"${file.sha256}"`,
    'cache-control': 'private, no-store',
    'x-content-type-options': 'nosniff',
  });
}

export const exportJobRoutes = new Hono<AppEnv>();

exportJobRoutes.post(`/p/:id/records/${EXPORT_SEGMENT}/export`, async (c) => {
  const body = await c.req.parseBody();
  const format = z.enum(EXPORT_FORMATS).catch('csv').parse(body.format);
  const { jobId } = await start(c, format);
  return c.redirect(exportJobHref(c.req.param('id'), jobId), 303);
});

const jobView = async (c: C) => {
  const projectId = c.req.param('id') ?? '';
  const { jobId } = parseParams(c, EXPORT_JOB_PARAMS);
  return { projectId, job: await exportJobStatus(db(c), { actor: c.var.actor, projectId, jobId }) };
};

exportJobRoutes.get('/p/:id/exports/:jobId', async (c) => {
  const { projectId, job } = await jobView(c);
  const { plan } = await loadPlanOrThrow(db(c), projectId);
  const ctx = viewCtx(c);
  return c.html(
    <PlanPage ctx={ctx} projectId={projectId} plan={plan} title={ctx.t('export.job.title')}>
      <h1>{ctx.t('export.job.title')}</h1>
      <ExportJobStatus ctx={ctx} projectId={projectId} job={job} />
    </PlanPage>,
  );
});

exportJobRoutes.get('/p/:id/exports/:jobId/progress', async (c) => {
  const { projectId, job } = await jobView(c);
  return c.html(<ExportJobStatus ctx={viewCtx(c)} projectId={projectId} job={job} />);
});

exportJobRoutes.get('/p/:id/exports/:jobId/download', download);

// The API.
exportJobRoutes.post(`${API_BASE}/${EXPORT_SEGMENT}/exports`, async (c) => {
  const { format } = parseQuery(c, EXPORT_FORMAT_QUERY);
  const { jobId, total } = await start(c, format);
  const location = apiExportHref(c.req.param('id'), jobId);
  c.header('location', location);
  return c.json({ jobId, state: 'queued', total, href: location }, 202);
});

/** An export job as the API shows it. */
export const apiExportJob = (projectId: string, job: ExportJobView) => ({
  jobId: job.jobId,
  state: job.state,
  done: job.done,
  type: KIND_SLUGS[job.type],
  format: job.format,
  rowsDone: job.rowsDone,
  rowsTotal: job.rowsTotal,
  progress: job.progress,
  error: job.error,
  file:
    job.available && job.result
      ? {
          href: `${apiExportHref(projectId, job.jobId)}/file`,
          name: job.result.fileName,
          bytes: job.result.bytes,
          sha256: job.result.sha256,
        }
      : null,
});

exportJobRoutes.get(`${API_BASE}/exports/:jobId`, async (c) => {
  const { projectId, job } = await jobView(c);
  return c.json(apiExportJob(projectId, job));
});

exportJobRoutes.get(`${API_BASE}/exports/:jobId/file`, download);

/** The job's progress (polls itself every 500 ms with htmx until done), then the download link or the failure. */
export const ExportJobStatus: FC<{ ctx: ViewCtx; projectId: string; job: ExportJobView }> = ({
  ctx,
  projectId,
  job,
}) => {
  const { t, lang } = ctx;
  const formatNumber = (n: number) => formatN(lang, n);
  const self = exportJobHref(projectId, job.jobId);
  const back = (
    <p>
      <a href={`/p/${projectId}/records/${KIND_SLUGS[job.type]}`}>← {t('export.job.back')}</a>
    </p>
  );
  if (!job.done)
    return (
      <div
        id="export-status"
        class="report-progress"
        hx-get={`${self}/progress`}
        hx-trigger="every 500ms"
        hx-swap="outerHTML"
        aria-live="polite"
        data-state={job.state}
      >
        <progress max={100} value={Math.round(job.progress * 100)}></progress>
        <p>
          {job.rowsTotal === null
            ? t('export.job.queued')
            : t('export.job.running', {
                done: formatNumber(job.rowsDone),
                total: formatNumber(job.rowsTotal),
              })}
        </p>
        <p class="muted">
          <a href={self}>{t('export.job.refresh')}</a>
        </p>
      </div>
    );
  return (
    <div id="export-status" role="status" data-state={job.state}>
      {job.error ? (
        <div class="form-errors" role="alert">
          <p>{t('export.job.failed', { message: job.error })}</p>
        </div>
      ) : job.available && job.result ? (
        <p>
          {t('export.job.done', { n: formatNumber(job.result.rows) })}{' '}
          <a href={`${self}/download`} hx-boost="false" download>
            {t('export.job.download', { name: job.result.fileName })}
          </a>
        </p>
      ) : (
        <p>{t('export.job.expired')}</p>
      )}
      {back}
    </div>
  );
};
