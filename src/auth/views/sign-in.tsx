/** Sign-in and "forgot password" pages. */
import type { FC } from 'hono/jsx';
import { CsrfField, FormErrors, Notice } from '../../ui/form';
import { AuthPage, type FormProblem, type PageCtx } from './shared';

export const LoginPage: FC<{
  ctx: PageCtx;
  email?: string;
  next?: string;
  notice?: string;
  problem?: FormProblem;
}> = ({ ctx, email, next, notice, problem }) => {
  const { t } = ctx;
  return (
    <AuthPage ctx={ctx} title={t('login.title')} narrow>
      <h1>{t('login.title')}</h1>
      <Notice>{notice}</Notice>
      <FormErrors t={t} message={problem?.message} details={problem?.details} />
      <form method="post" action="/login" class="stack">
        <CsrfField />
        {next ? <input type="hidden" name="next" value={next} /> : null}
        <label>
          {t('login.email')}
          <input type="email" name="email" value={email ?? ''} autocomplete="username" required autofocus />
        </label>
        <label>
          {t('login.password')}
          <input type="password" name="password" autocomplete="current-password" required />
        </label>
        <button type="submit">{t('login.submit')}</button>
      </form>
      <p>
        <a href="/reset">{t('login.forgot')}</a>
      </p>
    </AuthPage>
  );
};

export const ResetRequestPage: FC<{ ctx: PageCtx; sent?: boolean }> = ({ ctx, sent }) => {
  const { t } = ctx;
  return (
    <AuthPage ctx={ctx} title={t('reset.title')} narrow>
      <h1>{t('reset.title')}</h1>
      {sent ? (
        <Notice>{t('reset.sent')}</Notice>
      ) : (
        <>
          <p>{t('reset.intro')}</p>
          <form method="post" action="/reset" class="stack">
            <CsrfField />
            <label>
              {t('login.email')}
              <input type="email" name="email" autocomplete="username" required autofocus />
            </label>
            <button type="submit">{t('reset.submit')}</button>
          </form>
        </>
      )}
    </AuthPage>
  );
};
