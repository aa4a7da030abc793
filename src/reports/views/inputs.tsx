/**
 * The report texts page: for the period, a box per text (summary, deviations, each KPI's comment) and language. A
 * refused save shows the page again with the typed text in its box and the error beside it.
 */
import type { FC } from 'hono/jsx';
import { formatDate } from '../../i18n';
import { localize, type Plan } from '../../plan/schema';
import { CsrfField, Notice } from '../../ui/form';
import { PlanPage, type ViewCtx } from '../../ui/parts';
import type { ReportPeriod } from '../model';
import { REPORT_LANGS, type ReportTextRow } from '../inputs-service';
import { FieldErrors, type Draft } from './draft';

export const periodQuery = (p: ReportPeriod): string =>
  p.year !== null ? `year=${p.year}` : `from=${p.from}&to=${p.to}`;

export const InputLinks: FC<{ ctx: ViewCtx; projectId: string }> = ({ ctx, projectId }) => (
  <p class="muted">
    {ctx.t('reportInputs.links')} <a href={`/p/${projectId}/reports/inputs`}>{ctx.t('reportInputs.title')}</a>{' '}
    · <a href={`/p/${projectId}/reports/deviations`}>{ctx.t('deviations.title')}</a> ·{' '}
    <a href={`/p/${projectId}/reports/recommendations`}>{ctx.t('recommendations.title')}</a>
  </p>
);

/** Every error of a refused text is shown beside its box (key, language and scope are the form's own). */
const onBody = (d: Draft['errors'][number]) => ({ ...d, path: 'body' });

export const InputsView: FC<{
  ctx: ViewCtx;
  projectId: string;
  plan: Plan;
  period: ReportPeriod;
  texts: ReportTextRow[];
  canWrite: boolean;
  saved: boolean;
  /** A refused save: its key, language, body and version (draft.values), and its errors. */
  draft?: Draft;
}> = ({ ctx, projectId, plan, period, texts, canWrite, saved, draft }) => {
  const { t, lang } = ctx;
  const dates = { from: formatDate(lang, period.from), to: formatDate(lang, period.to) };
  const periodText =
    period.year !== null
      ? t('preflight.periodYear', { y: period.year, ...dates })
      : t('preflight.periodRange', dates);
  const keys = [
    { key: 'summary', label: t('reportInputs.key.summary') },
    { key: 'deviations', label: t('reportInputs.key.deviations') },
    ...plan.kpis.map((k) => ({
      key: `kpi:${k.id}`,
      label: t('reportInputs.key.kpi', { kpi: `${k.id} — ${localize(k.label, lang)}` }),
    })),
  ];
  return (
    <PlanPage ctx={ctx} projectId={projectId} plan={plan} title={t('reportInputs.title')}>
      <h1>{t('reportInputs.title')}</h1>
      <InputLinks ctx={ctx} projectId={projectId} />
      <p>{t('reportInputs.intro', { period: periodText })}</p>
      {saved ? <Notice>{t('reportInputs.saved')}</Notice> : null}
      {canWrite ? null : <p class="muted">{t('reportInputs.readOnly')}</p>}
      {keys.map(({ key, label }) => (
        <section id={`text-${key.replace(':', '-')}`}>
          <h2>{label}</h2>
          {REPORT_LANGS.map((l) => {
            const row = texts.find((x) => x.key === key && x.lang === l);
            const typed = draft?.values.key === key && draft.values.lang === l ? draft : undefined;
            const body = typed ? String(typed.values.body ?? '') : (row?.body ?? '');
            const version = typed ? String(typed.values.version ?? '0') : String(row?.version ?? 0);
            const invalid = typed ? { 'aria-invalid': 'true', 'aria-describedby': 'err-body' } : {};
            return (
              <form method="post" action={`/p/${projectId}/reports/inputs`} class="report-text">
                <CsrfField />
                <input type="hidden" name="scope" value={period.scope} />
                <input type="hidden" name="key" value={key} />
                <input type="hidden" name="lang" value={l} />
                <input type="hidden" name="version" value={version} />
                <label>
                  {t(`reportInputs.lang.${l}`)}
                  <textarea name="body" rows={4} lang={l} readonly={!canWrite} {...invalid}>
                    {body}
                  </textarea>
                  {typed ? (
                    <FieldErrors
                      ctx={ctx}
                      draft={{ ...typed, errors: typed.errors.map(onBody) }}
                      name="body"
                    />
                  ) : null}
                </label>
                {canWrite ? <button type="submit">{t('reportInputs.save')}</button> : null}
              </form>
            );
          })}
        </section>
      ))}
    </PlanPage>
  );
};
