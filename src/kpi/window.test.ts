/** The one window rule (resolveWindow), as the dashboard and `herald kpi` both use it. */
import { describe, expect, it } from 'vitest';
import { makePlan } from '../../test/factories/plan';
import { fixedClock } from '../lib/clock';
import { resolveWindow } from './service';

// Tide-X: 1 January 2024, 24 months, so it ends on 31 December 2025.
const plan = makePlan();

describe('resolveWindow', () => {
  it('runs from the project start to today while the project runs', () => {
    expect(resolveWindow(plan, {}, '2024-05-10')).toEqual({ from: '2024-01-01', at: '2024-05-10' });
    expect(resolveWindow(plan, { at: '2025-03-01' }, '2024-05-10')).toEqual({
      from: '2024-01-01',
      at: '2025-03-01',
    });
  });

  it('stops at the project end by default once it has ended, without a note', () => {
    expect(resolveWindow(plan, {}, '2027-01-01')).toEqual({ from: '2024-01-01', at: '2025-12-31' });
  });

  it('clamps an asked date after the end (and a start before the start) and says what was asked', () => {
    expect(resolveWindow(plan, { at: '2030-01-01' }, '2027-01-01')).toEqual({
      from: '2024-01-01',
      at: '2025-12-31',
      clamped: { at: '2030-01-01' },
    });
    expect(resolveWindow(plan, { from: '2023-01-01', at: '2024-06-30' })).toEqual({
      from: '2024-01-01',
      at: '2024-06-30',
      clamped: { from: '2023-01-01' },
    });
  });

  it('gives a project year its own days, capped at today', () => {
    expect(resolveWindow(plan, { year: 2 }, '2027-01-01')).toEqual({ from: '2025-01-01', at: '2025-12-31' });
    expect(resolveWindow(plan, { year: 2 }, '2025-04-01')).toEqual({ from: '2025-01-01', at: '2025-04-01' });
  });

  it('rejects a period that ends before it starts', () => {
    expect(() => resolveWindow(plan, { at: '2023-01-01' })).toThrow(
      expect.objectContaining({ code: 'invalid_period' }),
    );
  });
});

describe('resolveWindow with the app clock', () => {
  it('takes "today" from the clock it is given, as the clock moves through a project year', () => {
    const clock = fixedClock('2024-03-31T23:59:00Z');
    expect(resolveWindow(plan, { clock })).toEqual({ from: '2024-01-01', at: '2024-03-31' });
    clock.set('2024-12-31T12:00:00Z');
    expect(resolveWindow(plan, { clock })).toEqual({ from: '2024-01-01', at: '2024-12-31' });
    clock.set('2024-06-15T08:00:00Z');
    expect(resolveWindow(plan, { clock, year: 1 })).toEqual({ from: '2024-01-01', at: '2024-06-15' });
  });
});
