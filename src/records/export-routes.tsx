/**
 * Exports of a record list as CSV or XLSX (`/p/:id/records/<kind>/export.csv|xlsx`), honouring the list's filters
 * (the same query string as the list page). Cells are in the import template's columns, so an export imports back;
 * formula-like cells are neutralised (src/records/export.ts).
 */
import { Hono } from 'hono';
import type { FC } from 'hono/jsx';
import { RECORD_TYPES, type RecordType } from '../plan/schema';
import { filterFromQuery } from './api';
import { chunkStream, openRecordExport } from './export-stream';
import { KIND_SLUGS, kindOfSlug } from './kinds';
import type { AppEnv } from '../web/env';
import { formatNumber, type Lang, type Translator } from '../i18n';
import { CsrfField } from '../ui/form';
import { exportJobThreshold } from './export-jobs';
import { notFound } from '../errors';

export interface ExportFile {
  fileName: string;
  contentType: string;
  data: Buffer;
}

/** The kind segment of the export paths: the five record types (manual KPI values have no template). */
export const EXPORT_SEGMENT = `:type{(?:${RECORD_TYPES.map((t) => KIND_SLUGS[t]).join('|')})}`;

export const exportRoutes = new Hono<AppEnv>();

// Streamed whatever the size (keyset pages → chunks → the response); the list page offers large exports as a job
// instead (src/records/export-job-routes.tsx), whose file waits for a later download.
for (const format of ['csv', 'xlsx'] as const)
  exportRoutes.get(`/p/:id/records/${EXPORT_SEGMENT}/export.${format}`, async (c) => {
    const kind = kindOfSlug(c.req.param('type') ?? '');
    if (!kind || kind === 'kpi_value') throw notFound('record type');
    const file = await openRecordExport(c.var.deps.database.db, {
      actor: c.var.actor,
      projectId: c.req.param('id'),
      type: kind,
      filter: filterFromQuery(c),
      format,
      clock: c.var.clock,
    });
    return c.body(chunkStream(file.chunks), 200, {
      'content-type': file.contentType,
      'content-disposition': `attachment; filename="${file.fileName}"`,
      'cache-control': 'no-store',
    });
  });

/** The citation formats' links of the publication list (src/records/cite-export-routes.ts). */
const CITE_LINKS = [
  ['bib', 'export.bibtex'],
  ['ris', 'export.ris'],
  ['csl.json', 'export.csl'],
] as const;

/**
 * "Export CSV · Export Excel" of a list, carrying its filters (`query`: the list's query string, or ''): links
 * (streamed downloads) up to the job threshold, above it buttons that start an export job (its progress page, then
 * the file); BibTeX, RIS and CSL-JSON links for publications.
 */
export const ExportLinks: FC<{
  t: Translator;
  lang: Lang;
  projectId: string;
  type: RecordType;
  query: string;
  total: number;
}> = ({ t, lang, projectId, type, query, total }) => {
  const base = `/p/${projectId}/records/${KIND_SLUGS[type]}/export`;
  const q = query.replace(/(^|[?&])page=\d+&?/, '$1').replace(/[?&]$/, '');
  const cite =
    type === 'publication'
      ? CITE_LINKS.map(([ext, key]) => (
          <>
            {' '}
            ·{' '}
            <a href={`${base}.${ext}${q}`} hx-boost="false" download>
              {t(key)}
            </a>
          </>
        ))
      : null;
  if (total > exportJobThreshold())
    return (
      <form class="exports" method="post" action={`${base}${q}`} hx-boost="false">
        <CsrfField />
        <button type="submit" name="format" value="csv">
          {t('export.job.csv')}
        </button>{' '}
        <button type="submit" name="format" value="xlsx">
          {t('export.job.xlsx')}
        </button>{' '}
        <span class="muted">{t('export.job.large', { n: formatNumber(lang, total) })}</span>
        {cite}
      </form>
    );
  return (
    <p class="exports">
      <a href={`${base}.csv${q}`} hx-boost="false" download>
        {t('export.csv')}
      </a>{' '}
      ·{' '}
      <a href={`${base}.xlsx${q}`} hx-boost="false" download>
        {t('export.xlsx')}
      </a>
      {cite}
    </p>
  );
};
