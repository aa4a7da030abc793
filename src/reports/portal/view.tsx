/** The Portal tables page: tabs, since toggle, downloads, findings linking to records, cells with a copy button each. */
import type { FC } from 'hono/jsx';
import { formatDateTime, hasKey, type MessageKey } from '../../i18n';
import { vocabularyLabel } from '../../records/vocabularies/labels-ja';
import { PlanPage, type ViewCtx } from '../../ui/parts';
import type { PortalFinding, PortalSince, PortalTable } from './build';
import { NO, PROGRAMME_NAMES, YES, type CellMap, type PortalColumn } from './tabs';

/** The script of the copy buttons (served from /static: the CSP allows no inline script). */
export const COPY_SCRIPT = `document.addEventListener('click', function (e) {
  var b = e.target instanceof Element ? e.target.closest('button[data-copy]') : null;
  if (!b || !navigator.clipboard) return;
  navigator.clipboard.writeText(b.getAttribute('data-copy') || '').then(function () {
    b.textContent = b.getAttribute('data-copied') || b.textContent;
  });
});
`;

const tabKey = (id: string) => `portal.tab.${id}` as MessageKey;

const VOCABULARY_CELLS: ReadonlySet<CellMap> = new Set([
  'activity_type',
  'audiences',
  'channels',
  'status',
  'publication_type',
  'oa_route',
]);

/**
 * English pages show the Portal's header; Japanese pages the field's Japanese name (the Portal's header as the
 * cell's title), so no English of the catalogs shows on a Japanese page.
 */
function columnLabel(ctx: ViewCtx, col: PortalColumn): string {
  if (ctx.lang !== 'ja') return col.header;
  const key = [`records.field.${col.field}`, `portal.field.${col.field}`].find(hasKey);
  return key ? ctx.t(key as MessageKey) : col.header;
}

/** A cell as shown: on Japanese pages the vocabulary values by their Japanese labels. What is copied stays verbatim. */
function cellLabel(ctx: ViewCtx, col: PortalColumn, parts: readonly string[], text: string): string {
  if (ctx.lang !== 'ja') return text;
  if (VOCABULARY_CELLS.has(col.map)) return parts.map((p) => vocabularyLabel('ja', p)).join('、');
  if (text === YES) return ctx.t('common.yes');
  if (text === NO) return ctx.t('common.no');
  const status = `dash.deliverables.status.${text}`;
  if (col.map === 'deliverable_status' && hasKey(status)) return ctx.t(status as MessageKey);
  return text;
}

export const PortalView: FC<{
  ctx: ViewCtx;
  projectId: string;
  table: PortalTable;
  since: PortalSince;
}> = ({ ctx, projectId, table, since }) => {
  const { t, lang } = ctx;
  const base = `/p/${projectId}/reports/portal`;
  const query = (tab: string, s: PortalSince) => `?tab=${tab}${s === 'report' ? '&since=report' : ''}`;
  const here = query(table.tab.id, since);
  const findingText = (f: PortalFinding) => {
    const col = table.tab.columns.find((c) => c.field === f.field);
    return t(f.messageKey as MessageKey, col ? { ...f.params, field: columnLabel(ctx, col) } : f.params);
  };
  return (
    <PlanPage ctx={ctx} projectId={projectId} plan={table.plan} title={t('portal.title')}>
      <h1>{t('portal.title')}</h1>
      <p>{t('portal.intro', { programme: PROGRAMME_NAMES[table.programme] ?? table.programme })}</p>
      <nav aria-label={t('portal.tabs')} id="portal-tabs">
        {table.tabs.map((tab, i) => (
          <>
            {i > 0 ? ' · ' : ''}
            <a
              href={`${base}${query(tab.id, since)}`}
              aria-current={tab.id === table.tab.id ? 'page' : undefined}
            >
              {t(tabKey(tab.id))}
            </a>
          </>
        ))}
      </nav>
      <p id="portal-since">
        {t('portal.since')}:{' '}
        {(['all', 'report'] as const).map((s, i) => (
          <>
            {i > 0 ? ' · ' : ''}
            <a href={`${base}${query(table.tab.id, s)}`} aria-current={s === since ? 'page' : undefined}>
              {t(`portal.since.${s}`)}
            </a>
          </>
        ))}
      </p>
      {since === 'report' ? (
        <p class="muted">
          {table.since
            ? t('portal.since.at', { date: formatDateTime(lang, table.since) })
            : t('portal.since.none')}
        </p>
      ) : null}
      <p class="exports">
        {t('portal.download')}:{' '}
        <a href={`${base}.csv${here}`} hx-boost="false" download>
          {t('portal.csv')}
        </a>{' '}
        ·{' '}
        <a href={`${base}.xlsx${here}`} hx-boost="false" download>
          {t('portal.xlsx')}
        </a>
      </p>
      {table.findings.length > 0 ? (
        <section id="portal-findings">
          <h2>{t('portal.findings', { n: table.findings.length })}</h2>
          <ul>
            {table.findings.map((f) => (
              <li data-id={f.recordId ?? ''} data-rule={f.rule} data-field={f.field ?? ''}>
                {f.label}: {findingText(f)} <a href={f.href}>{t('portal.fix')}</a>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <h2>
        {t(tabKey(table.tab.id))} <small class="muted">{t('portal.count', { n: table.rows.length })}</small>
      </h2>
      {table.rows.length === 0 ? (
        <p id="portal-empty">{t('portal.empty')}</p>
      ) : (
        <table class="drilldown" id="portal-table">
          <thead>
            <tr>
              {table.tab.columns.map((c) => (
                <th scope="col" title={lang === 'ja' ? c.header : undefined}>
                  {columnLabel(ctx, c)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {table.rows.map((row) => {
              const record =
                row.cells[table.tab.columns.findIndex((c) => c.field === 'title')] ?? row.recordId;
              return (
                <tr data-id={row.recordId}>
                  {table.tab.columns.map((col, i) => {
                    const cell = row.cells[i] ?? '';
                    const header = columnLabel(ctx, col);
                    return (
                      <td>
                        <span>{cellLabel(ctx, col, row.parts[i] ?? [], cell)}</span>{' '}
                        {cell === '' ? null : (
                          <button
                            type="button"
                            class="copy"
                            data-copy={cell}
                            data-copied={t('portal.copied')}
                            aria-label={t('portal.copyLabel', { field: header, record })}
                          >
                            {t('portal.copy')}
                          </button>
                        )}
                      </td>
                    );
                  })}
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      <script src="/static/portal-copy.js" defer></script>
    </PlanPage>
  );
};
