/**
 * A large PDF's check as a job (src/brand/jobs.ts): POST /p/:id/brand/check redirects here; the page polls
 * …/progress with htmx until the job is done, then shows the result (and the evidence form for a clean file) like a
 * small upload's. Only whoever asked sees the job.
 */
import { Hono, type Context } from 'hono';
import type { FC } from 'hono/jsx';
import { loadPlanOrThrow } from '../kpi/service';
import { wholeNumber } from '../schema-pieces';
import { viewCtx } from '../ui/context';
import { PlanPage, type ViewCtx } from '../ui/parts';
import type { AppEnv } from '../web/env';
import { parseParams } from '../web/query';
import { attachableActivities } from './evidence';
import { brandJobStatus, type BrandJobView } from './jobs';
import type { CheckOutcome } from './service';
import { checkHref, CheckResult, type EvidenceChoice } from './views/check';

type C = Context<AppEnv>;

export const BRAND_JOB_PARAMS = { jobId: wholeNumber({ min: 1, max: 2_147_483_647 }) };
export const brandJobHref = (projectId: string, jobId: number) => `${checkHref(projectId)}/jobs/${jobId}`;

async function jobView(c: C) {
  const projectId = c.req.param('id') ?? '';
  const { jobId } = parseParams(c, BRAND_JOB_PARAMS);
  const job = await brandJobStatus(c.var.deps.database.db, { actor: c.var.actor, projectId, jobId });
  let evidence: EvidenceChoice | undefined;
  const r = job.result;
  if (r && r.errors === 0)
    evidence = {
      sha256: r.sha256,
      fileName: r.file,
      context: r.context,
      notEvidence: !r.pending,
      activities: r.pending
        ? await attachableActivities(c.var.deps.database.db, { actor: c.var.actor, projectId })
        : [],
    };
  return { projectId, job, evidence };
}

const outcomeOf = (job: BrandJobView): CheckOutcome | undefined => {
  const r = job.result;
  if (!r) return undefined;
  return {
    result: { file: r.file, ...(r.kind ? { kind: r.kind } : {}), diagnostics: r.diagnostics },
    sha256: r.sha256,
    size: r.size,
    context: r.context,
    errors: r.errors,
    warnings: r.warnings,
    notes: r.notes,
  };
};

export const BrandJobStatus: FC<{
  ctx: ViewCtx;
  projectId: string;
  job: BrandJobView;
  evidence?: EvidenceChoice;
}> = ({ ctx, projectId, job, evidence }) => {
  const { t } = ctx;
  const self = brandJobHref(projectId, job.jobId);
  const outcome = outcomeOf(job);
  if (!job.done)
    return (
      <div
        id="brand-job"
        class="report-progress"
        hx-get={`${self}/progress`}
        hx-trigger="every 500ms"
        hx-swap="outerHTML"
        aria-live="polite"
        data-state={job.state}
      >
        <progress
          max={100}
          value={job.state === 'running' ? 50 : 0}
          aria-label={t('brand.job.title')}
        ></progress>
        <p>{job.state === 'queued' ? t('brand.job.queued') : t('brand.job.running')}</p>
        <p class="muted">
          <a href={self}>{t('brand.job.refresh')}</a>
        </p>
      </div>
    );
  return (
    <div id="brand-job" data-state={job.state}>
      {outcome ? (
        <CheckResult ctx={ctx} projectId={projectId} outcome={outcome} evidence={evidence} />
      ) : (
        <div class="form-errors" role="alert">
          <p>{t('brand.job.failed', { message: job.error ?? job.state })}</p>
        </div>
      )}
      <p>
        <a href={checkHref(projectId)}>← {t('brand.page.back')}</a>
      </p>
    </div>
  );
};

export const brandJobRoutes = new Hono<AppEnv>();

brandJobRoutes.get('/p/:id/brand/check/jobs/:jobId', async (c) => {
  const { projectId, job, evidence } = await jobView(c);
  const { plan } = await loadPlanOrThrow(c.var.deps.database.db, projectId);
  const ctx = viewCtx(c);
  return c.html(
    <PlanPage ctx={ctx} projectId={projectId} plan={plan} title={ctx.t('brand.job.title')}>
      <h1>{ctx.t('brand.job.title')}</h1>
      <BrandJobStatus ctx={ctx} projectId={projectId} job={job} evidence={evidence} />
    </PlanPage>,
  );
});

brandJobRoutes.get('/p/:id/brand/check/jobs/:jobId/progress', async (c) => {
  const { projectId, job, evidence } = await jobView(c);
  return c.html(<BrandJobStatus ctx={viewCtx(c)} projectId={projectId} job={job} evidence={evidence} />);
});
