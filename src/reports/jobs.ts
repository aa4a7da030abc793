/**
 * The `report.generate` job: assembles and renders a report for the user who asked (their rights re-checked when it
 * runs), stores it as a draft, and reports its progress (0..100) on the job row as the sections are assembled.
 */
import { z } from 'zod';
import { userActor } from '../auth/actors';
import { LANGS } from '../i18n';
import { defineJob, PermanentJobError, type JobContext } from '../jobs/define';
import { REPORT_FORMATS } from './model';

export const reportGeneratePayload = z.object({
  projectId: z.string().min(1).max(100),
  year: z.number().int().min(1).max(99).optional(),
  from: z.string().max(10).optional(),
  to: z.string().max(10).optional(),
  lang: z.enum(LANGS),
  format: z.enum(REPORT_FORMATS),
  /** Who asked (null: the system, e.g. a CLI run queued for later). */
  userId: z.string().max(100).nullable(),
});
export type ReportGeneratePayload = z.infer<typeof reportGeneratePayload>;

async function run(
  ctx: JobContext,
  p: ReportGeneratePayload,
): Promise<{ reportId: string; sha256?: string }> {
  const actor = p.userId ? await userActor(ctx.db, p.userId) : ctx.actor;
  if (!actor) throw new PermanentJobError('the user who asked for the report no longer exists');
  const { generateReport } = await import('./generate');
  // Progress writes are chained, one at a time, the latest value winning.
  let chain = Promise.resolve();
  const onProgress = (f: number) => {
    const done = Math.round(f * 100);
    chain = chain.then(() => ctx.progress(done, 100)).catch(() => undefined);
  };
  await ctx.progress(0, 100);
  const { userId: _userId, ...request } = p;
  void _userId;
  const { reportId } = await generateReport(ctx.db, { actor, request, clock: ctx.clock, onProgress });
  await chain;
  return { reportId };
}

export const reportGenerateJob = defineJob<ReportGeneratePayload>({
  kind: 'report.generate',
  payload: reportGeneratePayload,
  maxAttempts: 2,
  run,
});
