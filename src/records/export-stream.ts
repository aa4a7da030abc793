/**
 * Record exports streamed: a list's records (its filters) read by keyset pages in the list's order and written as
 * CSV or XLSX chunk by chunk (src/records/export.ts), so neither the rows nor the file are ever whole in memory.
 * The web download pipes the chunks into the response (pull-based: the next page is read when the client took the
 * last one); the export job (src/records/export-jobs.ts) writes them to a file.
 */
import type { Actor } from '../auth/permissions';
import type { Db } from '../db/client';
import { systemClock, type Clock } from '../lib/clock';
import type { RecordType } from '../plan/schema';
import { csvChunks, recordColumns, recordRow, xlsxChunks, type ExportRow } from './export';
import { KIND_SLUGS } from './kinds';
import { listRows, listRowsAfter, type ListCursor, type ListQuery } from './repository';
import type { AnyRecord } from './schema';
import { listQueryOf, toStored, type RecordFilter, type StoredRecord } from './service';

export type ExportFormat = 'csv' | 'xlsx';
export const EXPORT_FORMATS = ['csv', 'xlsx'] as const;

export const CONTENT_TYPES: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/** Rows per keyset page: big enough that a page's round trip is small beside its encoding, small in memory. */
export const EXPORT_PAGE_ROWS = 1000;

export interface RecordExportRequest {
  actor: Actor;
  projectId: string;
  type: RecordType;
  filter?: RecordFilter | undefined;
  format: ExportFormat;
}

export interface RecordExport {
  fileName: string;
  contentType: string;
  /** How many records the export holds (counted when it was opened). */
  total: number;
  /** The file's bytes, chunk by chunk; reading them runs the pages' queries. */
  chunks: AsyncGenerator<Uint8Array>;
}

/** The file name of a record export: `<project>-<kind>-<today>.<format>`. */
export const exportFileName = (opts: {
  projectId: string;
  type: RecordType;
  format: ExportFormat;
  clock?: Clock;
}) => `${opts.projectId}-${KIND_SLUGS[opts.type]}-${(opts.clock ?? systemClock).today()}.${opts.format}`;

/** How many records a list's export would hold (needs `record.read`): what decides between a download and a job. */
export async function countRecordExport(db: Db, opts: Omit<RecordExportRequest, 'format'>): Promise<number> {
  const query = await listQueryOf(db, { ...opts, kind: opts.type });
  return (await listRows(db, opts.type, { ...query, limit: 0, offset: 0 })).total;
}

/** The list's records as export rows, one keyset page at a time; `onRows` hears the running count after each. */
async function* recordPages(
  db: Db,
  opts: {
    type: RecordType;
    query: Omit<ListQuery, 'limit' | 'offset'>;
    pageRows: number;
    onRows?: ((done: number) => Promise<void> | void) | undefined;
  },
): AsyncGenerator<ExportRow[]> {
  let after: ListCursor | null = null;
  let done = 0;
  for (;;) {
    const page = await listRowsAfter(db, opts.type, opts.query, { after, limit: opts.pageRows });
    done += page.rows.length;
    if (page.rows.length > 0)
      yield page.rows.map((r) => recordRow(toStored(opts.type, r) as unknown as AnyRecord));
    await opts.onRows?.(done);
    if (!page.next) return;
    after = page.next;
  }
}

/**
 * Opens an export (checks `record.read` and the filter now, so a refusal is an error answer, not a broken file):
 * the records in the import template's columns, the same bytes (CSV) as the whole-file writer gives.
 */
export async function openRecordExport(
  db: Db,
  opts: RecordExportRequest & {
    clock?: Clock | undefined;
    pageRows?: number | undefined;
    onRows?: ((done: number) => Promise<void> | void) | undefined;
  },
): Promise<RecordExport> {
  const query = await listQueryOf(db, { ...opts, kind: opts.type });
  const total = (await listRows(db, opts.type, { ...query, limit: 0, offset: 0 })).total;
  const pages = recordPages(db, {
    type: opts.type,
    query,
    pageRows: opts.pageRows ?? EXPORT_PAGE_ROWS,
    onRows: opts.onRows,
  });
  const columns = recordColumns(opts.type);
  return {
    fileName: exportFileName({ ...opts, ...(opts.clock ? { clock: opts.clock } : {}) }),
    contentType: CONTENT_TYPES[opts.format],
    total,
    chunks: opts.format === 'csv' ? csvChunks(pages, columns) : xlsxChunks(pages, columns, opts.type),
  };
}

/** Chunks as a web stream for a response body: pulled one at a time (backpressure), closed when the client goes. */
export function chunkStream(chunks: AsyncGenerator<Uint8Array>): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        const { value, done } = await chunks.next();
        if (done) controller.close();
        else controller.enqueue(value);
      },
      async cancel() {
        await chunks.return(undefined);
      },
    },
    { highWaterMark: 1 },
  );
}

/** Every record of a list (its filters, the list's order) read by keyset pages: for writers that need them all
 * at once (the citation formats). Needs `record.read`. */
export async function allRecords<K extends RecordType>(
  db: Db,
  opts: { actor: Actor; projectId: string; kind: K; filter?: RecordFilter | undefined },
): Promise<StoredRecord<K>[]> {
  const query = await listQueryOf(db, opts);
  const records: StoredRecord<K>[] = [];
  let after: ListCursor | null = null;
  do {
    const page = await listRowsAfter(db, opts.kind, query, { after, limit: EXPORT_PAGE_ROWS });
    for (const row of page.rows) records.push(toStored(opts.kind, row));
    after = page.next;
  } while (after);
  return records;
}
