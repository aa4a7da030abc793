import { describe, expect, it } from 'vitest';
import { assess, meets, worst } from './status';
import { elapsedMonths, monthEnd, monthOf, monthStart, yearRange } from './time';

describe('project time', () => {
  const start = '2018-07-01';
  it('maps project months to calendar dates and back', () => {
    expect(monthStart(start, 1)).toBe('2018-07-01');
    expect(monthEnd(start, 6)).toBe('2018-12-31');
    expect(monthEnd(start, 36)).toBe('2021-06-30');
    expect(monthOf(start, '2018-12-15')).toBe(6);
    expect(monthOf(start, '2018-06-30')).toBe(0);
    expect(monthOf(start, '2021-07-01')).toBe(37);
    expect(yearRange(start, 2)).toEqual({ from: '2019-07-01', to: '2020-06-30' });
  });
  it('handles a start date mid-month', () => {
    expect(monthOf('2020-01-15', '2020-02-14')).toBe(1);
    expect(monthOf('2020-01-15', '2020-02-15')).toBe(2);
    expect(monthEnd('2020-01-15', 1)).toBe('2020-02-14');
  });
  it('counts elapsed months fractionally and clamps them', () => {
    expect(elapsedMonths(start, '2018-06-01', 36)).toBe(0);
    expect(elapsedMonths(start, '2019-06-30', 36)).toBeCloseTo(12, 5);
    expect(elapsedMonths(start, '2018-07-16', 36)).toBeCloseTo(16 / 31, 5);
    expect(elapsedMonths(start, '2030-01-01', 36)).toBe(36);
  });
});

describe('assess', () => {
  const base = { target: 12, comparator: '>=' as const, durationMonths: 36 };
  it('is achieved when the target is met, strictly for ">"', () => {
    expect(assess({ ...base, value: 12, elapsedMonths: 10 }).status).toBe('achieved');
    expect(assess({ ...base, comparator: '>', value: 12, elapsedMonths: 10 }).status).toBe('on_track');
    expect(meets(13, 12, '>')).toBe(true);
  });
  it('projects the pace so far to the end', () => {
    const a = assess({ ...base, value: 4, elapsedMonths: 12 });
    expect(a).toEqual({ met: false, status: 'on_track', forecast: 12, expected: 4 });
  });
  it('is on track while not even one unit is expected yet', () => {
    expect(assess({ ...base, value: 0, elapsedMonths: 2 }).status).toBe('on_track');
  });
  it('is at risk when the forecast reaches 75% of the target', () => {
    const a = assess({ ...base, value: 3, elapsedMonths: 12 });
    expect(a.forecast).toBe(9);
    expect(a.status).toBe('at_risk');
  });
  it('is behind when far below the line, and always once the project has ended unmet', () => {
    expect(assess({ ...base, value: 1, elapsedMonths: 18 }).status).toBe('behind');
    const ended = assess({ ...base, value: 11, elapsedMonths: 36 });
    expect(ended).toMatchObject({ status: 'behind', forecast: 11 });
  });
  it('orders statuses from best to worst', () => {
    expect(worst('achieved', 'at_risk')).toBe('at_risk');
    expect(worst('behind', 'on_track')).toBe('behind');
  });
});

describe('resolveWindow', () => {
  it('defaults to the project end once the project has ended, and to a year range for ?year', async () => {
    const { resolveWindow } = await import('./service');
    const { makePlan } = await import('../../test/factories/plan');
    const plan = makePlan(); // 2024-01-01, 24 months
    expect(resolveWindow(plan, {})).toEqual({ from: '2024-01-01', at: '2025-12-31' });
    expect(resolveWindow(plan, { at: '2024-06-30' })).toEqual({ from: '2024-01-01', at: '2024-06-30' });
    expect(resolveWindow(plan, { year: 1 })).toEqual({ from: '2024-01-01', at: '2024-12-31' });
    expect(() => resolveWindow(plan, { year: 3 })).toThrow('the project has years 1 to 2, not 3');
    expect(() => resolveWindow(plan, { from: '2025-01-01', at: '2024-01-01' })).toThrow(
      'starts (2025-01-01) after it ends',
    );
  });
});
