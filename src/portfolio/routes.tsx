/**
 * `/portfolio` (every signed-in person: the projects they may see with their cached KPI statuses) and
 * `/admin/portfolios…` (instance admins: create, add/remove projects, grant/revoke roles). Checks live in the use cases.
 */
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { requireUser } from '../auth/permissions';
import { viewCtx } from '../ui/context';
import { kebabId, searchText, uuidParam } from '../schema-pieces';
import type { AppEnv } from '../web/env';
import { parseParams, parseQuery } from '../web/query';
import { portfolioPage, STATUS_FILTERS } from './page-query';
import {
  addProjects,
  createPortfolio,
  getPortfolio,
  grantRole,
  listPortfolios,
  removeProject,
  revokeRole,
} from './service';
import { PortfolioDetailView, PortfolioListView } from './views/admin';
import { PortfolioPageView } from './views/page';

type C = Context<AppEnv>;

/** The page's query parameters (also probed by src/web/params.pglite.test.ts). */
export const PORTFOLIO_QUERY = {
  programme: searchText.optional(),
  status: z.enum(STATUS_FILTERS).optional(),
  partner: searchText.optional(),
  after: kebabId.optional(),
  before: kebabId.optional(),
};
const PORTFOLIO_PARAM = { portfolio: kebabId };

const formOf = async (c: C): Promise<Record<string, string>> => {
  const body = await c.req.parseBody();
  return Object.fromEntries(Object.entries(body).map(([k, v]) => [k, typeof v === 'string' ? v : '']));
};

export const portfolioRoutes = new Hono<AppEnv>();

portfolioRoutes.get('/portfolio', async (c) => {
  const actor = requireUser(c.var.actor);
  const q = parseQuery(c, PORTFOLIO_QUERY);
  const filters = { programme: q.programme, status: q.status, partner: q.partner };
  const page = await portfolioPage(c.var.deps.database.db, {
    projectIds: actor.isAdmin ? null : actor.memberships.map((m) => m.projectId),
    ...filters,
    after: q.after,
    before: q.before,
  });
  return c.html(
    <PortfolioPageView ctx={viewCtx(c)} page={page} filters={filters} today={c.var.clock.today()} />,
    200,
    { 'cache-control': 'no-store' },
  );
});

portfolioRoutes.get('/admin/portfolios', async (c) => {
  const list = await listPortfolios(c.var.deps.database.db, { actor: c.var.actor });
  return c.html(<PortfolioListView ctx={viewCtx(c)} list={list} />);
});

portfolioRoutes.post('/admin/portfolios', async (c) => {
  const { id } = await createPortfolio(c.var.deps.database.db, {
    actor: c.var.actor,
    clock: c.var.clock,
    input: await formOf(c),
  });
  return c.redirect(`/admin/portfolios/${id}`, 303);
});

portfolioRoutes.get('/admin/portfolios/:portfolio', async (c) => {
  const { portfolio } = parseParams(c, PORTFOLIO_PARAM);
  const p = await getPortfolio(c.var.deps.database.db, { actor: c.var.actor, id: portfolio });
  return c.html(<PortfolioDetailView ctx={viewCtx(c)} p={p} />);
});

portfolioRoutes.post('/admin/portfolios/:portfolio/projects', async (c) => {
  const { portfolio } = parseParams(c, PORTFOLIO_PARAM);
  const form = await formOf(c);
  const projectIds = (form.project ?? '')
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter(Boolean);
  await addProjects(c.var.deps.database.db, {
    actor: c.var.actor,
    clock: c.var.clock,
    portfolioId: portfolio,
    projectIds,
  });
  return c.redirect(`/admin/portfolios/${portfolio}`, 303);
});

portfolioRoutes.post('/admin/portfolios/:portfolio/projects/:projectId/remove', async (c) => {
  const { portfolio, projectId } = parseParams(c, { ...PORTFOLIO_PARAM, projectId: kebabId });
  await removeProject(c.var.deps.database.db, {
    actor: c.var.actor,
    clock: c.var.clock,
    portfolioId: portfolio,
    projectId,
  });
  return c.redirect(`/admin/portfolios/${portfolio}`, 303);
});

portfolioRoutes.post('/admin/portfolios/:portfolio/members', async (c) => {
  const { portfolio } = parseParams(c, PORTFOLIO_PARAM);
  const form = await formOf(c);
  await grantRole(c.var.deps.database.db, {
    actor: c.var.actor,
    clock: c.var.clock,
    portfolioId: portfolio,
    input: { email: form.email ?? '', role: form.role ?? '' },
  });
  return c.redirect(`/admin/portfolios/${portfolio}`, 303);
});

portfolioRoutes.post('/admin/portfolios/:portfolio/members/:userId/revoke', async (c) => {
  const { portfolio, userId } = parseParams(c, { ...PORTFOLIO_PARAM, userId: uuidParam });
  await revokeRole(c.var.deps.database.db, {
    actor: c.var.actor,
    clock: c.var.clock,
    portfolioId: portfolio,
    userId,
  });
  return c.redirect(`/admin/portfolios/${portfolio}`, 303);
});
