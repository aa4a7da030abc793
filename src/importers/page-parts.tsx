/**
 * What the import pages share: who may import (and for which partners), the upload page with a problem, an
 * upload's import request and its preview (kept with the upload, every row error in its log).
 */
import type { Context } from 'hono';
import { z } from 'zod';
import { navProject, pageCtx } from '../ui/context';
import { RECORD_TYPES } from '../plan/schema';
import { loadRecordContext } from '../records/context';
import type { AppEnv } from '../web/env';
import { parseQuery } from '../web/query';
import {
  importablePartners,
  listImportBatches,
  previewImport,
  type ImportReport,
  type ImportRequest,
} from './commit';
import { ErrorLog } from './error-log';
import { MIB } from './upload-stream';
import { loadConfig } from '../config';
import { completeChoice } from './views/complete-export';
import { errorLogPath, savePreview, type Upload } from './uploads';
import { UploadPage } from './views/import';

export type C = Context<AppEnv>;

/** The most one web import may upload (all files): `deps.maxUploadBytes` (tests), else HERALD_MAX_UPLOAD_MB. */
export const maxUploadBytes = (c: C): number =>
  c.var.deps.maxUploadBytes ?? loadConfig().HERALD_MAX_UPLOAD_MB * MIB;

/** The upload page's query: the record type to preselect. */
export const UPLOAD_PAGE_QUERY = { type: z.enum(RECORD_TYPES).optional() };

/** The session an upload belongs to (uploads are a browser flow: a session is always there once authorised). */
export const ownerOf = (c: C): string => c.var.session?.idHash ?? '';

/** Checks the actor may import in the project; returns the partner codes to offer and a partner editor's own. */
export async function importer(c: C): Promise<{ projectId: string; codes: string[]; own?: string }> {
  const projectId = c.req.param('id') ?? '';
  const allowed = importablePartners(c.var.actor, projectId);
  const ctx = await loadRecordContext(c.var.deps.database.db, projectId);
  const codes = ctx.plan.partners.map((p) => p.code);
  if (allowed === 'all') return { projectId, codes };
  const own = [...allowed][0];
  return { projectId, codes: [...allowed], ...(own ? { own } : {}) };
}

export async function uploadPage(c: C, problem?: string, status: 200 | 400 | 413 | 507 = 200) {
  const who = await importer(c);
  const batches = await listImportBatches(c.var.deps.database.db, {
    actor: c.var.actor,
    projectId: who.projectId,
  });
  const { type } = parseQuery(c, UPLOAD_PAGE_QUERY);
  return c.html(
    <UploadPage
      ctx={pageCtx(c)}
      project={await navProject(c)}
      partners={{ codes: who.codes, ...(who.own ? { own: who.own } : {}) }}
      batches={batches}
      type={type}
      problem={problem}
      maxBytes={maxUploadBytes(c)}
    />,
    status,
  );
}

/** The import request of an upload (the parser options it was uploaded with). */
export function requestOf(c: C, upload: Upload): ImportRequest {
  return {
    actor: c.var.actor,
    projectId: upload.projectId,
    type: upload.type,
    files: upload.files,
    clock: c.var.clock,
    ...(upload.format ? { format: upload.format } : {}),
    options: {
      ...(upload.partner ? { defaults: { lead_partner: upload.partner } } : {}),
      ...(upload.snapshotDate ? { snapshotDate: upload.snapshotDate } : {}),
      ...(upload.completeExport !== undefined ? { completeExport: upload.completeExport } : {}),
      ...(upload.account ? { account: upload.account } : {}),
    },
  };
}

export const field = (body: Record<string, unknown>, name: string): string => {
  const v = body[name];
  return typeof v === 'string' ? v.trim() : '';
};

/** The upload form's analytics choices: complete export (yes / no / the format's default) and the X account. */
export function exportChoices(body: Record<string, unknown>): Pick<Upload, 'completeExport' | 'account'> {
  const complete = completeChoice(field(body, 'complete'));
  const account = field(body, 'account').slice(0, 200);
  return { ...(complete !== undefined ? { completeExport: complete } : {}), ...(account ? { account } : {}) };
}

/** Previews an upload, keeping every row error in its error log; saves the report with the upload. */
export async function preview(c: C, upload: Upload): Promise<ImportReport> {
  const log = new ErrorLog(errorLogPath(upload));
  let report: ImportReport;
  try {
    report = await previewImport(c.var.deps.database.db, {
      ...requestOf(c, upload),
      onErrors: (errors, kind) => (kind === 'row' ? log.write(errors) : undefined),
    });
  } finally {
    await log.close();
  }
  await savePreview(upload, report);
  return report;
}
