/** The import preview's date notes: approximate publication dates, and rows outside the project period that will not count. */
import type { FC } from 'hono/jsx';
import type { PageCtx } from '../../auth/views/shared';
import { ApproximateMark, dateText } from '../../records/views/dates';
import { formatDate } from '../../i18n';
import type { DateNoteList, DateNotes } from '../date-notes';

const NoteTable: FC<{ ctx: PageCtx; id: string; text: string; list: DateNoteList }> = ({
  ctx,
  id,
  text,
  list,
}) => {
  const { t, lang } = ctx;
  if (list.count === 0) return null;
  return (
    <section class="date-note" id={id} data-count={list.count}>
      <p class="notice">{text}</p>
      <div class="scroll">
        <table class="date-notes">
          <thead>
            <tr>
              <th class="num">{t('import.dates.col.row')}</th>
              <th>{t('import.dates.col.record')}</th>
              <th>{t('import.dates.col.date')}</th>
            </tr>
          </thead>
          <tbody>
            {list.rows.map((r) => (
              <tr data-row={r.row}>
                <td class="num">{r.row}</td>
                <td>{r.label}</td>
                <td>
                  {dateText(lang, r.date, r.precision)}{' '}
                  <ApproximateMark lang={lang} precision={r.precision} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {list.count > list.rows.length ? (
        <p class="muted">{t('import.dates.more', { count: list.count - list.rows.length })}</p>
      ) : null}
    </section>
  );
};

export const DateNotesSection: FC<{ ctx: PageCtx; notes: DateNotes | undefined }> = ({ ctx, notes }) => {
  const { t, lang } = ctx;
  if (!notes || notes.approximate.count + notes.beforeStart.count + notes.afterEnd.count === 0) return null;
  return (
    <>
      <h2>{t('import.dates.title')}</h2>
      <NoteTable
        ctx={ctx}
        id="dates-before-start"
        list={notes.beforeStart}
        text={t('import.dates.beforeStart', {
          count: notes.beforeStart.count,
          start: formatDate(lang, notes.projectStart),
        })}
      />
      <NoteTable
        ctx={ctx}
        id="dates-after-end"
        list={notes.afterEnd}
        text={t('import.dates.afterEnd', {
          count: notes.afterEnd.count,
          end: formatDate(lang, notes.projectEnd),
        })}
      />
      <NoteTable
        ctx={ctx}
        id="dates-approximate"
        list={notes.approximate}
        text={t('import.dates.approximate', { count: notes.approximate.count })}
      />
    </>
  );
};
