/**
 * The calendar's page model: the viewed days (a month as whole weeks, or one week), the instants they span in the
 * strategy's time zone, previous/next dates, and each day's posts with their findings. Pure: the routes load, this
 * arranges.
 */
import type { Plan } from '../plan/schema';
import { checkCalendar, type SocialFinding } from './checks';
import type { SocialPostRow } from './repository';
import { addDays, fromLocalInput, isoWeek, monthOf, weekStart, zonedParts } from './time';

export type CalendarView = 'month' | 'week';

export interface CalendarRange {
  view: CalendarView;
  /** The day asked for. */
  date: string;
  /** First and last day shown (whole weeks, Monday to Sunday). */
  from: string;
  to: string;
  prev: string;
  next: string;
  /** `[start, end)` as instants (the query's bounds). */
  start: Date;
  end: Date;
}

export function calendarRange(view: CalendarView, date: string, tz: string): CalendarRange {
  let from: string;
  let to: string;
  let prev: string;
  let next: string;
  if (view === 'week') {
    from = weekStart(date);
    to = addDays(from, 6);
    prev = addDays(from, -7);
    next = addDays(from, 7);
  } else {
    const m = monthOf(date);
    from = weekStart(m.first);
    to = addDays(weekStart(m.last), 6);
    prev = monthOf(addDays(m.first, -1)).first;
    next = addDays(m.last, 1);
  }
  const start = fromLocalInput(`${from}T00:00`, tz) as Date;
  const end = fromLocalInput(`${addDays(to, 1)}T00:00`, tz) as Date;
  return { view, date, from, to, prev, next, start, end };
}

export interface CalendarDay {
  date: string;
  /** Outside the asked month (month view's leading and trailing days). */
  outside: boolean;
  posts: { row: SocialPostRow; time: string; findings: SocialFinding[] }[];
}

export interface CalendarWeek {
  monday: string;
  key: string;
  days: CalendarDay[];
  findings: SocialFinding[];
}

export interface CalendarModel {
  range: CalendarRange;
  tz: string;
  weeks: CalendarWeek[];
  findings: SocialFinding[];
}

export function calendarModel(o: {
  plan: Plan;
  tz: string;
  range: CalendarRange;
  rows: readonly SocialPostRow[];
  projectStart: string;
  projectEnd: string;
}): CalendarModel {
  const { range, tz } = o;
  const findings = checkCalendar({
    plan: o.plan,
    posts: o.rows.map((r) => ({ ...r, hasImage: r.imageSha256 !== null })),
    from: range.from,
    to: range.to,
    projectStart: o.projectStart,
    projectEnd: o.projectEnd,
  });
  const byDay = new Map<string, CalendarDay['posts']>();
  for (const row of o.rows) {
    const z = zonedParts(row.plannedAt, tz);
    const list = byDay.get(z.date) ?? [];
    list.push({
      row,
      time: `${String(z.hour).padStart(2, '0')}:${String(z.minute).padStart(2, '0')}`,
      findings: findings.filter((f) => f.postId === row.id),
    });
    byDay.set(z.date, list);
  }
  const month = range.date.slice(0, 7);
  const weeks: CalendarWeek[] = [];
  for (let monday = range.from; monday <= range.to; monday = addDays(monday, 7)) {
    const days = [0, 1, 2, 3, 4, 5, 6].map((i) => {
      const date = addDays(monday, i);
      return {
        date,
        outside: range.view === 'month' && date.slice(0, 7) !== month,
        posts: byDay.get(date) ?? [],
      };
    });
    weeks.push({
      monday,
      key: isoWeek(monday).key,
      days,
      findings: findings.filter((f) => f.week === monday),
    });
  }
  return { range, tz, weeks, findings };
}
