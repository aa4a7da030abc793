/**
 * What an import preview says about dates: the rows whose publication date is approximate (month or year only) and
 * the rows dated before the project start or after its end, which are imported but count in no KPI. A row's date
 * is placed as the KPIs place it (src/records/dates.ts `placedDate`, the twin of src/kpi/fields.ts).
 */
import type { RecordType } from '../plan/schema';
import {
  baseDate,
  placedDate,
  precisionOf,
  type DatePrecision,
  type DatedPublication,
} from '../records/dates';
import type { AnyRecord } from '../records/schema';

/** How many rows of each note are listed (the counts are always complete). */
export const LISTED_DATE_ROWS = 100;

export interface DateNoteRow {
  row: number;
  label: string;
  /** The row's own date (an approximate one: the first day of its month or year). */
  date: string;
  precision: DatePrecision;
}

export interface DateNoteList {
  count: number;
  rows: DateNoteRow[];
}

export interface DateNotes {
  projectStart: string;
  projectEnd: string;
  approximate: DateNoteList;
  beforeStart: DateNoteList;
  afterEnd: DateNoteList;
}

export function emptyDateNotes(period: { start: string; end: string }): DateNotes {
  const list = (): DateNoteList => ({ count: 0, rows: [] });
  return {
    projectStart: period.start,
    projectEnd: period.end,
    approximate: list(),
    beforeStart: list(),
    afterEnd: list(),
  };
}

/** The date that places a record of `type` in time, and its precision. */
function dateOf(type: RecordType, record: AnyRecord, projectStart: string) {
  const r = record as Record<string, unknown>;
  if (type === 'publication') {
    const p = r as DatedPublication;
    return { own: baseDate(p), placed: placedDate(p, projectStart), precision: precisionOf(p) };
  }
  const own = String(type === 'activity' || type === 'event' ? r.start_date : r.date);
  return { own, placed: own, precision: 'day' as const };
}

const add = (list: DateNoteList, row: DateNoteRow) => {
  list.count += 1;
  if (list.rows.length < LISTED_DATE_ROWS) list.rows.push(row);
};

/** Notes one valid row that the import would add. */
export function noteDates(
  notes: DateNotes,
  row: { row: number; label: string; type: RecordType; value: AnyRecord },
): void {
  const { own, placed, precision } = dateOf(row.type, row.value, notes.projectStart);
  const entry: DateNoteRow = { row: row.row, label: row.label, date: own, precision };
  if (precision !== 'day') add(notes.approximate, entry);
  if (placed < notes.projectStart) add(notes.beforeStart, entry);
  else if (placed > notes.projectEnd) add(notes.afterEnd, entry);
}

/** The notes as lines for the CLI (English, like its other output). */
export function dateNoteLines(notes: DateNotes | undefined): string[] {
  if (!notes) return [];
  const rows = (list: DateNoteList) =>
    `rows ${list.rows.map((r) => r.row).join(', ')}${list.count > list.rows.length ? ', …' : ''}`;
  const lines: string[] = [];
  if (notes.beforeStart.count > 0)
    lines.push(
      `${notes.beforeStart.count} dated before the project start (${notes.projectStart}), imported but not counted in any KPI: ${rows(notes.beforeStart)}`,
    );
  if (notes.afterEnd.count > 0)
    lines.push(
      `${notes.afterEnd.count} dated after the project end (${notes.projectEnd}), imported but not counted in any KPI: ${rows(notes.afterEnd)}`,
    );
  if (notes.approximate.count > 0)
    lines.push(
      `${notes.approximate.count} with an approximate date (month or year only): ${rows(notes.approximate)}`,
    );
  return lines;
}
