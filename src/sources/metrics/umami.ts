/**
 * Umami's website statistics (https://umami.is/docs/api/website-stats): `GET <api>/websites/:websiteId/stats
 * ?startAt=<ms>&endAt=<ms>` → `{pageviews, visitors, visits, bounces, totaltime}`: numbers in current versions
 * (with a `comparison` object beside them), `{value, prev}` objects in older ones: both are read. `<api>` is the
 * API root: `https://api.umami.is/v1` for Umami Cloud (credential: an API key in the `x-umami-api-key` header),
 * `https://<host>/api` for a self-hosted Umami (credential: a bearer token from its `/api/auth/login`). The `auth`
 * setting says which; by default Umami Cloud's host means an API key and any other host a bearer token.
 *
 * The range runs from the project's start (or `since`) to now: a running total, as for Matomo (matomo.ts explains
 * why). Snapshots (channel = the website, kind website): visits, unique_visitors (Umami's `visitors` are unique),
 * page_views.
 */
import { z } from 'zod';
import type { FetchContext, FetchOutcome, SourceAdapter, SourceField } from '../types';
import {
  channelRows,
  countSchema,
  failedItem,
  finish,
  sinceDate,
  trimBase,
  webFields,
  webSettings,
  websiteChannel,
  zodMessage,
} from './common';

export const UMAMI_CLOUD = 'https://api.umami.is/v1';

export const umamiSettings = z.strictObject({
  base_url: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).optional(),
  website_id: z
    .string()
    .trim()
    .regex(
      /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i,
      'must be a website id (a UUID)',
    ),
  /** `api_key`: the x-umami-api-key header (Umami Cloud); `bearer`: Authorization: Bearer (self-hosted). */
  auth: z.enum(['api_key', 'bearer']).optional(),
  ...webSettings,
});
export type UmamiSettings = z.infer<typeof umamiSettings>;

export const umamiFields: readonly SourceField[] = [
  {
    name: 'base_url',
    kind: 'url',
    required: false,
    label: 'sources.umami.base_url',
    placeholder: UMAMI_CLOUD,
  },
  { name: 'website_id', kind: 'text', required: true, label: 'sources.umami.website_id' },
  {
    name: 'auth',
    kind: 'choice',
    required: false,
    label: 'sources.umami.auth',
    options: [
      { value: 'api_key', label: 'sources.umami.auth.api_key' },
      { value: 'bearer', label: 'sources.umami.auth.bearer' },
    ],
  },
  ...webFields,
];

/** The credential's header: the setting, else an API key on Umami Cloud's host and a bearer token elsewhere. */
export function umamiAuthHeader(
  base: string,
  auth: UmamiSettings['auth'],
  secret: string,
): Record<string, string> {
  const kind = auth ?? (new URL(base).hostname === 'api.umami.is' ? 'api_key' : 'bearer');
  return kind === 'api_key' ? { 'x-umami-api-key': secret } : { authorization: `Bearer ${secret}` };
}

/** A statistic as a number (current versions) or `{value, prev}` (older ones). */
const stat = z.union([countSchema, z.object({ value: countSchema }).transform((o) => o.value)]);

const answerSchema = z.object({ pageviews: stat, visitors: stat, visits: stat.optional() });

async function fetchUmami(ctx: FetchContext<UmamiSettings>): Promise<FetchOutcome> {
  const { settings, today } = ctx;
  const base = trimBase(settings.base_url ?? UMAMI_CLOUD);
  const secret = ctx.secret ?? '';
  const startAt = Date.parse(`${sinceDate(ctx.plan, settings.since, today)}T00:00:00Z`);
  const endAt = ctx.env.clock.now().getTime();
  const id = settings.website_id;
  const res = await ctx.env.http.getJson(
    `${base}/websites/${encodeURIComponent(id)}/stats?startAt=${startAt}&endAt=${endAt}`,
    { headers: umamiAuthHeader(base, settings.auth, secret), secrets: [secret] },
  );
  if (res.status !== 'ok') return finish({ source: 'umami', ctx, rows: [], items: [failedItem(id, res)] });
  const parsed = answerSchema.safeParse(res.json);
  if (!parsed.success)
    return finish({
      source: 'umami',
      ctx,
      rows: [],
      items: [{ id, status: 'malformed', message: zodMessage(id, parsed.error) }],
    });
  const channel = websiteChannel(ctx.plan, settings.website, base);
  const values = {
    visits: parsed.data.visits,
    unique_visitors: parsed.data.visitors,
    page_views: parsed.data.pageviews,
  };
  return finish({
    source: 'umami',
    ctx,
    rows: channelRows({ today, channel, kind: 'website', values }),
    items: [{ id, status: 'found' }],
  });
}

export const umamiAdapter: SourceAdapter<UmamiSettings> = {
  id: 'umami',
  fields: umamiFields,
  secretLabel: 'sources.umami.secret',
  settings: umamiSettings,
  secret: 'required',
  fetch: fetchUmami,
};
