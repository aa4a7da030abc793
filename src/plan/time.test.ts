import { describe, expect, it } from 'vitest';
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
  it('clamps to the month end for a start on the 29th-31st (31 January + 1 month = 28 February)', () => {
    expect(monthStart('2019-01-31', 2)).toBe('2019-02-28');
    expect(monthEnd('2019-01-31', 1)).toBe('2019-02-27');
    expect(monthStart('2019-01-31', 3)).toBe('2019-03-31');
    expect(yearRange('2020-08-31', 1)).toEqual({ from: '2020-08-31', to: '2021-08-30' });
  });
  it('counts elapsed months fractionally and clamps them', () => {
    expect(elapsedMonths(start, '2018-06-01', 36)).toBe(0);
    expect(elapsedMonths(start, '2019-06-30', 36)).toBeCloseTo(12, 5);
    expect(elapsedMonths(start, '2018-07-16', 36)).toBeCloseTo(16 / 31, 5);
    expect(elapsedMonths(start, '2030-01-01', 36)).toBe(36);
  });
});
