/** `/admin/jobs`: the schedule, recent jobs (progress, errors) and a retry button for failed ones. Instance admins only. */
import { Hono } from 'hono';
import { authorize } from '../auth/permissions';
import { CsrfField } from '../ui/form';
import type { AppEnv } from '../web/env';
import { formatDateTime } from '../i18n';
import type { MessageKey } from '../i18n/catalog';
import { Layout } from '../ui/layout';
import { parseParams } from '../web/query';
import { z } from 'zod';
import { listJobs } from './queue';
import { SCHEDULES } from './registry';
import { retryJob } from './service';
import { scheduleStatus } from './status';

export const jobRoutes = new Hono<AppEnv>();

jobRoutes.get('/admin/jobs', async (c) => {
  authorize(c.var.actor, 'jobs.manage');
  const db = c.var.deps.database.db;
  const { t, lang } = c.var;
  const when = (d: Date | null) => (d ? formatDateTime(lang, d) : '–');
  const [schedule, recent] = await Promise.all([
    scheduleStatus(db, { entries: SCHEDULES, clock: c.var.clock }),
    listJobs(db, { limit: 50 }),
  ]);
  const state = (s: string | null) => (s ? t(`jobs.state.${s}` as MessageKey) : '–');
  return c.html(
    <Layout title={t('jobs.title')} lang={lang} t={t} path={c.req.path}>
      <h1>{t('jobs.title')}</h1>
      <h2>{t('jobs.schedule')}</h2>
      <table class="jobs-schedule">
        <thead>
          <tr>
            <th>{t('jobs.entry')}</th>
            <th>{t('jobs.scope')}</th>
            <th>{t('jobs.cron')}</th>
            <th>{t('jobs.lastDue')}</th>
            <th>{t('jobs.nextDue')}</th>
            <th>{t('jobs.lastJob')}</th>
          </tr>
        </thead>
        <tbody>
          {schedule.map((s) => (
            <tr data-entry={s.name}>
              <td>{s.name}</td>
              <td>{s.scope || t('jobs.instance')}</td>
              <td>
                <code>{s.cron}</code>
              </td>
              <td>{when(s.lastDueAt)}</td>
              <td>{when(s.nextDueAt)}</td>
              <td>{s.lastJobId === null ? '–' : `#${s.lastJobId} ${state(s.lastJobState)}`}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>{t('jobs.recent')}</h2>
      {recent.length === 0 ? <p class="muted">{t('jobs.none')}</p> : null}
      <table class="jobs-recent">
        <thead>
          <tr>
            <th>#</th>
            <th>{t('jobs.kind')}</th>
            <th>{t('jobs.project')}</th>
            <th>{t('jobs.state')}</th>
            <th>{t('jobs.attempts')}</th>
            <th>{t('jobs.created')}</th>
            <th>{t('jobs.finished')}</th>
            <th>{t('jobs.error')}</th>
          </tr>
        </thead>
        <tbody>
          {recent.map((j) => (
            <tr data-job={j.id} data-state={j.state}>
              <td>{j.id}</td>
              <td>{j.kind}</td>
              <td>{j.projectId ?? '–'}</td>
              <td>
                {state(j.state)}
                {j.state === 'running' && j.progressTotal ? (
                  <progress max={j.progressTotal} value={j.progressDone ?? 0} />
                ) : null}
              </td>
              <td>
                {j.attempts}/{j.maxAttempts}
              </td>
              <td>{when(j.createdAt)}</td>
              <td>{when(j.finishedAt)}</td>
              <td>
                {j.state === 'failed' ? (
                  <>
                    <pre class="job-error">{(j.lastError ?? '').split('\n')[0]}</pre>
                    <form method="post" action={`/admin/jobs/${j.id}/retry`}>
                      <CsrfField />
                      <button type="submit">{t('jobs.retry')}</button>
                    </form>
                  </>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </Layout>,
    200,
    { 'cache-control': 'no-store' },
  );
});

jobRoutes.post('/admin/jobs/:job/retry', async (c) => {
  const { job } = parseParams(c, { job: z.coerce.number().int().min(1).max(999_999_999_999) });
  await retryJob(c.var.deps.database.db, { actor: c.var.actor, id: job, clock: c.var.clock });
  return c.redirect('/admin/jobs', 303);
});
