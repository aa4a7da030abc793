/**
 * The brand checker's page: GET /p/:id/brand/check (the forms), POST …/check (a multipart file), POST …/check/text
 * (pasted text with its kind, network and context). The result is shown on the same page in the reader's language;
 * a file that cannot be read or a bad field → 422 with the page and what is wrong. Every member with `record.read`.
 */
import { Hono, type Context } from 'hono';
import { authorize } from '../auth/permissions';
import { AppError, isAppError } from '../errors';
import { hasKey } from '../i18n';
import { loadPlanOrThrow } from '../kpi/service';
import { viewCtx } from '../ui/context';
import { PlanPage } from '../ui/parts';
import type { AppEnv } from '../web/env';
import { z } from 'zod';
import { cleanFileName } from '../records/files';
import { filesDir } from '../records/files-routes';
import { brandJobHref } from './job-routes';
import { isLargePdf, requestBrandCheck } from './jobs';
import { attachableActivities, attachChecked, keepPending } from './evidence';
import { CONTEXTS } from './types';
import { type CheckOutcome, checkOptionsSchema, checkMaterial, pastedFile, pasteSchema } from './service';
import { CheckPage, type CheckPageProps, type EvidenceChoice } from './views/check';

type C = Context<AppEnv>;

const db = (c: C) => c.var.deps.database.db;

/** A zod failure as the validation error naming each field. */
export function invalidFields(issues: { path: PropertyKey[]; message: string }[]): AppError {
  const details = issues.map((i) => ({ path: i.path.map(String).join('.') || 'body', message: i.message }));
  return new AppError({
    code: 'validation',
    status: 422,
    message: details.map((d) => `${d.path}: ${d.message}`).join('; '),
    details,
  });
}

/** Parses the form's or body's check options (kind, network, context; empty strings are absent). */
export function optionsOf(body: Record<string, unknown>) {
  const clean = Object.fromEntries(Object.entries(body).filter(([, v]) => v !== '' && v !== undefined));
  return clean;
}

async function render(c: C, props: Omit<CheckPageProps, 'ctx' | 'projectId'>, status: 200 | 422 = 200) {
  const projectId = c.req.param('id') ?? '';
  const { plan } = await loadPlanOrThrow(db(c), projectId);
  const ctx = viewCtx(c);
  return c.html(
    <PlanPage ctx={ctx} projectId={projectId} plan={plan} title={ctx.t('brand.page.title')}>
      <CheckPage ctx={ctx} projectId={projectId} {...props} />
    </PlanPage>,
    status,
  );
}

/** A check that failed on its input: the page again with the error (other errors go to the app's handler). */
async function refused(c: C, e: unknown) {
  if (!isAppError(e) || ![410, 413, 422].includes(e.status)) throw e;
  const t = c.var.t;
  const message = hasKey(e.messageKey) ? t(e.messageKey, e.params) : e.message;
  return render(c, { error: { message, details: e.details } }, 422);
}

/** A clean upload's evidence form: the file kept for the attach step, the activities the reader may pick. */
async function evidenceChoice(
  c: C,
  opts: { fileName: string; bytes: Uint8Array; outcome: CheckOutcome },
): Promise<EvidenceChoice | undefined> {
  if (opts.outcome.errors > 0) return undefined;
  const projectId = c.req.param('id') ?? '';
  const base = {
    sha256: opts.outcome.sha256,
    fileName: cleanFileName(opts.fileName),
    context: opts.outcome.context,
  };
  if (!(await keepPending({ filesDir: filesDir(c), projectId, ...opts })))
    return { ...base, activities: [], notEvidence: true };
  return { ...base, activities: await attachableActivities(db(c), { actor: c.var.actor, projectId }) };
}

export const ATTACH_FORM = z.object({
  activity: z.string().uuid(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  fileName: z.string().min(1).max(300),
  context: z.enum(CONTEXTS).default('dissemination'),
});

export const brandRoutes = new Hono<AppEnv>();

brandRoutes.post('/p/:id/brand/check/attach', async (c) => {
  const projectId = c.req.param('id');
  authorize(c.var.actor, 'record.read', { projectId });
  const body = await c.req.parseBody();
  try {
    const parsed = ATTACH_FORM.safeParse(
      optionsOf({
        activity: body.activity,
        sha256: body.sha256,
        fileName: body.fileName,
        context: body.context,
      }),
    );
    if (!parsed.success) throw invalidFields(parsed.error.issues);
    const { file } = await attachChecked(db(c), {
      actor: c.var.actor,
      projectId,
      activityId: parsed.data.activity,
      sha256: parsed.data.sha256,
      fileName: parsed.data.fileName,
      context: parsed.data.context,
      filesDir: filesDir(c),
      clock: c.var.clock,
    });
    return c.redirect(`/p/${projectId}/records/activities/${file.recordId}#files`, 303);
  } catch (e) {
    return refused(c, e);
  }
});

brandRoutes.get('/p/:id/brand/check', async (c) => {
  authorize(c.var.actor, 'record.read', { projectId: c.req.param('id') });
  return render(c, {});
});

brandRoutes.post('/p/:id/brand/check', async (c) => {
  const projectId = c.req.param('id');
  authorize(c.var.actor, 'record.read', { projectId });
  const body = await c.req.parseBody();
  const file = body.file;
  try {
    if (!(file instanceof File) || file.size === 0)
      throw new AppError({
        code: 'validation',
        status: 422,
        message: 'Choose a file to check',
        messageKey: 'brand.page.noFile',
        details: [{ path: 'file', message: 'no file', key: 'brand.page.noFile' }],
      });
    const parsed = checkOptionsSchema.safeParse(optionsOf({ context: body.context }));
    if (!parsed.success) throw invalidFields(parsed.error.issues);
    const bytes = new Uint8Array(await file.arrayBuffer());
    if (isLargePdf(bytes) && c.var.actor.kind === 'user') {
      const jobId = await requestBrandCheck(db(c), {
        actor: c.var.actor,
        projectId,
        fileName: cleanFileName(file.name),
        bytes,
        context: parsed.data.context,
        filesDir: filesDir(c),
        clock: c.var.clock,
      });
      c.set('jobsEnqueued', true);
      c.var.deps.jobs?.wake();
      return c.redirect(brandJobHref(projectId, jobId), 303);
    }
    const outcome = await checkMaterial(db(c), {
      actor: c.var.actor,
      projectId,
      fileName: file.name,
      bytes,
      options: parsed.data,
    });
    return render(c, { outcome, evidence: await evidenceChoice(c, { fileName: file.name, bytes, outcome }) });
  } catch (e) {
    return refused(c, e);
  }
});

brandRoutes.post('/p/:id/brand/check/text', async (c) => {
  const projectId = c.req.param('id');
  authorize(c.var.actor, 'record.read', { projectId });
  const body = await c.req.parseBody();
  try {
    const parsed = pasteSchema.safeParse(
      optionsOf({ text: body.text, kind: body.kind, network: body.network, context: body.context }),
    );
    if (!parsed.success) throw invalidFields(parsed.error.issues);
    const { text, ...options } = parsed.data;
    const outcome = await checkMaterial(db(c), {
      actor: c.var.actor,
      projectId,
      ...pastedFile(text, options.kind),
      options,
    });
    return render(c, { outcome });
  } catch (e) {
    return refused(c, e);
  }
});
