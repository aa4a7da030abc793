import { describe, expect, it } from 'vitest';
import { tombstoneOf } from './account';
import { safeEqual } from '../lib/ids';
import { safeNextPath as safeNext } from './next-path';
import { DEFAULT_THROTTLE, lockedUntil } from './sign-in';

describe('throttling backoff', () => {
  const last = new Date('2026-01-01T00:00:00Z');
  const wait = (n: number) => {
    const u = lockedUntil(n, last, 5, DEFAULT_THROTTLE);
    return u ? (u.getTime() - last.getTime()) / 1000 : 0;
  };
  it('lets 4 failures pass, then waits 30 s, doubling per failure, up to 15 minutes', () => {
    expect([4, 5, 6, 7, 8, 9, 10, 11, 20].map(wait)).toEqual([0, 30, 60, 120, 240, 480, 900, 900, 900]);
  });
});

describe('small rules', () => {
  it('compares secrets in constant time, whatever their lengths', () => {
    expect(safeEqual('abc', 'abc')).toBe(true);
    expect(safeEqual('abc', 'abd')).toBe(false);
    expect(safeEqual('abc', 'abcd')).toBe(false);
    expect(safeEqual('', '')).toBe(true);
  });

  it('follows only same-site paths after sign-in (no open redirect)', () => {
    expect(safeNext('/p/m-sec/members')).toBe('/p/m-sec/members');
    expect(
      ['//evil.example', '/\\evil.example', 'https://evil.example', 'p/x', undefined, 3].map(safeNext),
    ).toEqual(Array(6).fill(undefined));
  });

  it('names a deleted member by partner, else by project, never by person', () => {
    expect(tombstoneOf([{ projectId: 'm-sec', role: 'editor', partnerCode: 'WLI' }])).toBe(
      'former member of WLI',
    );
    expect(
      tombstoneOf([
        { projectId: 'a', role: 'editor', partnerCode: 'WLI' },
        { projectId: 'b', role: 'editor', partnerCode: 'NTTE' },
      ]),
    ).toBe('former member of WLI, NTTE');
    expect(tombstoneOf([{ projectId: 'm-sec', role: 'viewer', partnerCode: null }])).toBe(
      'former member of m-sec',
    );
    expect(tombstoneOf([])).toBe('former member');
  });
});
