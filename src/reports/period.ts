/**
 * A report's period: a project year (`year:<n>`) or a date range (`range:<from>..<to>`), resolved against the plan.
 * The scope string keys the report's texts and its submissions; bad input names the field.
 */
import { AppError } from '../errors';
import { projectEnd } from '../plan/time';
import type { Plan } from '../plan/schema';
import { yearWindow } from '../kpi/snapshots';
import type { ReportPeriod } from './model';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

const periodError = (field: string, message: string) =>
  new AppError({
    code: 'validation',
    status: 422,
    message,
    details: [{ path: field, message }],
  });

/** The period of a year report or a date-range report; exactly one of `year` and `from`+`to`. */
export function resolvePeriod(plan: Plan, q: { year?: number; from?: string; to?: string }): ReportPeriod {
  const years = Math.ceil(plan.project.duration_months / 12);
  if (q.year !== undefined) {
    if (q.from !== undefined || q.to !== undefined)
      throw periodError('year', 'give either a project year or a date range, not both');
    if (!Number.isInteger(q.year) || q.year < 1 || q.year > years)
      throw periodError('year', `the project year must be between 1 and ${years}`);
    const w = yearWindow(plan, q.year);
    return { scope: `year:${q.year}`, year: q.year, from: w.from, to: w.to };
  }
  for (const f of ['from', 'to'] as const) {
    const v = q[f];
    if (v === undefined) throw periodError(f, `a project year, or both --from and --to, are required`);
    if (!DATE.test(v) || Number.isNaN(Date.parse(`${v}T00:00:00Z`)))
      throw periodError(f, `${f} must be a date YYYY-MM-DD, not "${v}"`);
  }
  const from = q.from as string;
  const to = q.to as string;
  if (from > to) throw periodError('to', `the range ends (${to}) before it starts (${from})`);
  const start = plan.project.start_date;
  const end = projectEnd(start, plan.project.duration_months);
  if (to < start || from > end)
    throw periodError('from', `the range ${from}..${to} lies outside the project (${start}..${end})`);
  return { scope: `range:${from}..${to}`, year: null, from, to };
}

/** Parses a stored scope string back (`year:2`, `range:2019-01-01..2019-06-30`); null when malformed. */
export function parseScope(scope: string): { year: number } | { from: string; to: string } | null {
  const y = /^year:(\d{1,3})$/.exec(scope);
  if (y) return { year: Number(y[1]) };
  const r = /^range:(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})$/.exec(scope);
  return r ? { from: r[1] as string, to: r[2] as string } : null;
}
