/**
 * `/p/:id/alerts` (`alerts.read`: coordinators): the inconsistency alerts of a LIVE run of the rules (a GET never
 * writes), with when the daily job first saw each; `POST /p/:id/alerts/:fingerprint/dismiss` (`alerts.dismiss`)
 * dismisses one with a reason (422 with the field's error when it is empty).
 */
import { Hono } from 'hono';
import { z } from 'zod';
import { isAppError } from '../errors';
import { searchText } from '../schema-pieces';
import { viewCtx } from '../ui/context';
import type { AppEnv } from '../web/env';
import { parseParams, parseQuery } from '../web/query';
import { alertsPage, dismissAlert } from './consistency';
import { loadRecordContext } from './context';
import { db, formValues, pid, type C } from './route-helpers';
import { AlertsPageView, type FailedDismiss } from './views/alerts';

export const consistencyRoutes = new Hono<AppEnv>();

/** `?dismissed=1` after a dismissal: the notice. */
export const ALERTS_QUERY = { dismissed: searchText.optional() };
/** A finding's fingerprint: sha256 hex. */
export const ALERT_PARAMS = {
  fingerprint: z.string().regex(/^[0-9a-f]{64}$/, 'must be an alert fingerprint'),
};

async function render(c: C, failed?: FailedDismiss) {
  const projectId = pid(c);
  const data = await alertsPage(db(c), { actor: c.var.actor, projectId, clock: c.var.clock });
  const rc = await loadRecordContext(db(c), projectId);
  const { dismissed } = failed ? { dismissed: undefined } : parseQuery(c, ALERTS_QUERY);
  return (
    <AlertsPageView
      ctx={viewCtx(c)}
      projectId={projectId}
      plan={rc.plan}
      data={data}
      failed={failed}
      notice={dismissed ? c.var.t('alerts.dismissedNotice') : undefined}
    />
  );
}

consistencyRoutes.get('/p/:id/alerts', async (c) => c.html(await render(c)));

consistencyRoutes.post('/p/:id/alerts/:fingerprint/dismiss', async (c) => {
  const projectId = pid(c);
  const { fingerprint } = parseParams(c, ALERT_PARAMS);
  const values = await formValues(c);
  const reason = typeof values.reason === 'string' ? values.reason : '';
  try {
    await dismissAlert(db(c), { actor: c.var.actor, projectId, fingerprint, reason, clock: c.var.clock });
  } catch (e) {
    if (!isAppError(e) || e.code !== 'validation') throw e;
    return c.html(await render(c, { fingerprint, details: e.details ?? [], reason }), 422);
  }
  return c.redirect(`/p/${encodeURIComponent(projectId)}/alerts?dismissed=1`, 303);
});
