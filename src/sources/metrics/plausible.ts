/**
 * Plausible's Stats API v2 (https://plausible.io/docs/stats-api): `POST /api/v2/query` with
 * `Authorization: Bearer <key>` and a JSON query `{site_id, metrics, date_range: [from, to]}`; the answer is
 * `{results: [{metrics: [..], dimensions: []}], meta: {}, query: {…}}`, the metrics in the order asked. Without
 * dimensions there is one result: the aggregate over the range. An invalid key is HTTP 401, a bad query 400 with
 * `{error}`, too many requests 429.
 *
 * The range runs from the project's start (or `since`) to today: a running total, as for Matomo (src/sources/metrics/
 * matomo.ts explains why). Snapshots (channel = the website, kind website): visits, unique_visitors (Plausible's
 * `visitors` are unique visitors), page_views.
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

export const plausibleSettings = z.strictObject({
  base_url: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).optional(),
  site_id: z
    .string()
    .trim()
    .min(1)
    .max(253)
    .regex(/^[^\s/]+(?:\/[^\s]*)?$/, 'must be the site domain as Plausible names it'),
  ...webSettings,
});
export type PlausibleSettings = z.infer<typeof plausibleSettings>;

export const PLAUSIBLE_DEFAULT = 'https://plausible.io';

export const plausibleFields: readonly SourceField[] = [
  {
    name: 'base_url',
    kind: 'url',
    required: false,
    label: 'sources.plausible.base_url',
    placeholder: PLAUSIBLE_DEFAULT,
  },
  {
    name: 'site_id',
    kind: 'text',
    required: true,
    label: 'sources.plausible.site_id',
    placeholder: 'example.org',
  },
  ...webFields,
];

/** Plausible's metric → the snapshot's metric. */
const METRICS = { visits: 'visits', visitors: 'unique_visitors', pageviews: 'page_views' } as const;

const answerSchema = z.object({
  results: z.array(z.object({ metrics: z.array(countSchema) })).length(1, 'must hold one aggregate result'),
});

async function fetchPlausible(ctx: FetchContext<PlausibleSettings>): Promise<FetchOutcome> {
  const { settings, today } = ctx;
  const base = trimBase(settings.base_url ?? PLAUSIBLE_DEFAULT);
  const secret = ctx.secret ?? '';
  const names = Object.keys(METRICS) as (keyof typeof METRICS)[];
  const res = await ctx.env.http.request({
    url: `${base}/api/v2/query`,
    method: 'POST',
    headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      site_id: settings.site_id,
      metrics: names,
      date_range: [sinceDate(ctx.plan, settings.since, today), today],
    }),
    secrets: [secret],
    parse: 'json',
  });
  const id = settings.site_id;
  if (res.status !== 'ok')
    return finish({ source: 'plausible', ctx, rows: [], items: [failedItem(id, res)] });
  const parsed = answerSchema.safeParse(res.json);
  const metrics = parsed.success ? (parsed.data.results[0]?.metrics ?? []) : [];
  if (!parsed.success || metrics.length !== names.length) {
    const message = parsed.success
      ? `${id}: ${metrics.length} metrics answered, ${names.length} asked`
      : zodMessage(id, parsed.error);
    return finish({ source: 'plausible', ctx, rows: [], items: [{ id, status: 'malformed', message }] });
  }
  const values = Object.fromEntries(names.map((n, i) => [METRICS[n], metrics[i]]));
  const channel = websiteChannel(ctx.plan, settings.website, `https://${settings.site_id}/`);
  return finish({
    source: 'plausible',
    ctx,
    rows: channelRows({ today, channel, kind: 'website', values }),
    items: [{ id, status: 'found' }],
  });
}

export const plausibleAdapter: SourceAdapter<PlausibleSettings> = {
  id: 'plausible',
  fields: plausibleFields,
  secretLabel: 'sources.plausible.secret',
  settings: plausibleSettings,
  secret: 'required',
  fetch: fetchPlausible,
};
