/** KPI cards: value against target, status, progress bar, sparkline (server-rendered SVG), parts, drill-down link. */
import { unitLabel } from '../../projects/views/measure-text';
import type { FC } from 'hono/jsx';
import { raw } from 'hono/html';
import { localize } from '../../plan/schema';
import { formatNumber, type Lang, type Translator } from '../../i18n';
import { sparkKey, type ChartSet } from '../dashboard-charts';
import type { KpiValue } from '../engine';

export interface CardsProps {
  lang: Lang;
  t: Translator;
  kpis: KpiValue[];
  /** Rendered sparklines (src/kpi/dashboard-charts.ts): from the figure cache, or rendered for this request. */
  charts: ChartSet;
  /** Drill-down URL of a KPI (and part). */
  recordsHref: (kpiId: string, partId?: string) => string;
}

export const StatusBadge: FC<{ t: Translator; status: KpiValue['status'] }> = ({ t, status }) =>
  status ? <span class={`status status-${status}`}>{t(`dash.status.${status}`)}</span> : null;

export const KpiCards: FC<CardsProps> = ({ lang, t, kpis, charts, recordsHref }) => (
  <div class="kpi-grid">
    {kpis.map((k) => {
      const label = localize(k.label, lang);
      const spark = charts[sparkKey(k.id)];
      return (
        <article class={`kpi-card${k.status ? ` kpi-${k.status}` : ''}`} id={`kpi-${k.id}`}>
          <header>
            <h3>{label}</h3>
            <StatusBadge t={t} status={k.status} />
          </header>
          <p class="kpi-figure">
            <a href={recordsHref(k.id)} class="kpi-value" title={t('dash.records')}>
              {k.hasValue ? formatNumber(lang, k.value) : '—'}
            </a>
            <span class="kpi-target">
              {' '}
              / {k.comparator === '>' ? '> ' : ''}
              {formatNumber(lang, k.target)}
              {k.unit ? ` ${unitLabel(t, k.unit)}` : ''}
            </span>
          </p>
          <progress
            max={k.target > 0 ? k.target : 1}
            value={Math.min(k.value, k.target)}
            aria-label={label}
          ></progress>
          {k.hasValue ? null : <p class="muted">{t('dash.noValue')}</p>}
          {k.measure.kind === 'latest_sum' ? <p class="muted kpi-rule">{t('dash.rule.latest')}</p> : null}
          {spark ? <div class="sparkline">{raw(spark)}</div> : null}
          {k.parts.length > 0 ? (
            <ul class="plain kpi-parts">
              {k.parts.map((p) => (
                <li class={p.met ? 'met' : 'unmet'}>
                  <a href={recordsHref(k.id, p.id)}>
                    {t('dash.part', {
                      label: localize(p.label, lang),
                      value: formatNumber(lang, p.value),
                      target: `${p.comparator === '>' ? '> ' : ''}${formatNumber(lang, p.target)}`,
                    })}
                  </a>
                </li>
              ))}
            </ul>
          ) : null}
          {k.forecast !== null ? (
            <p class="muted kpi-forecast">
              {t('dash.forecast', { n: k.forecast })} · {t('dash.expected', { n: k.expected ?? 0 })}
            </p>
          ) : null}
        </article>
      );
    })}
  </div>
);
