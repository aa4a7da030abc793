/**
 * Matomo's Reporting API (https://developer.matomo.org/api-reference/reporting-api): `index.php?module=API&method=…
 * &idSite=&period=&date=&format=JSON`, the user's `token_auth` sent as a POST body parameter (Matomo reads request
 * parameters from the body too, and its documentation advises POST so the token stays out of server logs): never in
 * the URL. Two reports: `VisitsSummary.get` (nb_visits, nb_uniq_visitors, …) and `Actions.get` (nb_pageviews,
 * nb_downloads, …). A refused token is answered with HTTP 200 and `{"result":"error","message":…}`.
 *
 * The query is `period=range&date=<since>,<today>`: one running total from the project's start (or the `since`
 * setting) to today, so each day's snapshot is the cumulative figure and the KPIs' "latest snapshot of each channel"
 * (latest_sum) reads the total so far; per-day or per-month figures would need summing and would be undercounted by
 * latest_sum. Matomo computes unique visitors over a range only when its configuration enables it: without the
 * column no `unique_visitors` row is written (the others still are).
 *
 * Snapshots (channel = the website, kind website): visits, unique_visitors, page_views, downloads (file downloads
 * tracked on the site: the "deliverables downloaded" KPIs count website downloads).
 */
import { z } from 'zod';
import type { MetricRow } from '../csv';
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
  type RunItem,
} from './common';

export const matomoSettings = z.strictObject({
  base_url: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }),
  site_id: z.coerce.number().int('must be a whole number').min(1, 'must be 1 or more'),
  ...webSettings,
});
export type MatomoSettings = z.infer<typeof matomoSettings>;

export const matomoFields: readonly SourceField[] = [
  {
    name: 'base_url',
    kind: 'url',
    required: true,
    label: 'sources.matomo.base_url',
    placeholder: 'https://analytics.example.org',
  },
  { name: 'site_id', kind: 'number', required: true, label: 'sources.matomo.site_id', placeholder: '1' },
  ...webFields,
];

/** The API's address: the base as given when it names a script, else its index.php. */
export function matomoEndpoint(base: string): string {
  const b = trimBase(base);
  return /\.php$/i.test(b) ? b : `${b}/index.php`;
}

const errorSchema = z.object({ result: z.literal('error'), message: z.string().optional() });

/** Refusals of the token, as Matomo words them (HTTP 200 with result=error). */
const REFUSED = /token_auth|access|permission|authenticat|not logged in|login/i;

const REPORTS = [
  {
    method: 'VisitsSummary.get',
    columns: { nb_visits: 'visits', nb_uniq_visitors: 'unique_visitors' },
  },
  { method: 'Actions.get', columns: { nb_pageviews: 'page_views', nb_downloads: 'downloads' } },
] as const;

const reportSchema = z.record(z.string(), z.unknown());

async function fetchMatomo(ctx: FetchContext<MatomoSettings>): Promise<FetchOutcome> {
  const { settings, today } = ctx;
  const endpoint = matomoEndpoint(settings.base_url);
  const channel = websiteChannel(ctx.plan, settings.website, trimBase(settings.base_url));
  const since = sinceDate(ctx.plan, settings.since, today);
  const secret = ctx.secret ?? '';
  const rows: MetricRow[] = [];
  const items: RunItem[] = [];
  for (const report of REPORTS) {
    const query = new URLSearchParams({
      module: 'API',
      method: report.method,
      idSite: String(settings.site_id),
      period: 'range',
      date: `${since},${today}`,
      format: 'JSON',
    });
    const res = await ctx.env.http.request({
      url: `${endpoint}?${query}`,
      method: 'POST',
      body: new URLSearchParams({ token_auth: secret }).toString(),
      secrets: [secret],
      parse: 'json',
    });
    const id = report.method;
    if (res.status !== 'ok') {
      const item = failedItem(id, res);
      items.push(item);
      if (item.status === 'unauthorized') break;
      continue;
    }
    const error = errorSchema.safeParse(res.json);
    if (error.success) {
      const said = error.data.message ?? 'an error without a message';
      items.push({
        id,
        status: REFUSED.test(said) ? 'unauthorized' : 'client_error',
        message: `${res.url}: Matomo answered: ${said}`,
      });
      if (REFUSED.test(said)) break;
      continue;
    }
    // A site without any data in the range is answered `[]` (an empty report): every count is 0.
    const empty = Array.isArray(res.json) && res.json.length === 0;
    const answer = empty ? Object.fromEntries(Object.keys(report.columns).map((c) => [c, 0])) : res.json;
    const parsed = reportSchema.safeParse(answer);
    if (!parsed.success || Array.isArray(answer)) {
      items.push({
        id,
        status: 'malformed',
        message: parsed.success ? `${id}: the answer is a list, not a report` : zodMessage(id, parsed.error),
      });
      continue;
    }
    const values: Record<string, number | undefined> = {};
    let bad: string | undefined;
    for (const [column, metric] of Object.entries(report.columns)) {
      const raw = parsed.data[column];
      if (raw === undefined) continue;
      const v = countSchema.safeParse(raw);
      if (v.success) values[metric] = v.data;
      else bad ??= `${id}: ${column} is not a count (${JSON.stringify(raw)})`;
    }
    const primary = Object.values(report.columns)[0] as string;
    if (bad || values[primary] === undefined) {
      items.push({ id, status: 'malformed', message: bad ?? `${id}: the answer has no ${primary}` });
      continue;
    }
    rows.push(...channelRows({ today, channel, kind: 'website', values }));
    items.push({ id, status: 'found' });
  }
  return finish({ source: 'matomo', ctx, rows, items });
}

export const matomoAdapter: SourceAdapter<MatomoSettings> = {
  id: 'matomo',
  fields: matomoFields,
  secretLabel: 'sources.matomo.secret',
  settings: matomoSettings,
  secret: 'required',
  fetch: fetchMatomo,
};
