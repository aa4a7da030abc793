/**
 * Account pages without a project: sign in/out, first-admin setup, set/reset password, invitations, the account.
 * Handlers stay thin: parse the form, call the use case with `c.var.actor`, render or redirect.
 */
import { Hono, type Context } from 'hono';
import { getCookie } from 'hono/cookie';
import { isAppError, unauthenticated, type AppError, type ErrorCode } from '../errors';
import type { AppEnv } from '../web/env';
import { hasKey, isLang } from '../i18n';
import { LANG_COOKIE, setLangCookie } from '../i18n/cookie';
import {
  deleteAccount,
  exportAccount,
  getAccount,
  rememberLanguage,
  setLanguage,
  signOutEverywhere,
  updateProfile,
} from '../auth/account';
import { completeFirstSetup, describeLink, requestPasswordReset, setPasswordWithLink } from './links';
import { acceptInvitation, describeInvitation } from './members';
import { safeNextPath } from './next-path';
import { clearSessionCookie, clientAddress, linkDeps, setSessionCookie, throttlePolicy } from './middleware';
import { createSession, endSession, SESSION_COOKIE } from './sessions';
import { signIn } from './sign-in';
import { AccountPage } from './views/account';
import { FirstAdminPage, InvitePage, LinkInvalidPage, SetPasswordPage } from './views/links';
import type { FormProblem } from './views/shared';
import { LoginPage, ResetRequestPage } from './views/sign-in';
import { pageCtx } from '../ui/context';

type C = Context<AppEnv>;

/** Error codes a form shows next to its fields instead of an error page. */
const FORM_CODES: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'validation',
  'sign_in_failed',
  'throttled',
  'last_admin',
]);

/** Runs a use case; a form-level AppError comes back as a problem to render, anything else propagates. */
export async function attempt<T>(
  c: C,
  fn: () => Promise<T>,
): Promise<{ ok: true; value: T } | { ok: false; problem: FormProblem; status: AppError['status'] }> {
  try {
    return { ok: true, value: await fn() };
  } catch (e) {
    if (!isAppError(e) || !FORM_CODES.has(e.code)) throw e;
    const message = hasKey(e.messageKey) ? c.var.t(e.messageKey, e.params) : e.message;
    return { ok: false, problem: { message, details: e.details }, status: e.status };
  }
}

const field = (body: Record<string, unknown>, name: string): string => {
  const v = body[name];
  return typeof v === 'string' ? v : '';
};

const form = async (c: C): Promise<Record<string, string>> => {
  const body = await c.req.parseBody();
  return Object.fromEntries(Object.keys(body).map((k) => [k, field(body, k)]));
};

const loginNotices = {
  joined: 'login.notice.joined',
  passwordSet: 'login.notice.passwordSet',
  signedOut: 'login.notice.signedOut',
  deleted: 'login.notice.deleted',
} as const;

const linkInvalid = (c: C) => c.html(<LinkInvalidPage ctx={pageCtx(c)} />, 410);

export const authRoutes = new Hono<AppEnv>();

authRoutes.get('/login', (c) => {
  const next = safeNextPath(c.req.query('next'));
  if (c.var.session) return c.redirect(next ?? '/', 302);
  const n = c.req.query('notice');
  const notice = n && n in loginNotices ? c.var.t(loginNotices[n as keyof typeof loginNotices]) : undefined;
  return c.html(<LoginPage ctx={pageCtx(c)} next={next} notice={notice} />);
});

authRoutes.post('/login', async (c) => {
  const body = await form(c);
  const r = await attempt(c, () =>
    signIn(c.var.deps.database.db, {
      email: body.email ?? '',
      password: body.password ?? '',
      ip: clientAddress(c),
      userAgent: c.req.header('user-agent'),
      previousSessionId: getCookie(c, SESSION_COOKIE),
      throttle: throttlePolicy(c),
      checkPassword: c.var.deps.checkPassword,
    }),
  );
  if (!r.ok) {
    return c.html(
      <LoginPage ctx={pageCtx(c)} email={body.email} next={safeNextPath(body.next)} problem={r.problem} />,
      r.status,
    );
  }
  setSessionCookie(c, r.value.id);
  const chosen = getCookie(c, LANG_COOKIE);
  if (isLang(chosen))
    await rememberLanguage(c.var.deps.database.db, { userId: r.value.userId, stored: null, lang: chosen });
  return c.redirect(safeNextPath(body.next) ?? '/', 303);
});

authRoutes.post('/logout', async (c) => {
  const raw = getCookie(c, SESSION_COOKIE);
  if (raw) await endSession(c.var.deps.database.db, raw);
  clearSessionCookie(c);
  return c.redirect('/login?notice=signedOut', 303);
});

// One-time links: first admin, set password (create-admin), reset password.

const passwordLinkPage = async (c: C, kind: 'setup' | 'reset') => {
  const token = c.req.param('token') ?? '';
  const info = await describeLink(c.var.deps.database.db, token).catch(() => null);
  if (!info) return linkInvalid(c);
  if (info.kind === 'first-admin') {
    return kind === 'setup' ? c.html(<FirstAdminPage ctx={pageCtx(c)} token={token} />) : linkInvalid(c);
  }
  return c.html(
    <SetPasswordPage
      ctx={pageCtx(c)}
      action={`/${kind}/${token}`}
      email={info.email}
      reset={info.purpose === 'reset'}
    />,
  );
};

const passwordLinkSubmit = async (c: C, kind: 'setup' | 'reset') => {
  const token = c.req.param('token') ?? '';
  const { db } = c.var.deps.database;
  const info = await describeLink(db, token).catch(() => null);
  if (!info || (info.kind === 'first-admin' && kind !== 'setup')) return linkInvalid(c);
  const body = await form(c);
  const r = await attempt(c, () =>
    info.kind === 'first-admin'
      ? completeFirstSetup(db, { token, input: body })
      : setPasswordWithLink(db, { token, input: body }),
  );
  if (!r.ok) {
    return c.html(
      info.kind === 'first-admin' ? (
        <FirstAdminPage ctx={pageCtx(c)} token={token} values={body} problem={r.problem} />
      ) : (
        <SetPasswordPage
          ctx={pageCtx(c)}
          action={`/${kind}/${token}`}
          email={info.email}
          reset={info.purpose === 'reset'}
          problem={r.problem}
        />
      ),
      r.status,
    );
  }
  return c.redirect('/login?notice=passwordSet', 303);
};

authRoutes.get('/setup/:token', (c) => passwordLinkPage(c, 'setup'));
authRoutes.post('/setup/:token', (c) => passwordLinkSubmit(c, 'setup'));
authRoutes.get('/reset/:token', (c) => passwordLinkPage(c, 'reset'));
authRoutes.post('/reset/:token', (c) => passwordLinkSubmit(c, 'reset'));

authRoutes.get('/reset', (c) => c.html(<ResetRequestPage ctx={pageCtx(c)} />));

authRoutes.post('/reset', async (c) => {
  const body = await form(c);
  await requestPasswordReset(linkDeps(c), {
    email: body.email ?? '',
    lang: c.var.lang,
    ip: clientAddress(c),
    throttle: throttlePolicy(c),
  });
  // The same answer whether or not an account uses the address, and whether or not a mail went out.
  return c.html(<ResetRequestPage ctx={pageCtx(c)} sent />);
});

// Invitations

const invitePage = async (
  c: C,
  problem?: FormProblem,
  values?: { name?: string },
  status: AppError['status'] = 200,
) => {
  const token = c.req.param('token') ?? '';
  const info = await describeInvitation(c.var.deps.database.db, token).catch(() => null);
  if (!info) return linkInvalid(c);
  const { t } = c.var;
  const roleName = t(`auth.role.${info.invitation.role as 'viewer'}`);
  const invite = {
    token,
    project: info.projectAcronym,
    role: info.invitation.partnerCode ? `${roleName} (${info.invitation.partnerCode})` : roleName,
    email: info.invitation.email,
    accountExists: info.accountExists,
    signedInAs: c.var.session ? c.var.session.name : null,
  };
  return c.html(<InvitePage ctx={pageCtx(c)} invite={invite} values={values} problem={problem} />, status);
};

authRoutes.get('/invite/:token', (c) => invitePage(c));

authRoutes.post('/invite/:token', async (c) => {
  const token = c.req.param('token');
  const body = await form(c);
  const r = await attempt(c, () =>
    acceptInvitation(c.var.deps.database.db, { actor: c.var.actor, token, input: body }).catch(
      (e: unknown) => {
        if (isAppError(e) && e.code === 'link_invalid') return null;
        throw e;
      },
    ),
  );
  if (!r.ok) return invitePage(c, r.problem, body, r.status);
  if (!r.value) return linkInvalid(c);
  if (r.value.created) {
    // The new account is signed in at once: the person just chose the password, asking for it again helps no one.
    const s = await createSession(c.var.deps.database.db, {
      userId: r.value.userId,
      ip: clientAddress(c),
      userAgent: c.req.header('user-agent'),
    });
    setSessionCookie(c, s.id);
  }
  return c.redirect(`/p/${r.value.projectId}`, 303);
});

// The account

const accountNotices = { saved: 'account.saved' } as const;

const accountPage = async (c: C, problem?: FormProblem, status: AppError['status'] = 200) => {
  const account = await getAccount(c.var.deps.database.db, { actor: c.var.actor });
  const n = c.req.query('notice');
  const notice =
    n && n in accountNotices ? c.var.t(accountNotices[n as keyof typeof accountNotices]) : undefined;
  return c.html(
    <AccountPage
      ctx={pageCtx(c)}
      account={account}
      currentSession={c.var.session?.idHash ?? null}
      notice={notice}
      problem={problem}
    />,
    status,
  );
};

authRoutes.get('/account', (c) => accountPage(c));

authRoutes.post('/account/profile', async (c) => {
  const body = await form(c);
  const r = await attempt(c, () =>
    updateProfile(c.var.deps.database.db, { actor: c.var.actor, name: body.name }),
  );
  return r.ok ? c.redirect('/account?notice=saved', 303) : accountPage(c, r.problem, r.status);
});

authRoutes.post('/account/language', async (c) => {
  const body = await form(c);
  const r = await attempt(c, () =>
    setLanguage(c.var.deps.database.db, { actor: c.var.actor, lang: body.lang }),
  );
  if (!r.ok) return accountPage(c, r.problem, r.status);
  // The pages follow the choice too (the same cookie as the language link).
  setLangCookie(c, r.value);
  return c.redirect(`/account?notice=saved&lang=${r.value}`, 303);
});

authRoutes.post('/account/sign-out-everywhere', async (c) => {
  await signOutEverywhere(c.var.deps.database.db, { actor: c.var.actor });
  clearSessionCookie(c);
  return c.redirect('/login?notice=signedOut', 303);
});

authRoutes.get('/account/export', async (c) => {
  const data = await exportAccount(c.var.deps.database.db, { actor: c.var.actor });
  return c.body(JSON.stringify(data, null, 2), 200, {
    'content-type': 'application/json; charset=utf-8',
    'content-disposition': 'attachment; filename="herald-my-data.json"',
    'cache-control': 'no-store',
  });
});

authRoutes.post('/account/delete', async (c) => {
  const body = await form(c);
  const r = await attempt(c, () =>
    deleteAccount(c.var.deps.database.db, { actor: c.var.actor, confirmEmail: body.confirm ?? '' }),
  );
  if (!r.ok) return accountPage(c, r.problem, r.status);
  clearSessionCookie(c);
  return c.redirect('/login?notice=deleted', 303);
});

// The API: who the token (or session) acts as.

authRoutes.get('/api/v1/me', (c) => {
  const a = c.var.actor;
  if (a.kind === 'anonymous') {
    throw unauthenticated('Send Authorization: Bearer <token>');
  }
  if (a.kind === 'token') {
    return c.json({ kind: 'token', projectId: a.projectId, partnerCode: a.partnerCode, access: a.access });
  }
  if (a.kind === 'user')
    return c.json({ kind: 'user', userId: a.userId, isAdmin: a.isAdmin, memberships: a.memberships });
  return c.json({ kind: a.kind });
});
