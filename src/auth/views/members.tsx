/** The project's members page: members with their role, pending invitations, and the invitation form. */
import type { FC } from 'hono/jsx';
import { formatDateTime, LANGS } from '../../i18n';
import type { NavProject } from '../../ui/layout';
import type { MembersView } from '../members';
import { ROLES, type Role } from '../permissions';
import { CsrfField, FormErrors, Notice } from '../../ui/form';
import { AuthPage, type FormProblem, type PageCtx } from './shared';

const RoleFields: FC<{ ctx: PageCtx; partners: string[]; role?: Role; partnerCode?: string | null }> = ({
  ctx,
  partners,
  role,
  partnerCode,
}) => {
  const { t } = ctx;
  return (
    <>
      <select name="role" aria-label={t('members.col.role')}>
        {ROLES.map((r) => (
          <option value={r} selected={r === (role ?? 'viewer')}>
            {t(`auth.role.${r}`)}
          </option>
        ))}
      </select>
      <select name="partnerCode" aria-label={t('members.col.partner')}>
        <option value="">{t('members.partnerNone')}</option>
        {partners.map((p) => (
          <option value={p} selected={p === partnerCode}>
            {p}
          </option>
        ))}
      </select>
    </>
  );
};

export const MembersPage: FC<{
  ctx: PageCtx;
  project: NavProject;
  view: MembersView;
  notice?: string;
  problem?: FormProblem;
}> = ({ ctx, project, view, notice, problem }) => {
  const { t, lang } = ctx;
  const base = `/p/${project.id}`;
  return (
    <AuthPage ctx={ctx} title={t('members.title')} project={project}>
      <h1>{t('members.title')}</h1>
      <Notice>{notice}</Notice>
      <FormErrors t={t} message={problem?.message} details={problem?.details} />
      {view.members.length === 0 ? (
        <p class="muted">{t('members.none')}</p>
      ) : (
        <table class="members">
          <thead>
            <tr>
              <th>{t('members.col.name')}</th>
              <th>{t('members.col.email')}</th>
              <th>{t('members.col.role')}</th>
              <th>{t('members.col.since')}</th>
              <th>{t('members.col.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {view.members.map((m) => (
              <tr data-user={m.userId}>
                <td>{m.name ?? t('common.none')}</td>
                <td>{m.email ?? t('common.none')}</td>
                <td>
                  {t(`auth.role.${m.role}`)}
                  {m.partnerCode ? ` (${m.partnerCode})` : ''}
                </td>
                <td>{formatDateTime(lang, m.since)}</td>
                <td>
                  <form method="post" action={`${base}/members/${m.userId}`} class="row">
                    <CsrfField />
                    <RoleFields
                      ctx={ctx}
                      partners={view.partners}
                      role={m.role}
                      partnerCode={m.partnerCode}
                    />
                    <button type="submit">{t('members.change')}</button>
                  </form>
                  <form method="post" action={`${base}/members/${m.userId}/remove`} class="inline">
                    <CsrfField />
                    <button type="submit" class="danger">
                      {t('members.remove')}
                    </button>
                  </form>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {view.invitations.length > 0 ? (
        <>
          <h2>{t('members.pending')}</h2>
          <table class="invitations">
            <thead>
              <tr>
                <th>{t('members.col.email')}</th>
                <th>{t('members.col.role')}</th>
                <th>{t('members.expires')}</th>
                <th></th>
              </tr>
            </thead>
            <tbody>
              {view.invitations.map((i) => (
                <tr>
                  <td>{i.email}</td>
                  <td>
                    {t(`auth.role.${i.role as Role}`)}
                    {i.partnerCode ? ` (${i.partnerCode})` : ''}
                  </td>
                  <td>{formatDateTime(lang, i.expiresAt)}</td>
                  <td>
                    <form method="post" action={`${base}/invitations/${i.id}/revoke`} class="inline">
                      <CsrfField />
                      <button type="submit">{t('members.revokeInvitation')}</button>
                    </form>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : null}
      <h2>{t('members.invite')}</h2>
      <form method="post" action={`${base}/members`} class="row invite">
        <CsrfField />
        <label>
          {t('members.inviteEmail')} <input type="email" name="email" required />
        </label>
        <RoleFields ctx={ctx} partners={view.partners} />
        <label>
          {t('members.inviteLang')}{' '}
          <select name="lang">
            {LANGS.map((l) => (
              <option value={l} selected={l === lang} lang={l}>
                {t(`lang.name.${l}`)}
              </option>
            ))}
          </select>
        </label>
        <button type="submit">{t('members.inviteSubmit')}</button>
      </form>
    </AuthPage>
  );
};
