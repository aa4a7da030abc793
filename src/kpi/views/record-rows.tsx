/** The table of records behind a figure or a notice (drill-downs, late records, records outside the period). */
import type { FC } from 'hono/jsx';
import type { ViewCtx } from '../../ui/parts';
import { KIND_SLUGS } from '../../records/kinds';
import { ApproximateMark, dateText } from '../../records/views/dates';
import { formatDate, formatNumber } from '../../i18n';
import type { DrilldownRow } from '../drilldown';

/** The record page of a row (a manual value is a `kpi_value` record). */
export const recordHref = (projectId: string, r: DrilldownRow): string =>
  `/p/${projectId}/records/${KIND_SLUGS[r.recordType === 'manual' ? 'kpi_value' : r.recordType]}/${r.id}`;

/** A row's date: exact, or approximate with its mark and the day it counts on; a record without a date says so. */
const RowDate: FC<{ ctx: ViewCtx; row: DrilldownRow }> = ({ ctx, row: r }) => {
  const { t, lang } = ctx;
  if (!r.date) return <>{t('outside.noDate')}</>;
  if (r.precision === 'day') return <>{formatDate(lang, r.date)}</>;
  return (
    <>
      {dateText(lang, r.recorded, r.precision)}{' '}
      <ApproximateMark lang={lang} precision={r.precision} countedOn={r.date} />
      {r.date !== r.recorded ? (
        <small class="muted"> {t('dates.countedOn', { date: formatDate(lang, r.date) })}</small>
      ) : null}
    </>
  );
};

export const RecordRowsTable: FC<{
  ctx: ViewCtx;
  projectId: string;
  rows: DrilldownRow[];
  showValue: boolean;
}> = ({ ctx, projectId, rows, showValue }) => {
  const { t, lang } = ctx;
  return (
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
            <td>
              <RowDate ctx={ctx} row={r} />
            </td>
            <td>{r.leadPartner}</td>
            {showValue ? <td class="num">{r.value === null ? '—' : formatNumber(lang, r.value)}</td> : null}
          </tr>
        ))}
      </tbody>
    </table>
  );
};
