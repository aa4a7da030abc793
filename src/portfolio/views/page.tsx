/** The portfolio page: filters, the visible projects with their cached KPI statuses, keyset paging links. */
import type { FC } from 'hono/jsx';
import { formatDate, formatDateTime, type Translator } from '../../i18n';
import type { MessageKey } from '../../i18n/catalog';
import { Layout } from '../../ui/layout';
import type { ViewCtx } from '../../ui/parts';
import {
  isFresh,
  STATUS_FILTERS,
  WORST_STATUSES,
  type PortfolioPage,
  type PortfolioRow,
  type StatusFilter,
} from '../page-query';

export interface PortfolioFilters {
  programme?: string;
  status?: StatusFilter;
  partner?: string;
}

const statusLabel = (t: Translator, s: string): string =>
  (WORST_STATUSES as readonly string[]).includes(s) ? t(`dash.status.${s}` as MessageKey) : s;

/** `/portfolio?…` keeping the filters, with one cursor. */
export function pageHref(filters: PortfolioFilters, cursor: { after?: string; before?: string }): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries({ ...filters, ...cursor })) if (v) q.set(k, v);
  const s = q.toString();
  return s ? `/portfolio?${s}` : '/portfolio';
}

const Figures: FC<{ ctx: ViewCtx; row: PortfolioRow; today: string }> = ({ ctx, row, today }) => {
  const { t, lang } = ctx;
  const f = row.figures;
  if (!f)
    return (
      <span class="muted" data-figures="missing">
        {t('portfolio.notComputed')}
      </span>
    );
  const fresh = isFresh(row, today);
  return (
    <span data-figures={fresh ? 'fresh' : 'stale'} title={formatDateTime(lang, f.computedAt)}>
      {fresh
        ? t('portfolio.fresh', { date: formatDate(lang, f.asOf) })
        : t('portfolio.asOf', { date: formatDate(lang, f.asOf) })}
    </span>
  );
};

const Statuses: FC<{ t: Translator; row: PortfolioRow }> = ({ t, row }) => {
  const counts = row.figures?.statusCounts ?? {};
  const present = WORST_STATUSES.filter((s) => (counts[s] ?? 0) > 0);
  if (!row.figures) return <span class="muted">–</span>;
  if (present.length === 0) return <span class="muted">{t('portfolio.noKpi')}</span>;
  return (
    <ul class="status-counts">
      {present.map((s) => (
        <li data-status={s}>{t('portfolio.count', { status: statusLabel(t, s), n: counts[s] ?? 0 })}</li>
      ))}
    </ul>
  );
};

export const PortfolioPageView: FC<{
  ctx: ViewCtx;
  page: PortfolioPage;
  filters: PortfolioFilters;
  today: string;
}> = ({ ctx, page, filters, today }) => {
  const { t, lang } = ctx;
  const any = t('portfolio.filter.any');
  return (
    <Layout title={t('portfolio.title')} lang={lang} t={t} path={ctx.path}>
      <h1>{t('portfolio.title')}</h1>
      <p class="muted">{t('portfolio.intro')}</p>
      <form
        method="get"
        action="/portfolio"
        class="filters"
        role="search"
        aria-label={t('portfolio.filters')}
      >
        <label>
          {t('portfolio.filter.programme')}
          <input type="text" name="programme" value={filters.programme ?? ''} maxlength={200} />
        </label>
        <label>
          {t('portfolio.filter.status')}
          <select name="status">
            <option value="">{any}</option>
            {STATUS_FILTERS.map((s) => (
              <option value={s} selected={filters.status === s}>
                {s === 'missing' ? t('portfolio.filter.missing') : statusLabel(t, s)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('portfolio.filter.partner')}
          <input type="search" name="partner" value={filters.partner ?? ''} maxlength={200} />
        </label>
        <button type="submit">{t('portfolio.filter.apply')}</button>
        {filters.programme || filters.status || filters.partner ? (
          <a href="/portfolio">{t('portfolio.filter.clear')}</a>
        ) : null}
      </form>
      {page.rows.length === 0 ? (
        <p class="empty">{t('portfolio.empty')}</p>
      ) : (
        <table class="portfolio">
          <caption>{t('portfolio.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('portfolio.col.project')}</th>
              <th scope="col">{t('portfolio.col.title')}</th>
              <th scope="col">{t('portfolio.col.programme')}</th>
              <th scope="col">{t('portfolio.col.worst')}</th>
              <th scope="col">{t('portfolio.col.statuses')}</th>
              <th scope="col">{t('portfolio.col.asOf')}</th>
            </tr>
          </thead>
          <tbody>
            {page.rows.map((row) => (
              <tr data-project={row.id}>
                <th scope="row">
                  {/* Not boosted: a project page loads its own stylesheet in <head>. */}
                  <a href={`/p/${row.id}/dashboard`} hx-boost="false">
                    {row.acronym}
                  </a>
                </th>
                <td>{row.title}</td>
                <td>{row.programme}</td>
                <td data-worst={row.figures?.worstStatus ?? ''}>
                  {row.figures?.worstStatus ? statusLabel(t, row.figures.worstStatus) : '–'}
                </td>
                <td>
                  <Statuses t={t} row={row} />
                </td>
                <td>
                  <Figures ctx={ctx} row={row} today={today} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {page.previous || page.next ? (
        <nav class="pager" aria-label={t('portfolio.paging')}>
          {page.previous ? (
            <a href={pageHref(filters, { before: page.previous })} rel="prev">
              {t('portfolio.previous')}
            </a>
          ) : null}
          {page.next ? (
            <a href={pageHref(filters, { after: page.next })} rel="next">
              {t('portfolio.next')}
            </a>
          ) : null}
        </nav>
      ) : null}
    </Layout>
  );
};
