import { describe, expect, it } from 'vitest';
import { missedMonths } from './dashboard';

describe('missedMonths', () => {
  it('lists past planned months that no record answers', () => {
    expect(missedMonths([6, 12, 18], [], 13)).toEqual([6, 12]);
    expect(missedMonths([6, 12, 18], [6], 13)).toEqual([12]);
  });
  it('counts an early or late record for the nearest planned month, and for one month only', () => {
    expect(missedMonths([6, 12, 18], [8, 11], 19)).toEqual([18]);
    expect(missedMonths([6, 12, 18], [9], 19)).toEqual([12, 18]);
    expect(missedMonths([6, 12, 18], [7, 13], 19)).toEqual([18]);
    expect(missedMonths([2], [5], 30)).toEqual([]);
  });
  it('never flags the current or a future month', () => {
    expect(missedMonths([6, 12], [], 6)).toEqual([]);
  });
});
