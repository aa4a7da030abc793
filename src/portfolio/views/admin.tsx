/** `/admin/portfolios`: the list with a create form, and one portfolio's projects and members with their forms. */
import type { FC } from 'hono/jsx';
import type { Translator } from '../../i18n';
import type { MessageKey } from '../../i18n/catalog';
import { CsrfField } from '../../ui/form';
import { Layout } from '../../ui/layout';
import type { ViewCtx } from '../../ui/parts';
import { PORTFOLIO_KINDS, PORTFOLIO_ROLES, type PortfolioDetail, type PortfolioSummary } from '../service';

const kindLabel = (t: Translator, kind: string) =>
  (PORTFOLIO_KINDS as readonly string[]).includes(kind) ? t(`portfolios.kind.${kind}` as MessageKey) : kind;
const roleLabel = (t: Translator, role: string) =>
  (PORTFOLIO_ROLES as readonly string[]).includes(role) ? t(`portfolios.role.${role}` as MessageKey) : role;

export const PortfolioListView: FC<{ ctx: ViewCtx; list: PortfolioSummary[] }> = ({ ctx, list }) => {
  const { t, lang } = ctx;
  return (
    <Layout title={t('portfolios.title')} lang={lang} t={t} path={ctx.path}>
      <h1>{t('portfolios.title')}</h1>
      <p class="muted">{t('portfolios.intro')}</p>
      {list.length === 0 ? (
        <p class="empty">{t('portfolios.none')}</p>
      ) : (
        <table class="portfolios">
          <caption>{t('portfolios.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('portfolios.col.name')}</th>
              <th scope="col">{t('portfolios.col.id')}</th>
              <th scope="col">{t('portfolios.col.kind')}</th>
              <th scope="col">{t('portfolios.col.projects')}</th>
              <th scope="col">{t('portfolios.col.members')}</th>
            </tr>
          </thead>
          <tbody>
            {list.map((p) => (
              <tr data-portfolio={p.id}>
                <th scope="row">
                  <a href={`/admin/portfolios/${p.id}`}>{p.name}</a>
                </th>
                <td>
                  <code>{p.id}</code>
                </td>
                <td>{kindLabel(t, p.kind)}</td>
                <td>{p.projects}</td>
                <td>{p.members}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h2>{t('portfolios.create')}</h2>
      <form method="post" action="/admin/portfolios">
        <CsrfField />
        <label>
          {t('portfolios.name')}
          <input type="text" name="name" required maxlength={200} />
        </label>
        <label>
          {t('portfolios.kind')}
          <select name="kind">
            {PORTFOLIO_KINDS.map((k) => (
              <option value={k}>{kindLabel(t, k)}</option>
            ))}
          </select>
        </label>
        <button type="submit">{t('portfolios.create')}</button>
      </form>
    </Layout>
  );
};

export const PortfolioDetailView: FC<{ ctx: ViewCtx; p: PortfolioDetail }> = ({ ctx, p }) => {
  const { t, lang } = ctx;
  const base = `/admin/portfolios/${p.id}`;
  return (
    <Layout title={p.name} lang={lang} t={t} path={ctx.path}>
      <p>
        <a href="/admin/portfolios">{t('portfolios.back')}</a>
      </p>
      <h1>
        {p.name} <small>{kindLabel(t, p.kind)}</small>
      </h1>
      <h2>{t('portfolios.projects')}</h2>
      {p.projects.length === 0 ? (
        <p class="empty">{t('portfolios.noProjects')}</p>
      ) : (
        <table class="portfolio-projects">
          <caption>{t('portfolios.projects')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('portfolio.col.project')}</th>
              <th scope="col">{t('portfolio.col.title')}</th>
              <th scope="col">
                <span class="sr-only">{t('portfolios.remove')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {p.projects.map((x) => (
              <tr data-project={x.id}>
                <th scope="row">
                  <a href={`/p/${x.id}`} hx-boost="false">
                    {x.acronym}
                  </a>
                </th>
                <td>{x.title}</td>
                <td>
                  <form method="post" action={`${base}/projects/${x.id}/remove`} class="inline">
                    <CsrfField />
                    <button type="submit" aria-label={`${t('portfolios.remove')} ${x.acronym}`}>
                      {t('portfolios.remove')}
                    </button>
                  </form>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <form method="post" action={`${base}/projects`}>
        <CsrfField />
        <label>
          {t('portfolios.projectId')}
          <input type="text" name="project" required maxlength={100} />
        </label>
        <button type="submit">{t('portfolios.addProject')}</button>
      </form>
      <h2>{t('portfolios.members')}</h2>
      {p.members.length === 0 ? (
        <p class="empty">{t('portfolios.noMembers')}</p>
      ) : (
        <table class="portfolio-members">
          <caption>{t('portfolios.members')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('portfolios.col.person')}</th>
              <th scope="col">{t('portfolios.role')}</th>
              <th scope="col">
                <span class="sr-only">{t('portfolios.revoke')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {p.members.map((m) => (
              <tr data-user={m.userId}>
                <th scope="row">
                  {m.name ?? ''} {m.email ? <span class="muted">{m.email}</span> : null}
                </th>
                <td>{roleLabel(t, m.role)}</td>
                <td>
                  <form method="post" action={`${base}/members/${m.userId}/revoke`} class="inline">
                    <CsrfField />
                    <button type="submit" aria-label={`${t('portfolios.revoke')} ${m.email ?? m.userId}`}>
                      {t('portfolios.revoke')}
                    </button>
                  </form>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <form method="post" action={`${base}/members`}>
        <CsrfField />
        <label>
          {t('portfolios.email')}
          <input type="email" name="email" required maxlength={320} />
        </label>
        <label>
          {t('portfolios.role')}
          <select name="role">
            {PORTFOLIO_ROLES.map((r) => (
              <option value={r}>{roleLabel(t, r)}</option>
            ))}
          </select>
        </label>
        <button type="submit">{t('portfolios.grant')}</button>
      </form>
    </Layout>
  );
};
