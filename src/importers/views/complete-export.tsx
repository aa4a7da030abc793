/** Analytics exports on the import pages: the upload form's "complete export" and account fields; the preview's missing items. */
import type { FC } from 'hono/jsx';
import type { PageCtx } from '../../auth/views/shared';
import { formatDate, formatNumber } from '../../i18n';
import type { ImportReport } from '../commit';

/** How many missing items the preview shows (the count is always complete). */
const SHOWN = 200;

/** Upload form fields of metric files: complete export (format default, yes, no) and the X account. */
export const ExportFields: FC<{ ctx: PageCtx }> = ({ ctx }) => {
  const { t } = ctx;
  return (
    <>
      <label>
        {t('import.complete')}{' '}
        <select name="complete">
          <option value="">{t('import.complete.default')}</option>
          <option value="yes">{t('import.complete.yes')}</option>
          <option value="no">{t('import.complete.no')}</option>
        </select>
      </label>
      <label>
        {t('import.account')} <input type="text" name="account" placeholder="@handle" />
      </label>
    </>
  );
};

/** The form's choice: true, false, or undefined for the format's default. */
export function completeChoice(value: string): boolean | undefined {
  return value === 'yes' ? true : value === 'no' ? false : undefined;
}

/** A complete export: its source and date, and the items it lacks, which stop counting from that date. */
export const CompleteExportSection: FC<{ ctx: PageCtx; report: ImportReport }> = ({ ctx, report }) => {
  const { t, lang } = ctx;
  const c = report.completeExport;
  if (!c) return null;
  const more = c.missingCount - Math.min(SHOWN, c.missing.length);
  return (
    <section class="complete-export" data-missing={c.missingCount}>
      <h2>{t('import.complete.title')}</h2>
      <p>{t('import.complete.rule', { source: c.source, date: formatDate(lang, c.asOf) })}</p>
      {c.missingCount === 0 ? (
        <p class="muted">{t('import.complete.noneMissing')}</p>
      ) : (
        <>
          <p class="notice">{t('import.complete.missing', { count: c.missingCount })}</p>
          <div class="scroll">
            <table class="missing-items">
              <thead>
                <tr>
                  <th>{t('import.col.item')}</th>
                  <th>{t('import.col.lastValues')}</th>
                </tr>
              </thead>
              <tbody>
                {c.missing.slice(0, SHOWN).map((item) => (
                  <tr data-channel={item.channel}>
                    <td>{item.channel}</td>
                    <td>
                      {item.metrics
                        .map(
                          (m) => `${m.metric} ${formatNumber(lang, m.value)} (${formatDate(lang, m.date)})`,
                        )
                        .join(' · ')}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {more > 0 ? <p class="muted">{t('import.complete.more', { count: more })}</p> : null}
        </>
      )}
    </section>
  );
};
