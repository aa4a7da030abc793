/** The plan pages: project list, per-project stylesheet, and one read-only page per part of the plan. */
import { Hono, type Context } from 'hono';
import type { FC } from 'hono/jsx';
import { can } from '../auth/permissions';
import { notFound } from '../errors';
import type { AppEnv } from '../web/env';
import { themeCss } from './plan-view';
import { getCurrentPlan, listProjects, type CurrentPlan } from './repository';
import { listPlanHistory } from './service';
import { AudiencesPage } from './views/audiences';
import { ChannelsPage } from './views/channels';
import { EventsPage } from './views/events';
import { HistoryPage } from './views/history';
import { KpisPage } from './views/kpis';
import { OverviewPage } from './views/overview';
import { PartnersPage } from './views/partners';
import { ProjectsPage } from './views/projects';
import type { PlanViewProps } from '../ui/parts';
import { SynergiesPage } from './views/synergies';
import { TimelinePage } from './views/timeline';
import { WorkPackagesPage } from './views/work-packages';
import { viewCtx } from '../ui/context';

type C = Context<AppEnv>;

/** The project's current plan, or a 404. */
async function currentPlan(c: C): Promise<{ projectId: string; current: CurrentPlan }> {
  const projectId = c.req.param('id') ?? '';
  const current = await getCurrentPlan(c.var.deps.database.db, projectId);
  if (!current) throw notFound('project');
  return { projectId, current };
}

async function planPage(c: C, View: FC<PlanViewProps>) {
  const { projectId, current } = await currentPlan(c);
  return c.html(<View ctx={viewCtx(c)} projectId={projectId} current={current} />);
}

/** Bump when themeCss() changes, so browsers revalidate stylesheets cached under the old ETag. */
const THEME_REVISION = 2;

/** True when an If-None-Match header names `etag` (or `*`). */
const matchesEtag = (header: string | undefined, etag: string): boolean =>
  header !== undefined &&
  header.split(',').some((tag) => {
    const t = tag.trim().replace(/^W\//, '');
    return t === etag || t === '*';
  });

export const projectRoutes = new Hono<AppEnv>();

projectRoutes.get('/', async (c) => {
  const projects = await listProjects(c.var.deps.database.db);
  const [only] = projects;
  if (projects.length === 1 && only) return c.redirect(`/p/${only.id}`, 302);
  return c.html(<ProjectsPage ctx={viewCtx(c)} projects={projects} />);
});

projectRoutes.get('/p/:id/theme.css', async (c) => {
  const { current } = await currentPlan(c);
  const etag = `"${current.contentHash.slice(0, 32)}.${THEME_REVISION}"`;
  const headers = { etag, 'cache-control': 'public, no-cache' };
  if (matchesEtag(c.req.header('if-none-match'), etag)) return c.body(null, 304, headers);
  const css = themeCss(current.plan.identity?.palette ?? []);
  return c.body(css, 200, { ...headers, 'content-type': 'text/css; charset=utf-8' });
});

projectRoutes.get('/p/:id', (c) => planPage(c, OverviewPage));
projectRoutes.get('/p/:id/partners', (c) => planPage(c, PartnersPage));
projectRoutes.get('/p/:id/audiences', (c) => planPage(c, AudiencesPage));
projectRoutes.get('/p/:id/channels', (c) => planPage(c, ChannelsPage));
projectRoutes.get('/p/:id/work-packages', (c) => planPage(c, WorkPackagesPage));
projectRoutes.get('/p/:id/events', (c) => planPage(c, EventsPage));
projectRoutes.get('/p/:id/synergies', (c) => planPage(c, SynergiesPage));
projectRoutes.get('/p/:id/kpis', (c) => planPage(c, KpisPage));
projectRoutes.get('/p/:id/timeline', (c) => planPage(c, TimelinePage));

projectRoutes.get('/p/:id/history', async (c) => {
  const { projectId, current } = await currentPlan(c);
  const versions = await listPlanHistory(c.var.deps.database.db, { actor: c.var.actor, projectId });
  const canEdit = can(c.var.actor, 'plan.import', { projectId });
  return c.html(
    <HistoryPage
      ctx={viewCtx(c)}
      projectId={projectId}
      current={current}
      versions={versions}
      canEdit={canEdit}
    />,
  );
});
