/** The reports page: the form to generate one (year or range, language, format), the job's progress, the list with downloads. */
import type { FC } from 'hono/jsx';
import { formatDateTime, formatId, formatNumber, type Lang } from '../../i18n';
import type { Plan } from '../../plan/schema';
import { CsrfField } from '../../ui/form';
import { languageName, PlanPage, type ViewCtx } from '../../ui/parts';
import type { ReportListItem } from '../generate';
import { REPORT_FORMATS, type ReportPeriod } from '../model';
import type { SubmittedReport } from '../submit-service';
import { periodQuery, PreflightSummary, SubmittedTable, submitHref } from './submit';
import { projectYears, yearWindow } from '../../kpi/snapshots';

export const reportsHref = (projectId: string) => `/p/${projectId}/reports`;
export const downloadHref = (projectId: string, reportId: string, format: string) =>
  `/p/${projectId}/reports/${reportId}/download/${format}`;
export const jobHref = (projectId: string, jobId: number) =>
  `/p/${projectId}/reports/jobs/${formatId(jobId)}`;

const scopeText = (ctx: ViewCtx, r: Pick<ReportListItem, 'year' | 'from' | 'to'>) =>
  r.year !== null
    ? ctx.t('report.period.year', { year: r.year, from: r.from, to: r.to })
    : ctx.t('report.period.range', { from: r.from, to: r.to });

const GenerateForm: FC<{ ctx: ViewCtx; projectId: string; plan: Plan }> = ({ ctx, projectId, plan }) => {
  const { t } = ctx;
  const years = Array.from({ length: projectYears(plan) }, (_, i) => i + 1);
  const langs: Lang[] = ['en', 'ja'];
  return (
    <form method="post" action={reportsHref(projectId)} class="card report-form" id="generate-report">
      <CsrfField />
      <h2>{t('reports.generate.title')}</h2>
      <fieldset>
        <legend>{t('reports.field.period')}</legend>
        <label>
          <input type="radio" name="period" value="year" checked /> {t('reports.field.year')}{' '}
          <select name="year" aria-label={t('reports.field.year')}>
            {years.map((y) => {
              const w = yearWindow(plan, y);
              return (
                <option value={String(y)}>
                  {t('report.period.year', { year: y, from: w.from, to: w.to })}
                </option>
              );
            })}
          </select>
        </label>
        <label>
          <input type="radio" name="period" value="range" /> {t('reports.field.range')}{' '}
          <input type="date" name="from" aria-label={t('reports.field.from')} /> –{' '}
          <input type="date" name="to" aria-label={t('reports.field.to')} />
        </label>
      </fieldset>
      <label>
        {t('reports.field.lang')}{' '}
        <select name="lang">
          {langs.map((l) => (
            <option value={l} selected={l === ctx.lang}>
              {languageName(ctx.lang, l)}
            </option>
          ))}
        </select>
      </label>{' '}
      <label>
        {t('reports.field.format')}{' '}
        <select name="format">
          {REPORT_FORMATS.map((f) => (
            <option value={f} selected={f === 'pdf'}>
              {f.toUpperCase()}
            </option>
          ))}
        </select>
      </label>{' '}
      <button type="submit">{t('reports.generate.submit')}</button>
    </form>
  );
};

export const ReportsPage: FC<{
  ctx: ViewCtx;
  projectId: string;
  plan: Plan;
  reports: ReportListItem[];
  /** The pre-flight of the chosen period (default: the current project year): counts, linked to its page. */
  preflight: { period: ReportPeriod; counts: { error: number; warning: number } };
  submitted: SubmittedReport[];
  canGenerate: boolean;
  canSubmit: boolean;
}> = ({ ctx, projectId, plan, reports, preflight, submitted, canGenerate, canSubmit }) => {
  const { t, lang } = ctx;
  return (
    <PlanPage ctx={ctx} projectId={projectId} plan={plan} title={t('reports.title')}>
      <h1>{t('reports.title')}</h1>
      <p>{t('reports.intro')}</p>
      <nav aria-label={t('reports.title')}>
        <ul>
          {(
            [
              ['preflight', 'preflight.title'],
              ['portal', 'portal.title'],
              ['inputs', 'reportInputs.title'],
              ['deviations', 'deviations.title'],
              ['recommendations', 'recommendations.title'],
              ['key', 'reportSubmit.key.title'],
            ] as const
          ).map(([path, key]) => (
            <li>
              <a href={`/p/${encodeURIComponent(projectId)}/reports/${path}`}>{t(key)}</a>
            </li>
          ))}
          <li>
            <a href={`/p/${encodeURIComponent(projectId)}/signoff`}>{t('signoff.link')}</a>
          </li>
        </ul>
      </nav>
      <PreflightSummary ctx={ctx} projectId={projectId} period={preflight.period} counts={preflight.counts} />
      {canSubmit ? (
        <p>
          <a
            class="button"
            id="open-submit"
            href={`${submitHref(projectId)}?${periodQuery(preflight.period)}&report_lang=${lang}`}
          >
            {t('reportSubmit.open')}
          </a>
        </p>
      ) : null}
      {canGenerate ? <GenerateForm ctx={ctx} projectId={projectId} plan={plan} /> : null}
      <h2>{t('reportSubmit.list')}</h2>
      {submitted.length === 0 ? (
        <p class="muted">{t('reportSubmit.noneYet')}</p>
      ) : (
        <SubmittedTable ctx={ctx} projectId={projectId} reports={submitted} />
      )}
      <h2>{t('reports.list.title')}</h2>
      {reports.length === 0 ? (
        <p class="muted">{t('reports.list.empty')}</p>
      ) : (
        <table id="report-list">
          <thead>
            <tr>
              <th scope="col">{t('reports.list.period')}</th>
              <th scope="col">{t('reports.field.lang')}</th>
              <th scope="col">{t('reports.list.state')}</th>
              <th scope="col">{t('reports.list.created')}</th>
              <th scope="col">{t('reports.list.files')}</th>
            </tr>
          </thead>
          <tbody>
            {reports.map((r) => (
              <tr data-report={r.id} data-state={r.state}>
                <td>{scopeText(ctx, r)}</td>
                <td>{languageName(lang, r.lang)}</td>
                <td>{t(r.state === 'submitted' ? 'reports.state.submitted' : 'reports.state.draft')}</td>
                <td>{formatDateTime(lang, r.submittedAt ?? r.createdAt)}</td>
                <td>
                  {r.files.map((f) => (
                    <a
                      href={downloadHref(projectId, r.id, f.format)}
                      download={f.fileName}
                      hx-boost="false"
                      title={`SHA-256 ${f.sha256}`}
                    >
                      {f.format.toUpperCase()} (
                      {t('reports.list.size', { kb: formatNumber(lang, Math.ceil(f.size / 1024)) })})
                    </a>
                  ))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </PlanPage>
  );
};

export interface JobView {
  jobId: number;
  state: string;
  progress: number;
  reportId: string | null;
  error: string | null;
  done: boolean;
}

/** The job's progress (polls itself every 500 ms with htmx until done), then the download link or the failure. */
export const ReportJobStatus: FC<{
  ctx: ViewCtx;
  projectId: string;
  job: JobView;
  format: string | null;
}> = ({ ctx, projectId, job, format }) => {
  const { t } = ctx;
  const self = jobHref(projectId, job.jobId);
  if (!job.done)
    return (
      <div
        id="report-status"
        class="report-progress"
        hx-get={`${self}/progress`}
        hx-trigger="every 500ms"
        hx-swap="outerHTML"
        aria-live="polite"
        data-state={job.state}
      >
        <progress max={100} value={Math.round(job.progress * 100)}></progress>
        <p>{t('reports.job.running', { percent: Math.round(job.progress * 100) })}</p>
        <p class="muted">
          <a href={self}>{t('reports.job.refresh')}</a>
        </p>
      </div>
    );
  return (
    <div id="report-status" role="status" data-state={job.state}>
      {job.error || !job.reportId ? (
        <div class="form-errors" role="alert">
          <p>{t('reports.job.failed', { message: job.error ?? job.state })}</p>
        </div>
      ) : (
        <p>
          {t('reports.job.done')}{' '}
          {format ? (
            <a href={downloadHref(projectId, job.reportId, format)}>{t('reports.job.download')}</a>
          ) : null}
        </p>
      )}
      <p>
        <a href={reportsHref(projectId)}>← {t('reports.title')}</a>
      </p>
    </div>
  );
};

export const ReportJobPage: FC<{
  ctx: ViewCtx;
  projectId: string;
  plan: Plan;
  job: JobView;
  format: string | null;
}> = (props) => (
  <PlanPage
    ctx={props.ctx}
    projectId={props.projectId}
    plan={props.plan}
    title={props.ctx.t('reports.job.title')}
  >
    <h1>{props.ctx.t('reports.job.title')}</h1>
    <ReportJobStatus {...props} />
  </PlanPage>
);
