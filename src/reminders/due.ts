/**
 * What is due today: the pure calendar rules of the four reminders (no database, no clock). Each reminder has a due
 * day D computed from the plan; it is sent when D ≤ today ≤ D + grace days, so an instance that was down catches up
 * and an imported old project sends nothing about its past.
 *
 * @example
 * monthlyDueDays({ start: '2024-01-01', end: '2025-12-31', day: 25, today: '2024-03-27', graceDays: 7 })
 * // → ['2024-03-25']
 */
import { localize, type Lang, type Plan } from '../plan/schema';
import { addMonths, isoDate, monthEnd, parseIso, projectEnd } from '../plan/time';

/** YYYY-MM-DD `n` days after `day` (negative: before). */
export const addDays = (day: string, n: number): string =>
  isoDate(new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000));

export interface Window {
  /** YYYY-MM-DD */
  today: string;
  graceDays: number;
}

/** Whether a reminder due on `day` is sent today: on its day or within the grace days after it. */
export const inWindow = (day: string, w: Window): boolean =>
  day <= w.today && w.today <= addDays(day, w.graceDays);

/** The project's first and last day. */
export const projectSpan = (plan: Plan): { start: string; end: string } => ({
  start: plan.project.start_date,
  end: projectEnd(plan.project.start_date, plan.project.duration_months),
});

/** First and last day of the calendar month of `day`. */
export function calendarMonth(day: string): { from: string; to: string } {
  const { y, m } = parseIso(day);
  const from = `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-01`;
  return { from, to: addDays(addMonths(from, 1), -1) };
}

/** The monthly report's due days in the window: `day` of this calendar month and the two before, inside the project. */
export function monthlyDueDays(o: Window & { start: string; end: string; day: number }): string[] {
  const first = calendarMonth(o.today).from;
  return [-2, -1, 0]
    .map((n) => `${addMonths(first, n).slice(0, 8)}${String(o.day).padStart(2, '0')}`)
    .filter((d) => d >= o.start && d <= o.end && inWindow(d, o));
}

/** A deliverable or timeline step with its due day (the last day of its project month). */
export interface DueItem {
  kind: 'deliverable' | 'timeline';
  /** The deliverable's code, or the timeline item's id. */
  code: string;
  /** The project month it is due in. */
  month: number;
  /** YYYY-MM-DD: the end of that month. */
  due: string;
  /** The responsible (lead) partners: their editors are reminded too. */
  partners: string[];
  label: (lang: Lang) => string;
}

/** Every deliverable not in `done` and every timeline step, with its due day. */
export function dueItems(plan: Plan, done: ReadonlySet<string>): DueItem[] {
  const start = plan.project.start_date;
  const deliverables = plan.work_packages.flatMap((wp) =>
    wp.deliverables
      .filter((d) => !done.has(d.code))
      .map((d): DueItem => ({
        kind: 'deliverable',
        code: d.code,
        month: d.due_month,
        due: monthEnd(start, d.due_month),
        partners: [],
        label: () => `${d.code} ${d.title}`,
      })),
  );
  const steps = plan.timeline.flatMap((t) =>
    t.months.map((m): DueItem => ({
      kind: 'timeline',
      code: t.id,
      month: m,
      due: monthEnd(start, m),
      partners: t.responsible,
      label: (lang) => localize(t.label, lang),
    })),
  );
  return [...deliverables, ...steps];
}

/** A due-date reminder: the item, how many days before its due day, and the reminder's own day. */
export interface DueReminder {
  item: DueItem;
  daysBefore: number;
  /** YYYY-MM-DD: the reminder's due day (`item.due` − `daysBefore`). */
  day: string;
}

/** The due-date reminders in the window, `daysBefore` each before their item's due day. */
export function dueReminders(
  items: readonly DueItem[],
  o: Window & { daysBefore: readonly number[] },
): DueReminder[] {
  return items.flatMap((item) =>
    [...new Set(o.daysBefore)]
      .map((daysBefore) => ({ item, daysBefore, day: addDays(item.due, -daysBefore) }))
      .filter((r) => inWindow(r.day, o)),
  );
}

/**
 * A partner's silence warning, if one is due: `months` after their last record (or after the project's start when
 * they have none, so the project has run that long), while the project runs. `since` names the silence.
 */
export function silentDue(
  o: Window & { start: string; end: string; months: number; lastRecord: string | null },
): { since: string; day: string } | null {
  const since = o.lastRecord && o.lastRecord > o.start ? o.lastRecord : o.start;
  const day = addMonths(since, o.months);
  return day <= o.end && inWindow(day, o) ? { since, day } : null;
}

/** The last day of each KPI collection period: every `everyMonths` from the start, and the project's end. */
export function collectionEnds(o: { start: string; durationMonths: number; everyMonths: number }): string[] {
  const ends: string[] = [];
  for (let m = o.everyMonths; m < o.durationMonths; m += o.everyMonths) ends.push(monthEnd(o.start, m));
  ends.push(monthEnd(o.start, o.durationMonths));
  return ends;
}

/** The year-end collection reminders in the window: `daysBefore` before each collection period ends. */
export function yearEndDue(
  ends: readonly string[],
  o: Window & { daysBefore: number },
): Array<{ end: string; day: string }> {
  return ends.map((end) => ({ end, day: addDays(end, -o.daysBefore) })).filter((r) => inWindow(r.day, o));
}
