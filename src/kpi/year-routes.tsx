/**
 * Yearly figures and the records behind the dashboard's notices: close / re-open / re-baseline a project year
 * (POST, CSRF-checked by the middleware, permission-checked in the use cases), the records reported late for a
 * closed year, and the records outside the project period.
 */
import { Hono, type Context } from 'hono';
import { notFound } from '../errors';
import { localize, RECORD_TYPES, type RecordType } from '../plan/schema';
import { projectEnd } from '../plan/time';
import type { AppEnv } from '../web/env';
import { parseParams } from '../web/query';
import { LATE_PARAMS, YEAR_PARAMS } from './params';
import { formatDate, formatDateTime } from '../i18n';
import { getLateRecords, getOutsideRecords } from './dashboard-service';
import { closeYear, rebaselineYear, reopenYear } from './year-closures';
import { RecordListPage } from './views/record-list';
import { viewCtx } from '../ui/context';

type C = Context<AppEnv>;

const db = (c: C) => c.var.deps.database.db;

const yearParam = (c: C): number => parseParams(c, YEAR_PARAMS).year;

async function reasonOf(c: C): Promise<string> {
  const body = await c.req.parseBody();
  return typeof body.reason === 'string' ? body.reason : '';
}

const backToYears = (c: C, projectId: string) => c.redirect(`/p/${projectId}/dashboard#snapshots`, 303);

export const yearRoutes = new Hono<AppEnv>();

yearRoutes.post('/p/:id/dashboard/years/:year/close', async (c) => {
  const projectId = c.req.param('id');
  await closeYear(db(c), { actor: c.var.actor, projectId, year: yearParam(c), clock: c.var.clock });
  return backToYears(c, projectId);
});

yearRoutes.post('/p/:id/dashboard/years/:year/reopen', async (c) => {
  const projectId = c.req.param('id');
  await reopenYear(db(c), {
    actor: c.var.actor,
    projectId,
    year: yearParam(c),
    reason: await reasonOf(c),
    clock: c.var.clock,
  });
  return backToYears(c, projectId);
});

yearRoutes.post('/p/:id/dashboard/years/:year/rebaseline', async (c) => {
  const projectId = c.req.param('id');
  await rebaselineYear(db(c), {
    actor: c.var.actor,
    projectId,
    year: yearParam(c),
    reason: await reasonOf(c),
    clock: c.var.clock,
  });
  return backToYears(c, projectId);
});

yearRoutes.get('/p/:id/dashboard/years/:year/kpis/:kpiId/late', async (c) => {
  const projectId = c.req.param('id');
  const { year, kpiId } = parseParams(c, LATE_PARAMS);
  const { rows, plan, closure, at } = await getLateRecords(db(c), {
    actor: c.var.actor,
    projectId,
    year,
    kpiId,
  });
  const { t, lang } = c.var;
  const kpi = plan.kpis.find((k) => k.id === kpiId);
  if (!kpi) throw notFound('KPI');
  return c.html(
    <RecordListPage
      ctx={viewCtx(c)}
      projectId={projectId}
      plan={plan}
      title={t('late.title', { y: year, label: localize(kpi.label, lang) })}
      intro={t('late.intro', {
        n: rows.length,
        y: year,
        date: formatDate(lang, at),
        closed: formatDateTime(lang, closure.closedAt),
      })}
      rows={rows}
      empty={t('drill.empty')}
      backHref={`/p/${projectId}/dashboard#snapshots`}
    />,
  );
});

yearRoutes.get('/p/:id/dashboard/outside/:type', async (c) => {
  const { id: projectId, type } = c.req.param();
  if (!(RECORD_TYPES as readonly string[]).includes(type)) throw notFound('record type');
  const { rows, plan } = await getOutsideRecords(db(c), {
    actor: c.var.actor,
    projectId,
    type: type as RecordType,
  });
  const { t, lang } = c.var;
  const start = plan.project.start_date;
  return c.html(
    <RecordListPage
      ctx={viewCtx(c)}
      projectId={projectId}
      plan={plan}
      title={`${t('outside.title')}: ${t(`dash.type.${type as RecordType}`)}`}
      intro={t('outside.intro', {
        start: formatDate(lang, start),
        end: formatDate(lang, projectEnd(start, plan.project.duration_months)),
      })}
      rows={rows}
      empty={t('outside.none')}
      backHref={`/p/${projectId}/dashboard#outside`}
    />,
  );
});
