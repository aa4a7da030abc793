/**
 * Routes of the report pages: the list, the pre-flight's summary of a period (the gate of submission) and the
 * submitted reports, and the form (/p/:id/reports), generate (a `report.generate` job, then its
 * page with a polled progress bar), download a stored file (its bytes as stored, sha256 as ETag). Checks live in the
 * use cases (src/reports/generate.ts); a GET never writes.
 */
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { can } from '../auth/permissions';
import { AppError } from '../errors';
import { loadPlanOrThrow } from '../kpi/service';
import { isoDate, projectYear, uuidParam, wholeNumber } from '../schema-pieces';
import { viewCtx } from '../ui/context';
import type { AppEnv } from '../web/env';
import { parseParams, parseQuery } from '../web/query';
import { getReportFile, listReports, reportJobStatus, requestReport, type ReportRequest } from './generate';
import { PERIOD_QUERY } from '../kpi/params';
import { REPORT_FORMATS } from './model';
import { countFindings, preflightPage } from './preflight';
import { listSubmitted } from './submit-service';
import { jobHref, ReportJobPage, ReportJobStatus, ReportsPage } from './views/reports-page';

type C = Context<AppEnv>;
const db = (c: C) => c.var.deps.database.db;

/** A report job in a path. */
export const REPORT_JOB_PARAMS = { jobId: wholeNumber({ min: 1, max: 2_147_483_647 }) };
/** The job page's query: the format asked for (for the download link). */
export const REPORT_JOB_QUERY = { format: z.enum(REPORT_FORMATS).optional() };
/** A stored report file in a path. */
export const REPORT_FILE_PARAMS = { reportId: uuidParam, format: z.enum(REPORT_FORMATS) };

/** The generate form's fields: a year, or from + to; language; format. Errors name the field. */
const formSchema = z.discriminatedUnion('period', [
  z.object({
    period: z.literal('year'),
    year: projectYear,
    lang: z.enum(['en', 'ja']),
    format: z.enum(REPORT_FORMATS),
  }),
  z.object({
    period: z.literal('range'),
    from: isoDate,
    to: isoDate,
    lang: z.enum(['en', 'ja']),
    format: z.enum(REPORT_FORMATS),
  }),
]);

function requestOf(projectId: string, body: Record<string, unknown>): ReportRequest {
  const parsed = formSchema.safeParse(body);
  if (!parsed.success)
    throw new AppError({
      code: 'validation',
      status: 422,
      message: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '),
      details: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
    });
  const f = parsed.data;
  return f.period === 'year'
    ? { projectId, year: f.year, lang: f.lang, format: f.format }
    : { projectId, from: f.from, to: f.to, lang: f.lang, format: f.format };
}

export const reportRoutes = new Hono<AppEnv>();

/** The reports page's query: the period whose pre-flight it summarises (default: the current project year). */
export const REPORTS_QUERY = PERIOD_QUERY;

reportRoutes.get('/p/:id/reports', async (c) => {
  const projectId = c.req.param('id');
  const q = parseQuery(c, REPORTS_QUERY);
  const reports = await listReports(db(c), { actor: c.var.actor, projectId });
  const { plan } = await loadPlanOrThrow(db(c), projectId);
  const preflight = await preflightPage(db(c), { actor: c.var.actor, projectId, ...q, clock: c.var.clock });
  const submitted = await listSubmitted(db(c), { actor: c.var.actor, projectId });
  return c.html(
    <ReportsPage
      ctx={viewCtx(c)}
      projectId={projectId}
      plan={plan}
      reports={reports}
      preflight={{ period: preflight.period, counts: countFindings(preflight.findings) }}
      submitted={submitted}
      canGenerate={can(c.var.actor, 'report.generate', { projectId })}
      canSubmit={can(c.var.actor, 'report.submit', { projectId })}
    />,
  );
});

reportRoutes.post('/p/:id/reports', async (c) => {
  const projectId = c.req.param('id');
  const body = await c.req.parseBody();
  const jobId = await requestReport(db(c), {
    actor: c.var.actor,
    request: requestOf(projectId, body),
    clock: c.var.clock,
  });
  c.var.deps.jobs?.wake();
  return c.redirect(`${jobHref(projectId, jobId)}?format=${String(body.format)}`, 303);
});

const jobView = async (c: C) => {
  const projectId = c.req.param('id') ?? '';
  const { jobId } = parseParams(c, REPORT_JOB_PARAMS);
  const { format } = parseQuery(c, REPORT_JOB_QUERY);
  const job = await reportJobStatus(db(c), { actor: c.var.actor, projectId, jobId });
  return { projectId, job: { jobId, ...job }, format: format ?? null };
};

reportRoutes.get('/p/:id/reports/jobs/:jobId', async (c) => {
  const { projectId, job, format } = await jobView(c);
  const { plan } = await loadPlanOrThrow(db(c), projectId);
  return c.html(
    <ReportJobPage ctx={viewCtx(c)} projectId={projectId} plan={plan} job={job} format={format} />,
  );
});

reportRoutes.get('/p/:id/reports/jobs/:jobId/progress', async (c) => {
  const { projectId, job, format } = await jobView(c);
  return c.html(<ReportJobStatus ctx={viewCtx(c)} projectId={projectId} job={job} format={format} />);
});

reportRoutes.get('/p/:id/reports/:reportId/download/:format', async (c) => {
  const projectId = c.req.param('id');
  const { reportId, format } = parseParams(c, REPORT_FILE_PARAMS);
  const file = await getReportFile(db(c), { actor: c.var.actor, projectId, reportId, format });
  const etag = `"${file.sha256}"`;
  const headers = {
    'content-type': file.contentType,
    'content-disposition': `attachment; filename="${file.fileName.replace(/[^\w.-]/g, '_')}"`,
    etag,
    'cache-control': 'private, no-cache',
    'x-content-type-options': 'nosniff',
  };
  if (c.req.header('if-none-match') === etag) return c.body(null, 304, headers);
  return c.body(new Uint8Array(file.content), 200, headers);
});
