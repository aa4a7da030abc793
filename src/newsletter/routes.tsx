/**
 * The coordinator's newsletter pages (`newsletter.manage`):
 *   GET  /p/:id/newsletter/subscribers                            counts, list (addresses), evidence, erase
 *   GET  /p/:id/newsletter/subscribers/:subscriberId/evidence.json  one subscriber's data and consent evidence
 *   POST /p/:id/newsletter/subscribers/:subscriberId/erase         erases the subscriber (audited, hashes only)
 */
import { Hono } from 'hono';
import { getCurrentPlan } from '../projects/repository';
import { navProject, pageCtx } from '../ui/context';
import type { AppEnv } from '../web/env';
import { eraseSubscriber, subscriberEvidence, subscribersView } from './admin';
import { SubscribersPage } from './views/subscribers';

export const newsletterRoutes = new Hono<AppEnv>();

newsletterRoutes.get('/p/:id/newsletter/subscribers', async (c) => {
  const projectId = c.req.param('id');
  const db = c.var.deps.database.db;
  const view = await subscribersView(db, { actor: c.var.actor, projectId });
  const current = await getCurrentPlan(db, projectId);
  const notice = c.req.query('notice') === 'erased' ? c.var.t('newsletter.admin.erased') : undefined;
  return c.html(
    <SubscribersPage
      ctx={pageCtx(c)}
      project={await navProject(c)}
      view={view}
      enabled={current?.plan.newsletter?.enabled === true}
      notice={notice}
    />,
    200,
    { 'cache-control': 'no-store' },
  );
});

newsletterRoutes.get('/p/:id/newsletter/subscribers/:subscriberId/evidence.json', async (c) => {
  const { id: projectId, subscriberId } = c.req.param();
  const data = await subscriberEvidence(c.var.deps.database.db, {
    actor: c.var.actor,
    projectId,
    subscriberId,
  });
  return c.body(JSON.stringify(data, null, 2), 200, {
    'content-type': 'application/json; charset=utf-8',
    'content-disposition': `attachment; filename="${projectId}-subscriber-${subscriberId}.json"`,
    'cache-control': 'no-store',
  });
});

newsletterRoutes.post('/p/:id/newsletter/subscribers/:subscriberId/erase', async (c) => {
  const { id: projectId, subscriberId } = c.req.param();
  await eraseSubscriber(c.var.deps.database.db, {
    actor: c.var.actor,
    projectId,
    subscriberId,
    clock: c.var.clock,
  });
  return c.redirect(`/p/${projectId}/newsletter/subscribers?notice=erased`, 303);
});
