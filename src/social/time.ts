/**
 * The calendar's time arithmetic: instants shown in the strategy's time zone (IANA, through Intl, no library),
 * a form's local `YYYY-MM-DDTHH:MM` back to an instant, and ISO weeks (Monday first) over plain `YYYY-MM-DD` days.
 */

export interface ZonedParts {
  /** `YYYY-MM-DD` in the zone. */
  date: string;
  hour: number;
  minute: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The wall-clock date, hour and minute of `at` in `timeZone`. */
export function zonedParts(at: Date, timeZone: string): ZonedParts {
  const parts: Record<string, string> = {};
  for (const p of formatterFor(timeZone).formatToParts(at)) parts[p.type] = p.value;
  return {
    date: `${parts.year}-${parts.month}-${parts.day}`,
    hour: Number(parts.hour),
    minute: Number(parts.minute),
  };
}

/** `YYYY-MM-DDTHH:MM` as `at` reads in `timeZone` (the value of a `datetime-local` input). */
export function toLocalInput(at: Date, timeZone: string): string {
  const z = zonedParts(at, timeZone);
  return `${z.date}T${String(z.hour).padStart(2, '0')}:${String(z.minute).padStart(2, '0')}`;
}

/** Milliseconds `timeZone` is ahead of UTC at `at`. */
function offsetAt(at: Date, timeZone: string): number {
  const z = zonedParts(at, timeZone);
  const asUtc = Date.parse(
    `${z.date}T${String(z.hour).padStart(2, '0')}:${String(z.minute).padStart(2, '0')}:00Z`,
  );
  return asUtc - Math.floor(at.getTime() / 60_000) * 60_000;
}

export const LOCAL_DATETIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/;

/**
 * The instant a local `YYYY-MM-DDTHH:MM` names in `timeZone`, or undefined when it is not a time. A time a clock
 * change skips (spring forward) moves forward by the gap; a repeated one (autumn) is its first occurrence.
 */
export function fromLocalInput(local: string, timeZone: string): Date | undefined {
  const m = LOCAL_DATETIME.exec(local);
  if (!m) return undefined;
  const [, y, mo, d, h, mi] = m.map(Number) as [number, number, number, number, number, number];
  if (mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59) return undefined;
  const naive = Date.UTC(y, mo - 1, d, h, mi);
  if (new Date(naive).getUTCDate() !== d) return undefined;
  // Two passes settle the offset on either side of a change.
  let at = naive - offsetAt(new Date(naive), timeZone);
  at = naive - offsetAt(new Date(at), timeZone);
  return new Date(at);
}

/** `day` plus `n` days (`YYYY-MM-DD`, calendar arithmetic in UTC). */
export function addDays(day: string, n: number): string {
  const t = Date.parse(`${day}T00:00:00Z`) + n * 86_400_000;
  return new Date(t).toISOString().slice(0, 10);
}

/** 1 = Monday … 7 = Sunday. */
export function isoWeekday(day: string): number {
  const d = new Date(`${day}T00:00:00Z`).getUTCDay();
  return d === 0 ? 7 : d;
}

/** The Monday of `day`'s ISO week. */
export const weekStart = (day: string): string => addDays(day, 1 - isoWeekday(day));

/** `day`'s ISO week: its year (the year of the week's Thursday) and number, e.g. 2020-12-31 → 2020-W53. */
export function isoWeek(day: string): { year: number; week: number; key: string } {
  const thursday = addDays(weekStart(day), 3);
  const year = Number(thursday.slice(0, 4));
  const jan1 = Date.parse(`${year}-01-01T00:00:00Z`);
  const week = Math.floor((Date.parse(`${thursday}T00:00:00Z`) - jan1) / (7 * 86_400_000)) + 1;
  return { year, week, key: `${year}-W${String(week).padStart(2, '0')}` };
}

/** The Mondays of the weeks from `from`'s to `to`'s (inclusive). */
export function weeksBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let m = weekStart(from); m <= to; m = addDays(m, 7)) out.push(m);
  return out;
}

/** The first and last day of `day`'s month. */
export function monthOf(day: string): { first: string; last: string } {
  const first = `${day.slice(0, 7)}-01`;
  const [y, m] = [Number(day.slice(0, 4)), Number(day.slice(5, 7))];
  const last = new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
  return { first, last };
}
