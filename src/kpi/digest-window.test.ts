import { describe, expect, it } from 'vitest';
import { makePlan } from '../../test/factories/plan';
import { addDays, dueDigest, isoWeekday, latestDueDay, pageWindow } from './digest-window';

// Tide-X: 2024-01-01 (a Monday) for 24 months, ending 2025-12-31.
const plan = (digest: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) =>
  makePlan({ reminders: { enabled: true, digest, ...extra } } as never);

describe('digest due days', () => {
  it('knows ISO weekdays (Monday 1 … Sunday 7) and adds days over month and year ends', () => {
    expect(isoWeekday('2024-01-01')).toBe(1);
    expect(isoWeekday('2024-03-03')).toBe(7);
    expect(isoWeekday('2024-02-29')).toBe(4);
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2024-12-31', 1)).toBe('2025-01-01');
    expect(addDays('2024-03-01', -1)).toBe('2024-02-29');
  });

  it('weekly: the latest such weekday on or before today', () => {
    const monday = { every: 'weekly', weekday: 1 } as const;
    expect(latestDueDay(monday, '2024-03-04')).toBe('2024-03-04');
    expect(latestDueDay(monday, '2024-03-10')).toBe('2024-03-04');
    expect(latestDueDay(monday, '2024-03-11')).toBe('2024-03-11');
    const sunday = { every: 'weekly', weekday: 7 } as const;
    expect(latestDueDay(sunday, '2024-03-03')).toBe('2024-03-03');
    expect(latestDueDay(sunday, '2024-03-09')).toBe('2024-03-03');
    const friday = { every: 'weekly', weekday: 5 } as const;
    expect(latestDueDay(friday, '2025-01-02')).toBe('2024-12-27');
  });

  it('monthly: the 1st of the month, covering the whole previous month up to its last day', () => {
    const monthly = { every: 'monthly', weekday: 3 } as const;
    expect(latestDueDay(monthly, '2024-03-01')).toBe('2024-03-01');
    expect(latestDueDay(monthly, '2024-03-31')).toBe('2024-03-01');
    const p = plan({ every: 'monthly' });
    expect(dueDigest({ plan: p, today: '2024-03-01', last: null })).toEqual({
      dueOn: '2024-03-01',
      since: '2024-02-01',
      until: '2024-03-01',
      asOf: '2024-02-29',
    });
    expect(
      dueDigest({ plan: p, today: '2025-01-03', last: { dueOn: '2024-12-01', until: '2024-12-01' } }),
    ).toEqual({ dueOn: '2025-01-01', since: '2024-12-01', until: '2025-01-01', asOf: '2024-12-31' });
  });
});

describe('the due digest (due day + grace, once, while the project runs)', () => {
  const p = plan({ every: 'weekly', weekday: 1 }, { grace_days: 2 });

  it('the first starts one period back, never before the project start; the next where the last ended', () => {
    expect(dueDigest({ plan: p, today: '2024-01-01', last: null })).toMatchObject({
      dueOn: '2024-01-01',
      since: '2024-01-01',
      until: '2024-01-01',
    });
    expect(dueDigest({ plan: p, today: '2024-03-05', last: null })).toEqual({
      dueOn: '2024-03-04',
      since: '2024-02-26',
      until: '2024-03-04',
      asOf: '2024-03-03',
    });
    // The last digest was three weeks ago (the instance was down): one digest, covering all of it.
    expect(
      dueDigest({ plan: p, today: '2024-03-04', last: { dueOn: '2024-02-12', until: '2024-02-12' } }),
    ).toMatchObject({ dueOn: '2024-03-04', since: '2024-02-12', until: '2024-03-04' });
  });

  it('nothing once sent, nothing after the grace days, nothing before the start or after end + grace', () => {
    const last = { dueOn: '2024-03-04', until: '2024-03-04' };
    expect(dueDigest({ plan: p, today: '2024-03-05', last })).toBeNull();
    expect(dueDigest({ plan: p, today: '2024-03-06', last: null })).not.toBeNull();
    expect(dueDigest({ plan: p, today: '2024-03-07', last: null })).toBeNull();
    expect(dueDigest({ plan: p, today: '2023-12-31', last: null })).toBeNull();
    // The project ends on Wednesday 2025-12-31; the Monday after (2026-01-05) is past end + 2 days.
    expect(dueDigest({ plan: p, today: '2025-12-29', last: null })).not.toBeNull();
    expect(dueDigest({ plan: p, today: '2026-01-05', last: null })).toBeNull();
    const late = plan({}, { grace_days: 7 });
    expect(dueDigest({ plan: late, today: '2026-01-05', last: null })).toMatchObject({
      dueOn: '2026-01-05',
    });
    // M-Sec ended in 2021: importing it today sends nothing.
    expect(dueDigest({ plan: p, today: '2026-12-02', last: null })).toBeNull();
  });

  it('nothing when reminders or the digest are off', () => {
    expect(dueDigest({ plan: makePlan(), today: '2024-03-04', last: null })).toBeNull();
    expect(dueDigest({ plan: plan({ enabled: false }), today: '2024-03-04', last: null })).toBeNull();
    expect(
      dueDigest({
        plan: makePlan({ reminders: { enabled: false } } as never),
        today: '2024-03-04',
        last: null,
      }),
    ).toBeNull();
  });

  it('the page: since the last digest, or asked, or one period back, up to today included', () => {
    expect(pageWindow({ plan: p, today: '2024-03-06', last: null })).toEqual({
      since: '2024-02-29',
      until: '2024-03-07',
      asOf: '2024-03-06',
    });
    expect(
      pageWindow({ plan: p, today: '2024-03-06', last: { dueOn: '2024-03-04', until: '2024-03-04' } }),
    ).toMatchObject({ since: '2024-03-04', asOf: '2024-03-06' });
    expect(pageWindow({ plan: p, today: '2024-03-06', last: null, since: '2024-01-15' })).toMatchObject({
      since: '2024-01-15',
    });
    expect(pageWindow({ plan: p, today: '2024-01-03', last: null }).since).toBe('2024-01-01');
  });
});
