/** The header's account corner: who is signed in, account and outbox links, the sign-out button; or a sign-in link. */
import type { FC } from 'hono/jsx';
import type { Translator } from '../../i18n';
import { can } from '../permissions';
import { CsrfField } from '../../ui/form';
import { requestView } from './request';

export const UserMenu: FC<{ t: Translator; path: string }> = ({ t, path }) => {
  const { session, actor } = requestView();
  if (!session) {
    if (path === '/login') return null;
    const next = path === '/' ? '' : `?next=${encodeURIComponent(path)}`;
    return (
      <a class="signin" href={`/login${next}`}>
        {t('auth.signIn')}
      </a>
    );
  }
  return (
    <span class="user-menu">
      <a href="/portfolio">{t('nav.portfolio')}</a>
      {can(actor, 'portfolio.manage') ? <a href="/admin/portfolios">{t('nav.portfolios')}</a> : null}
      {can(actor, 'outbox.read') ? <a href="/admin/outbox">{t('nav.outbox')}</a> : null}
      {can(actor, 'jobs.manage') ? <a href="/admin/jobs">{t('nav.jobs')}</a> : null}
      {can(actor, 'project.create') ? <a href="/projects/new">{t('init.nav')}</a> : null}
      <a href="/account" class="user" title={t('nav.account')}>
        {session.name}
      </a>
      <form method="post" action="/logout" class="inline">
        <CsrfField />
        <button type="submit" class="link">
          {t('auth.signOut')}
        </button>
      </form>
    </span>
  );
};
