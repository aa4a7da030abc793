/** The dashboard's yearly figures: frozen (closed years, with records reported late) or provisional, and the forms. */
import type { FC } from 'hono/jsx';
import { CsrfField } from '../../ui/form';
import { localize, type Plan } from '../../plan/schema';
import { formatDate, formatNumber, type Lang, type Translator } from '../../i18n';
import type { YearColumn } from '../years';

type Ctx = { lang: Lang; t: Translator };

const yearsBase = (projectId: string, year: number) => `/p/${projectId}/dashboard/years/${year}`;
export const lateHref = (projectId: string, year: number, kpiId: string) =>
  `${yearsBase(projectId, year)}/kpis/${encodeURIComponent(kpiId)}/late`;

const ColumnState: FC<Ctx & { y: YearColumn }> = ({ lang, t, y }) => {
  if (!y.closure) return <span class="badge warn provisional">{t('dash.years.provisional')}</span>;
  const date = formatDate(lang, y.closure.closedAt);
  return (
    <span class="badge closed">
      {y.closure.via === 'report'
        ? t('dash.years.closedByReport', { date })
        : t('dash.years.closed', { date })}
    </span>
  );
};

/** Close an open year; re-open or re-baseline a closed one (a reason is required for both). */
const YearForms: FC<Ctx & { projectId: string; y: YearColumn }> = ({ t, projectId, y }) => {
  const base = yearsBase(projectId, y.year);
  if (!y.closure) {
    return (
      <form method="post" action={`${base}/close`} class="year-close" data-year={String(y.year)}>
        <CsrfField />
        <button type="submit">{t('dash.years.close', { y: y.year })}</button>
      </form>
    );
  }
  return (
    <form method="post" action={`${base}/reopen`} class="year-change" data-year={String(y.year)}>
      <CsrfField />
      <label>
        {t('dash.years.reason')} <input type="text" name="reason" required maxlength={500} />
      </label>{' '}
      <button type="submit" formaction={`${base}/reopen`}>
        {t('dash.years.reopen', { y: y.year })}
      </button>{' '}
      <button type="submit" formaction={`${base}/rebaseline`}>
        {t('dash.years.rebaseline', { y: y.year })}
      </button>
    </form>
  );
};

export const YearsTable: FC<
  Ctx & { projectId: string; plan: Plan; years: YearColumn[]; canClose: boolean }
> = ({ lang, t, projectId, plan, years, canClose }) => {
  if (years.length === 0) return <p class="muted">{t('dash.snapshots.none')}</p>;
  return (
    <>
      <table class="snapshots">
        <thead>
          <tr>
            <th>{t('kpis.col.indicator')}</th>
            {years.map((y) => (
              <th class="num" data-year={String(y.year)} data-state={y.closure ? 'closed' : 'provisional'}>
                {t('dash.snapshots.year', { y: y.year, date: formatDate(lang, y.at) })}{' '}
                <ColumnState lang={lang} t={t} y={y} />
                {y.closure?.reason ? (
                  <small class="muted">{t('dash.years.reasonShown', { reason: y.closure.reason })}</small>
                ) : null}
              </th>
            ))}
            <th class="num">{t('dash.target')}</th>
          </tr>
        </thead>
        <tbody>
          {plan.kpis.map((k) => (
            <tr data-kpi={k.id}>
              <th scope="row">{localize(k.label, lang)}</th>
              {years.map((y) => {
                const f = y.figures.get(k.id);
                return (
                  <td
                    class={`num${y.closure ? '' : ' provisional'}`}
                    data-year={String(y.year)}
                    data-state={y.closure ? 'closed' : 'provisional'}
                  >
                    <span class="year-value">{f?.hasValue ? formatNumber(lang, f.value) : '—'}</span>
                    {f && f.late > 0 ? (
                      <>
                        {' '}
                        <a
                          class="late"
                          href={lateHref(projectId, y.year, k.id)}
                          title={t('dash.years.lateTitle', { y: y.year })}
                        >
                          {t('dash.years.late', { n: f.late })}
                        </a>
                      </>
                    ) : null}
                  </td>
                );
              })}
              <td class="num">
                {k.comparator === '>' ? '> ' : ''}
                {formatNumber(lang, k.target)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {canClose ? (
        <div class="year-forms">
          {years.map((y) => (
            <YearForms lang={lang} t={t} projectId={projectId} y={y} />
          ))}
        </div>
      ) : null}
    </>
  );
};
