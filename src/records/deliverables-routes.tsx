/** The deliverables' status page (`/p/:id/records/deliverables`): every member reads it, coordinators change it. */
import { Hono } from 'hono';
import { can } from '../auth/permissions';
import { isAppError } from '../errors';
import { searchText } from '../schema-pieces';
import type { AppEnv } from '../web/env';
import { parseQuery } from '../web/query';
import { loadRecordContext } from './context';
import { canSetDeliverableStatus, listDeliverableStatus, setDeliverableStatus } from './deliverables';
import { viewCtx } from '../ui/context';
import { db, formValues, pid } from './route-helpers';
import { DeliverablesPage } from './views/deliverables';

export const deliverableRoutes = new Hono<AppEnv>();

/** `?saved=<code>` after a change: the notice. */
export const DELIVERABLES_QUERY = { saved: searchText.optional() };

deliverableRoutes.get('/p/:id/records/deliverables', async (c) => {
  const rows = await listDeliverableStatus(db(c), { actor: c.var.actor, projectId: pid(c) });
  const rc = await loadRecordContext(db(c), pid(c));
  const { saved } = parseQuery(c, DELIVERABLES_QUERY);
  return c.html(
    <DeliverablesPage
      ctx={viewCtx(c)}
      rc={rc}
      rows={rows}
      canEdit={canSetDeliverableStatus(c.var.actor, pid(c))}
      siteLink={can(c.var.actor, 'site.manage', { projectId: pid(c) })}
      notice={saved ? c.var.t('records.saved') : undefined}
    />,
  );
});

deliverableRoutes.post('/p/:id/records/deliverables/:code', async (c) => {
  const projectId = pid(c);
  const code = c.req.param('code');
  const values = await formValues(c);
  const input = Object.fromEntries(
    ['status', 'submitted_on', 'approved_on', 'justification'].flatMap((k) => {
      const v = typeof values[k] === 'string' ? (values[k] as string).trim() : '';
      return v ? [[k, v]] : [];
    }),
  );
  try {
    await setDeliverableStatus(db(c), { actor: c.var.actor, projectId, code, input });
  } catch (e) {
    if (!isAppError(e) || e.code !== 'validation') throw e;
    const rows = await listDeliverableStatus(db(c), { actor: c.var.actor, projectId });
    const rc = await loadRecordContext(db(c), projectId);
    const failed = {
      code,
      details: e.details,
      values: Object.fromEntries(Object.entries(values).map(([k, v]) => [k, String(v)])),
    };
    return c.html(<DeliverablesPage ctx={viewCtx(c)} rc={rc} rows={rows} canEdit failed={failed} />, 422);
  }
  return c.redirect(
    `/p/${projectId}/records/deliverables?saved=1#d-${code.replace(/[^A-Za-z0-9]/g, '-')}`,
    303,
  );
});
