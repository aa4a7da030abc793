/** Lists of records behind a notice: those reported late for a closed year, those outside the project period. */
import type { Child, FC } from 'hono/jsx';
import type { Plan } from '../../plan/schema';
import { PlanPage, type ViewCtx } from '../../projects/views/shared';
import { KIND_SLUGS } from '../../records/kinds';
import { formatDate, formatNumber } from '../../web/i18n';
import type { DrilldownRow } from '../drilldown';

const recordHref = (projectId: string, r: DrilldownRow) =>
  `/p/${projectId}/records/${KIND_SLUGS[r.recordType === 'manual' ? 'kpi_value' : r.recordType]}/${r.id}`;

export const RecordListPage: FC<{
  ctx: ViewCtx;
  projectId: string;
  plan: Plan;
  title: string;
  intro: string;
  rows: DrilldownRow[];
  empty: string;
  backHref: string;
  children?: Child;
}> = ({ ctx, projectId, plan, title, intro, rows, empty, backHref, children }) => {
  const { t, lang } = ctx;
  const showValue = rows.some((r) => r.value !== null);
  return (
    <PlanPage ctx={ctx} projectId={projectId} plan={plan} title={title}>
      <p>
        <a href={backHref}>← {t('drill.back')}</a>
      </p>
      <h1>{title}</h1>
      <p id="list-intro">{intro}</p>
      {children}
      {rows.length === 0 ? (
        <p class="muted">{empty}</p>
      ) : (
        <table class="drilldown">
          <thead>
            <tr>
              <th>{t('drill.col.type')}</th>
              <th>{t('drill.col.record')}</th>
              <th>{t('drill.col.date')}</th>
              <th>{t('drill.col.partner')}</th>
              {showValue ? <th class="num">{t('drill.col.value')}</th> : null}
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr data-id={r.id}>
                <td>{t(`drill.type.${r.recordType}`)}</td>
                <td>
                  <a href={recordHref(projectId, r)}>{r.label}</a>
                </td>
                <td>{r.date ? formatDate(lang, r.date) : t('outside.noDate')}</td>
                <td>{r.leadPartner}</td>
                {showValue ? (
                  <td class="num">{r.value === null ? '—' : formatNumber(lang, r.value)}</td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </PlanPage>
  );
};
