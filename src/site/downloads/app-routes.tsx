/**
 * The coordinator's pages of the public site's deliverable files (`site.manage`):
 *   GET  /p/:id/site/deliverables                      versions, publish toggles, upload form, counts per month
 *   POST /p/:id/site/deliverables/files                multipart upload (code, version, issued_on, publish, file)
 *   POST /p/:id/site/deliverables/:fileId/publish|unpublish
 * The upload's path ends in `/files`, so it has the evidence uploads' body limit (src/auth/middleware.ts).
 */
import { join } from 'node:path';
import { Hono, type Context } from 'hono';
import { authorize } from '../../auth/permissions';
import { loadConfig } from '../../config';
import { AppError, isAppError, notFound, type ErrorCode, type ErrorDetail } from '../../errors';
import { getCurrentPlan } from '../../projects/repository';
import { searchText } from '../../schema-pieces';
import { viewCtx } from '../../ui/context';
import type { AppEnv } from '../../web/env';
import { parseQuery } from '../../web/query';
import { SiteDeliverablesPage } from './app-view';
import { deliverableFilesView, setDeliverablePublished, uploadDeliverableFile } from './service';

type C = Context<AppEnv>;

export const siteDeliverableRoutes = new Hono<AppEnv>();

export const SITE_DELIVERABLES_QUERY = { saved: searchText.optional() };

const db = (c: C) => c.var.deps.database.db;
const pid = (c: C) => c.req.param('id') as string;
const filesDir = (c: C): string => c.var.deps.filesDir ?? join(loadConfig().HERALD_DATA_DIR, 'files');

/** Refusals shown on the page beside the form (anything else goes to the app's error handler). */
const FORM_CODES: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'validation',
  'deliverable_not_public',
  'deliverable_version_taken',
  'file_empty',
  'file_too_large',
  'file_type',
  'file_mismatch',
  'bad_request',
]);

interface PageExtra {
  notice?: string;
  failed?: { details: ErrorDetail[]; values: Record<string, string> };
  status?: number;
}

async function page(c: C, extra: PageExtra = {}) {
  const projectId = pid(c);
  const view = await deliverableFilesView(db(c), { actor: c.var.actor, projectId });
  const current = await getCurrentPlan(db(c), projectId);
  if (!current) throw notFound('project');
  return c.html(
    <SiteDeliverablesPage
      ctx={viewCtx(c)}
      projectId={projectId}
      plan={current.plan}
      view={view}
      notice={extra.notice}
      failed={extra.failed}
    />,
    (extra.status ?? 200) as 200,
  );
}

siteDeliverableRoutes.get('/p/:id/site/deliverables', async (c) => {
  const { saved } = parseQuery(c, SITE_DELIVERABLES_QUERY);
  return page(c, { notice: saved ? c.var.t('site.downloads.saved') : undefined });
});

siteDeliverableRoutes.post('/p/:id/site/deliverables/files', async (c) => {
  const projectId = pid(c);
  authorize(c.var.actor, 'site.manage', { projectId });
  const body = await c.req.parseBody();
  const text = (k: string) => (typeof body[k] === 'string' ? (body[k] as string).trim() : '');
  const values = {
    code: text('code'),
    version: text('version'),
    issued_on: text('issued_on'),
    publish: text('publish'),
  };
  try {
    const file = body.file;
    if (!(file instanceof File))
      throw new AppError({
        code: 'bad_request',
        status: 400,
        message: 'The form has no file in its "file" field',
        messageKey: 'records.file.empty',
        details: [{ path: 'file', message: 'The form has no file in its "file" field' }],
      });
    await uploadDeliverableFile(db(c), {
      actor: c.var.actor,
      projectId,
      fields: { ...values, publish: values.publish === '1' },
      fileName: file.name,
      bytes: new Uint8Array(await file.arrayBuffer()),
      declaredType: file.type || undefined,
      dir: filesDir(c),
      clock: c.var.clock,
    });
  } catch (e) {
    if (!isAppError(e) || !FORM_CODES.has(e.code)) throw e;
    const details = e.details.length ? e.details : [{ path: 'file', message: e.messageKey }];
    return page(c, { failed: { details, values }, status: e.status });
  }
  return c.redirect(`/p/${projectId}/site/deliverables?saved=1`, 303);
});

for (const action of ['publish', 'unpublish'] as const)
  siteDeliverableRoutes.post(`/p/:id/site/deliverables/:fileId/${action}`, async (c) => {
    const projectId = pid(c);
    try {
      await setDeliverablePublished(db(c), {
        actor: c.var.actor,
        projectId,
        fileId: c.req.param('fileId'),
        published: action === 'publish',
        clock: c.var.clock,
      });
    } catch (e) {
      if (!isAppError(e) || e.code !== 'deliverable_not_public') throw e;
      return page(c, { failed: { details: e.details, values: {} }, status: e.status });
    }
    return c.redirect(`/p/${projectId}/site/deliverables?saved=1`, 303);
  });
