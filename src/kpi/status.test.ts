import { describe, expect, it } from 'vitest';
import { assess, meets, worst } from './status';

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
