/** Due times: the latest at or before a moment and the next after it, in UTC, without a time-zone lookup per minute. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { latestDue, nextDue } from './schedule';

afterEach(() => {
  vi.restoreAllMocks();
});

describe('latestDue / nextDue', () => {
  it('finds the due time at or before a moment, and the next one after it, in UTC', () => {
    expect(latestDue('0 6 * * *', new Date('2026-03-10T05:59:59Z'))?.toISOString()).toBe(
      '2026-03-09T06:00:00.000Z',
    );
    expect(latestDue('0 6 * * *', new Date('2026-03-10T06:00:00Z'))?.toISOString()).toBe(
      '2026-03-10T06:00:00.000Z',
    );
    expect(latestDue('0 0 1 * *', new Date('2026-03-31T23:00:00Z'))?.toISOString()).toBe(
      '2026-03-01T00:00:00.000Z',
    );
    expect(latestDue('30 9 * * 1', new Date('2026-03-29T12:00:00Z'))?.toISOString()).toBe(
      '2026-03-23T09:30:00.000Z',
    );
    // Across the European daylight-saving change (29 March 2026): UTC times do not move.
    expect(nextDue('0 6 * * *', new Date('2026-03-28T07:00:00Z'))?.toISOString()).toBe(
      '2026-03-29T06:00:00.000Z',
    );
    expect(nextDue('0 0 29 2 *', new Date('2026-03-01T00:00:00Z'))?.toISOString()).toBe(
      '2028-02-29T00:00:00.000Z',
    );
  });

  it('converts no time zone per candidate minute (a scheduler tick stays cheap through a simulated year)', () => {
    const formatToParts = vi.spyOn(Intl.DateTimeFormat.prototype, 'formatToParts');
    const start = Date.UTC(2026, 0, 1);
    for (let i = 0; i < 50; i++) {
      const at = new Date(start + i * 23 * 3600_000);
      latestDue('0 6 * * *', at);
      latestDue('0 0 1 * *', at);
      nextDue('30 9 * * 1', at);
    }
    const calls = formatToParts.mock.calls.length;
    formatToParts.mockRestore(); // the unit tier shares workers between files (isolate: false)
    expect(calls).toBe(0);
  });
});
