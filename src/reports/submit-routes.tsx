/**
 * Routes of submission (the submit page: what will be submitted, the pre-flight gate, the confirmation; POST submits
 * inline, see ARCHITECTURE.md's decision), the evidence manifest's download, the instance's public key. Checks live
 * in the use cases.
 */
import { Hono, type Context } from 'hono';
import { asc } from 'drizzle-orm';
import { z } from 'zod';
import { authorize } from '../auth/permissions';
import { keyFileOf, loadConfig } from '../config';
import { instanceKeys } from '../db/schema';
import { AppError, isAppError } from '../errors';
import { LANGS, translate, type Lang } from '../i18n';
import { PERIOD_QUERY } from '../kpi/params';
import { loadPlanOrThrow } from '../kpi/service';
import { isoDate, projectYear, uuidParam } from '../schema-pieces';
import { viewCtx } from '../ui/context';
import { PlanPage } from '../ui/parts';
import type { AppEnv } from '../web/env';
import { parseParams, parseQuery } from '../web/query';
import { keyFingerprint } from './manifest';
import { defaultFormats, submitReport } from './submit';
import { manifestFile, submitPreview } from './submit-service';
import { periodQuery, SubmitPage, submitHref } from './views/submit';

type C = Context<AppEnv>;
const db = (c: C) => c.var.deps.database.db;

/**
 * The submit page's query: the period (default: the current project year), the report's language (`report_lang`:
 * `?lang=` is the interface's language switch, src/web/app.tsx; default the page's language), the notice after it.
 */
export const SUBMIT_QUERY = {
  ...PERIOD_QUERY,
  report_lang: z.enum(LANGS).optional(),
  done: z.enum(['1']).optional(),
};
/** A submitted report in a path. */
export const REPORT_PARAMS = { reportId: uuidParam };

/** The submit form: the period, the language, the confirmation; the warnings' acknowledgement when there are any. */
const submitForm = z.object({
  year: projectYear.optional(),
  from: isoDate.optional(),
  to: isoDate.optional(),
  lang: z.enum(LANGS),
  confirm: z.literal('yes', { error: 'reportSubmit.confirmRequired' }),
  accept_warnings: z.literal('yes').optional(),
});

function formError(issues: readonly z.core.$ZodIssue[]): AppError {
  return new AppError({
    code: 'validation',
    status: 422,
    message: issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '),
    messageKey: 'reportSubmit.confirmRequired',
    details: issues.map((i) =>
      i.path[0] === 'confirm'
        ? { path: 'confirm', message: 'tick the confirmation', key: 'reportSubmit.confirmRequired' }
        : { path: i.path.join('.'), message: i.message },
    ),
  });
}

const keyFile = (c: C): string => c.var.deps.keyFile ?? keyFileOf(loadConfig());

async function renderSubmit(
  c: C,
  q: { year?: number; from?: string; to?: string; lang: Lang; done?: boolean },
  error?: AppError,
) {
  const projectId = c.req.param('id') ?? '';
  const preview = await submitPreview(db(c), { actor: c.var.actor, projectId, ...q, clock: c.var.clock });
  return c.html(
    <SubmitPage
      ctx={viewCtx(c)}
      projectId={projectId}
      preview={preview}
      formats={defaultFormats()}
      done={q.done}
      error={
        error
          ? { message: translate(c.var.lang, error.messageKey, error.params), details: error.details }
          : undefined
      }
    />,
    error ? (error.status === 409 ? 409 : 422) : 200,
  );
}

export const submitRoutes = new Hono<AppEnv>();

submitRoutes.get('/p/:id/reports/submit', async (c) => {
  const { done, report_lang: lang, ...period } = parseQuery(c, SUBMIT_QUERY);
  return renderSubmit(c, { ...period, lang: lang ?? c.var.lang, done: done === '1' });
});

submitRoutes.post('/p/:id/reports/submit', async (c) => {
  const projectId = c.req.param('id');
  authorize(c.var.actor, 'report.submit', { projectId });
  const body = await c.req.parseBody();
  const parsed = submitForm.safeParse(body);
  const lang: Lang = body.lang === 'ja' ? 'ja' : 'en';
  if (!parsed.success) {
    const period = submitForm.pick({ year: true, from: true, to: true }).safeParse(body);
    return renderSubmit(c, { ...(period.success ? period.data : {}), lang }, formError(parsed.error.issues));
  }
  const f = parsed.data;
  const period = f.year !== undefined ? { year: f.year } : { from: f.from, to: f.to };
  try {
    const r = await submitReport(db(c), {
      actor: c.var.actor,
      projectId,
      ...period,
      lang: f.lang,
      clock: c.var.clock,
      keyFile: keyFile(c),
      acceptWarnings: f.accept_warnings === 'yes',
    });
    const query = periodQuery({ year: f.year ?? null, from: f.from ?? '', to: f.to ?? '' });
    return c.redirect(`${submitHref(projectId)}?${query}&report_lang=${r.lang}&done=1`, 303);
  } catch (e) {
    const shown = ['preflight_errors', 'preflight_warnings', 'report_submitted', 'validation'];
    if (!isAppError(e) || !shown.includes(e.code)) throw e;
    return renderSubmit(c, { ...period, lang: f.lang }, e);
  }
});

/** A submitted report's signed evidence manifest: the JSON `herald verify FILE --manifest` reads. */
submitRoutes.get('/p/:id/reports/:reportId/manifest.json', async (c) => {
  const projectId = c.req.param('id');
  const { reportId } = parseParams(c, REPORT_PARAMS);
  const file = await manifestFile(db(c), { actor: c.var.actor, projectId, reportId });
  const etag = `"${file.sha256}"`;
  const headers = {
    'content-type': 'application/json',
    'content-disposition': `attachment; filename="${file.fileName}"`,
    etag,
    'cache-control': 'private, no-cache',
    'x-content-type-options': 'nosniff',
  };
  if (c.req.header('if-none-match') === etag) return c.body(null, 304, headers);
  return c.body(file.bytes, 200, headers);
});

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
