/** Analytics exports arrive whole: every metric of X tweet activity, and X account overviews (daily and monthly). */
import { afterAll, describe, expect, it } from 'vitest';
import { validationContext } from '../../test/factories/records';
import { detectFormat } from './parse-file';
import { importAll, tempDir } from './testing';
import { formatRowError } from './types';
import { accountChannel, periodDate } from './x-overview';
import { fixedClock } from '../lib/clock';

const dir = tempDir();
afterAll(() => dir.cleanup());
const ctx = validationContext();
const lead = { defaults: { lead_partner: 'UNIA' } };

// X's "tweet activity" export: 4 post columns, 18 organic metrics, 18 promoted ones ("-" when not promoted).
const METRICS = [
  'impressions',
  'engagements',
  'engagement rate',
  'retweets',
  'replies',
  'likes',
  'user profile clicks',
  'url clicks',
  'hashtag clicks',
  'detail expands',
  'permalink clicks',
  'app opens',
  'app installs',
  'follows',
  'email tweet',
  'dial phone',
  'media views',
  'media engagements',
];
const HEADER = [
  'Tweet id',
  'Tweet permalink',
  'Tweet text',
  'time',
  ...METRICS,
  ...METRICS.map((m) => `promoted ${m}`),
];
const quoted = (cells: string[]) => cells.map((c) => `"${c.replace(/"/g, '""')}"`).join(',');

/** A post whose i-th organic metric is `base + i` (engagement rate 0.5), promoted columns "-" unless given. */
function post(id: string, time: string, base: number, promoted?: number): string {
  const organic = METRICS.map((m, i) => (m === 'engagement rate' ? '0.5' : `${base + i}.0`));
  const paid = METRICS.map((m, i) =>
    promoted === undefined ? '-' : m === 'engagement rate' ? '0.1' : `${promoted + i}.0`,
  );
  return quoted([id, `https://twitter.com/TideX_EU/status/${id}`, `Post ${id}`, time, ...organic, ...paid]);
}

describe('X tweet activity: every metric column is kept', () => {
  it('stores one snapshot per day and metric column, rates recomputed from the day', async () => {
    const text = [
      quoted(HEADER),
      post('2', '2024-01-30 19:05 +0000', 100, 1000),
      post('1', '2024-01-30 08:57 +0000', 10),
    ].join('\n');
    const { rows, summary } = await importAll(dir.write('activity.csv', text), 'metric', ctx, lead);
    expect(summary.format).toBe('x-analytics');
    expect(rows.flatMap((r) => r.errors)).toEqual([]);
    const byMetric = new Map(rows.map((r) => [r.value?.metric, r.value?.value]));
    // 18 organic metrics, and the 18 promoted ones that one post of the day has.
    expect([...byMetric.keys()]).toEqual([
      ...METRICS.map((m) => m.replace(/ /g, '_')),
      ...METRICS.map((m) => `promoted_${m.replace(/ /g, '_')}`),
    ]);
    expect(byMetric.get('impressions')).toBe(110);
    expect(byMetric.get('engagements')).toBe(112);
    expect(byMetric.get('engagement_rate')).toBeCloseTo(112 / 110);
    expect(byMetric.get('url_clicks')).toBe(124);
    expect(byMetric.get('media_engagements')).toBe(144);
    expect(byMetric.get('promoted_impressions')).toBe(1000);
    expect(byMetric.get('promoted_engagement_rate')).toBeCloseTo(1001 / 1000);
    expect(rows.every((r) => r.value?.date === '2024-01-30' && r.value.channel === '@tidex_eu')).toBe(true);
  });

  it('leaves out a promoted metric no post of the day has', async () => {
    const text = [quoted(HEADER), post('1', '2024-01-29 21:28 +0000', 5)].join('\n');
    const { rows } = await importAll(dir.write('organic.csv', text), 'metric', ctx, lead);
    expect(rows).toHaveLength(18);
    expect(rows.some((r) => r.value?.metric.startsWith('promoted_'))).toBe(false);
  });
});

// x.com → Analytics → Overview → Export: one row per day, the day written "Mon, Jan 06, 2025".
const DAILY =
  'Date,Impressions,Likes,Engagements,Bookmarks,Shares,New follows,Unfollows,Replies,Reposts,Profile visits,Create Post,Video views,Media views\n' +
  '"Tue, Jan 07, 2025",1200,30,80,2,1,5,1,4,6,20,2,0,40\n' +
  '"Mon, Jan 06, 2025",900,20,50,0,0,3,0,2,3,11,1,0,25\n';

// The analytics home's monthly summaries, with the account's followers at the end of each month.
const MONTHLY =
  'Month,Tweets,Tweet impressions,Profile visits,Mentions,New followers,Followers\n' +
  'Jan 2024,12,"15,300",410,22,35,1210\n' +
  'Feb 2024,9,"11,020",300,15,41,1251\n';

describe('X account overview', () => {
  it('is recognised by its headers, daily or monthly', () => {
    const bytes = (s: string) => new TextEncoder().encode(s);
    expect(detectFormat('account_overview_analytics.csv', bytes(DAILY))).toBe('x-account-overview');
    expect(detectFormat('summary.csv', bytes(MONTHLY))).toBe('x-account-overview');
    expect(
      detectFormat(
        'ja.csv',
        bytes('年月,ツイート,ツイートインプレッション,プロフィールへのアクセス,@ツイート,新しいフォロワー\n'),
      ),
    ).toBe('x-account-overview');
    expect(detectFormat('metrics.csv', bytes('date,channel,metric,value\n'))).toBe('metrics-csv');
  });

  it('imports a monthly summary: followers dated at each month end, every column kept', async () => {
    const path = dir.write('monthly.csv', MONTHLY);
    const { rows, summary } = await importAll(path, 'metric', ctx, { ...lead, account: '@TideX_EU' });
    expect(summary.format).toBe('x-account-overview');
    expect(rows.flatMap((r) => r.errors)).toEqual([]);
    expect(rows.map((r) => r.value && [r.value.metric, r.value.value, r.value.date])).toEqual([
      ['posts', 12, '2024-01-31'],
      ['impressions', 15300, '2024-01-31'],
      ['profile_visits', 410, '2024-01-31'],
      ['mentions', 22, '2024-01-31'],
      ['new_followers', 35, '2024-01-31'],
      ['followers', 1210, '2024-01-31'],
      ['posts', 9, '2024-02-29'],
      ['impressions', 11020, '2024-02-29'],
      ['profile_visits', 300, '2024-02-29'],
      ['mentions', 15, '2024-02-29'],
      ['new_followers', 41, '2024-02-29'],
      ['followers', 1251, '2024-02-29'],
    ]);
    expect(rows[0]?.value).toMatchObject({
      channel: '@tidex_eu',
      channel_kind: 'twitter',
      source: 'x-account-overview',
      lead_partner: 'UNIA',
    });
  });

  it('dates the running month on the clock’s day, not at its future end', async () => {
    const clock = fixedClock('2024-02-10T09:00:00Z');
    const path = dir.write('running.csv', MONTHLY);
    const opts = { ...lead, account: '@TideX_EU' };
    const dates = async () => [
      ...new Set(
        (await importAll(path, 'metric', ctx, { ...opts, today: clock.today() })).rows.map(
          (r) => r.value?.date,
        ),
      ),
    ];
    expect(await dates()).toEqual(['2024-01-31', '2024-02-10']);
    clock.set('2024-02-20T00:00:00Z');
    expect(await dates()).toEqual(['2024-01-31', '2024-02-20']);
    clock.set('2024-03-01T00:00:00Z');
    expect(await dates()).toEqual(['2024-01-31', '2024-02-29']);
  });

  it('imports the daily export with all its columns', async () => {
    const { rows } = await importAll(dir.write('daily.csv', DAILY), 'metric', ctx, {
      ...lead,
      account: 'https://x.com/TideX_EU',
    });
    expect(rows.flatMap((r) => r.errors)).toEqual([]);
    expect(rows).toHaveLength(26);
    const jan7 = rows
      .filter((r) => r.value?.date === '2025-01-07')
      .map((r) => [r.value?.metric, r.value?.value]);
    expect(jan7).toEqual([
      ['impressions', 1200],
      ['likes', 30],
      ['engagements', 80],
      ['bookmarks', 2],
      ['shares', 1],
      ['new_followers', 5],
      ['unfollows', 1],
      ['replies', 4],
      ['reposts', 6],
      ['profile_visits', 20],
      ['posts', 2],
      ['video_views', 0],
      ['media_views', 40],
    ]);
  });

  it('asks for the account, and names the row of an unreadable day', async () => {
    const noAccount = await importAll(dir.write('anon.csv', DAILY), 'metric', ctx, lead);
    expect(noAccount.summary.fileErrors.map((e) => e.message)).toEqual([
      'the account overview does not name its account: give the account (@handle) as an option',
    ]);
    const bad = DAILY.replace('"Mon, Jan 06, 2025"', '06.01.25');
    const { rows } = await importAll(dir.write('bad-day.csv', bad), 'metric', ctx, {
      ...lead,
      account: '@a',
    });
    expect(rows.flatMap((r) => r.errors).map(formatRowError)).toEqual([
      'row 3, line 3, column "Date": "06.01.25" is not a day or a month (e.g. "Mon, Jan 06, 2025", 2025-01-06, 2025-01)',
    ]);
  });

  it('reads days, months and accounts as written', () => {
    expect(periodDate('Mon, Jan 06, 2025')).toEqual({ date: '2025-01-06', month: false });
    expect(periodDate('2024-02')).toEqual({ date: '2024-02-29', month: true });
    expect(periodDate('January 2024 Summary')).toEqual({ date: '2024-01-31', month: true });
    expect(periodDate('2024年3月')).toEqual({ date: '2024-03-31', month: true });
    expect(periodDate('2024-03-05')).toEqual({ date: '2024-03-05', month: false });
    expect(accountChannel('https://twitter.com/M_Sec_EU/')).toBe('@m_sec_eu');
    expect(accountChannel('not an account!')).toBeUndefined();
  });
});
