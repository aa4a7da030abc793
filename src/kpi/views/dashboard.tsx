/** The monitoring dashboard of a project: attention list, KPI cards, progress chart, Gantt, deliverables, partners. */
import type { FC } from 'hono/jsx';
import { raw } from 'hono/html';
import { Layout } from '../../ui/layout';
import type { ViewCtx } from '../../ui/parts';
import { formatDate, formatDateTime } from '../../i18n';
import { PROGRESS_CHART, type ChartSet } from '../dashboard-charts';
import type { Dashboard } from '../dashboard-service';
import { Gantt } from './gantt';
import { KpiCards } from './kpi-cards';
import { AttentionList, ContributionMatrix, DeliverablesTable } from './tables';
import { YearsTable } from './years';
import { RECORD_TYPES } from '../../plan/schema';

/** What the page's body takes from the request: its language alone (not the path, the clock or the user). */
type BodyCtx = Pick<ViewCtx, 'lang' | 't'>;

export interface DashboardQueryView {
  year?: number;
  from?: string;
  to?: string;
}

export const PeriodFilter: FC<{ ctx: BodyCtx; years: number; query: DashboardQueryView; action: string }> = ({
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

/** "N records outside the project period are not counted", with a link per record type. */
const OutsideNotice: FC<{ ctx: BodyCtx; projectId: string; outside: Dashboard['outside'] }> = ({
  ctx,
  projectId,
  outside,
}) => {
  const { t } = ctx;
  const n = RECORD_TYPES.reduce((sum, type) => sum + (outside[type] ?? 0), 0);
  if (n === 0) return null;
  return (
    <p class="notice" id="outside" data-count={String(n)}>
      {n === 1 ? t('dash.outside.one') : t('dash.outside.many', { n })}{' '}
      {RECORD_TYPES.filter((type) => (outside[type] ?? 0) > 0).map((type, i) => (
        <>
          {i > 0 ? ' · ' : ''}
          <a href={`/p/${projectId}/dashboard/outside/${type}`} data-type={type}>
            {t('dash.outside.type', { type: t(`dash.type.${type}`), n: outside[type] ?? 0 })}
          </a>
        </>
      ))}
    </p>
  );
};

/**
 * "Figures as of <date time>; recalculating…": the page shows a cached computation older than the last change. It
 * asks every few seconds whether fresh figures are ready; when they are, the answer reloads the page (HX-Refresh).
 */
export const StaleNotice: FC<{ ctx: BodyCtx; projectId: string; since: Date }> = ({
  ctx,
  projectId,
  since,
}) => (
  <p
    class="notice"
    id="figures-stale"
    role="status"
    data-computed-at={since.toISOString()}
    hx-get={`/p/${projectId}/dashboard/freshness`}
    hx-trigger="every 4s"
    hx-swap="none"
  >
    {ctx.t('dash.stale', { at: formatDateTime(ctx.lang, since) })}
  </p>
);

/**
 * The page's content below the frame: a function of the figures, the language and `canCloseYears` alone (plus the
 * CSRF token of the year forms), so that the default view's can be rendered once and reused (dashboard-page.tsx).
 */
export const DashboardBody: FC<{
  ctx: BodyCtx;
  projectId: string;
  d: Dashboard;
  /** The charts in the page's language (cached, or rendered for this request). */
  charts: ChartSet;
  query: DashboardQueryView;
  /** Served from a cached computation older than the last change: when it was computed (shown, never silent). */
  staleSince?: Date;
}> = ({ ctx, projectId, d, charts, query, staleSince }) => {
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
    <>
      <h1>{t('dash.title')}</h1>
      <p class="muted" id="as-of">
        {t('dash.asOf', {
          date: formatDate(lang, d.report.at),
          m: Math.max(0, Math.min(d.month, duration)),
          n: duration,
        })}
      </p>
      <p>
        <a id="digest-link" href={`/p/${projectId}/digest`}>
          {t('digest.link')}
        </a>
      </p>
      {staleSince ? <StaleNotice ctx={ctx} projectId={projectId} since={staleSince} /> : null}
      <PeriodFilter ctx={ctx} years={Math.ceil(duration / 12)} query={query} action={base} />
      {d.report.clamped?.at ? (
        <p class="notice" id="clamped">
          {t('dash.clamped.at', {
            asked: formatDate(lang, d.report.clamped.at),
            end: formatDate(lang, d.report.at),
          })}
        </p>
      ) : null}
      {d.report.clamped?.from ? (
        <p class="notice" id="clamped-from">
          {t('dash.clamped.from', {
            asked: formatDate(lang, d.report.clamped.from),
            start: formatDate(lang, d.report.from),
          })}
        </p>
      ) : null}
      <OutsideNotice ctx={ctx} projectId={projectId} outside={d.outside} />
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
        <KpiCards lang={lang} t={t} kpis={d.report.kpis} charts={charts} recordsHref={recordsHref} />
        <details class="method">
          <summary>{t('dash.method')}</summary>
          <p>{t('dash.method.text')}</p>
          <p id="window-rule">{t('dash.method.window')}</p>
          <p>{t('dash.method.dates')}</p>
        </details>
      </section>

      <section class="card" id="progress">
        <h2>{t('dash.progress')}</h2>
        <div class="chart">{raw(charts[PROGRESS_CHART] ?? '')}</div>
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
        <YearsTable
          lang={lang}
          t={t}
          projectId={projectId}
          plan={plan}
          years={d.years}
          canClose={d.canCloseYears}
        />
      </section>
    </>
  );
};

/** The per-request frame (header, user menu, project tabs) around a rendered body. */
export const DashboardFrame: FC<{ ctx: ViewCtx; projectId: string; acronym: string; body: string }> = ({
  ctx,
  projectId,
  acronym,
  body,
}) => (
  <Layout
    title={ctx.t('dash.title')}
    lang={ctx.lang}
    t={ctx.t}
    path={ctx.path}
    project={{ id: projectId, acronym }}
  >
    {raw(body)}
  </Layout>
);
