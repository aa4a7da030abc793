/**
 * Approximate publication dates: a date's precision (day | month | year), the checks on it, and where an
 * approximate date is placed in a project's time (the JavaScript twin of the SQL rule in src/kpi/fields.ts).
 */

import type { z } from 'zod';

export const DATE_PRECISIONS = ['day', 'month', 'year'] as const;
export type DatePrecision = (typeof DATE_PRECISIONS)[number];

export const isDatePrecision = (v: unknown): v is DatePrecision =>
  typeof v === 'string' && (DATE_PRECISIONS as readonly string[]).includes(v);

/** What a publication carries about its date (a stored row or a record input). */
export interface DatedPublication {
  date?: string | null;
  date_precision?: string | null;
  year?: number | null;
}

/** The precision of a publication's date: the stored one, else `day` with a date and `year` without. */
export function precisionOf(p: DatedPublication): DatePrecision {
  if (isDatePrecision(p.date_precision)) return p.date_precision;
  return p.date ? 'day' : 'year';
}

/** The first day of the month (`month`) or year (`year`) of an ISO date; the date itself for `day`. */
export function firstDayOf(date: string, precision: DatePrecision): string {
  if (precision === 'year') return `${date.slice(0, 4)}-01-01`;
  if (precision === 'month') return `${date.slice(0, 7)}-01`;
  return date.slice(0, 10);
}

/** True when an approximate date is stored as it must be: the first day of its month or year. */
export const isFirstDay = (date: string, precision: DatePrecision): boolean =>
  firstDayOf(date, precision) === date;

/** The ISO date a publication starts from (its date, or 1 January of its year when it has none). */
export function baseDate(p: DatedPublication): string {
  return p.date ? p.date.slice(0, 10) : `${String(p.year ?? 0).padStart(4, '0')}-01-01`;
}

/** The last day of the month or year that an approximate date stands for (the date itself for `day`). */
export function lastDayOf(date: string, precision: DatePrecision): string {
  if (precision === 'day') return date;
  const y = Number(date.slice(0, 4));
  const m = precision === 'year' ? 12 : Number(date.slice(5, 7));
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return `${date.slice(0, 4)}-${String(m).padStart(2, '0')}-${String(last).padStart(2, '0')}`;
}

/**
 * Where a publication sits in the project's time (KPI windows, monthly history, period checks). An exact date is
 * itself. An approximate date (a month or a year) is placed on the first day of its month/year that lies inside
 * the project period when that month/year overlaps the project, else on its first day: so a 2018 paper of a
 * project starting 2018-07-01 sits on 2018-07-01, and any approximate date lands in exactly one period of any
 * division of time. Mirrors `placedPublicationDate` (SQL, src/kpi/fields.ts); a test pins that both agree.
 */
export function placedDate(p: DatedPublication, projectStart: string): string {
  const base = baseDate(p);
  const precision = precisionOf(p);
  if (precision !== 'day' && base < projectStart && lastDayOf(base, precision) >= projectStart)
    return projectStart;
  return base;
}

/** A month or year precision date is the first day of its month or year; an exact or month date needs a date. */
export function checkDatePrecision(
  p: { date?: string; date_precision?: DatePrecision },
  ctx: z.RefinementCtx,
) {
  const precision = p.date_precision;
  if (precision === undefined) return;
  if (p.date === undefined) {
    if (precision !== 'year')
      ctx.addIssue({
        code: 'custom',
        path: ['date'],
        message: `a date is needed for precision "${precision}"`,
        params: { key: 'validation.record.precisionNeedsDate', precision },
      });
    return;
  }
  if (precision !== 'day' && !isFirstDay(p.date, precision))
    ctx.addIssue({
      code: 'custom',
      path: ['date'],
      message: `a date known to the ${precision} is stored as the first day of its ${precision} (not ${p.date})`,
      params: { key: `validation.record.approximateNotFirst.${precision}`, date: p.date },
    });
}
