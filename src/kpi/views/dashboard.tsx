/** The monitoring dashboard of a project: attention list, KPI cards, progress chart, Gantt, deliverables, partners. */
import type { FC } from 'hono/jsx';
import { raw } from 'hono/html';
import { localize } from '../../plan/schema';
import { PlanPage, type ViewCtx } from '../../projects/views/shared';
import { formatDate } from '../../web/i18n';
import { progressChart, type Palette } from '../charts';
import type { Dashboard } from '../dashboard-service';
import { Gantt } from './gantt';
import { KpiCards } from './kpi-cards';
import { AttentionList, ContributionMatrix, DeliverablesTable, SnapshotsTable } from './tables';

export interface DashboardQueryView {
  year?: number;
  from?: string;
  to?: string;
}

export const PeriodFilter: FC<{ ctx: ViewCtx; years: number; query: DashboardQueryView; action: string }> = ({
  ctx,
  years,
  query,
  action,
}) => (
  <form method="get" action={action} class="period-filter">
    <label>
      {ctx.t('dash.filter')}{' '}
      <select name="year">
        <option value="">{ctx.t('dash.filter.whole')}</option>
        {Array.from({ length: years }, (_, i) => i + 1).map((y) => (
          <option value={String(y)} selected={query.year === y}>
            {ctx.t('dash.filter.year', { y })}
          </option>
        ))}
      </select>
    </label>{' '}
    <label>
      {ctx.t('dash.filter.from')} <input type="date" name="from" value={query.from ?? ''} />
    </label>{' '}
    <label>
      {ctx.t('dash.filter.to')} <input type="date" name="to" value={query.to ?? ''} />
    </label>{' '}
    <button type="submit">{ctx.t('dash.filter.apply')}</button>
  </form>
);

/** The query string of the current period, to carry into drill-down links. */
export const periodQuery = (q: DashboardQueryView): string => {
  const p = new URLSearchParams();
  if (q.year) p.set('year', String(q.year));
  if (q.from) p.set('from', q.from);
  if (q.to) p.set('to', q.to);
  const s = p.toString();
  return s ? `?${s}` : '';
};

export const DashboardPage: FC<{
  ctx: ViewCtx;
  projectId: string;
  d: Dashboard;
  palette: Palette;
  query: DashboardQueryView;
}> = ({ ctx, projectId, d, palette, query }) => {
  const { t, lang } = ctx;
  const { plan } = d.report;
  const duration = plan.project.duration_months;
  const base = `/p/${projectId}/dashboard`;
  const qs = periodQuery(query);
  const recordsHref = (kpiId: string, partId?: string) => {
    const p = new URLSearchParams(qs.slice(1));
    if (partId) p.set('part', partId);
    const s = p.toString();
    return `${base}/kpis/${kpiId}${s ? `?${s}` : ''}`;
  };
  const periodView = d.report.from > plan.project.start_date;
  const silent = new Set(d.attention.filter((i) => i.kind === 'partner_silent').map((i) => i.id));
  return (
    <PlanPage ctx={ctx} projectId={projectId} plan={plan} title={t('dash.title')}>
      <h1>{t('dash.title')}</h1>
      <p class="muted" id="as-of">
        {t('dash.asOf', {
          date: formatDate(lang, d.report.at),
          m: Math.max(0, Math.min(d.month, duration)),
          n: duration,
        })}
      </p>
      <PeriodFilter ctx={ctx} years={Math.ceil(duration / 12)} query={query} action={base} />
      {periodView ? (
        <p class="notice">
          {t('dash.periodView', { from: formatDate(lang, d.report.from), to: formatDate(lang, d.report.at) })}
        </p>
      ) : null}

      <section class="card" id="attention">
        <h2>{t('dash.attention')}</h2>
        <AttentionList lang={lang} t={t} items={d.attention} kpiHref={recordsHref} />
      </section>

      <section id="kpis">
        <h2>{t('dash.kpis')}</h2>
        <KpiCards
          lang={lang}
          t={t}
          kpis={d.report.kpis}
          history={d.history}
          duration={duration}
          palette={palette}
          recordsHref={recordsHref}
        />
        <details class="method">
          <summary>{t('dash.method')}</summary>
          <p>{t('dash.method.text')}</p>
          <p>{t('dash.method.dates')}</p>
        </details>
      </section>

      <section class="card" id="progress">
        <h2>{t('dash.progress')}</h2>
        <div class="chart">
          {raw(
            progressChart({
              title: t('dash.progressTitle'),
              palette,
              rows: d.report.kpis.map((k) => ({
                label: localize(k.label, lang),
                share: k.target > 0 ? k.value / k.target : 0,
                met: k.met,
              })),
            }),
          )}
        </div>
      </section>

      <section id="gantt">
        <h2>{t('dash.gantt')}</h2>
        <Gantt lang={lang} t={t} plan={plan} actuals={d.actuals} currentMonth={d.month} />
      </section>

      <section id="deliverables">
        <h2>{t('dash.deliverables')}</h2>
        <DeliverablesTable lang={lang} t={t} rows={d.deliverables} />
      </section>

      <section id="partners">
        <h2>{t('dash.partners')}</h2>
        <p class="muted">{t('dash.partners.note')}</p>
        <ContributionMatrix lang={lang} t={t} rows={d.contributions} silent={silent} plan={plan} />
      </section>

      <section id="snapshots">
        <h2>{t('dash.snapshots')}</h2>
        <p class="muted">{t('dash.snapshots.note')}</p>
        <SnapshotsTable lang={lang} t={t} snapshots={d.snapshots} plan={plan} />
      </section>
    </PlanPage>
  );
};
