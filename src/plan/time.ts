/**
 * Project time: months counted from the plan's start date (month 1 starts on the start date), on ISO dates (UTC).
 * The one implementation of calendar arithmetic for plans: the plan checks and pages, records and the KPI engine use it.
 */

interface Ymd {
  y: number;
  /** 1..12 */
  m: number;
  d: number;
}

export const parseIso = (iso: string): Ymd => {
  const [y = NaN, m = NaN, d = NaN] = iso.slice(0, 10).split('-').map(Number);
  return { y, m, d };
};
const pad = (n: number, width = 2) => String(n).padStart(width, '0');
const toIso = ({ y, m, d }: Ymd) => `${pad(y, 4)}-${pad(m)}-${pad(d)}`;
const daysInMonth = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();
const isoOf = (date: Date | string): string => (typeof date === 'string' ? date.slice(0, 10) : isoDate(date));

export const isoDate = (d: Date): string => d.toISOString().slice(0, 10);

/** `iso` plus `n` months, the day clamped to the target month ("2019-01-31" + 1 → "2019-02-28"). */
export function addMonths(iso: string, n: number): string {
  const { y, m, d } = parseIso(iso);
  const index = y * 12 + (m - 1) + n;
  const ty = Math.floor(index / 12);
  const tm = (index % 12) + 1;
  return toIso({ y: ty, m: tm, d: Math.min(d, daysInMonth(ty, tm)) });
}

/** The ISO date one day before `iso`. */
export function dayBefore(iso: string): string {
  const { y, m, d } = parseIso(iso);
  return isoDate(new Date(Date.UTC(y, m - 1, d - 1)));
}

/** First day of project month `m` (1-based). */
export const monthStart = (start: string, m: number): string => addMonths(start, m - 1);

/** Last day of project month `m`. */
export const monthEnd = (start: string, m: number): string => dayBefore(addMonths(start, m));

/** The project's last day. */
export const projectEnd = (start: string, duration: number): string => monthEnd(start, duration);

/** The project month a date falls in (1-based; 0 or less before the start, more than the duration after the end). */
export function monthOf(start: string, date: Date | string): number {
  const s = parseIso(start);
  const n = parseIso(isoOf(date));
  let months = (n.y - s.y) * 12 + (n.m - s.m);
  if (n.d < s.d) months -= 1;
  return months + 1;
}

/** Months elapsed from the start to the end of `date` (fractional), clamped to [0, duration]. */
export function elapsedMonths(start: string, date: string, duration: number): number {
  const m = monthOf(start, date);
  if (m < 1) return 0;
  if (m > duration) return duration;
  const day = (iso: string) => Date.parse(`${iso}T00:00:00Z`);
  const from = day(monthStart(start, m));
  const to = day(monthStart(start, m + 1));
  const fraction = (day(date.slice(0, 10)) + 86_400_000 - from) / (to - from);
  return Math.min(duration, m - 1 + fraction);
}

/** First and last day of project year `n` (12 months each). */
export const yearRange = (start: string, n: number): { from: string; to: string } => ({
  from: monthStart(start, (n - 1) * 12 + 1),
  to: monthEnd(start, n * 12),
});

/** `iso` moved into [from, to] (ISO dates compare as text). */
export const clampIso = (iso: string, from: string, to: string): string =>
  iso < from ? from : iso > to ? to : iso;
