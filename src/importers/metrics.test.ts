import { afterAll, describe, expect, it } from 'vitest';
import { validationContext } from '../../test/factories/records';
import { inferChannelKind } from './metrics-csv';
import { importAll, tempDir } from './testing';
import { formatRowError } from './types';
import { handleOfPermalink, utcDateOfTime } from './x-analytics';

const dir = tempDir();
afterAll(() => dir.cleanup());
const ctx = validationContext();
const lead = { defaults: { lead_partner: 'UNIA' } };

// The 40 columns of X's "tweet activity" export, quoted, numbers as floats, promoted columns as "-".
const X_HEADER = [
  'Tweet id',
  'Tweet permalink',
  'Tweet text',
  'time',
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
  'promoted impressions',
  'promoted engagements',
  'promoted engagement rate',
  'promoted retweets',
  'promoted replies',
  'promoted likes',
  'promoted user profile clicks',
  'promoted url clicks',
  'promoted hashtag clicks',
  'promoted detail expands',
  'promoted permalink clicks',
  'promoted app opens',
  'promoted app installs',
  'promoted follows',
  'promoted email tweet',
  'promoted dial phone',
  'promoted media views',
  'promoted media engagements',
];

function post(id: string, account: string, time: string, impressions: string, engagements = '10.0'): string {
  const cells = [
    id,
    `https://twitter.com/${account}/status/${id}`,
    `Post ${id}, with "quotes" and a link https://t.co/x`,
    time,
    impressions,
    engagements,
    '0.01',
    '1.0',
    '0.0',
    '2.0',
    '1.0',
    '3.0',
    '0.0',
    '1.0',
    '0.0',
    '0',
    '0',
    '0',
    '0',
    '0',
    '0',
    '0',
    ...Array.from({ length: 18 }, () => '-'),
  ];
  return cells.map((c) => `"${c.replace(/"/g, '""')}"`).join(',');
}

describe('X/Twitter analytics export', () => {
  it('sums impressions per account and UTC day into snapshots', async () => {
    const text = [
      X_HEADER.map((h) => `"${h}"`).join(','),
      post('3', 'TideX_EU', '2024-01-30 19:05 +0000', '4715.0'),
      post('2', 'TideX_EU', '2024-01-30 08:57 +0000', '2685.0'),
      post('1', 'TideX_EU', '2024-01-29 21:28 +0000', '2222.0'),
    ].join('\n');
    const { rows: all, summary } = await importAll(
      dir.write('tweet-activity.csv', text),
      'metric',
      ctx,
      lead,
    );
    expect(summary.format).toBe('x-analytics');
    expect(all.flatMap((r) => r.errors)).toEqual([]);
    const rows = all.filter((r) => r.value?.metric === 'impressions');
    expect(rows.map((r) => r.value)).toEqual([
      expect.objectContaining({
        channel: '@tidex_eu',
        channel_kind: 'twitter',
        metric: 'impressions',
        value: 2222,
        date: '2024-01-29',
        source: 'x-analytics',
        lead_partner: 'UNIA',
      }),
      expect.objectContaining({
        channel: '@tidex_eu',
        metric: 'impressions',
        value: 7400,
        date: '2024-01-30',
      }),
    ]);
  });

  it('reports a post whose time cannot be read, with its row', async () => {
    const text = [
      X_HEADER.join(','),
      post('1', 'a', '2024-01-29 21:28 +0000', '5.0'),
      post('2', 'a', '29/01/2024', '7.0'),
    ].join('\n');
    const { rows } = await importAll(dir.write('bad-time.csv', text), 'metric', ctx, lead, 'x-analytics');
    expect(rows.flatMap((r) => r.errors).map(formatRowError)).toEqual([
      'row 3, line 3, column "time": "29/01/2024" is not a time (expected YYYY-MM-DD HH:MM +0000)',
    ]);
  });

  it('needs the permalink, time and impressions columns', async () => {
    const { summary } = await importAll(
      dir.write('x-missing.csv', '"Tweet id","Tweet permalink","impressions"\n"1","x","1.0"\n'),
      'metric',
      ctx,
      lead,
      'x-analytics',
    );
    expect(summary.fileErrors.map((e) => e.message)).toEqual(['missing required column "time"']);
  });

  it('reads handles and times as exported', () => {
    expect(handleOfPermalink('https://twitter.com/rOpenSci/status/826144200114663424')).toBe('ropensci');
    expect(handleOfPermalink('https://x.com/M_Sec_EU/status/1')).toBe('m_sec_eu');
    expect(utcDateOfTime('2017-01-30 19:05 +0000')).toBe('2017-01-30');
    expect(utcDateOfTime('2017-01-31 01:05 +0900')).toBe('2017-01-30');
    expect(utcDateOfTime('2017-02-30 01:05 +0000')).toBeUndefined();
  });
});

describe('Zenodo record stats', () => {
  const STATS =
    'id,created,revision,downloads,views,unique_downloads,unique_views,update_time\n' +
    '8226636,2023-08-08T23:12:33.512838+00:00,3,1.0,19.0,1.0,17.0,2023-09-06T00:43:56.000599\n' +
    '8212833,2023-08-03T19:03:35.860186+00:00,3,5.0,31.0,5.0,26.0,2023-09-06T00:43:56.000599\n';

  it('makes a snapshot per record and statistic, dated by the option', async () => {
    const path = dir.write('zenodo.csv', STATS);
    const { rows, summary } = await importAll(path, 'metric', ctx, { ...lead, snapshotDate: '2024-06-30' });
    expect(summary.format).toBe('zenodo-stats');
    expect(
      rows.map(
        (r) =>
          r.value && [r.value.channel, r.value.metric, r.value.value, r.value.date, r.value.channel_kind],
      ),
    ).toEqual([
      ['10.5281/zenodo.8226636', 'downloads', 1, '2024-06-30', 'repository'],
      ['10.5281/zenodo.8226636', 'views', 19, '2024-06-30', 'repository'],
      ['10.5281/zenodo.8226636', 'unique_downloads', 1, '2024-06-30', 'repository'],
      ['10.5281/zenodo.8226636', 'unique_views', 17, '2024-06-30', 'repository'],
      ['10.5281/zenodo.8212833', 'downloads', 5, '2024-06-30', 'repository'],
      ['10.5281/zenodo.8212833', 'views', 31, '2024-06-30', 'repository'],
      ['10.5281/zenodo.8212833', 'unique_downloads', 5, '2024-06-30', 'repository'],
      ['10.5281/zenodo.8212833', 'unique_views', 26, '2024-06-30', 'repository'],
    ]);
  });

  it('keeps the unique counts too, dated by the update time when no date is given', async () => {
    const { rows } = await importAll(dir.write('zenodo-unique.csv', STATS), 'metric', ctx, lead);
    expect(rows.slice(0, 4).map((r) => [r.value?.metric, r.value?.value, r.value?.date])).toEqual([
      ['downloads', 1, '2023-09-06'],
      ['views', 19, '2023-09-06'],
      ['unique_downloads', 1, '2023-09-06'],
      ['unique_views', 17, '2023-09-06'],
    ]);
  });

  it('asks for a snapshot date when the file has none', async () => {
    const path = dir.write('zenodo-nodate.csv', 'id,downloads,views\n1,2.0,3.0\n');
    const { summary, rows } = await importAll(path, 'metric', ctx, lead);
    expect(rows).toEqual([]);
    expect(summary.fileErrors.map((e) => e.message)).toEqual([
      'Zenodo stats carry no date: give the snapshot date (the day the stats were read) as an option',
    ]);
  });
});

describe('generic metrics CSV', () => {
  it('reads date,channel,metric,value with optional kind, scope and partner', async () => {
    const text =
      'date,channel,metric,value,channel_scope,partner\n' +
      '2024-06-30,https://www.youtube.com/@tide-x,views,1520,,\n' +
      '30/06/2024,@tidex_eu,followers,"1,204",project,\n' +
      '2024-06-30,https://corpb.example.com,visits,88,partner,corp b\n';
    const { rows, summary } = await importAll(dir.write('metrics.csv', text), 'metric', ctx, lead);
    expect(summary.format).toBe('metrics-csv');
    expect(rows.map((r) => r.errors)).toEqual([[], [], []]);
    expect(
      rows.map(
        (r) =>
          r.value && [
            r.value.channel_kind,
            r.value.value,
            r.value.date,
            r.value.lead_partner,
            r.value.channel_scope,
            r.value.source,
          ],
      ),
    ).toEqual([
      ['youtube', 1520, '2024-06-30', 'UNIA', 'project', 'csv'],
      ['twitter', 1204, '2024-06-30', 'UNIA', 'project', 'csv'],
      ['website', 88, '2024-06-30', 'CORPB', 'partner', 'csv'],
    ]);
  });

  it('keeps metrics the plan does not name, as snake_case names', async () => {
    const text =
      'date,channel,metric,value\n2024-06-30,@a,likes,3\n2024-06-30,@a,URL clicks,4\n2024-06-30,@a,Followers,5\n';
    const { rows } = await importAll(dir.write('metrics-open.csv', text), 'metric', ctx, lead);
    expect(rows.flatMap((r) => r.errors)).toEqual([]);
    expect(rows.map((r) => r.value?.metric)).toEqual(['likes', 'url_clicks', 'followers']);
  });

  it('infers the channel kind from the channel', () => {
    expect(inferChannelKind('https://www.linkedin.com/company/tide-x')).toBe('linkedin');
    expect(inferChannelKind('https://zenodo.org/records/1')).toBe('repository');
    expect(inferChannelKind('10.5281/zenodo.8226636')).toBe('repository');
    expect(inferChannelKind('newsletter list')).toBe('other');
  });
});
