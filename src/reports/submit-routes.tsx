/** Routes of submission, the submitted reports' downloads, the evidence manifest, the instance's public key. Checks live in the use cases. */
import { Hono } from 'hono';
import { asc } from 'drizzle-orm';
import { authorize } from '../auth/permissions';
import { instanceKeys } from '../db/schema';
import { loadPlanOrThrow } from '../kpi/service';
import { viewCtx } from '../ui/context';
import { PlanPage } from '../ui/parts';
import type { AppEnv } from '../web/env';
import { keyFingerprint } from './manifest';

export const submitRoutes = new Hono<AppEnv>();

/** The instance's public signing keys (read from instance_keys: a GET never creates the key). */
submitRoutes.get('/p/:id/reports/key', async (c) => {
  const projectId = c.req.param('id');
  authorize(c.var.actor, 'report.read', { projectId });
  const db = c.var.deps.database.db;
  const { plan } = await loadPlanOrThrow(db, projectId);
  const keys = await db.select().from(instanceKeys).orderBy(asc(instanceKeys.createdAt));
  const ctx = viewCtx(c);
  const { t } = ctx;
  return c.html(
    <PlanPage ctx={ctx} projectId={projectId} plan={plan} title={t('reportSubmit.key.title')}>
      <h1>{t('reportSubmit.key.title')}</h1>
      <p>{t('reportSubmit.key.intro')}</p>
      {keys.length === 0 ? <p class="muted">{t('reportSubmit.key.none')}</p> : null}
      {keys.map((k) => (
        <section class="card" data-key={k.id}>
          <dl class="facts">
            <dt>{t('reportSubmit.key.id')}</dt>
            <dd>
              <code>{k.id}</code>
            </dd>
            <dt>{t('reportSubmit.fingerprint')}</dt>
            <dd>
              <code data-fingerprint>{keyFingerprint(k.publicKey)}</code>
            </dd>
          </dl>
          <pre>{k.publicKey}</pre>
        </section>
      ))}
      <p class="muted">{t('reportSubmit.verifyHint')}</p>
    </PlanPage>,
  );
});
