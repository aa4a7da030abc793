/** The conflicts of an import preview or result: rows whose DOI another publication has under another title. */
import type { FC } from 'hono/jsx';
import type { PageCtx } from '../../auth/views/shared';
import { formatNumber } from '../../i18n';
import type { ImportReport } from '../commit';

/** How many conflicts the page lists (the count is always complete). */
const SHOWN = 200;

export const Conflicts: FC<{ ctx: PageCtx; report: ImportReport }> = ({ ctx, report }) => {
  const { t, lang } = ctx;
  if (report.conflicts === 0) return null;
  const shown = report.conflictRows.slice(0, SHOWN);
  const more = report.conflicts - shown.length;
  return (
    <section class="conflicts" data-count="conflicts" data-value={String(report.conflicts)}>
      <h2>{t('import.conflicts.title', { count: formatNumber(lang, report.conflicts) })}</h2>
      <p>{t('import.conflicts.intro')}</p>
      <div class="scroll">
        <table class="conflicts">
          <thead>
            <tr>
              <th class="num">{t('import.col.row')}</th>
              <th>{t('import.col.record')}</th>
              <th>DOI</th>
              <th>{t('import.conflicts.with')}</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((c) => (
              <tr data-row={c.row}>
                <td class="num">{c.row}</td>
                <td>{c.title}</td>
                <td>{c.doi}</td>
                <td>
                  {c.of === 'database' ? (
                    c.otherId ? (
                      <a href={`/p/${report.projectId}/records/publications/${c.otherId}`}>
                        {t('import.conflicts.withRecord', { title: c.otherTitle })}
                      </a>
                    ) : (
                      t('import.conflicts.withRecord', { title: c.otherTitle })
                    )
                  ) : (
                    t('import.conflicts.withRow', { row: String(c.of), title: c.otherTitle })
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {more > 0 ? (
        <p class="muted">{t('import.conflicts.more', { count: formatNumber(lang, more) })}</p>
      ) : null}
    </section>
  );
};
