/**
 * The reports API under `/api/v1/projects/:id/reports`: the drafts and submitted reports, a draft's generation (the
 * web's `report.generate` job: 202 + Location of the job, polled), a stored file byte for byte, a submitted report's
 * signed manifest, the pre-flight's findings, and submission through the web's own `submitReport` behind the same
 * gate (pre-flight errors refuse, warnings need `accept_warnings: true`, and `confirm: true` as the page's box). The
 * use cases check who may do what (report.read / report.generate / report.submit); nothing is duplicated here.
 */
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { authorize } from '../auth/permissions';
import { keyFileOf, loadConfig } from '../config';
import { AppError, notFound } from '../errors';
import { LANGS, translate } from '../i18n';
import { isoDate, projectYear, uuidParam } from '../schema-pieces';
import type { AppEnv } from '../web/env';
import { parseParams, parseQuery } from '../web/query';
import { jsonObject } from '../records/api';
import { KIND_SLUGS } from '../records/kinds';
import { getReportFile, listReports, reportJobStatus, requestReport, type ReportListItem } from './generate';
import { REPORT_FORMATS } from './model';
import { countFindings, preflightPage, type PreflightFinding } from './preflight';
import { REPORT_FILE_PARAMS, REPORT_JOB_PARAMS } from './routes';
import { submitReport } from './submit';
import { listSubmitted, manifestFile, type SubmittedReport } from './submit-service';

type C = Context<AppEnv>;
const db = (c: C) => c.var.deps.database.db;
const BASE = '/api/v1/projects/:id/reports';
const baseOf = (projectId: string) => `/api/v1/projects/${projectId}/reports`;

/** The list's filter: drafts, submitted reports, or both. */
export const REPORTS_API_QUERY = { state: z.enum(['draft', 'submitted']).optional() };
/** The pre-flight's period: a year, a date range, or neither (the current project year). */
export const PREFLIGHT_API_QUERY = {
  year: projectYear.optional(),
  from: isoDate.optional(),
  to: isoDate.optional(),
};
export const REPORT_API_PARAMS = { reportId: uuidParam };

const period = {
  year: z.number().int().min(1).max(99).optional(),
  from: isoDate.optional(),
  to: isoDate.optional(),
};
/** A draft asked for: a year or from + to, the report's language and format. */
const generateBody = z.strictObject({
  ...period,
  lang: z.enum(LANGS),
  format: z.enum(REPORT_FORMATS),
});
/** A submission: the period, the language, the confirmation, the warnings' acknowledgement. */
const submitBody = z.strictObject({
  ...period,
  lang: z.enum(LANGS),
  confirm: z.literal(true, { error: 'reportSubmit.confirmRequired' }),
  accept_warnings: z.boolean().optional(),
});

/** A body that breaks its schema: 422 naming each field. */
function parseBody<T extends z.ZodType>(schema: T, body: unknown): z.output<T> {
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  throw new AppError({
    code: 'validation',
    status: 422,
    message: parsed.error.issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`).join('; '),
    details: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
  });
}

const periodOf = (b: { year?: number; from?: string; to?: string }) =>
  b.year !== undefined
    ? { year: b.year }
    : { ...(b.from !== undefined ? { from: b.from } : {}), ...(b.to !== undefined ? { to: b.to } : {}) };

function reportJson(projectId: string, r: ReportListItem, submitted?: SubmittedReport) {
  const here = `${baseOf(projectId)}/${r.id}`;
  return {
    id: r.id,
    scope: r.scope,
    year: r.year,
    from: r.from,
    to: r.to,
    lang: r.lang,
    state: r.state,
    created_at: r.createdAt.toISOString(),
    submitted_at: r.submittedAt?.toISOString() ?? null,
    submitted_by: submitted?.submittedBy ?? null,
    merkle_root: submitted?.merkleRoot ?? null,
    key_fingerprint: submitted?.keyFingerprint ?? null,
    files: r.files.map((f) => ({
      format: f.format,
      file_name: f.fileName,
      size: f.size,
      sha256: f.sha256,
      url: `${here}/files/${f.format}`,
    })),
    links: {
      self: here,
      manifest: r.state === 'submitted' ? `${here}/manifest` : null,
      web: `/p/${projectId}/reports`,
    },
  };
}

/** Every report of the project (drafts and submitted), newest first, with the submitted ones' root and key. */
async function reportsOf(c: C, projectId: string) {
  const actor = c.var.actor;
  const [all, submitted] = await Promise.all([
    listReports(db(c), { actor, projectId }),
    listSubmitted(db(c), { actor, projectId }),
  ]);
  const byId = new Map(submitted.map((s) => [s.id, s]));
  return all.map((r) => reportJson(projectId, r, byId.get(r.id)));
}

async function jobJson(c: C, projectId: string, jobId: number) {
  const job = await reportJobStatus(db(c), { actor: c.var.actor, projectId, jobId });
  return {
    job_id: jobId,
    state: job.state,
    progress: job.progress,
    done: job.done,
    report_id: job.reportId,
    error: job.error,
    links: {
      self: `${baseOf(projectId)}/jobs/${jobId}`,
      report: job.reportId ? `${baseOf(projectId)}/${job.reportId}` : null,
    },
  };
}

const findingJson = (projectId: string, f: PreflightFinding) => ({
  rule: f.rule,
  severity: f.severity,
  kind: f.kind,
  record_id: f.recordId,
  label: f.label,
  field: f.field ?? null,
  message: translate('en', f.messageKey, f.params),
  message_ja: translate('ja', f.messageKey, f.params),
  key: f.messageKey,
  params: f.params,
  url:
    f.kind !== 'project' && f.recordId
      ? `/api/v1/projects/${projectId}/${KIND_SLUGS[f.kind]}/${f.recordId}`
      : null,
  web: f.href,
});

/** A stored file's answer: its bytes as stored, sha256 as ETag, always an attachment. */
function fileAnswer(
  c: C,
  file: { bytes: Uint8Array; contentType: string; fileName: string; sha256: string },
) {
  const etag = `"${file.sha256}"`;
  const headers = {
    'content-type': file.contentType,
    'content-disposition': `attachment; filename="${file.fileName.replace(/[^\w.-]/g, '_')}"`,
    etag,
    'cache-control': 'private, no-cache',
    'x-content-type-options': 'nosniff',
  };
  if (c.req.header('if-none-match') === etag) return c.body(null, 304, headers);
  return c.body(new Uint8Array(file.bytes), 200, headers);
}

export const reportsApi = new Hono<AppEnv>();

reportsApi.get(BASE, async (c) => {
  const projectId = c.req.param('id');
  const { state } = parseQuery(c, REPORTS_API_QUERY);
  const data = await reportsOf(c, projectId);
  return c.json({ data: state ? data.filter((r) => r.state === state) : data });
});

reportsApi.post(BASE, async (c) => {
  const projectId = c.req.param('id');
  // Who may, before what they sent is read (a refusal never depends on the body).
  authorize(c.var.actor, 'report.generate', { projectId });
  const body = parseBody(generateBody, await jsonObject(c));
  const jobId = await requestReport(db(c), {
    actor: c.var.actor,
    request: { projectId, ...periodOf(body), lang: body.lang, format: body.format },
    clock: c.var.clock,
  });
  c.var.deps.jobs?.wake();
  return c.json(await jobJson(c, projectId, jobId), 202, { location: `${baseOf(projectId)}/jobs/${jobId}` });
});

reportsApi.get(`${BASE}/jobs/:jobId`, async (c) => {
  const { jobId } = parseParams(c, REPORT_JOB_PARAMS);
  return c.json(await jobJson(c, c.req.param('id') ?? '', jobId));
});

reportsApi.get(`${BASE}/preflight`, async (c) => {
  const projectId = c.req.param('id');
  const q = parseQuery(c, PREFLIGHT_API_QUERY);
  const p = await preflightPage(db(c), { actor: c.var.actor, projectId, ...q, clock: c.var.clock });
  return c.json({
    scope: p.period.scope,
    from: p.period.from,
    to: p.period.to,
    programme: p.programme,
    final: p.final,
    counts: countFindings(p.findings),
    findings: p.findings.map((f) => findingJson(projectId, f)),
  });
});

reportsApi.post(`${BASE}/submissions`, async (c) => {
  const projectId = c.req.param('id');
  authorize(c.var.actor, 'report.submit', { projectId });
  const body = parseBody(submitBody, await jsonObject(c));
  const r = await submitReport(db(c), {
    actor: c.var.actor,
    projectId,
    ...periodOf(body),
    lang: body.lang,
    clock: c.var.clock,
    keyFile: c.var.deps.keyFile ?? keyFileOf(loadConfig()),
    acceptWarnings: body.accept_warnings === true,
  });
  const here = `${baseOf(projectId)}/${r.reportId}`;
  return c.json(
    {
      report_id: r.reportId,
      scope: r.scope,
      lang: r.lang,
      merkle_root: r.merkleRoot,
      key_id: r.keyId,
      key_fingerprint: r.keyFingerprint,
      files: r.files,
      locked: r.locked,
      year: r.year,
      links: { self: here, manifest: `${here}/manifest` },
    },
    201,
    { location: here },
  );
});

reportsApi.get(`${BASE}/:reportId`, async (c) => {
  const projectId = c.req.param('id');
  const { reportId } = parseParams(c, REPORT_API_PARAMS);
  const found = (await reportsOf(c, projectId)).find((r) => r.id === reportId);
  if (!found) throw notFound('report');
  return c.json(found);
});

reportsApi.get(`${BASE}/:reportId/files/:format`, async (c) => {
  const projectId = c.req.param('id');
  const { reportId, format } = parseParams(c, REPORT_FILE_PARAMS);
  const file = await getReportFile(db(c), { actor: c.var.actor, projectId, reportId, format });
  return fileAnswer(c, { ...file, bytes: file.content });
});

reportsApi.get(`${BASE}/:reportId/manifest`, async (c) => {
  const projectId = c.req.param('id');
  const { reportId } = parseParams(c, REPORT_API_PARAMS);
  const file = await manifestFile(db(c), { actor: c.var.actor, projectId, reportId });
  return fileAnswer(c, { ...file, contentType: 'application/json' });
});
