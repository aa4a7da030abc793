/** A Portal table as a CSV or XLSX file: the tab's headers in order, one row per record (src/records/export.ts). */
import { rowsToCsv, rowsToXlsx, type ExportColumn, type ExportRow } from '../../records/export';
import type { PortalTable } from './build';

export type PortalFormat = 'csv' | 'xlsx';

export const PORTAL_CONTENT_TYPES: Record<PortalFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/** The table's bytes in `format` (exceljs is loaded by the first XLSX). */
export async function portalFile(table: PortalTable, format: PortalFormat): Promise<Buffer> {
  const columns: ExportColumn[] = table.tab.columns.map((c, i) => ({ key: String(i), header: c.header }));
  const rows: ExportRow[] = table.rows.map((r) =>
    Object.fromEntries(r.cells.map((cell, i) => [String(i), cell])),
  );
  return format === 'csv'
    ? Buffer.from(rowsToCsv(rows, columns), 'utf8')
    : rowsToXlsx(rows, columns, `${table.programme} ${table.tab.id}`);
}
