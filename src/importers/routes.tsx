/**
 * The import pages (`/p/:id/import`): upload or paste → preview (kept in a temp folder, bound to the session) →
 * commit in the background with a polled progress indicator → result; templates per record type. Permission
 * checks live in the use cases (src/importers/commit.ts); handlers stay thin.
 */
import { Hono, type Context } from 'hono';
import { pageCtx } from '../auth/routes';
import { AppError, isAppError, notFound } from '../errors';
import { RECORD_TYPES, isoDateSchema, type RecordType } from '../plan/schema';
import { getProject } from '../projects/repository';
import { loadRecordContext } from '../records/context';
import { KIND_SLUGS } from '../records/kinds';
import type { AppEnv } from '../web/env';
import { hasKey } from '../web/i18n';
import type { NavProject } from '../web/layout';
import {
  commitImport,
  importablePartners,
  listImportBatches,
  previewImport,
  type ImportRequest,
} from './commit';
import { templateFor } from './template';
import { IMPORT_FORMATS, type ImportFormat } from './types';
import { getJob, getUpload, saveUpload, savePreview, deleteUpload, startJob, type Upload } from './uploads';
import { completeChoice } from './views/complete-export';
import { JobPage, JobStatus, PreviewPage, UploadPage } from './views/import';

type C = Context<AppEnv>;

export const importRoutes = new Hono<AppEnv>();

async function navProject(c: C): Promise<NavProject> {
  const p = await getProject(c.var.deps.database.db, c.req.param('id') ?? '');
  if (!p) throw notFound('project');
  return { id: p.id, acronym: p.acronym };
}

/** The session an upload belongs to (uploads are a browser flow: a session is always there once authorised). */
const ownerOf = (c: C): string => c.var.session?.idHash ?? '';

/** Checks the actor may import in the project; returns the partner codes to offer and a partner editor's own. */
async function importer(c: C): Promise<{ projectId: string; codes: string[]; own?: string }> {
  const projectId = c.req.param('id') ?? '';
  const allowed = importablePartners(c.var.actor, projectId);
  const ctx = await loadRecordContext(c.var.deps.database.db, projectId);
  const codes = ctx.plan.partners.map((p) => p.code);
  if (allowed === 'all') return { projectId, codes };
  const own = [...allowed][0];
  return { projectId, codes: [...allowed], ...(own ? { own } : {}) };
}

const recordsHref = (projectId: string, type: RecordType) => `/p/${projectId}/records/${KIND_SLUGS[type]}`;

const expired = () =>
  new AppError({
    code: 'not_found',
    status: 404,
    message: 'This upload has expired or is not yours',
    messageKey: 'import.error.expired',
  });

async function uploadPage(c: C, problem?: string, status: 200 | 400 = 200) {
  const who = await importer(c);
  const batches = await listImportBatches(c.var.deps.database.db, {
    actor: c.var.actor,
    projectId: who.projectId,
  });
  const type = c.req.query('type');
  return c.html(
    <UploadPage
      ctx={pageCtx(c)}
      project={await navProject(c)}
      partners={{ codes: who.codes, ...(who.own ? { own: who.own } : {}) }}
      batches={batches}
      type={(RECORD_TYPES as readonly string[]).includes(type ?? '') ? (type as RecordType) : undefined}
      problem={problem}
    />,
    status,
  );
}

/** The import request of an upload (the parser options it was uploaded with). */
function requestOf(c: C, upload: Upload): ImportRequest {
  return {
    actor: c.var.actor,
    projectId: upload.projectId,
    type: upload.type,
    file: { path: upload.path, name: upload.fileName },
    ...(upload.format ? { format: upload.format } : {}),
    options: {
      ...(upload.partner ? { defaults: { lead_partner: upload.partner } } : {}),
      ...(upload.snapshotDate ? { snapshotDate: upload.snapshotDate } : {}),
      ...(upload.completeExport !== undefined ? { completeExport: upload.completeExport } : {}),
      ...(upload.account ? { account: upload.account } : {}),
    },
  };
}

const field = (body: Record<string, unknown>, name: string): string => {
  const v = body[name];
  return typeof v === 'string' ? v.trim() : '';
};

/** The upload form's analytics choices: complete export (yes / no / the format's default) and the X account. */
function exportChoices(body: Record<string, unknown>): Pick<Upload, 'completeExport' | 'account'> {
  const complete = completeChoice(field(body, 'complete'));
  const account = field(body, 'account').slice(0, 200);
  return { ...(complete !== undefined ? { completeExport: complete } : {}), ...(account ? { account } : {}) };
}

importRoutes.get('/p/:id/import', (c) => uploadPage(c));

importRoutes.post('/p/:id/import', async (c) => {
  const who = await importer(c);
  const { t } = c.var;
  const body = await c.req.parseBody();
  const type = field(body, 'type');
  if (!(RECORD_TYPES as readonly string[]).includes(type)) return uploadPage(c, t('import.error.type'), 400);
  const format = field(body, 'format');
  const date = field(body, 'date');
  const partner = who.own ?? (field(body, 'partner') || undefined);
  const file = body.file;
  const pasted = field(body, 'bibtex');
  let data: Uint8Array;
  let fileName: string;
  let chosenFormat = (IMPORT_FORMATS as readonly string[]).includes(format)
    ? (format as ImportFormat)
    : undefined;
  if (typeof file === 'object' && file !== null && file.size > 0) {
    data = new Uint8Array(await file.arrayBuffer());
    fileName = file.name.replace(/[\\/]/g, '_').slice(0, 200) || 'upload';
  } else if (pasted) {
    data = Buffer.from(pasted, 'utf8');
    fileName = t('import.pasted');
    chosenFormat = 'bibtex';
  } else return uploadPage(c, t('import.error.noFile'), 400);
  const upload = await saveUpload(data, {
    projectId: who.projectId,
    owner: ownerOf(c),
    fileName,
    type: type as RecordType,
    ...(chosenFormat ? { format: chosenFormat } : {}),
    ...(partner ? { partner } : {}),
    ...(isoDateSchema.safeParse(date).success ? { snapshotDate: date } : {}),
    ...exportChoices(body),
  });
  try {
    const report = await previewImport(c.var.deps.database.db, requestOf(c, upload));
    await savePreview(upload, report);
  } catch (e) {
    await deleteUpload(upload.id);
    // The file cannot be opened as that format, or for that record type: say so on the form.
    if (isAppError(e) && e.status === 400)
      return uploadPage(c, hasKey(e.messageKey) ? t(e.messageKey, e.params) : e.message, 400);
    throw e;
  }
  return c.redirect(`/p/${who.projectId}/import/${upload.id}`, 303);
});

importRoutes.get('/p/:id/import/templates/:file', async (c) => {
  const who = await importer(c);
  const m = /^([a-z]+)\.(csv|xlsx)$/.exec(c.req.param('file'));
  const type = m?.[1] as RecordType | undefined;
  if (!m || !type || !(RECORD_TYPES as readonly string[]).includes(type)) throw notFound('template');
  const ctx = await loadRecordContext(c.var.deps.database.db, who.projectId);
  const file = await templateFor(type, m[2] as 'csv' | 'xlsx', {
    vocabulary: ctx.vocabulary,
    partners: ctx.plan.partners.map((p) => p.code),
  });
  return c.body(new Uint8Array(file.data), 200, {
    'content-type': file.contentType,
    'content-disposition': `attachment; filename="${file.fileName}"`,
  });
});

importRoutes.get('/p/:id/import/:uploadId', async (c) => {
  const who = await importer(c);
  const id = c.req.param('uploadId');
  const job = getJob(id, ownerOf(c), who.projectId);
  if (job)
    return c.html(
      <JobPage
        ctx={pageCtx(c)}
        project={await navProject(c)}
        job={job}
        fileName={job.fileName}
        recordsHref={recordsHref(who.projectId, job.type)}
      />,
    );
  const upload = await getUpload(id, ownerOf(c), who.projectId);
  if (!upload) throw expired();
  let report = upload.report;
  if (!report) {
    report = await previewImport(c.var.deps.database.db, requestOf(c, upload));
    await savePreview(upload, report);
  }
  return c.html(
    <PreviewPage
      ctx={pageCtx(c)}
      project={await navProject(c)}
      uploadId={upload.id}
      fileName={upload.fileName}
      report={report}
    />,
  );
});

importRoutes.post('/p/:id/import/:uploadId', async (c) => {
  const who = await importer(c);
  const id = c.req.param('uploadId');
  const to = `/p/${who.projectId}/import/${id}`;
  if (getJob(id, ownerOf(c), who.projectId)) return c.redirect(to, 303);
  const upload = await getUpload(id, ownerOf(c), who.projectId);
  if (!upload) throw expired();
  const body = await c.req.parseBody();
  const skipInvalid = field(body, 'mode') === 'valid';
  const { db } = c.var.deps.database;
  const request = requestOf(c, upload);
  const log = c.var.deps.log;
  startJob(
    upload,
    (onProgress) => commitImport(db, { ...request, skipInvalid, onProgress }),
    (error) => {
      if (isAppError(error)) return error.message;
      log.error({ err: error, upload: upload.id }, 'import failed');
      return 'internal error';
    },
  );
  return c.redirect(to, 303);
});

importRoutes.get('/p/:id/import/:uploadId/progress', async (c) => {
  const who = await importer(c);
  const job = getJob(c.req.param('uploadId'), ownerOf(c), who.projectId);
  // A poll for a job this process does not know (the server restarted): a final fragment ends the polling.
  if (!job && c.req.header('hx-request') === 'true')
    return c.html(
      <div id="import-status" class="form-errors" role="alert">
        <p>{c.var.t('import.error.expired')}</p>
      </div>,
    );
  if (!job) throw expired();
  return c.html(
    <JobStatus
      ctx={pageCtx(c)}
      projectId={who.projectId}
      job={job}
      recordsHref={recordsHref(who.projectId, job.type)}
    />,
  );
});
