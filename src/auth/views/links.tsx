/** Pages behind one-time links: first-admin setup, set or reset a password, accept an invitation, invalid link. */
import type { FC } from 'hono/jsx';
import { PASSWORD_MIN } from '../schema';
import { CsrfField, FormErrors } from '../../ui/form';
import { AuthPage, type FormProblem, type PageCtx } from './shared';

const PasswordFields: FC<{ ctx: PageCtx }> = ({ ctx }) => {
  const { t } = ctx;
  return (
    <>
      <label>
        {t('login.password')}
        <input
          type="password"
          name="password"
          autocomplete="new-password"
          minlength={PASSWORD_MIN}
          required
        />
        <small class="muted">{t('password.hint', { n: PASSWORD_MIN })}</small>
      </label>
      <label>
        {t('setup.confirm')}
        <input type="password" name="confirm" autocomplete="new-password" required />
      </label>
    </>
  );
};

export const FirstAdminPage: FC<{
  ctx: PageCtx;
  token: string;
  values?: { email?: string; name?: string };
  problem?: FormProblem;
}> = ({ ctx, token, values, problem }) => {
  const { t } = ctx;
  return (
    <AuthPage ctx={ctx} title={t('setup.title')} narrow>
      <h1>{t('setup.title')}</h1>
      <p>{t('setup.intro')}</p>
      <FormErrors t={t} message={problem?.message} details={problem?.details} />
      <form method="post" action={`/setup/${token}`} class="stack">
        <CsrfField />
        <label>
          {t('login.email')}
          <input type="email" name="email" value={values?.email ?? ''} autocomplete="username" required />
        </label>
        <label>
          {t('setup.name')}
          <input type="text" name="name" value={values?.name ?? ''} autocomplete="name" required />
        </label>
        <PasswordFields ctx={ctx} />
        <button type="submit">{t('setup.submit')}</button>
      </form>
    </AuthPage>
  );
};

export const SetPasswordPage: FC<{
  ctx: PageCtx;
  action: string;
  email: string;
  reset: boolean;
  problem?: FormProblem;
}> = ({ ctx, action, email, reset, problem }) => {
  const { t } = ctx;
  const title = reset ? t('password.titleReset') : t('password.title');
  return (
    <AuthPage ctx={ctx} title={title} narrow>
      <h1>{title}</h1>
      <p>{t('password.for', { email })}</p>
      <FormErrors t={t} message={problem?.message} details={problem?.details} />
      <form method="post" action={action} class="stack">
        <CsrfField />
        <input type="hidden" name="email" value={email} autocomplete="username" />
        <PasswordFields ctx={ctx} />
        <button type="submit">{t('password.submit')}</button>
      </form>
    </AuthPage>
  );
};

export interface InviteView {
  token: string;
  project: string;
  role: string;
  email: string;
  accountExists: boolean;
  /** The signed-in user's name, when someone is signed in. */
  signedInAs: string | null;
}

export const InvitePage: FC<{
  ctx: PageCtx;
  invite: InviteView;
  values?: { name?: string };
  problem?: FormProblem;
}> = ({ ctx, invite, values, problem }) => {
  const { t } = ctx;
  const action = `/invite/${invite.token}`;
  return (
    <AuthPage ctx={ctx} title={t('invite.title', { project: invite.project })} narrow>
      <h1>{t('invite.title', { project: invite.project })}</h1>
      <p>{t('invite.role', { project: invite.project, role: invite.role })}</p>
      <FormErrors t={t} message={problem?.message} details={problem?.details} />
      {invite.signedInAs !== null ? (
        <form method="post" action={action}>
          <CsrfField />
          <button type="submit">{t('invite.acceptAs', { name: invite.signedInAs })}</button>
        </form>
      ) : invite.accountExists ? (
        <>
          <p>{t('invite.signInFirst', { email: invite.email })}</p>
          <p>
            <a href={`/login?next=${encodeURIComponent(action)}`}>{t('invite.signInLink')}</a>
          </p>
        </>
      ) : (
        <form method="post" action={action} class="stack">
          <CsrfField />
          <h2>{t('invite.createAccount', { email: invite.email })}</h2>
          <input type="hidden" name="email" value={invite.email} autocomplete="username" />
          <label>
            {t('setup.name')}
            <input type="text" name="name" value={values?.name ?? ''} autocomplete="name" required />
          </label>
          <PasswordFields ctx={ctx} />
          <button type="submit">{t('invite.submitNew')}</button>
        </form>
      )}
    </AuthPage>
  );
};

export const LinkInvalidPage: FC<{ ctx: PageCtx }> = ({ ctx }) => {
  const { t } = ctx;
  return (
    <AuthPage ctx={ctx} title={t('error.title')} narrow>
      <h1>{t('error.title')}</h1>
      <p>{t('auth.error.linkInvalid')}</p>
      <p>
        <a href="/">{t('error.back')}</a>
      </p>
    </AuthPage>
  );
};
