/**
 * The coordinator's page of the public site's deliverable files (`/p/:id/site/deliverables`): every plan deliverable
 * with its versions and publish toggles, the upload form, and the counted downloads per deliverable and month.
 */
import type { FC } from 'hono/jsx';
import type { ErrorDetail } from '../../errors';
import { formatDate, formatNumber } from '../../i18n';
import type { Plan } from '../../plan/schema';
import { CsrfField, FormErrors } from '../../ui/form';
import { PlanPage, type ViewCtx } from '../../ui/parts';
import type { DeliverableFilesView } from './service';

export const kb = (lang: ViewCtx['lang'], size: number): string =>
  `${formatNumber(lang, Math.max(1, Math.round(size / 1024)))} KB`;

export const SiteDeliverablesPage: FC<{
  ctx: ViewCtx;
  projectId: string;
  plan: Plan;
  view: DeliverableFilesView;
  notice?: string;
  /** A refused upload: its problems and what was typed. */
  failed?: { details: ErrorDetail[]; values: Record<string, string> };
}> = ({ ctx, projectId, plan, view, notice, failed }) => {
  const { t, lang } = ctx;
  const base = `/p/${projectId}/site/deliverables`;
  const v = (k: string, d = '') => failed?.values[k] ?? d;
  return (
    <PlanPage ctx={ctx} projectId={projectId} plan={plan} title={t('site.downloads.title')}>
      <h1>{t('site.downloads.title')}</h1>
      <p>{t('site.downloads.intro')}</p>
      {notice ? (
        <p class="notice" role="status">
          {notice}
        </p>
      ) : null}
      <table class="site-deliverables">
        <thead>
          <tr>
            <th>{t('site.deliverables.code')}</th>
            <th>{t('site.downloads.level')}</th>
            <th>{t('site.downloads.version')}</th>
            <th>{t('site.downloads.date')}</th>
            <th>{t('site.downloads.file')}</th>
            <th>{t('site.downloads.state')}</th>
          </tr>
        </thead>
        <tbody>
          {view.deliverables.flatMap((d) => {
            const head = (
              <td rowspan={Math.max(1, d.files.length)}>
                <strong>{d.code}</strong> {d.title} ({d.wp})
              </td>
            );
            const level = (
              <td rowspan={Math.max(1, d.files.length)}>
                {d.level === 'PU' ? 'PU' : t('site.downloads.notPublicLevel', { level: d.level })}
              </td>
            );
            if (d.files.length === 0)
              return [
                <tr data-code={d.code}>
                  {head}
                  {level}
                  <td colspan={4}>{t('site.downloads.none')}</td>
                </tr>,
              ];
            return d.files.map((f, i) => (
              <tr data-code={d.code} data-version={f.version}>
                {i === 0 ? (
                  <>
                    {head}
                    {level}
                  </>
                ) : null}
                <td>{f.version}</td>
                <td class="date">{formatDate(lang, f.issuedOn)}</td>
                <td>
                  {f.fileName} ({kb(lang, f.size)})
                </td>
                <td>
                  {f.published ? t('site.downloads.published') : t('site.downloads.unpublished')}{' '}
                  <form
                    method="post"
                    action={`${base}/${f.id}/${f.published ? 'unpublish' : 'publish'}`}
                    class="inline"
                  >
                    <CsrfField />
                    <button type="submit" class="link">
                      {f.published ? t('site.downloads.unpublish') : t('site.downloads.publish')}
                    </button>
                  </form>
                </td>
              </tr>
            ));
          })}
        </tbody>
      </table>

      <h2 id="upload">{t('site.downloads.upload.title')}</h2>
      <FormErrors t={t} details={failed?.details} />
      <form
        method="post"
        action={`${base}/files`}
        enctype="multipart/form-data"
        class="upload"
        hx-boost="false"
      >
        <CsrfField />
        <label for="sd-code">{t('site.downloads.upload.deliverable')}</label>
        <select id="sd-code" name="code" required>
          {view.deliverables
            .filter((d) => d.level === 'PU')
            .map((d) => (
              <option value={d.code} selected={v('code') === d.code}>
                {d.code} {d.title}
              </option>
            ))}
        </select>
        <label for="sd-version">{t('site.downloads.upload.version')}</label>
        <input id="sd-version" name="version" required maxlength={40} value={v('version')} />
        <label for="sd-date">{t('site.downloads.upload.date')}</label>
        <input
          id="sd-date"
          name="issued_on"
          type="date"
          required
          value={v('issued_on', ctx.now.toISOString().slice(0, 10))}
        />
        <label for="sd-file">{t('site.downloads.upload.file')}</label>
        <input id="sd-file" type="file" name="file" required accept=".pdf,.docx,.pptx,.xlsx" />
        <label>
          <input type="checkbox" name="publish" value="1" checked={v('publish') === '1'} />{' '}
          {t('site.downloads.upload.publish')}
        </label>
        <button type="submit">{t('site.downloads.upload.submit')}</button>
      </form>

      <h2 id="counts">{t('site.downloads.counts.title')}</h2>
      <p>{t('site.downloads.counts.intro')}</p>
      {view.counts.length === 0 ? (
        <p>{t('site.downloads.counts.none')}</p>
      ) : (
        <table class="site-download-counts">
          <thead>
            <tr>
              <th>{t('site.deliverables.code')}</th>
              <th>{t('site.downloads.counts.month')}</th>
              <th class="num">{t('site.downloads.counts.total')}</th>
              <th class="num">{t('site.downloads.counts.unique')}</th>
            </tr>
          </thead>
          <tbody>
            {view.counts.map((c) => (
              <tr data-code={c.code} data-month={c.month}>
                <td>{c.code}</td>
                <td>{c.month}</td>
                <td class="num">{formatNumber(lang, c.total)}</td>
                <td class="num">{formatNumber(lang, c.unique)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </PlanPage>
  );
};
