/**
 * Generating a report: request one (a `report.generate` job, permission checked first), make one (assemble, render,
 * store a draft `reports` row with its file, audited), list the generated and submitted reports, read a stored file.
 */
import { createHash } from 'node:crypto';
import { and, desc, eq } from 'drizzle-orm';
import { z } from 'zod';
import { appendAudit } from '../audit/chain';
import { actorId, authorize, type Actor } from '../auth/permissions';
import type { Db } from '../db/client';
import { jobs, reportFiles, reports } from '../db/schema';
import { notFound } from '../errors';
import { LANGS, type Lang } from '../i18n';
import { enqueue } from '../jobs/queue';
import { loadPlanOrThrow } from '../kpi/service';
import type { Clock } from '../lib/clock';
import { newId } from '../lib/ids';
import { assembleReport } from './assemble';
import { REPORT_FORMATS, type RenderedReport, type ReportFormat, type ReportModel } from './model';
import { resolvePeriod } from './period';
import { renderReport } from './render';
import { reportGenerateJob } from './jobs';

/** What a report is asked for: a project year or a date range, a language, a format. */
export const reportRequestSchema = z.object({
  projectId: z.string().min(1).max(100),
  year: z.number().int().min(1).max(99).optional(),
  from: z.string().max(10).optional(),
  to: z.string().max(10).optional(),
  lang: z.enum(LANGS),
  format: z.enum(REPORT_FORMATS),
});
export type ReportRequest = z.infer<typeof reportRequestSchema>;

const periodOf = (r: Pick<ReportRequest, 'year' | 'from' | 'to'>) => ({
  ...(r.year !== undefined ? { year: r.year } : {}),
  ...(r.from !== undefined ? { from: r.from } : {}),
  ...(r.to !== undefined ? { to: r.to } : {}),
});

/** Checks the request (permission, period) and queues the job; returns its id. */
export async function requestReport(
  db: Db,
  opts: { actor: Actor; request: ReportRequest; clock: Clock },
): Promise<number> {
  const { actor, request } = opts;
  authorize(actor, 'report.generate', { projectId: request.projectId });
  const { plan } = await loadPlanOrThrow(db, request.projectId);
  resolvePeriod(plan, periodOf(request));
  const { id } = await enqueue(db, {
    job: reportGenerateJob,
    payload: { ...request, userId: actor.kind === 'user' ? actor.userId : null },
    projectId: request.projectId,
    idempotencyKey: newId(),
    createdBy: actorId(actor),
    clock: opts.clock,
  });
  return id;
}

const figuresOf = (m: ReportModel) =>
  m.kpis.map((k) => ({
    kpi: k.id,
    value: k.value,
    hasValue: k.hasValue,
    target: k.target,
    status: k.status,
    forecast: k.forecast,
    parts: k.parts.map((p) => ({ id: p.id, value: p.value, target: p.target })),
  }));

/** Assembles and renders a report, then stores it as a draft with its file (audited `report.generate`). */
export async function generateReport(
  db: Db,
  opts: {
    actor: Actor;
    request: ReportRequest;
    clock: Clock;
    onProgress?: (fraction: number) => void;
  },
): Promise<{ reportId: string; file: RenderedReport }> {
  const { actor, request } = opts;
  authorize(actor, 'report.generate', { projectId: request.projectId });
  // Assembly is 90 % of the bar, rendering the rest.
  const model = await assembleReport(db, {
    actor,
    projectId: request.projectId,
    ...periodOf(request),
    lang: request.lang,
    clock: opts.clock,
    onProgress: (f) => opts.onProgress?.(f * 0.9),
  });
  const file = await renderReport(model, request.format);
  opts.onProgress?.(0.95);
  const sha = createHash('sha256').update(file.bytes).digest('hex');
  const reportId = newId();
  await db.transaction(async (tx) => {
    await tx.insert(reports).values({
      id: reportId,
      projectId: request.projectId,
      scope: model.period.scope,
      year: model.period.year,
      fromDate: model.period.from,
      toDate: model.period.to,
      lang: model.lang,
      state: 'draft',
      planVersion: model.planVersion,
      auditSeq: model.audit.seq,
      auditHead: model.audit.head,
      figures: figuresOf(model),
      createdBy: actorId(actor),
    });
    await tx.insert(reportFiles).values({
      reportId,
      format: file.format,
      fileName: file.fileName,
      contentType: file.contentType,
      sha256: sha,
      size: file.bytes.byteLength,
      content: file.bytes,
    });
    await appendAudit(tx, {
      projectId: request.projectId,
      actor,
      action: 'report.generate',
      entityType: 'report',
      entityId: reportId,
      after: { scope: model.period.scope, lang: model.lang, format: file.format, sha256: sha },
    });
  });
  opts.onProgress?.(1);
  return { reportId, file };
}

export interface ReportListItem {
  id: string;
  scope: string;
  year: number | null;
  from: string;
  to: string;
  lang: Lang;
  state: string;
  createdAt: Date;
  submittedAt: Date | null;
  files: Array<{ format: ReportFormat; fileName: string; size: number; sha256: string }>;
}

/** The project's reports, newest first, with their files (not their bytes). */
export async function listReports(
  db: Db,
  opts: { actor: Actor; projectId: string },
): Promise<ReportListItem[]> {
  authorize(opts.actor, 'report.read', { projectId: opts.projectId });
  const rows = await db
    .select({
      id: reports.id,
      scope: reports.scope,
      year: reports.year,
      from: reports.fromDate,
      to: reports.toDate,
      lang: reports.lang,
      state: reports.state,
      createdAt: reports.createdAt,
      submittedAt: reports.submittedAt,
      format: reportFiles.format,
      fileName: reportFiles.fileName,
      size: reportFiles.size,
      sha256: reportFiles.sha256,
    })
    .from(reports)
    .leftJoin(reportFiles, eq(reportFiles.reportId, reports.id))
    .where(eq(reports.projectId, opts.projectId))
    .orderBy(desc(reports.createdAt), reports.id, reportFiles.format);
  const out = new Map<string, ReportListItem>();
  for (const r of rows) {
    const item = out.get(r.id) ?? {
      id: r.id,
      scope: r.scope,
      year: r.year,
      from: String(r.from),
      to: String(r.to),
      lang: r.lang as Lang,
      state: r.state,
      createdAt: r.createdAt,
      submittedAt: r.submittedAt,
      files: [],
    };
    if (r.format && r.fileName && r.size !== null && r.sha256)
      item.files.push({
        format: r.format as ReportFormat,
        fileName: r.fileName,
        size: r.size,
        sha256: r.sha256,
      });
    out.set(r.id, item);
  }
  return [...out.values()];
}

/** A stored report file, byte for byte (report.read). */
export async function getReportFile(
  db: Db,
  opts: { actor: Actor; projectId: string; reportId: string; format: ReportFormat },
) {
  authorize(opts.actor, 'report.read', { projectId: opts.projectId });
  const [row] = await db
    .select({
      fileName: reportFiles.fileName,
      contentType: reportFiles.contentType,
      sha256: reportFiles.sha256,
      content: reportFiles.content,
    })
    .from(reportFiles)
    .innerJoin(reports, eq(reports.id, reportFiles.reportId))
    .where(
      and(
        eq(reports.projectId, opts.projectId),
        eq(reportFiles.reportId, opts.reportId),
        eq(reportFiles.format, opts.format),
      ),
    );
  if (!row) throw notFound('report file');
  return row;
}

/** A report job as the page shows it: its state, progress 0..1, the report it made or why it failed. */
export async function reportJobStatus(
  db: Db,
  opts: { actor: Actor; projectId: string; jobId: number },
): Promise<{
  state: string;
  progress: number;
  reportId: string | null;
  error: string | null;
  done: boolean;
}> {
  authorize(opts.actor, 'report.read', { projectId: opts.projectId });
  const [row] = await db
    .select()
    .from(jobs)
    .where(
      and(eq(jobs.id, opts.jobId), eq(jobs.kind, reportGenerateJob.kind), eq(jobs.projectId, opts.projectId)),
    );
  if (!row) throw notFound('report job');
  const done = row.state === 'succeeded' || row.state === 'failed' || row.state === 'cancelled';
  const result = (row.result ?? null) as { reportId?: string } | null;
  return {
    state: row.state,
    progress:
      row.state === 'succeeded' ? 1 : row.progressTotal ? (row.progressDone ?? 0) / row.progressTotal : 0,
    reportId: row.state === 'succeeded' ? (result?.reportId ?? null) : null,
    error:
      row.state === 'failed' || row.state === 'cancelled'
        ? ((row.lastError ?? row.state).split('\n')[0] ?? null)
        : null,
    done,
  };
}
