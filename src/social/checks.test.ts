/** The calendar's pure parts: weeks across year ends, time zones, lengths per network, tags, the strategy rules. */
import { describe, expect, it } from 'vitest';
import { makePlan, planInput } from '../../test/factories/plan';
import { planSchema, type PlanInput } from '../plan/schema';
import { checkCalendar, checkPost, checkWeeks, type CheckedPost } from './checks';
import { countLength, postLength } from './length';
import { parseTags } from './tags';
import {
  addDays,
  fromLocalInput,
  isoWeek,
  monthOf,
  toLocalInput,
  weekStart,
  weeksBetween,
  zonedParts,
} from './time';

describe('week arithmetic', () => {
  it('names ISO weeks across year ends', () => {
    expect(isoWeek('2020-12-31').key).toBe('2020-W53');
    expect(isoWeek('2021-01-03').key).toBe('2020-W53');
    expect(isoWeek('2021-01-04').key).toBe('2021-W01');
    expect(isoWeek('2024-12-30').key).toBe('2025-W01');
    expect(isoWeek('2026-12-31').key).toBe('2026-W53');
    expect(isoWeek('2027-01-01').key).toBe('2026-W53');
    expect(isoWeek('2019-12-30').key).toBe('2020-W01');
  });

  it('finds Mondays, months and the weeks between two days', () => {
    expect(weekStart('2025-01-01')).toBe('2024-12-30');
    expect(weekStart('2024-12-29')).toBe('2024-12-23');
    expect(weekStart('2024-12-30')).toBe('2024-12-30');
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(monthOf('2024-02-10')).toEqual({ first: '2024-02-01', last: '2024-02-29' });
    expect(weeksBetween('2024-12-25', '2025-01-08')).toEqual(['2024-12-23', '2024-12-30', '2025-01-06']);
  });
});

describe('time zones', () => {
  it('reads a local time in the zone, both sides of a clock change', () => {
    expect(fromLocalInput('2024-01-15T07:30', 'Europe/London')?.toISOString()).toBe(
      '2024-01-15T07:30:00.000Z',
    );
    expect(fromLocalInput('2024-07-15T07:30', 'Europe/London')?.toISOString()).toBe(
      '2024-07-15T06:30:00.000Z',
    );
    expect(fromLocalInput('2024-07-15T07:30', 'Asia/Tokyo')?.toISOString()).toBe('2024-07-14T22:30:00.000Z');
    // 01:30 does not exist in London on 2024-03-31: moved forward by the hour the clocks skip.
    expect(fromLocalInput('2024-03-31T01:30', 'Europe/London')?.toISOString()).toBe(
      '2024-03-31T01:30:00.000Z',
    );
    expect(fromLocalInput('2024-02-30T10:00', 'UTC')).toBeUndefined();
    expect(fromLocalInput('2024-02-10 10:00', 'UTC')).toBeUndefined();
  });

  it('shows an instant as the zone reads it', () => {
    const at = new Date('2024-12-31T23:30:00Z');
    expect(zonedParts(at, 'Asia/Tokyo')).toEqual({ date: '2025-01-01', hour: 8, minute: 30 });
    expect(toLocalInput(at, 'UTC')).toBe('2024-12-31T23:30');
  });
});

describe('length per network', () => {
  it('counts X as twitter-text does: links 23, CJK 2, an emoji sequence 2', () => {
    expect(countLength('hello', 'twitter')).toBe(5);
    expect(countLength('see https://example.org/a/very/long/path/that/goes/on', 'twitter')).toBe(4 + 23);
    expect(countLength('日本語', 'twitter')).toBe(6);
    expect(countLength('👍🏽', 'twitter')).toBe(2);
    expect(postLength('x'.repeat(281), 'twitter')).toEqual({ length: 281, max: 280 });
    expect(postLength('日'.repeat(141), 'twitter')?.length).toBe(282);
  });

  it('counts the other networks by their rule', () => {
    expect(postLength('a'.repeat(3000), 'linkedin')).toEqual({ length: 3000, max: 3000 });
    expect(postLength('https://example.org/' + 'x'.repeat(100), 'mastodon')?.length).toBe(23);
    expect(postLength('e\u0301'.repeat(10), 'bluesky')?.length).toBe(10);
    expect(postLength('hello', 'community')).toBeUndefined();
  });
});

describe('tags', () => {
  it('parses hashtags and mentions, not inside URLs or addresses', () => {
    const t = parseTags(
      'Kick-off! #MSecProject #IoT with @F6S and @alice@mastodon.social, #iot again. ' +
        'Mail a@b.org, see https://x.org/#anchor and C#.',
    );
    expect(t.hashtags).toEqual(['#MSecProject', '#IoT']);
    expect(t.mentions).toEqual(['@F6S', '@alice@mastodon.social']);
    expect(parseTags('#スマートシティ と #2024 だけ').hashtags).toEqual(['#スマートシティ']);
  });
});

const strategyPlan = (over: Partial<PlanInput> = {}) =>
  makePlan({
    channels: [
      { id: 'x', kind: 'twitter', url: 'https://x.com/tide', label: 'X', responsible: ['UNIA'] },
      { id: 'li', kind: 'linkedin', url: 'https://linkedin.com/company/tide', label: 'LinkedIn' },
    ],
    social_strategy: {
      frequency: 'Weekly',
      posts_per_week: 1,
      timezone: 'Europe/London',
      best_times: [
        { channel_kind: 'twitter', time: 'Early morning', hours: [6, 10] },
        { channel_kind: 'linkedin', time: 'Afternoon' },
      ],
      requires_image: true,
      hashtags: ['#TideX'],
      suggested_hashtags: ['#energy'],
    },
    ...over,
  });

const post = (over: Partial<CheckedPost> = {}): CheckedPost => ({
  id: 'p1',
  channelId: 'x',
  plannedAt: new Date('2024-07-01T06:30:00Z'), // 07:30 in London (summer time)
  text: 'Our news #TideX',
  hasImage: true,
  state: 'planned',
  ...over,
});

describe('the plan’s strategy fields', () => {
  it('refuses hours that end before they start, and an unknown time zone', () => {
    const strategy = (over: object) =>
      planSchema.safeParse(
        planInput({ social_strategy: { frequency: 'Weekly', ...over } as PlanInput['social_strategy'] }),
      );
    expect(strategy({ timezone: 'Asia/Tokyo', best_times: [{ channel_kind: 'x', time: 'x' }] }).success).toBe(
      false,
    );
    expect(
      strategy({ best_times: [{ channel_kind: 'twitter', time: 'Early', hours: [10, 6] }] }).success,
    ).toBe(false);
    expect(strategy({ timezone: 'Mars/Olympus_Mons' }).success).toBe(false);
    expect(
      strategy({
        timezone: 'Asia/Tokyo',
        requires_image: true,
        best_times: [{ channel_kind: 'mastodon', time: 'Evening', hours: [18, 24] }],
      }).success,
    ).toBe(true);
  });
});

describe('strategy rules', () => {
  it('finds nothing in a post that follows the strategy', () => {
    expect(checkPost(strategyPlan(), post())).toEqual([]);
  });

  it('warns about the time, image and project hashtag; errs over the length; never about suggested tags', () => {
    const findings = checkPost(
      strategyPlan(),
      post({
        plannedAt: new Date('2024-07-01T14:00:00Z'),
        hasImage: false,
        text: `${'x'.repeat(290)} #energy`,
      }),
    );
    expect(findings.map((f) => [f.rule, f.severity])).toEqual([
      ['length', 'error'],
      ['best_time', 'warning'],
      ['image', 'warning'],
      ['hashtag', 'warning'],
    ]);
    expect(findings[1]?.params).toEqual({
      network: 'twitter',
      from: '06:00',
      to: '10:00',
      zone: 'Europe/London',
    });
    expect(findings.every((f) => f.postId === 'p1')).toBe(true);
  });

  it('reads the best time in the strategy zone (10:00 London is outside [6, 10))', () => {
    const at = (iso: string) => checkPost(strategyPlan(), post({ plannedAt: new Date(iso) })).length;
    expect(at('2024-01-15T09:59:00Z')).toBe(0); // winter: London = UTC
    expect(at('2024-01-15T10:00:00Z')).toBe(1);
    expect(at('2024-07-15T09:30:00Z')).toBe(1); // summer: 10:30 in London
  });

  it('checks nothing without a strategy, and nothing on posted or cancelled posts', () => {
    expect(checkPost(makePlan(), post({ hasImage: false, text: 'x' }))).toEqual([]);
    expect(checkPost(strategyPlan(), post({ state: 'posted', hasImage: false }))).toEqual([]);
    expect(checkPost(strategyPlan(), post({ state: 'cancelled', hasImage: false }))).toEqual([]);
  });

  it('warns about whole weeks in the range and the project with too few posts, across a year end', () => {
    const plan = strategyPlan();
    const posts = [
      post({ id: 'a', plannedAt: new Date('2024-12-31T08:00:00Z') }), // week 2025-W01
      post({ id: 'b', plannedAt: new Date('2024-12-24T08:00:00Z'), state: 'cancelled' }), // does not count
    ];
    const weeks = checkWeeks({
      plan,
      posts,
      from: '2024-12-16',
      to: '2025-01-12',
      projectStart: '2024-01-01',
      projectEnd: '2025-12-31',
    });
    expect(weeks.map((w) => [w.week, w.params.week, w.params.count])).toEqual([
      ['2024-12-16', '2024-W51', 0],
      ['2024-12-23', '2024-W52', 0],
      ['2025-01-06', '2025-W02', 0],
    ]);
    // Outside the project, and weeks cut by the range, are not the range's to judge.
    expect(
      checkWeeks({
        plan,
        posts,
        from: '2024-12-18',
        to: '2025-01-12',
        projectStart: '2025-01-07',
        projectEnd: '2025-12-31',
      }).map((w) => w.week),
    ).toEqual(['2025-01-06']);
    expect(
      checkCalendar({
        plan,
        posts,
        from: '2024-12-30',
        to: '2025-01-05',
        projectStart: '2024-01-01',
        projectEnd: '2025-12-31',
      }),
    ).toEqual([]);
  });
});
