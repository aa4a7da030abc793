/** The coordinator's page of the newsletter: counts by status and language, the list, evidence export, erase. */
import type { FC } from 'hono/jsx';
import type { PageCtx } from '../../auth/views/shared';
import { formatDateTime, formatNumber, type MessageKey } from '../../i18n';
import { languageName } from '../../ui/parts';
import { CsrfField, Notice } from '../../ui/form';
import { Layout, type NavProject } from '../../ui/layout';
import { SUBSCRIBERS_PAGE, type SubscribersView } from '../admin';

const statusKey = (s: string): MessageKey =>
  s === 'confirmed'
    ? 'newsletter.status.confirmed'
    : s === 'unsubscribed'
      ? 'newsletter.status.unsubscribed'
      : 'newsletter.status.pending';

export const SubscribersPage: FC<{
  ctx: PageCtx;
  project: NavProject;
  view: SubscribersView;
  enabled: boolean;
  notice?: string;
}> = ({ ctx, project, view, enabled, notice }) => {
  const { t, lang } = ctx;
  const base = `/p/${project.id}/newsletter/subscribers`;
  return (
    <Layout title={t('newsletter.admin.title')} lang={lang} t={t} path={ctx.path} project={project}>
      <h1>{t('newsletter.admin.title')}</h1>
      <p>{t('newsletter.admin.intro')}</p>
      <p>
        <a href={`/p/${project.id}/newsletter/issues`}>{t('newsletter.issue.list.title')}</a>
      </p>
      {enabled ? null : <p class="muted">{t('newsletter.admin.disabled')}</p>}
      {notice ? <Notice>{notice}</Notice> : null}
      <h2>{t('newsletter.admin.counts')}</h2>
      <table class="subscriber-counts">
        <thead>
          <tr>
            <th scope="col">{t('newsletter.admin.status')}</th>
            <th scope="col">{t('newsletter.admin.lang')}</th>
            <th scope="col">{t('newsletter.admin.count')}</th>
          </tr>
        </thead>
        <tbody>
          {view.counts.map((r) => (
            <tr data-status={r.status} data-lang={r.lang}>
              <td>{t(statusKey(r.status))}</td>
              <td>{languageName(lang, r.lang)}</td>
              <td class="num">{formatNumber(lang, r.count)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>{t('newsletter.admin.list')}</h2>
      {view.rows.length === 0 ? (
        <p class="muted">{t('newsletter.admin.none')}</p>
      ) : (
        <>
          {view.rows.length >= SUBSCRIBERS_PAGE ? (
            <p class="muted">{t('newsletter.admin.more', { count: SUBSCRIBERS_PAGE })}</p>
          ) : null}
          <table class="subscribers">
            <thead>
              <tr>
                <th scope="col">{t('newsletter.admin.address')}</th>
                <th scope="col">{t('newsletter.admin.status')}</th>
                <th scope="col">{t('newsletter.admin.lang')}</th>
                <th scope="col">{t('newsletter.admin.notice')}</th>
                <th scope="col">{t('newsletter.admin.since')}</th>
                <th scope="col">{t('newsletter.admin.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {view.rows.map((r) => (
                <tr data-subscriber={r.id}>
                  <td>{r.address}</td>
                  <td>{t(statusKey(r.status))}</td>
                  <td>{languageName(lang, r.lang)}</td>
                  <td>{r.noticeVersion}</td>
                  <td>{formatDateTime(lang, r.createdAt)}</td>
                  <td>
                    <a href={`${base}/${r.id}/evidence.json`}>{t('newsletter.admin.evidence')}</a>
                    <form method="post" action={`${base}/${r.id}/erase`} class="inline">
                      <CsrfField />
                      <button type="submit">{t('newsletter.admin.erase')}</button>
                    </form>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </Layout>
  );
};
