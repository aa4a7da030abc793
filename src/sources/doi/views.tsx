/**
 * The "Add publications by DOI" page: the DOIs' box (what the person typed, or what is left to do), the lead
 * partner, each DOI's status after a lookup, and the import preview's summary with the way to the import pages'
 * own preview (review and commit there).
 */
import type { FC } from 'hono/jsx';
import type { PageCtx } from '../../auth/views/shared';
import type { ErrorDetail } from '../../errors';
import { formatDateTime, type MessageKey } from '../../i18n';
import type { ImportReport } from '../../importers/commit';
import { CsrfField, FormErrors } from '../../ui/form';
import { Layout, type NavProject } from '../../ui/layout';
import type { DoiItem, DoiList } from './lookup';

export interface DoiResult {
  items: DoiItem[];
  repeated: DoiList['repeated'];
  /** The preview of the found publications (an upload of the import pages). */
  report?: ImportReport;
  uploadId?: string;
}

export interface DoiPageProps {
  ctx: PageCtx;
  project: NavProject;
  partners: { codes: string[]; own?: string };
  /** The box's text. */
  text: string;
  partner?: string;
  problem?: string;
  /** A located problem of the box's lines (each line that is not a DOI). */
  details?: ErrorDetail[];
  result?: DoiResult;
}

const statusText = (ctx: PageCtx, item: DoiItem): string =>
  item.status === 'found' && item.agency
    ? ctx.t(`doi.agency.${item.agency}` as MessageKey)
    : ctx.t(`sources.status.${item.status}` as MessageKey);

const failed = (items: readonly DoiItem[]) =>
  items.filter((i) => i.status !== 'found' && i.status !== 'not_found');

const Results: FC<{ ctx: PageCtx; project: NavProject; result: DoiResult }> = ({ ctx, project, result }) => {
  const { t, lang } = ctx;
  const down = failed(result.items);
  const retryAt = down
    .map((i) => i.retryAt)
    .filter((d): d is Date => d !== undefined)
    .sort((a, b) => b.getTime() - a.getTime())[0];
  const r = result.report;
  return (
    <section class="card" id="doi-results">
      <h2>{t('doi.results')}</h2>
      {down.length > 0 ? (
        <div class="form-errors" role="alert">
          <p>{t('doi.unreachable', { count: down.length })}</p>
          {retryAt ? <p>{t('doi.retryAfter', { at: formatDateTime(lang, retryAt) })}</p> : null}
        </div>
      ) : null}
      <table>
        <thead>
          <tr>
            <th scope="col">{t('doi.col.doi')}</th>
            <th scope="col">{t('doi.col.status')}</th>
            <th scope="col">{t('doi.col.title')}</th>
          </tr>
        </thead>
        <tbody>
          {result.items.map((item) => (
            <tr data-doi={item.id} data-status={item.status}>
              <td>
                <code>{item.id}</code>
              </td>
              <td>{statusText(ctx, item)}</td>
              <td>{item.title ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {result.repeated.length > 0 ? (
        <ul class="muted">
          {result.repeated.map((x) => (
            <li>{t('doi.repeated', { line: x.line, first: x.first, doi: x.doi })}</li>
          ))}
        </ul>
      ) : null}
      {r && result.uploadId ? (
        <div class="stack" id="doi-preview">
          <p>
            {t('doi.preview', {
              valid: r.valid,
              duplicates: r.duplicates,
              conflicts: r.conflicts,
              invalid: r.invalid,
            })}
          </p>
          {r.conflictRows.length > 0 || r.duplicateRows.length > 0 ? (
            <ul>
              {r.conflictRows.map((c) => (
                <li data-conflict={c.doi}>
                  {t('doi.conflict', { doi: c.doi, other: c.otherTitle, title: c.title })}
                </li>
              ))}
              {r.duplicateRows.map((d) => (
                <li>{t('doi.duplicate', { label: d.label })}</li>
              ))}
            </ul>
          ) : null}
          <p>
            <a class="button" href={`/p/${project.id}/import/${result.uploadId}`}>
              {t('doi.review')}
            </a>
          </p>
        </div>
      ) : (
        <p>{t('doi.nothingFound')}</p>
      )}
    </section>
  );
};

export const DoiPage: FC<DoiPageProps> = ({
  ctx,
  project,
  partners,
  text,
  partner,
  problem,
  details,
  result,
}) => {
  const { t } = ctx;
  const retry = result !== undefined && text.trim() !== '';
  return (
    <Layout title={t('doi.title')} lang={ctx.lang} t={t} path={ctx.path} project={project}>
      <div class="import">
        <h1>{t('doi.title')}</h1>
        <p>{t('doi.intro')}</p>
        <FormErrors t={t} message={problem} details={details} />
        {result ? <Results ctx={ctx} project={project} result={result} /> : null}
        <section class="card">
          <form
            method="post"
            action={`/p/${project.id}/records/publications/doi`}
            class="stack"
            id="doi-form"
          >
            <CsrfField />
            {partners.own ? (
              <p class="muted">{t('doi.partner.own', { partner: partners.own })}</p>
            ) : (
              <label>
                {t('doi.partner')}{' '}
                <select name="partner">
                  <option value="">{t('doi.partner.auto')}</option>
                  {partners.codes.map((code) => (
                    <option value={code} selected={code === partner}>
                      {code}
                    </option>
                  ))}
                </select>
              </label>
            )}
            <label>
              {t('doi.label')}
              <textarea name="dois" rows={10} cols={80} spellcheck={false}>
                {text}
              </textarea>
            </label>
            {retry ? <p class="muted">{t('doi.kept')}</p> : null}
            <button type="submit">
              {retry && failed(result.items).length > 0 ? t('doi.retry') : t('doi.submit')}
            </button>
          </form>
        </section>
      </div>
    </Layout>
  );
};
