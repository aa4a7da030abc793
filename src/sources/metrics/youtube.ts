/**
 * YouTube Data API v3 (https://developers.google.com/youtube/v3/docs/videos/list and …/channels/list):
 * `GET {youtube}/videos?part=statistics&id=a,b,…&key=KEY` (at most 50 ids a request, so the ids are paged) →
 * `{items: [{id, statistics: {viewCount, likeCount, commentCount, …}}]}`, counts as strings, an id without a video
 * simply absent from `items`; `GET {youtube}/channels?part=statistics&id=UC…` (or `forHandle=@name`) →
 * `{items: [{id, statistics: {viewCount, subscriberCount, hiddenSubscriberCount, videoCount}}]}`. Errors are
 * `{error: {code, message, errors: [{reason}]}}`: an invalid key is HTTP 400 ("API key not valid"), a used-up
 * quota 403 `quotaExceeded` (the quota comes back at midnight Pacific time).
 *
 * The key goes in the URL (`key=`): it is passed to SourceHttp as a secret, so it is scrubbed from every URL and
 * message. Snapshots: per video (channel `https://www.youtube.com/watch?v=<id>`, kind youtube) views, likes,
 * comments; per channel (`https://www.youtube.com/channel/<id>`) subscribers, total_views and videos: the channel's
 * views are named `total_views` so a KPI summing `views` of YouTube channels does not count the videos twice.
 */
import { z } from 'zod';
import type { MetricRow } from '../csv';
import type { SourceResponse } from '../http';
import type { FetchContext, FetchOutcome, SourceAdapter, SourceField } from '../types';
import {
  channelRows,
  commonSettings,
  countSchema,
  failedItem,
  finish,
  leadPartnerField,
  linesSchema,
  notAsked,
  stopsRun,
  zodMessage,
  type RunItem,
} from './common';

const ID = '[A-Za-z0-9_-]{11}';
/** A video as its id or a watch, youtu.be, shorts, embed or live address. */
const VIDEO = new RegExp(
  `^(?:${ID}|https?://(?:(?:www\\.|m\\.)?youtube\\.com/(?:watch\\?(?:[^#\\s]*&)?v=|shorts/|embed/|live/)|youtu\\.be/)${ID}(?:[?&#/][^\\s]*)?)$`,
);
/** A channel as its id (UC…), a /channel/ address, a handle or a /@handle address. */
const CHANNEL =
  /^(?:UC[\w-]{22}|@[\w.-]{3,30}|https?:\/\/(?:www\.|m\.)?youtube\.com\/(?:channel\/UC[\w-]{22}|@[\w.-]{3,30})\/?)$/;

/** The video id of a VIDEO value. */
export function youtubeVideoId(text: string): string {
  const t = text.trim();
  if (new RegExp(`^${ID}$`).test(t)) return t;
  const m = t.match(new RegExp(`(?:v=|shorts/|embed/|live/|youtu\\.be/)(${ID})`));
  return (m as RegExpMatchArray)[1] as string;
}

/** The channels/list parameter of a CHANNEL value: `id=UC…` or `forHandle=@name`. */
export function youtubeChannelQuery(text: string): { name: 'id' | 'forHandle'; value: string } {
  const t = text.trim();
  const id = t.match(/UC[\w-]{22}/)?.[0];
  if (id) return { name: 'id', value: id };
  return { name: 'forHandle', value: (t.match(/@[\w.-]+/) as RegExpMatchArray)[0] };
}

export const youtubeSettings = z
  .strictObject({
    videos: linesSchema(z.string().regex(VIDEO, 'must be a YouTube video id or address'), 1000).default([]),
    channel: z
      .string()
      .trim()
      .regex(CHANNEL, 'must be a channel id (UC…), @handle or channel address')
      .optional(),
    ...commonSettings,
  })
  .refine((s) => s.videos.length > 0 || s.channel !== undefined, {
    path: ['videos'],
    message: 'give videos, a channel or both',
  });
export type YoutubeSettings = z.infer<typeof youtubeSettings>;

export const youtubeFields: readonly SourceField[] = [
  { name: 'videos', kind: 'lines', required: false, label: 'sources.youtube.videos' },
  {
    name: 'channel',
    kind: 'text',
    required: false,
    label: 'sources.youtube.channel',
    placeholder: '@channel',
  },
  leadPartnerField,
];

/** Ids a videos/list request takes at most. */
export const YOUTUBE_BATCH = 50;

const listSchema = z.object({
  items: z
    .array(z.object({ id: z.string(), statistics: z.record(z.string(), z.unknown()).default({}) }))
    .default([]),
});

/** The next time the daily quota comes back: midnight Pacific time (08:00 UTC in winter, a safe bound). */
function quotaBack(now: Date): Date {
  const at = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), 8));
  return at > now ? at : new Date(at.getTime() + 86_400_000);
}

/**
 * A failed answer read with Google's error reasons: a bad key is refused credentials, a used-up quota a rate limit.
 * The body is read as text (SourceHttp keeps the first 500 characters of a failure): the message comes first.
 */
function youtubeFailure(id: string, res: SourceResponse, now: Date): RunItem {
  const item = failedItem(id, res);
  const text = res.text ?? '';
  if (/quotaExceeded|dailyLimitExceeded|rateLimitExceeded|exceeded your[^"]*quota/i.test(text))
    return { ...item, status: 'rate_limited', retryAt: quotaBack(now) };
  if (res.status === 'client_error' && /API key not valid|API_KEY_INVALID|keyInvalid/i.test(text))
    return { ...item, status: 'unauthorized' };
  return item;
}

/** Counts of one statistics object, or a message naming the first that is not one. */
function counts(
  id: string,
  stats: Record<string, unknown>,
  names: Record<string, string>,
): Record<string, number> | string {
  const out: Record<string, number> = {};
  for (const [field, metric] of Object.entries(names)) {
    if (stats[field] === undefined) continue;
    const v = countSchema.safeParse(stats[field]);
    if (!v.success) return `${id}: statistics.${field} is not a count (${JSON.stringify(stats[field])})`;
    out[metric] = v.data;
  }
  return out;
}

interface Run {
  ctx: FetchContext<YoutubeSettings>;
  rows: MetricRow[];
  items: RunItem[];
}

/** One list request; the parsed items, or the item that says why not (and whether the run stops). */
async function list(run: Run, what: string, query: URLSearchParams, ids: readonly string[]) {
  const key = run.ctx.secret ?? '';
  query.set('key', key);
  const res = await run.ctx.env.http.getJson(`${run.ctx.env.endpoints.youtube}/${what}?${query}`, {
    secrets: [key],
  });
  if (res.status !== 'ok') {
    const failure = youtubeFailure(ids.join(','), res, run.ctx.env.clock.now());
    run.items.push(...ids.map((id) => ({ ...failure, id })));
    return stopsRun(failure.status) ? failure : undefined;
  }
  const parsed = listSchema.safeParse(res.json);
  if (parsed.success) return parsed.data.items;
  const message = zodMessage(`${what} ${ids.join(',')}`, parsed.error);
  run.items.push(...ids.map((id) => ({ id, status: 'malformed' as const, message })));
  return undefined;
}

async function videos(run: Run, ids: readonly string[]): Promise<RunItem | undefined> {
  for (let i = 0; i < ids.length; i += YOUTUBE_BATCH) {
    const batch = ids.slice(i, i + YOUTUBE_BATCH);
    const answer = await list(
      run,
      'videos',
      new URLSearchParams({ part: 'statistics', id: batch.join(',') }),
      batch,
    );
    if (!Array.isArray(answer)) {
      if (answer) {
        run.items.push(...notAsked(ids.slice(i + YOUTUBE_BATCH), answer));
        return answer;
      }
      continue;
    }
    const byId = new Map(answer.map((v) => [v.id, v.statistics]));
    for (const id of batch) {
      const stats = byId.get(id);
      if (!stats) {
        run.items.push({ id, status: 'not_found', message: `video ${id}: not found (private or removed)` });
        continue;
      }
      const values = counts(id, stats, { viewCount: 'views', likeCount: 'likes', commentCount: 'comments' });
      if (typeof values === 'string' || values.views === undefined) {
        run.items.push({
          id,
          status: 'malformed',
          message: typeof values === 'string' ? values : `${id}: no viewCount`,
        });
        continue;
      }
      const channel = `https://www.youtube.com/watch?v=${id}`;
      run.rows.push(...channelRows({ today: run.ctx.today, channel, kind: 'youtube', values }));
      run.items.push({ id, status: 'found' });
    }
  }
  return undefined;
}

async function channel(run: Run, text: string): Promise<void> {
  const q = youtubeChannelQuery(text);
  const answer = await list(run, 'channels', new URLSearchParams({ part: 'statistics', [q.name]: q.value }), [
    text,
  ]);
  if (!Array.isArray(answer)) return;
  const found = answer[0];
  if (!found) {
    run.items.push({ id: text, status: 'not_found', message: `channel ${text}: not found` });
    return;
  }
  const stats = { ...found.statistics };
  if (stats.hiddenSubscriberCount === true) delete stats.subscriberCount;
  const values = counts(text, stats, {
    subscriberCount: 'subscribers',
    viewCount: 'total_views',
    videoCount: 'videos',
  });
  if (typeof values === 'string') {
    run.items.push({ id: text, status: 'malformed', message: values });
    return;
  }
  const url = `https://www.youtube.com/channel/${found.id}`;
  run.rows.push(...channelRows({ today: run.ctx.today, channel: url, kind: 'youtube', values }));
  run.items.push({ id: text, status: 'found' });
}

async function fetchYoutube(ctx: FetchContext<YoutubeSettings>): Promise<FetchOutcome> {
  const run: Run = { ctx, rows: [], items: [] };
  const ids = [...new Set(ctx.settings.videos.map(youtubeVideoId))];
  const stop = await videos(run, ids);
  if (ctx.settings.channel) {
    if (stop) run.items.push(...notAsked([ctx.settings.channel], stop));
    else await channel(run, ctx.settings.channel);
  }
  return finish({ source: 'youtube', ctx, rows: run.rows, items: run.items });
}

export const youtubeAdapter: SourceAdapter<YoutubeSettings> = {
  id: 'youtube',
  fields: youtubeFields,
  secretLabel: 'sources.youtube.secret',
  settings: youtubeSettings,
  secret: 'required',
  fetch: fetchYoutube,
};
