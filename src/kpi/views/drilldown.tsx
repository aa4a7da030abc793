/** The records behind one KPI figure (or part): the same condition as the figure, as a list. */
import type { FC } from 'hono/jsx';
import { localize, type Kpi, type Plan } from '../../plan/schema';
import { PlanPage, type ViewCtx } from '../../ui/parts';
import { formatDate, formatNumber } from '../../i18n';
import type { DrilldownRow } from '../drilldown';
import { recordHref, RecordRowsTable } from './record-rows';

export const DrilldownPage: FC<{
  ctx: ViewCtx;
  projectId: string;
  plan: Plan;
  kpi: Kpi;
  partId?: string;
  rows: DrilldownRow[];
  /** Snapshot KPIs: items a later complete export of their source lacked (not counted). */
  excluded?: DrilldownRow[];
  window: { from: string; at: string };
  backHref: string;
}> = ({ ctx, projectId, plan, kpi, partId, rows, excluded = [], window, backHref }) => {
  const { t, lang } = ctx;
  const label = localize(kpi.label, lang);
  const part = partId ? kpi.parts.find((p) => p.id === partId) : undefined;
  const showValue = kpi.measure.kind === 'latest_sum' || kpi.measure.kind === 'manual';
  return (
    <PlanPage ctx={ctx} projectId={projectId} plan={plan} title={t('drill.title', { label })}>
      <p>
        <a href={backHref}>← {t('drill.back')}</a>
      </p>
      <h1>{t('drill.title', { label })}</h1>
      {part ? <p class="notice">{t('drill.part', { label: localize(part.label, lang) })}</p> : null}
      {kpi.measure.kind === 'manual' ? <p class="muted">{t('drill.manual')}</p> : null}
      {kpi.measure.kind === 'latest_sum' ? (
        <>
          <p class="muted">{t('drill.snapshot')}</p>
          <p class="muted kpi-rule">{t('dash.rule.latest')}</p>
        </>
      ) : null}
      <p id="drill-count">
        {t('drill.count', {
          n: rows.length,
          from: formatDate(lang, window.from),
          to: formatDate(lang, window.at),
        })}
      </p>
      {rows.length === 0 ? (
        <p class="muted">{t('drill.empty')}</p>
      ) : (
        <RecordRowsTable ctx={ctx} projectId={projectId} rows={rows} showValue={showValue} />
      )}
      <ExcludedSnapshots ctx={ctx} projectId={projectId} rows={excluded} />
    </PlanPage>
  );
};

/** Snapshots left out of the figure: a later complete export of their source did not have the item. */
const ExcludedSnapshots: FC<{ ctx: ViewCtx; projectId: string; rows: DrilldownRow[] }> = ({
  ctx,
  projectId,
  rows,
}) => {
  const { t, lang } = ctx;
  if (rows.length === 0) return null;
  return (
    <section class="excluded-snapshots">
      <h2>{t('drill.excluded.title')}</h2>
      <p class="muted">{t('drill.excluded.intro')}</p>
      <table class="drilldown excluded">
        <thead>
          <tr>
            <th>{t('drill.col.record')}</th>
            <th>{t('drill.col.date')}</th>
            <th>{t('drill.col.partner')}</th>
            <th class="num">{t('drill.col.value')}</th>
            <th>{t('drill.excluded.since')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr data-id={r.id}>
              <td>
                <a href={recordHref(projectId, r)}>{r.label}</a>
              </td>
              <td>{formatDate(lang, r.date)}</td>
              <td>{r.leadPartner}</td>
              <td class="num">{r.value === null ? '—' : formatNumber(lang, r.value)}</td>
              <td>{r.supersededOn ? formatDate(lang, r.supersededOn) : ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
};
