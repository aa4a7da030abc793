/** Publications as BibTeX, RIS and CSL-JSON (`/p/:id/records/publications/export.bib|ris|csl.json`), list filters kept. */
import { Hono } from 'hono';
import type { Actor } from '../auth/permissions';
import type { Db } from '../db/client';
import { notFound } from '../errors';
import { systemClock, type Clock } from '../lib/clock';
import { getCurrentPlan } from '../projects/repository';
import type { AppEnv } from '../web/env';
import { filterFromQuery } from './api';
import { CITE_FORMATS, citeText, type CiteFormat } from './cite-export';
import type { ExportFile } from './export-routes';
import { allRecords } from './export-stream';
import type { RecordFilter } from './service';

/** The project's publications (visible rows, the list's filters) in a citation format, with the plan's grants. */
export async function exportPublications(
  db: Db,
  opts: { actor: Actor; projectId: string; filter?: RecordFilter; format: CiteFormat; clock?: Clock },
): Promise<ExportFile> {
  const publications = await allRecords(db, { ...opts, kind: 'publication' });
  const current = await getCurrentPlan(db, opts.projectId);
  if (!current) throw notFound('project');
  const { extension, contentType } = CITE_FORMATS[opts.format];
  const today = (opts.clock ?? systemClock).today();
  return {
    fileName: `${opts.projectId}-publications-${today}.${extension}`,
    contentType,
    data: Buffer.from(citeText(opts.format, publications, current.plan.project.grants), 'utf8'),
  };
}

export const citeExportRoutes = new Hono<AppEnv>();

for (const format of Object.keys(CITE_FORMATS) as CiteFormat[])
  citeExportRoutes.get(`/p/:id/records/publications/export.${CITE_FORMATS[format].extension}`, async (c) => {
    const file = await exportPublications(c.var.deps.database.db, {
      actor: c.var.actor,
      projectId: c.req.param('id'),
      filter: filterFromQuery(c),
      format,
      clock: c.var.clock,
    });
    return c.body(new Uint8Array(file.data), 200, {
      'content-type': file.contentType,
      'content-disposition': `attachment; filename="${file.fileName}"`,
      'cache-control': 'no-store',
    });
  });
