/** The project's API tokens page: the new token (shown once), the list with last use, revoke, and the create form. */
import type { FC } from 'hono/jsx';
import { formatDateTime } from '../../i18n';
import type { NavProject } from '../../ui/layout';
import type { TokensView } from '../tokens';
import { CsrfField, FormErrors, Notice } from '../../ui/form';
import { AuthPage, type FormProblem, type PageCtx } from './shared';

export const TokensPage: FC<{
  ctx: PageCtx;
  project: NavProject;
  view: TokensView;
  created?: string;
  problem?: FormProblem;
}> = ({ ctx, project, view, created, problem }) => {
  const { t, lang } = ctx;
  const base = `/p/${project.id}/tokens`;
  return (
    <AuthPage ctx={ctx} title={t('tokens.title')} project={project}>
      <h1>{t('tokens.title')}</h1>
      <p>{t('tokens.intro')}</p>
      {created ? (
        <div class="new-token">
          <Notice>{t('tokens.created')}</Notice>
          <code class="token" id="new-token">
            {created}
          </code>
        </div>
      ) : null}
      <FormErrors t={t} message={problem?.message} details={problem?.details} />
      {view.tokens.length === 0 ? (
        <p class="muted">{t('tokens.none')}</p>
      ) : (
        <table class="tokens">
          <thead>
            <tr>
              <th>{t('tokens.col.name')}</th>
              <th>{t('tokens.col.prefix')}</th>
              <th>{t('tokens.col.partner')}</th>
              <th>{t('tokens.col.access')}</th>
              <th>{t('tokens.col.created')}</th>
              <th>{t('tokens.col.lastUsed')}</th>
              <th>{t('tokens.col.status')}</th>
            </tr>
          </thead>
          <tbody>
            {view.tokens.map((k) => (
              <tr data-token={k.id} class={k.revokedAt ? 'revoked' : undefined}>
                <td>{k.name}</td>
                <td>
                  <code>{k.prefix}…</code>
                </td>
                <td>{k.partnerCode}</td>
                <td>{k.access === 'write' ? t('tokens.access.write') : t('tokens.access.read')}</td>
                <td>{formatDateTime(lang, k.createdAt)}</td>
                <td>{k.lastUsedAt ? formatDateTime(lang, k.lastUsedAt) : t('tokens.never')}</td>
                <td>
                  {k.revokedAt ? (
                    t('tokens.revoked')
                  ) : (
                    <form method="post" action={`${base}/${k.id}/revoke`} class="inline">
                      <CsrfField />
                      {t('tokens.active')}{' '}
                      <button type="submit" class="danger">
                        {t('tokens.revoke')}
                      </button>
                    </form>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h2>{t('tokens.create')}</h2>
      <form method="post" action={base} class="row">
        <CsrfField />
        <label>
          {t('tokens.name')} <input type="text" name="name" required maxlength={80} />
        </label>
        <select name="partnerCode" aria-label={t('tokens.col.partner')}>
          {view.partners.map((p) => (
            <option value={p}>{p}</option>
          ))}
        </select>
        <select name="access" aria-label={t('tokens.col.access')}>
          <option value="read">{t('tokens.access.read')}</option>
          <option value="write">{t('tokens.access.write')}</option>
        </select>
        <button type="submit">{t('tokens.submit')}</button>
      </form>
    </AuthPage>
  );
};
