/** The account page: profile, projects, sessions (sign out everywhere), download my data, delete the account. */
import type { FC } from 'hono/jsx';
import { formatDateTime, LANGS } from '../../i18n';
import type { AccountView } from '../account';
import { tombstoneOf } from '../account';
import { CsrfField, FormErrors, Notice } from '../../ui/form';
import { AuthPage, type FormProblem, type PageCtx } from './shared';

export const AccountPage: FC<{
  ctx: PageCtx;
  account: AccountView;
  currentSession: string | null;
  notice?: string;
  problem?: FormProblem;
}> = ({ ctx, account, currentSession, notice, problem }) => {
  const { t, lang } = ctx;
  const { user, memberships, sessions } = account;
  return (
    <AuthPage ctx={ctx} title={t('account.title')}>
      <h1>{t('account.title')}</h1>
      <Notice>{notice}</Notice>
      <FormErrors t={t} message={problem?.message} details={problem?.details} />
      <section class="card">
        <h2>{t('account.profile')}</h2>
        <dl class="facts">
          <dt>{t('login.email')}</dt>
          <dd class="email">{user.email}</dd>
          {user.isAdmin ? (
            <>
              <dt>{t('auth.role.admin')}</dt>
              <dd>{t('account.admin')}</dd>
            </>
          ) : null}
        </dl>
        <form method="post" action="/account/profile" class="row">
          <CsrfField />
          <label>
            {t('setup.name')}{' '}
            <input type="text" name="name" value={user.name ?? ''} required maxlength={120} />
          </label>
          <button type="submit">{t('account.save')}</button>
        </form>
      </section>
      <section class="card">
        <h2>{t('account.language')}</h2>
        <form method="post" action="/account/language" class="row">
          <CsrfField />
          <label>
            {t('account.languageIntro')}{' '}
            <select name="lang">
              {LANGS.map((l) => (
                <option value={l} selected={l === (user.lang ?? lang)} lang={l}>
                  {t(`lang.name.${l}`)}
                </option>
              ))}
            </select>
          </label>
          <button type="submit">{t('account.save')}</button>
        </form>
      </section>
      <section class="card">
        <h2>{t('account.memberships')}</h2>
        {memberships.length === 0 ? (
          <p class="muted">{t('account.noMemberships')}</p>
        ) : (
          <ul class="plain memberships">
            {memberships.map((m) => (
              <li>
                <a href={`/p/${m.projectId}`}>{m.projectId}</a> — {t(`auth.role.${m.role}`)}
                {m.partnerCode ? ` (${m.partnerCode})` : ''}
                {m.portfolioId ? null : (
                  <>
                    {' · '}
                    <a href={`/p/${m.projectId}/mail`}>{t('prefs.mine.title')}</a>
                  </>
                )}
              </li>
            ))}
          </ul>
        )}
      </section>
      <section class="card">
        <h2>{t('account.sessions')}</h2>
        <table class="sessions">
          <thead>
            <tr>
              <th>{t('account.col.started')}</th>
              <th>{t('account.col.lastSeen')}</th>
              <th>{t('account.col.device')}</th>
              <th>{t('account.col.address')}</th>
            </tr>
          </thead>
          <tbody>
            {sessions.map((s) => (
              <tr class={s.idHash === currentSession ? 'current' : undefined}>
                <td>{formatDateTime(lang, s.createdAt)}</td>
                <td>
                  {formatDateTime(lang, s.lastSeenAt)}
                  {s.idHash === currentSession ? <span class="badge">{t('account.current')}</span> : null}
                </td>
                <td class="ua">{s.userAgent ?? t('common.none')}</td>
                <td>{s.ip ?? t('common.none')}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <form method="post" action="/account/sign-out-everywhere">
          <CsrfField />
          <button type="submit">{t('account.signOutEverywhere')}</button>
        </form>
      </section>
      <section class="card">
        <h2>{t('account.data')}</h2>
        <p>{t('account.dataIntro')}</p>
        <p>
          <a href="/account/export" hx-boost="false" download="herald-my-data.json">
            {t('account.download')}
          </a>
        </p>
      </section>
      <section class="card danger">
        <h2>{t('account.delete')}</h2>
        <p>{t('account.deleteIntro', { tombstone: tombstoneOf(memberships) })}</p>
        <form method="post" action="/account/delete" class="stack">
          <CsrfField />
          <label>
            {t('account.confirmEmail')}
            <input type="email" name="confirm" autocomplete="off" required />
          </label>
          <button type="submit" class="danger">
            {t('account.deleteSubmit')}
          </button>
        </form>
      </section>
    </AuthPage>
  );
};
