/**
 * Sign-off periods and the days their requests are due. A project is cut into consecutive windows of
 * `reporting.kpi_collection_every_months` months (default 12: the project years, as `yearWindow` in
 * src/kpi/snapshots.ts) from its start; the last may be shorter. A period can be signed off once it has ended.
 *
 * Requests (src/signoff/requests.ts) are due on the day after the period's end, then every `remind_every_days`
 * while on or before the due day (`due_days` after the end); each is sent on its day or, after downtime, within
 * `grace_days` after it: the latest such day only, never a burst of old ones.
 *
 * @example
 * signoffPeriods(plan); // [{ n: 1, from: '2019-01-01', to: '2019-12-31' }, …]
 * requestDueOn({ period, every: 7, dueDays: 30, graceDays: 7, today: '2020-01-09' }); // '2020-01-08'
 */
import type { Plan } from '../plan/schema';
import { monthEnd, monthStart } from '../plan/time';

export interface SignoffPeriod {
  /** 1-based. */
  n: number;
  /** First and last day, ISO. */
  from: string;
  to: string;
}

/** The months of one sign-off period: the plan's KPI collection cadence, else 12. */
export const periodMonths = (plan: Plan): number => plan.reporting?.kpi_collection_every_months ?? 12;

/** Every sign-off period of the plan, in order. */
export function signoffPeriods(plan: Plan): SignoffPeriod[] {
  const every = periodMonths(plan);
  const { start_date: start, duration_months: duration } = plan.project;
  const out: SignoffPeriod[] = [];
  for (let m = 1, n = 1; m <= duration; m += every, n++)
    out.push({ n, from: monthStart(start, m), to: monthEnd(start, Math.min(m + every - 1, duration)) });
  return out;
}

/** The periods whose last day is before `today` (YYYY-MM-DD): those that can be signed off. */
export const endedPeriods = (plan: Plan, today: string): SignoffPeriod[] =>
  signoffPeriods(plan).filter((p) => p.to < today);

/** The ISO date `n` days after `iso`. */
export function addDays(iso: string, n: number): string {
  const [y = NaN, m = NaN, d = NaN] = iso.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10);
}

export interface RequestCadence {
  /** Days between two requests. */
  every: number;
  /** The sign-off is due this many days after the period's end; no request after that day. */
  dueDays: number;
}

/** The days a period's requests are due: the day after its end, then every `every` days up to the due day. */
export function requestDays(period: SignoffPeriod, c: RequestCadence): string[] {
  const first = addDays(period.to, 1);
  const last = addDays(period.to, Math.max(1, c.dueDays));
  const out: string[] = [];
  for (let k = 0, d = first; d <= last; k++, d = addDays(first, k * c.every)) out.push(d);
  return out;
}

/**
 * The request day to act on today: the latest due day D with D ≤ today ≤ D + graceDays, or null (none due, or
 * all too old: an instance that was down long, or a project imported long after its periods ended).
 */
export function requestDueOn(
  q: RequestCadence & { period: SignoffPeriod; graceDays: number; today: string },
) {
  const due = requestDays(q.period, q).filter((d) => d <= q.today && q.today <= addDays(d, q.graceDays));
  return due.at(-1) ?? null;
}
