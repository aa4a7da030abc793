/**
 * When a KPI digest is due and which days it covers (pure; the clock's `today` comes in).
 *
 * - Weekly: due every ISO weekday `weekday` (1 = Monday … 7 = Sunday). Monthly: due on the 1st of every month
 *   (`weekday` is not used), so a monthly digest covers whole calendar months, month ends included.
 * - A window is [`since`, `until`) of record creation days, `until` exclusive: the digest due on D has `until` = D, its
 *   figures are as of the day before (D − 1, the window's last whole day). The next one starts where it ended (its
 *   `since` = the last digest's `until`); the first starts one period before D, not before the project start.
 * - Due day + grace (the shared rule of Herald's own mail): the daily check sends the digest of the latest due day D
 *   when D ≤ today ≤ D + grace_days and the project runs (start ≤ D ≤ end + grace_days), once. A due day missed for
 *   longer is skipped, and the next digest's window covers it: an instance that was down catches up with one
 *   digest, never a burst, and an imported old project sends nothing about its past.
 */
import type { Plan, Reminders } from '../plan/schema';
import { addMonths, dayBefore, projectEnd } from '../plan/time';

export type DigestCadence = Pick<Reminders['digest'], 'every' | 'weekday'>;

/** Record-creation days [since, until), `until` exclusive; figures as of `asOf` = the day before `until`. */
export interface DigestWindow {
  since: string;
  until: string;
  asOf: string;
}

const DAY_MS = 86_400_000;

/** `iso` plus `n` days. */
export const addDays = (iso: string, n: number): string =>
  new Date(Date.parse(`${iso}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);

/** The ISO weekday of a date: 1 = Monday … 7 = Sunday. */
export const isoWeekday = (iso: string): number => {
  const d = new Date(`${iso}T00:00:00Z`).getUTCDay();
  return d === 0 ? 7 : d;
};

/** The latest due day on or before `today`. */
export function latestDueDay(c: DigestCadence, today: string): string {
  if (c.every === 'monthly') return `${today.slice(0, 7)}-01`;
  return addDays(today, -((isoWeekday(today) - c.weekday + 7) % 7));
}

/** The due day one period before `day` (a week, or a month). */
export const periodBefore = (c: DigestCadence, day: string): string =>
  c.every === 'monthly' ? addMonths(day, -1) : addDays(day, -7);

/** A window from `since` to `until` (exclusive). */
export const digestWindow = (since: string, until: string): DigestWindow => ({
  since,
  until,
  asOf: dayBefore(until),
});

/** The last digest sent, as far as windows go. */
export interface LastDigest {
  dueOn: string;
  until: string;
}

/** The digest the daily check should send today, or null (disabled, not due, already sent, project not running). */
export function dueDigest(o: {
  plan: Plan;
  today: string;
  last: LastDigest | null;
}): (DigestWindow & { dueOn: string }) | null {
  const r = o.plan.reminders;
  if (!r?.enabled || !r.digest.enabled) return null;
  const start = o.plan.project.start_date;
  const end = projectEnd(start, o.plan.project.duration_months);
  const due = latestDueDay(r.digest, o.today);
  if (o.today > addDays(due, r.grace_days)) return null;
  if (due < start || due > addDays(end, r.grace_days)) return null;
  if (o.last && o.last.dueOn >= due) return null;
  const first = periodBefore(r.digest, due);
  const since = o.last ? o.last.until : first < start ? start : first;
  return { dueOn: due, ...digestWindow(since < due ? since : due, due) };
}

/**
 * The in-app page's window: from `since` (asked), else the last digest's `until`, else one period back (not before
 * the project start), up to today included.
 */
export function pageWindow(o: {
  plan: Plan;
  today: string;
  last: LastDigest | null;
  since?: string;
}): DigestWindow {
  const until = addDays(o.today, 1);
  const cadence = o.plan.reminders?.digest ?? { every: 'weekly', weekday: 1 };
  const start = o.plan.project.start_date;
  const back = periodBefore(cadence, until);
  const since = o.since ?? o.last?.until ?? (back < start ? start : back);
  return digestWindow(since, until);
}
