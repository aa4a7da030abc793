/** How a publication's date is shown: an approximate one as its month or year, marked "approximate date". */
import type { FC } from 'hono/jsx';
import { formatDate, translate, type Lang } from '../../i18n';
import { baseDate, precisionOf, type DatePrecision, type DatedPublication } from '../dates';

/** `2018`, `September 2018` / `2018年9月`, or the full date. */
export function dateText(lang: Lang, date: string, precision: DatePrecision): string {
  if (precision === 'year') return date.slice(0, 4);
  return formatDate(lang, date, precision === 'month' ? 'month' : 'day');
}

/** The "approximate date" mark (nothing for an exact date); `countedOn` says where the KPIs place it. */
export const ApproximateMark: FC<{ lang: Lang; precision: DatePrecision; countedOn?: string }> = ({
  lang,
  precision,
  countedOn,
}) => {
  if (precision === 'day') return null;
  const title = [
    translate(lang, `dates.approximate.${precision}`),
    countedOn ? translate(lang, 'dates.countedOn', { date: formatDate(lang, countedOn) }) : undefined,
  ]
    .filter(Boolean)
    .join(' · ');
  return (
    <span class="badge approximate" data-precision={precision} title={title}>
      {translate(lang, 'dates.approximate')}
    </span>
  );
};

/** A publication's date as known (its year when it has no date), with the mark when approximate. */
export const PublicationDate: FC<{ lang: Lang; record: DatedPublication; countedOn?: string }> = ({
  lang,
  record,
  countedOn,
}) => {
  const precision = precisionOf(record);
  return (
    <>
      {dateText(lang, baseDate(record), precision)}
      {precision === 'day' ? null : (
        <>
          {' '}
          <ApproximateMark lang={lang} precision={precision} countedOn={countedOn} />
        </>
      )}
    </>
  );
};
