import { describe, expect, it } from 'vitest';
import { makePlan } from '../../test/factories/plan';
import { OUTBOX_RETENTION_DAYS } from '../mail/mailer';
import { remindersSchema } from '../plan/schema';
import {
  addDays,
  calendarMonth,
  collectionEnds,
  dueItems,
  dueReminders,
  inWindow,
  monthlyDueDays,
  silentDue,
  yearEndDue,
} from './due';

// Tide-X: 2024-01-01, 24 months (ends 2025-12-31).
const span = { start: '2024-01-01', end: '2025-12-31' };

describe('the grace window', () => {
  it('ends before the outbox forgets a mail (its idempotency key): no mail queued twice', () => {
    const max = remindersSchema.shape.grace_days.unwrap().maxValue ?? Infinity;
    // Queued on its due day D at the earliest, purged after D + retention; checked up to D + grace (a whole day).
    expect(max + 1).toBeLessThan(OUTBOX_RETENTION_DAYS);
    expect(remindersSchema.safeParse({ grace_days: max + 1 }).success).toBe(false);
  });

  it('holds the due day and the grace days after it, nothing before or after', () => {
    const w = (today: string) => inWindow('2024-03-25', { today, graceDays: 7 });
    expect([w('2024-03-24'), w('2024-03-25'), w('2024-04-01'), w('2024-04-02')]).toEqual([
      false,
      true,
      true,
      false,
    ]);
    expect(addDays('2024-02-28', 2)).toBe('2024-03-01');
    expect(addDays('2024-03-01', -1)).toBe('2024-02-29');
    expect(calendarMonth('2024-02-10')).toEqual({ from: '2024-02-01', to: '2024-02-29' });
  });
});

describe('monthly report', () => {
  const due = (today: string, graceDays = 7) => monthlyDueDays({ ...span, day: 25, today, graceDays });
  it('is due on its day of the month, caught up within the grace, across a month end', () => {
    expect(due('2024-03-24')).toEqual([]);
    expect(due('2024-03-25')).toEqual(['2024-03-25']);
    expect(due('2024-04-01')).toEqual(['2024-03-25']);
    expect(due('2024-04-02')).toEqual([]);
    expect(due('2024-04-02', 0)).toEqual([]);
  });
  it('only inside the project (an old imported project gets nothing about its past)', () => {
    expect(due('2023-12-26')).toEqual([]);
    expect(due('2025-12-26')).toEqual(['2025-12-25']);
    expect(due('2026-01-25')).toEqual([]);
    expect(due('2030-06-25')).toEqual([]);
  });
});

describe('due dates', () => {
  const plan = makePlan();
  it('lists open deliverables and every timeline month with the end of their month', () => {
    const items = dueItems(plan, new Set());
    expect(items.map((i) => [i.kind, i.code, i.due, i.partners])).toEqual([
      ['deliverable', 'D1.1', '2024-03-31', []],
      ['timeline', 'leaflet', '2024-02-29', ['UNIA']],
      ['timeline', 'leaflet', '2025-02-28', ['UNIA']],
    ]);
    expect(items[0]?.label('en')).toBe('D1.1 Website');
    expect(dueItems(plan, new Set(['D1.1'])).map((i) => i.code)).toEqual(['leaflet', 'leaflet']);
  });
  it('reminds days_before each due day, within the grace', () => {
    const items = dueItems(plan, new Set());
    const at = (today: string, graceDays = 2) =>
      dueReminders(items, { today, graceDays, daysBefore: [14, 3, 3] }).map((r) => [
        r.item.code,
        r.daysBefore,
        r.day,
      ]);
    expect(at('2024-03-16')).toEqual([]);
    expect(at('2024-03-17')).toEqual([['D1.1', 14, '2024-03-17']]);
    expect(at('2024-03-28')).toEqual([['D1.1', 3, '2024-03-28']]);
    expect(at('2024-02-15')).toEqual([['leaflet', 14, '2024-02-15']]);
    expect(at('2024-03-20')).toEqual([]);
  });
});

describe('silent partner', () => {
  const due = (today: string, lastRecord: string | null, graceDays = 7) =>
    silentDue({ ...span, months: 3, lastRecord, today, graceDays });
  it('counts from the start when the partner has no record, from their last record otherwise', () => {
    expect(due('2024-03-31', null)).toBeNull();
    expect(due('2024-04-01', null)).toEqual({ since: '2024-01-01', day: '2024-04-01' });
    expect(due('2024-04-08', null)).toEqual({ since: '2024-01-01', day: '2024-04-01' });
    expect(due('2024-04-09', null)).toBeNull();
    expect(due('2024-04-01', '2024-02-10')).toBeNull();
    expect(due('2024-05-10', '2024-02-10')).toEqual({ since: '2024-02-10', day: '2024-05-10' });
    // A record from before the start (backdated) counts from the start.
    expect(due('2024-04-01', '2023-06-01')).toEqual({ since: '2024-01-01', day: '2024-04-01' });
  });
  it('not once the project has ended', () => {
    expect(due('2026-01-05', '2025-10-05')).toBeNull();
  });
});

describe('year-end collection', () => {
  it('ends each period every N months and at the end; reminds days_before', () => {
    const ends = collectionEnds({ start: '2024-01-01', durationMonths: 24, everyMonths: 12 });
    expect(ends).toEqual(['2024-12-31', '2025-12-31']);
    expect(collectionEnds({ start: '2024-01-01', durationMonths: 30, everyMonths: 12 })).toEqual([
      '2024-12-31',
      '2025-12-31',
      '2026-06-30',
    ]);
    const at = (today: string) => yearEndDue(ends, { today, graceDays: 7, daysBefore: 14 });
    expect(at('2024-12-16')).toEqual([]);
    expect(at('2024-12-17')).toEqual([{ end: '2024-12-31', day: '2024-12-17' }]);
    expect(at('2024-12-24')).toEqual([{ end: '2024-12-31', day: '2024-12-17' }]);
    expect(at('2024-12-25')).toEqual([]);
  });
});
