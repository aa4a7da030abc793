/**
 * The YouTube adapter against a loopback fake replaying the Data API v3's documented answers
 * (https://developers.google.com/youtube/v3/docs/videos/list, …/channels/list: `{kind, etag, items: [{kind, etag,
 * id, statistics: {viewCount, likeCount, favoriteCount, commentCount}}], pageInfo}`, counts as strings; errors
 * `{error: {code, message, errors: [{message, domain, reason}]}}`, https://developers.google.com/youtube/v3/docs/errors).
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startFakeService, type FakeService } from '../testing/fake-service';
import { csvRows, fetchContext } from './testing';
import { youtubeAdapter, youtubeSettings, youtubeVideoId } from './youtube';

let fake: FakeService;
beforeAll(async () => {
  fake = await startFakeService();
});
afterAll(() => fake.close());
beforeEach(() => fake.reset());

const KEY = 'AIza-SECRET-KEY-42';
const vid = (n: number) => `vid${String(n).padStart(8, '0')}`;

/** videos?part=statistics as the API answers: only the ids that exist (here: all but `missing`). */
function serveVideos(missing: readonly string[] = []) {
  fake.on('GET', '/youtube/v3/videos', (req) => {
    const ids = (req.query.get('id') ?? '').split(',').filter((id) => !missing.includes(id));
    return {
      body: {
        kind: 'youtube#videoListResponse',
        etag: 'e',
        items: ids.map((id) => ({
          kind: 'youtube#video',
          etag: 'e',
          id,
          statistics: {
            viewCount: String(100 + Number(id.slice(3))),
            likeCount: '7',
            favoriteCount: '0',
            commentCount: '2',
          },
        })),
        pageInfo: { totalResults: ids.length, resultsPerPage: ids.length },
      },
    };
  });
}

describe('YouTube settings', () => {
  it('takes video ids and addresses, channel ids, handles and addresses', () => {
    const s = youtubeSettings.parse({
      videos: [
        'dQw4w9WgXcQ',
        'https://www.youtube.com/watch?v=abcdefghijk&t=10',
        'https://youtu.be/ABCDEFGHIJK',
        'https://youtube.com/shorts/a_b-c_d-e_f',
      ],
      channel: '@tidex',
    });
    expect(s.videos.map(youtubeVideoId)).toEqual([
      'dQw4w9WgXcQ',
      'abcdefghijk',
      'ABCDEFGHIJK',
      'a_b-c_d-e_f',
    ]);
    expect(youtubeSettings.safeParse({ videos: ['https://vimeo.com/1'] }).error?.issues[0]?.path).toEqual([
      'videos',
      0,
    ]);
  });
});

describe('YouTube videos and channel', () => {
  it('asks 60 videos in two requests of at most 50, maps views, likes, comments; a missing video is not found', async () => {
    serveVideos([vid(7)]);
    const ids = Array.from({ length: 60 }, (_, i) => vid(i));
    const out = await youtubeAdapter.fetch(
      fetchContext(fake, youtubeSettings.parse({ videos: ids }), { secret: KEY }),
    );
    expect(out.status).toBe('ok');
    expect(fake.requests.map((r) => r.query.get('id')?.split(',').length)).toEqual([50, 10]);
    expect(fake.requests[0]?.query.get('part')).toBe('statistics');
    expect(out.items.find((i) => i.id === vid(7))?.status).toBe('not_found');
    const rows = csvRows(out.file?.content);
    expect(rows).toContain(`https://www.youtube.com/watch?v=${vid(3)} youtube views 103 youtube`);
    expect(rows).toContain(`https://www.youtube.com/watch?v=${vid(3)} youtube likes 7 youtube`);
    expect(rows).toContain(`https://www.youtube.com/watch?v=${vid(59)} youtube comments 2 youtube`);
    expect(rows).toHaveLength(59 * 3);
    expect(JSON.stringify(out)).not.toContain(KEY);
  });

  it('keeps the channel’s subscribers, total views and videos (not `views`: the videos already count)', async () => {
    fake.on('GET', '/youtube/v3/channels', (req) => ({
      body: {
        kind: 'youtube#channelListResponse',
        items: [
          {
            kind: 'youtube#channel',
            id: 'UCabcdefghijklmnopqrstuv',
            statistics: {
              viewCount: '5400',
              subscriberCount: '210',
              hiddenSubscriberCount: false,
              videoCount: '12',
            },
          },
        ].filter(() => req.query.get('forHandle') === '@tidex'),
      },
    }));
    const out = await youtubeAdapter.fetch(
      fetchContext(fake, youtubeSettings.parse({ channel: '@tidex' }), { secret: KEY }),
    );
    expect(csvRows(out.file?.content)).toEqual([
      'https://www.youtube.com/channel/UCabcdefghijklmnopqrstuv youtube subscribers 210 youtube',
      'https://www.youtube.com/channel/UCabcdefghijklmnopqrstuv youtube total_views 5400 youtube',
      'https://www.youtube.com/channel/UCabcdefghijklmnopqrstuv youtube videos 12 youtube',
    ]);
  });

  it('reads an invalid key (HTTP 400) as refused credentials, the key scrubbed from every message', async () => {
    fake.on('GET', '/youtube/v3/videos', {
      status: 400,
      body: {
        error: {
          code: 400,
          message: 'API key not valid. Please pass a valid API key.',
          errors: [
            {
              message: 'API key not valid. Please pass a valid API key.',
              domain: 'global',
              reason: 'badRequest',
            },
          ],
          status: 'INVALID_ARGUMENT',
        },
      },
    });
    const out = await youtubeAdapter.fetch(
      fetchContext(fake, youtubeSettings.parse({ videos: [vid(1)], channel: '@tidex' }), { secret: KEY }),
    );
    expect(out).toMatchObject({ status: 'failed', errorCode: 'unauthorized' });
    expect(out.file).toBeUndefined();
    expect(fake.requests).toHaveLength(1);
    expect(fake.requests[0]?.query.get('key')).toBe(KEY);
    expect(JSON.stringify(out)).not.toContain(KEY);
    expect(out.message).toContain('key=***');
  });

  it('reads a used-up quota (403 quotaExceeded) as a rate limit until the quota comes back', async () => {
    fake.on('GET', '/youtube/v3/videos', {
      status: 403,
      body: {
        error: {
          code: 403,
          message: 'The request cannot be completed because you have exceeded your quota.',
          errors: [{ reason: 'quotaExceeded', domain: 'youtube.quota' }],
        },
      },
    });
    const out = await youtubeAdapter.fetch(
      fetchContext(fake, youtubeSettings.parse({ videos: [vid(1)] }), { secret: KEY }),
    );
    expect(out).toMatchObject({ status: 'failed', errorCode: 'rate_limited' });
    expect(out.retryAt?.toISOString()).toBe('2026-12-03T08:00:00.000Z');
  });

  it('keeps the first batch when the second fails (partial); 429 Retry-After; a malformed body', async () => {
    let served = 0;
    fake.on('GET', '/youtube/v3/videos', (req) => {
      served++;
      if (served === 1) {
        const ids = (req.query.get('id') ?? '').split(',');
        return { body: { items: ids.map((id) => ({ id, statistics: { viewCount: '1' } })) } };
      }
      return {
        status: 429,
        headers: { 'retry-after': '120' },
        body: { error: { code: 429, message: 'slow down' } },
      };
    });
    const ids = Array.from({ length: 51 }, (_, i) => vid(i));
    const out = await youtubeAdapter.fetch(
      fetchContext(fake, youtubeSettings.parse({ videos: ids }), { secret: KEY }),
    );
    expect(out).toMatchObject({ status: 'partial', errorCode: 'rate_limited' });
    expect(out.retryAt?.toISOString()).toBe('2026-12-02T10:02:00.000Z');
    expect(csvRows(out.file?.content)).toHaveLength(50);

    fake.reset();
    fake.on('GET', '/youtube/v3/videos', {
      body: { items: [{ id: vid(1), statistics: { viewCount: 'n/a' } }] },
    });
    const odd = await youtubeAdapter.fetch(
      fetchContext(fake, youtubeSettings.parse({ videos: [vid(1)] }), { secret: KEY }),
    );
    expect(odd).toMatchObject({ status: 'failed', errorCode: 'malformed' });
    expect(odd.items[0]?.message).toContain('viewCount');
  });
});
