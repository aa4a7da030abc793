/** The submit page (what will be submitted, the pre-flight as its gate, the confirmation), and the submitted reports' table. */
import type { FC } from 'hono/jsx';
import { localize } from '../../plan/schema';
import { formatDate, formatDateTime, formatId, formatNumber, type Lang } from '../../i18n';
import { projectYears, yearWindow } from '../../kpi/snapshots';
import { CsrfField, FormErrors } from '../../ui/form';
import { languageName, PlanPage, type ViewCtx } from '../../ui/parts';
import type { ErrorDetail } from '../../errors';
import type { ReportPeriod } from '../model';
import type { PreflightFinding } from '../preflight';
import type { SubmitPreview, SubmittedReport } from '../submit-service';
import { findingText } from './preflight';
import { downloadHref } from './reports-page';

export const submitHref = (projectId: string) => `/p/${projectId}/reports/submit`;
export const manifestHref = (projectId: string, reportId: string) =>
  `/p/${projectId}/reports/${reportId}/manifest.json`;

/** `year=1` or `from=…&to=…`: the period as a query string. */
export const periodQuery = (p: Pick<ReportPeriod, 'year' | 'from' | 'to'>): string =>
  p.year !== null ? `year=${formatId(p.year)}` : `from=${p.from}&to=${p.to}`;

export const periodText = (ctx: ViewCtx, p: Pick<ReportPeriod, 'year' | 'from' | 'to'>): string => {
  const dates = { from: formatDate(ctx.lang, p.from), to: formatDate(ctx.lang, p.to) };
  return p.year !== null
    ? ctx.t('preflight.periodYear', { y: p.year, ...dates })
    : ctx.t('preflight.periodRange', dates);
};

/** The pre-flight's counts for a period with a link to its page (the reports page and the submit page show it). */
export const PreflightSummary: FC<{
  ctx: ViewCtx;
  projectId: string;
  period: ReportPeriod;
  counts: { error: number; warning: number };
}> = ({ ctx, projectId, period, counts }) => {
  const { t } = ctx;
  const none = counts.error === 0 && counts.warning === 0;
  return (
    <p
      id="preflight-summary"
      class={counts.error > 0 ? 'notice bad' : 'notice'}
      data-errors={String(counts.error)}
      data-warnings={String(counts.warning)}
    >
      {none
        ? t('reportSubmit.summaryNone', { period: periodText(ctx, period) })
        : t('reportSubmit.summary', {
            period: periodText(ctx, period),
            errors: counts.error,
            warnings: counts.warning,
          })}{' '}
      <a href={`/p/${projectId}/reports/preflight?${periodQuery(period)}`}>
        {t('reportSubmit.preflightLink')}
      </a>
    </p>
  );
};

/** The submitted reports: scope, language, time, submitter, root, fingerprint, files and manifest. */
export const SubmittedTable: FC<{ ctx: ViewCtx; projectId: string; reports: SubmittedReport[] }> = ({
  ctx,
  projectId,
  reports,
}) => {
  const { t, lang } = ctx;
  return (
    <table id="submitted-list">
      <thead>
        <tr>
          <th scope="col">{t('reports.list.period')}</th>
          <th scope="col">{t('reports.field.lang')}</th>
          <th scope="col">{t('reportSubmit.time')}</th>
          <th scope="col">{t('reportSubmit.root')}</th>
          <th scope="col">{t('reportSubmit.files')}</th>
        </tr>
      </thead>
      <tbody>
        {reports.map((r) => (
          <tr data-report={r.id}>
            <td>{periodText(ctx, r)}</td>
            <td>{languageName(lang, r.lang)}</td>
            <td>
              {t('reportSubmit.submitted', { date: formatDateTime(lang, r.submittedAt), who: r.submittedBy })}
            </td>
            <td>
              <code data-root>{r.merkleRoot}</code>
              <br />
              <small class="muted">
                {t('reportSubmit.fingerprint')} <code data-fingerprint>{r.keyFingerprint}</code>
              </small>
            </td>
            <td>
              <ul class="plain">
                {r.files.map((f) => (
                  <li>
                    <a
                      href={downloadHref(projectId, r.id, f.format)}
                      download={f.fileName}
                      hx-boost="false"
                      data-format={f.format}
                      data-sha256={f.sha256}
                    >
                      {t('reportSubmit.file', {
                        name: f.fileName,
                        kb: formatNumber(lang, Math.ceil(f.size / 1024)),
                        sha: f.sha256.slice(0, 12),
                      })}
                    </a>
                  </li>
                ))}
                <li>
                  <a href={manifestHref(projectId, r.id)} download hx-boost="false" data-manifest>
                    {t('reportSubmit.manifest')}
                  </a>
                </li>
              </ul>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
};

const PeriodChoice: FC<{ ctx: ViewCtx; projectId: string; preview: SubmitPreview }> = ({
  ctx,
  projectId,
  preview,
}) => {
  const { t } = ctx;
  const { plan, period } = preview;
  const years = Array.from({ length: projectYears(plan) }, (_, i) => i + 1);
  const langs: Lang[] = ['en', 'ja'];
  return (
    <form method="get" action={submitHref(projectId)} class="filters" aria-label={t('reportSubmit.choose')}>
      <label>
        {t('preflight.year')}{' '}
        <select name="year">
          {years.map((y) => {
            const w = yearWindow(plan, y);
            return (
              <option value={String(y)} selected={period.year === y}>
                {t('report.period.year', { year: y, from: w.from, to: w.to })}
              </option>
            );
          })}
        </select>
      </label>{' '}
      <label>
        {t('reportSubmit.lang')}{' '}
        <select name="report_lang">
          {langs.map((l) => (
            <option value={l} selected={l === preview.lang}>
              {languageName(ctx.lang, l)}
            </option>
          ))}
        </select>
      </label>{' '}
      <button type="submit">{t('reportSubmit.show')}</button>
    </form>
  );
};

const Findings: FC<{ ctx: ViewCtx; findings: PreflightFinding[] }> = ({ ctx, findings }) => (
  <ul id="submit-findings">
    {findings.map((f) => (
      <li data-rule={f.rule} data-severity={f.severity} data-id={f.recordId ?? ''}>
        <strong>{ctx.t(`preflight.severity.${f.severity}`)}</strong> ·{' '}
        {f.label ?? ctx.t('preflight.wholeProject')}: {findingText(ctx, f)}{' '}
        <a href={f.href}>{ctx.t('preflight.fix')}</a>
      </li>
    ))}
  </ul>
);

export interface SubmitPageProps {
  ctx: ViewCtx;
  projectId: string;
  preview: SubmitPreview;
  formats: string[];
  /** After a successful submission. */
  done?: boolean;
  /** A refused POST: its message and details. */
  error?: { message: string; details: ErrorDetail[] };
}

export const SubmitPage: FC<SubmitPageProps> = ({ ctx, projectId, preview, formats, done, error }) => {
  const { t, lang } = ctx;
  const { period, counts, submitted } = preview;
  return (
    <PlanPage ctx={ctx} projectId={projectId} plan={preview.plan} title={t('reportSubmit.title')}>
      <h1>{t('reportSubmit.title')}</h1>
      <p>{t('reportSubmit.intro')}</p>
      <PeriodChoice ctx={ctx} projectId={projectId} preview={preview} />
      {done ? (
        <p class="notice" role="status" id="submit-done">
          {t('reportSubmit.done')}
        </p>
      ) : null}
      {error ? <FormErrors t={t} message={error.message} details={error.details} /> : null}
      <dl class="facts">
        <dt>{t('reportSubmit.scope')}</dt>
        <dd data-scope={period.scope}>{periodText(ctx, period)}</dd>
        <dt>{t('reportSubmit.lang')}</dt>
        <dd>{languageName(lang, preview.lang)}</dd>
        {submitted ? null : (
          <>
            <dt>{t('reportSubmit.formats')}</dt>
            <dd>{formats.map((f) => f.toUpperCase()).join(', ')}</dd>
          </>
        )}
      </dl>
      {submitted ? (
        <section id="submitted" data-report={submitted.id}>
          <p class="notice">{t('reportSubmit.already')}</p>
          <SubmittedTable ctx={ctx} projectId={projectId} reports={[submitted]} />
          <p class="muted">{t('reportSubmit.verifyHint')}</p>
        </section>
      ) : (
        <>
          <h2>{t('reportSubmit.figures')}</h2>
          <table id="submit-figures">
            <thead>
              <tr>
                <th scope="col">{t('report.col.kpi')}</th>
                <th scope="col">{t('report.col.target')}</th>
                <th scope="col">{t('report.col.value')}</th>
                <th scope="col">{t('report.col.status')}</th>
              </tr>
            </thead>
            <tbody>
              {preview.kpis.map((k) => (
                <tr data-kpi={k.id}>
                  <th scope="row">{localize(k.label, lang)}</th>
                  <td>{k.targetText}</td>
                  <td data-value={String(k.value)}>{k.hasValue ? formatNumber(lang, k.value) : '—'}</td>
                  <td>{k.status ? t(`dash.status.${k.status}`) : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <h2>{t('preflight.title')}</h2>
          <PreflightSummary ctx={ctx} projectId={projectId} period={period} counts={counts} />
          {preview.findings.length > 0 ? <Findings ctx={ctx} findings={preview.findings} /> : null}
          {counts.error > 0 ? (
            <p class="form-errors" role="alert" id="submit-blocked">
              {t('error.preflight_errors', { errors: counts.error, warnings: counts.warning })}
            </p>
          ) : (
            <form method="post" action={submitHref(projectId)} class="card narrow" id="submit-report">
              <CsrfField />
              {period.year !== null ? (
                <input type="hidden" name="year" value={String(period.year)} />
              ) : (
                <>
                  <input type="hidden" name="from" value={period.from} />
                  <input type="hidden" name="to" value={period.to} />
                </>
              )}
              <input type="hidden" name="lang" value={preview.lang} />
              {counts.warning > 0 ? (
                <p>
                  <label>
                    <input type="checkbox" name="accept_warnings" value="yes" required />{' '}
                    {t('reportSubmit.acceptWarnings', { warnings: counts.warning })}
                  </label>
                </p>
              ) : null}
              <p>
                <label>
                  <input type="checkbox" name="confirm" value="yes" required /> {t('reportSubmit.confirm')}
                </label>
              </p>
              <button type="submit" class="danger">
                {t('reportSubmit.button')}
              </button>
            </form>
          )}
        </>
      )}
    </PlanPage>
  );
};
