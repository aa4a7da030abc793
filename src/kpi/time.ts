/** Project time: months counted from the plan's start date (month 1 starts on the start date), all in UTC. */

const parse = (iso: string): Date => new Date(`${iso.slice(0, 10)}T00:00:00Z`);
export const isoDate = (d: Date): string => d.toISOString().slice(0, 10);

function addMonths(d: Date, n: number): Date {
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + n, d.getUTCDate()));
}

/** First day of project month `m` (1-based). */
export const monthStart = (start: string, m: number): string => isoDate(addMonths(parse(start), m - 1));

/** Last day of project month `m`. */
export const monthEnd = (start: string, m: number): string =>
  isoDate(new Date(addMonths(parse(start), m).getTime() - 86_400_000));

/** The project month a date falls in (1-based; 0 or less before the start, more than the duration after the end). */
export function monthOf(start: string, date: string): number {
  const s = parse(start);
  const d = parse(date);
  let m = (d.getUTCFullYear() - s.getUTCFullYear()) * 12 + (d.getUTCMonth() - s.getUTCMonth()) + 1;
  if (d.getUTCDate() < s.getUTCDate()) m -= 1;
  return m;
}

/** Months elapsed from the start to the end of `date` (fractional), clamped to [0, duration]. */
export function elapsedMonths(start: string, date: string, duration: number): number {
  const m = monthOf(start, date);
  if (m < 1) return 0;
  if (m > duration) return duration;
  const from = parse(monthStart(start, m)).getTime();
  const to = parse(monthStart(start, m + 1)).getTime();
  const fraction = (parse(date).getTime() + 86_400_000 - from) / (to - from);
  return Math.min(duration, m - 1 + fraction);
}

/** First and last day of project year `n` (12 months each). */
export const yearRange = (start: string, n: number): { from: string; to: string } => ({
  from: monthStart(start, (n - 1) * 12 + 1),
  to: monthEnd(start, n * 12),
});

/** The project's last day. */
export const projectEnd = (start: string, duration: number): string => monthEnd(start, duration);
