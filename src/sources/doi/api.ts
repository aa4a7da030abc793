/**
 * `POST /api/v1/projects/:id/publications/doi`: `{ "dois": [...], "lead_partner"?: "...", "commit"?: bool }` →
 * each DOI's status (found with its agency, not_found, or the failure with `retry_at`) and, for the found ones,
 * the import's preview (`commit` false, the default: nothing written) or its result (`commit` true: the import's
 * all-or-nothing commit). Both go through the one import path (src/sources/import-path.ts): the file importers'
 * validation, duplicates, container-DOI guard, title conflicts, batches and audit. A value that is not a DOI is a
 * 422 located at `dois[N]`; nothing is asked of anyone then.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import { AppError } from '../../errors';
import type { ImportReport, ImportResult } from '../../importers/commit';
import { importer } from '../../importers/page-parts';
import type { AppEnv } from '../../web/env';
import { importFetched } from '../import-path';
import { MAX_DOIS, parseDoiArray, type DoiItem } from './lookup';
import { leadPartnerFor, lookupForProject } from './service';

export const DOI_API_PATH = '/api/v1/projects/:id/publications/doi';

const bodySchema = z.strictObject({
  dois: z.array(z.string().max(500)).min(1).max(MAX_DOIS),
  lead_partner: z.string().trim().min(1).max(50).optional(),
  commit: z.boolean().optional(),
});

function invalid(issues: readonly z.core.$ZodIssue[]): AppError {
  const path = (i: z.core.$ZodIssue) =>
    i.path.map((p, n) => (typeof p === 'number' ? `[${p}]` : `${n > 0 ? '.' : ''}${String(p)}`)).join('') ||
    '(body)';
  return new AppError({
    code: 'validation',
    status: 422,
    message: issues.map((i) => `${path(i)}: ${i.message}`).join('; '),
    details: issues.map((i) => ({ path: path(i), message: i.message })),
  });
}

const itemJson = (i: DoiItem) => ({
  doi: i.id,
  status: i.status,
  agency: i.agency ?? null,
  title: i.title ?? null,
  message: i.message ?? null,
  retry_at: i.retryAt?.toISOString() ?? null,
});

const reportJson = (r: ImportReport | ImportResult) => ({
  ...('status' in r ? { status: r.status, imported: r.imported, batch_ids: r.batchIds ?? [] } : {}),
  file_name: r.fileName,
  rows: r.rows,
  valid: r.valid,
  duplicates: r.duplicates,
  invalid: r.invalid,
  conflicts: r.conflicts,
  error_count: r.errorCount,
  file_errors: r.fileErrors,
  errors: r.errors,
  duplicate_rows: r.duplicateRows,
  conflict_rows: r.conflictRows,
  warnings: r.warnings,
});

export const doiApi = new Hono<AppEnv>();

doiApi.post(DOI_API_PATH, async (c) => {
  const who = await importer(c);
  const text = await c.req.text();
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new AppError({ code: 'bad_request', status: 400, message: 'The body must be JSON' });
  }
  const parsed = bodySchema.safeParse(raw);
  if (!parsed.success) throw invalid(parsed.error.issues);
  const list = parseDoiArray(parsed.data.dois);
  const partner = leadPartnerFor(c.var.actor, who.projectId, parsed.data.lead_partner);
  const db = c.var.deps.database.db;
  const lookup = await lookupForProject(db, {
    actor: c.var.actor,
    projectId: who.projectId,
    dois: list.dois,
    ...(partner ? { partner } : {}),
    clock: c.var.clock,
    ...(c.var.deps.sources ? { deps: c.var.deps.sources } : {}),
  });
  const commit = parsed.data.commit === true;
  const imported = lookup.file
    ? await importFetched(db, {
        actor: c.var.actor,
        projectId: who.projectId,
        file: lookup.file,
        dryRun: !commit,
        clock: c.var.clock,
      })
    : undefined;
  return c.json({
    status: lookup.status,
    committed: commit && imported !== undefined,
    items: lookup.items.map(itemJson),
    repeated: list.repeated.map((r) => ({ doi: r.doi, index: r.line, first: r.first })),
    retry_at: lookup.retryAt?.toISOString() ?? null,
    import: imported ? reportJson(imported.report) : null,
  });
});
