import { describe, expect, it } from 'vitest';
import { fixedClock, systemClock } from './clock';

describe('clock', () => {
  it('a fixed clock stands still until moved', () => {
    const c = fixedClock('2019-12-31T23:59:59Z');
    expect(c.today()).toBe('2019-12-31');
    c.advance(1000);
    expect(c.today()).toBe('2020-01-01');
    c.set('2021-06-30T12:00:00Z');
    expect(c.now().toISOString()).toBe('2021-06-30T12:00:00.000Z');
    expect(() => c.set('not a date')).toThrow(/not a date/);
  });
  it('the system clock gives an ISO day', () => {
    expect(systemClock.today()).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });
});
