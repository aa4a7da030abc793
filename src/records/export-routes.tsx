/**
 * Exports of a record list as CSV or XLSX (`/p/:id/records/<kind>/export.csv|xlsx`), honouring the list's filters
 * (the same query string as the list page). Cells are in the import template's columns, so an export imports back;
 * formula-like cells are neutralised (src/records/export.ts).
 */
import { Hono } from 'hono';
import type { FC } from 'hono/jsx';
import type { Actor } from '../auth/permissions';
import type { Db } from '../db/client';
import { RECORD_TYPES, type RecordType } from '../plan/schema';
import { filterFromQuery } from './api';
import { exportRecords } from './export';
import { KIND_SLUGS, kindOfSlug } from './kinds';
import type { AnyRecord } from './schema';
import { listRecords, MAX_PAGE_SIZE, type RecordFilter, type StoredRecord } from './service';
import type { AppEnv } from '../web/env';
import type { Translator } from '../i18n';
import { notFound } from '../errors';
import { systemClock, type Clock } from '../lib/clock';

export type ExportFormat = 'csv' | 'xlsx';

const CONTENT_TYPES: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

export interface ExportFile {
  fileName: string;
  contentType: string;
  data: Buffer;
}

/** Every record of a list (all pages, the list's filters); needs `record.read`. */
export async function allRecords<K extends RecordType>(
  db: Db,
  opts: { actor: Actor; projectId: string; kind: K; filter?: RecordFilter | undefined },
): Promise<StoredRecord<K>[]> {
  const records: StoredRecord<K>[] = [];
  for (let page = 1; ; page += 1) {
    const result = await listRecords(db, {
      actor: opts.actor,
      projectId: opts.projectId,
      kind: opts.kind,
      ...(opts.filter ? { filter: opts.filter } : {}),
      page,
      pageSize: MAX_PAGE_SIZE,
    });
    records.push(...result.records);
    if (result.records.length < MAX_PAGE_SIZE || records.length >= result.total) break;
  }
  return records;
}

/** Every record of a list (all pages) as a CSV or XLSX file. Needs `record.read`. */
export async function exportRecordList(
  db: Db,
  opts: {
    actor: Actor;
    projectId: string;
    type: RecordType;
    filter?: RecordFilter;
    format: ExportFormat;
    /** Dates the file's name (default: the system clock). */
    clock?: Clock;
  },
): Promise<ExportFile> {
  const records = (await allRecords(db, { ...opts, kind: opts.type })) as unknown as AnyRecord[];
  const today = (opts.clock ?? systemClock).today();
  return {
    fileName: `${opts.projectId}-${KIND_SLUGS[opts.type]}-${today}.${opts.format}`,
    contentType: CONTENT_TYPES[opts.format],
    data: await exportRecords(opts.type, records, opts.format),
  };
}

/** The kind segment of the export paths: the five record types (manual KPI values have no template). */
export const EXPORT_SEGMENT = `:type{(?:${RECORD_TYPES.map((t) => KIND_SLUGS[t]).join('|')})}`;

export const exportRoutes = new Hono<AppEnv>();

for (const format of ['csv', 'xlsx'] as const)
  exportRoutes.get(`/p/:id/records/${EXPORT_SEGMENT}/export.${format}`, async (c) => {
    const kind = kindOfSlug(c.req.param('type') ?? '');
    if (!kind || kind === 'kpi_value') throw notFound('record type');
    const file = await exportRecordList(c.var.deps.database.db, {
      actor: c.var.actor,
      projectId: c.req.param('id'),
      type: kind,
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

/** The citation formats' links of the publication list (src/records/cite-export-routes.ts). */
const CITE_LINKS = [
  ['bib', 'export.bibtex'],
  ['ris', 'export.ris'],
  ['csl.json', 'export.csl'],
] as const;

/** "Export CSV · Export Excel" links (and BibTeX, RIS, CSL-JSON for publications) of a list, carrying its filters (`query`: the list's query string, or ''). */
export const ExportLinks: FC<{ t: Translator; projectId: string; type: RecordType; query: string }> = ({
  t,
  projectId,
  type,
  query,
}) => {
  const base = `/p/${projectId}/records/${KIND_SLUGS[type]}/export`;
  const q = query.replace(/(^|[?&])page=\d+&?/, '$1').replace(/[?&]$/, '');
  return (
    <p class="exports">
      <a href={`${base}.csv${q}`} hx-boost="false" download>
        {t('export.csv')}
      </a>{' '}
      ·{' '}
      <a href={`${base}.xlsx${q}`} hx-boost="false" download>
        {t('export.xlsx')}
      </a>
      {type === 'publication' &&
        CITE_LINKS.map(([ext, key]) => (
          <>
            {' '}
            ·{' '}
            <a href={`${base}.${ext}${q}`} hx-boost="false" download>
              {t(key)}
            </a>
          </>
        ))}
    </p>
  );
};
