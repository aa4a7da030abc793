import { describe, expect, it } from 'vitest';
import { makePlan, planInput } from '../../test/factories/plan';
import { yearWindow } from '../kpi/snapshots';
import { signoffRequestsSchedule } from './jobs';
import { addDays, endedPeriods, requestDays, requestDueOn, signoffPeriods } from './periods';

const plan = (start: string, months: number, every?: number) => {
  const base = planInput();
  return makePlan({
    project: { ...base.project, start_date: start, duration_months: months },
    ...(every ? { reporting: { kpi_collection_every_months: every } } : {}),
  });
};

describe('signoffPeriods', () => {
  it('defaults to the project years, as yearWindow', () => {
    const p = plan('2019-01-01', 36);
    expect(signoffPeriods(p)).toEqual([
      { n: 1, from: '2019-01-01', to: '2019-12-31' },
      { n: 2, from: '2020-01-01', to: '2020-12-31' },
      { n: 3, from: '2021-01-01', to: '2021-12-31' },
    ]);
    for (const s of signoffPeriods(p)) expect({ from: s.from, to: s.to }).toEqual(yearWindow(p, s.n));
  });

  it('cuts 6-month periods from the cadence, and an 18-month project leaves a short last one', () => {
    expect(signoffPeriods(plan('2024-01-01', 18, 6)).map((s) => [s.from, s.to])).toEqual([
      ['2024-01-01', '2024-06-30'],
      ['2024-07-01', '2024-12-31'],
      ['2025-01-01', '2025-06-30'],
    ]);
    expect(signoffPeriods(plan('2024-03-15', 18)).map((s) => [s.from, s.to])).toEqual([
      ['2024-03-15', '2025-03-14'],
      ['2025-03-15', '2025-09-14'],
    ]);
  });

  it('keeps consecutive windows for a month-end start', () => {
    const periods = signoffPeriods(plan('2019-01-31', 12, 1));
    expect(periods).toHaveLength(12);
    expect(periods.slice(0, 2).map((s) => [s.from, s.to])).toEqual([
      ['2019-01-31', '2019-02-27'],
      ['2019-02-28', '2019-03-30'],
    ]);
    for (let i = 1; i < periods.length; i++)
      expect(periods[i]?.from).toBe(addDays(periods[i - 1]?.to ?? '', 1));
    expect(periods.at(-1)?.to).toBe('2020-01-30');
  });

  it('lists a period as ended from the day after its last day', () => {
    const p = plan('2019-01-01', 36);
    expect(endedPeriods(p, '2019-12-31').map((s) => s.n)).toEqual([]);
    expect(endedPeriods(p, '2020-01-01').map((s) => s.n)).toEqual([1]);
    expect(endedPeriods(p, '2030-01-01').map((s) => s.n)).toEqual([1, 2, 3]);
  });
});

describe('the request days', () => {
  const period = { n: 1, from: '2019-01-01', to: '2019-12-31' };
  const cadence = { every: 7, dueDays: 30 };

  it('start the day after the end and repeat every N days up to the due day', () => {
    expect(requestDays(period, cadence)).toEqual([
      '2020-01-01',
      '2020-01-08',
      '2020-01-15',
      '2020-01-22',
      '2020-01-29',
    ]);
    expect(requestDays(period, { every: 29, dueDays: 30 })).toEqual(['2020-01-01', '2020-01-30']);
    expect(requestDays(period, { every: 30, dueDays: 30 })).toEqual(['2020-01-01']);
    expect(requestDays(period, { every: 7, dueDays: 0 })).toEqual(['2020-01-01']);
  });

  it('are acted on within the grace days only, the latest one alone', () => {
    const due = (today: string, graceDays = 7) => requestDueOn({ ...cadence, period, graceDays, today });
    expect(due('2019-12-31')).toBeNull();
    expect(due('2020-01-01')).toBe('2020-01-01');
    expect(due('2020-01-07')).toBe('2020-01-01');
    // On a request day the earlier one is within its grace too: the latest wins (the earlier was sent on its day).
    expect(due('2020-01-08')).toBe('2020-01-08');
    expect(due('2020-01-10', 0)).toBeNull();
    expect(due('2020-02-05')).toBe('2020-01-29');
    expect(due('2020-02-06')).toBeNull();
    expect(due('2021-06-01')).toBeNull();
  });
});

describe('the daily check', () => {
  it('runs only for plans that ask for sign-off requests', () => {
    const when = signoffRequestsSchedule.when ?? (() => true);
    expect(when(makePlan())).toBe(false);
    expect(when(makePlan({ reminders: { enabled: true } }))).toBe(true);
    expect(when(makePlan({ reminders: { enabled: true, signoff: { enabled: false } } }))).toBe(false);
  });
});
