/** A project's members and API tokens pages. Permission checks live in the use cases (members.ts, tokens.ts). */
import { Hono, type Context } from 'hono';
import type { AppError } from '../errors';
import type { AppEnv } from '../web/env';
import { inviteMember, listProjectMembers, removeMember, revokeInvitation, updateMember } from './members';
import { linkDeps } from './middleware';
import { navProject, pageCtx } from '../ui/context';
import { attempt } from './routes';
import { createToken, listTokens, revokeToken } from './tokens';
import { MembersPage } from './views/members';
import type { FormProblem } from './views/shared';
import { TokensPage } from './views/tokens';

type C = Context<AppEnv>;

const formOf = async (c: C): Promise<Record<string, string>> => {
  const body = await c.req.parseBody();
  return Object.fromEntries(Object.entries(body).map(([k, v]) => [k, typeof v === 'string' ? v : '']));
};

const memberNotices = {
  invited: 'members.invited',
  updated: 'members.updated',
  removed: 'members.removed',
} as const;

async function membersPage(c: C, problem?: FormProblem, status: AppError['status'] = 200) {
  const projectId = c.req.param('id') ?? '';
  const view = await listProjectMembers(c.var.deps.database.db, { actor: c.var.actor, projectId });
  const n = c.req.query('notice');
  const notice =
    n && n in memberNotices ? c.var.t(memberNotices[n as keyof typeof memberNotices]) : undefined;
  return c.html(
    <MembersPage
      ctx={pageCtx(c)}
      project={await navProject(c)}
      view={view}
      notice={notice}
      problem={problem}
    />,
    status,
  );
}

const toMembers = (c: C, notice: keyof typeof memberNotices) =>
  c.redirect(`/p/${c.req.param('id')}/members?notice=${notice}`, 303);

export const projectAccessRoutes = new Hono<AppEnv>();

projectAccessRoutes.get('/p/:id/members', (c) => membersPage(c));

projectAccessRoutes.post('/p/:id/members', async (c) => {
  const projectId = c.req.param('id');
  const r = await attempt(c, async () =>
    inviteMember(linkDeps(c), { actor: c.var.actor, projectId, input: await formOf(c), lang: c.var.lang }),
  );
  return r.ok ? toMembers(c, 'invited') : membersPage(c, r.problem, r.status);
});

projectAccessRoutes.post('/p/:id/members/:userId', async (c) => {
  const { id: projectId, userId } = c.req.param();
  const r = await attempt(c, async () =>
    updateMember(c.var.deps.database.db, { actor: c.var.actor, projectId, userId, input: await formOf(c) }),
  );
  return r.ok ? toMembers(c, 'updated') : membersPage(c, r.problem, r.status);
});

projectAccessRoutes.post('/p/:id/members/:userId/remove', async (c) => {
  const { id: projectId, userId } = c.req.param();
  await removeMember(c.var.deps.database.db, { actor: c.var.actor, projectId, userId });
  return toMembers(c, 'removed');
});

projectAccessRoutes.post('/p/:id/invitations/:invitationId/revoke', async (c) => {
  const { id: projectId, invitationId } = c.req.param();
  await revokeInvitation(c.var.deps.database.db, {
    actor: c.var.actor,
    projectId,
    invitationId: Number(invitationId) || 0,
  });
  return toMembers(c, 'updated');
});

async function tokensPage(
  c: C,
  extra: { created?: string; problem?: FormProblem } = {},
  status: AppError['status'] = 200,
) {
  const projectId = c.req.param('id') ?? '';
  const view = await listTokens(c.var.deps.database.db, { actor: c.var.actor, projectId });
  return c.html(
    <TokensPage ctx={pageCtx(c)} project={await navProject(c)} view={view} {...extra} />,
    status,
    {
      'cache-control': 'no-store',
    },
  );
}

projectAccessRoutes.get('/p/:id/tokens', (c) => tokensPage(c));

projectAccessRoutes.post('/p/:id/tokens', async (c) => {
  const projectId = c.req.param('id');
  const r = await attempt(c, async () =>
    createToken(c.var.deps.database.db, { actor: c.var.actor, projectId, input: await formOf(c) }),
  );
  return r.ok ? tokensPage(c, { created: r.value.token }) : tokensPage(c, { problem: r.problem }, r.status);
});

projectAccessRoutes.post('/p/:id/tokens/:tokenId/revoke', async (c) => {
  const { id: projectId, tokenId } = c.req.param();
  await revokeToken(c.var.deps.database.db, { actor: c.var.actor, projectId, tokenId: Number(tokenId) || 0 });
  return c.redirect(`/p/${projectId}/tokens`, 303);
});
