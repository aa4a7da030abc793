/**
 * Tests' metric adapter (the run frame is tested apart from the real adapters): it asks
 * `<base_url>/stats?site=<site>&token_auth=<credential>` (the credential in the URL, as Matomo's Reporting API
 * takes it, so the redaction is exercised) and reads `{ rows: [{ date?, channel, metric, value }] }`, one item per
 * row, into the metrics CSV. Registered under the `matomo` id through `adapterOverride`.
 */
import { z } from 'zod';
import { metricsCsv } from '../csv';
import type { FetchOutcome, SourceAdapter } from '../types';

export const testSettings = z.strictObject({
  base_url: z.url(),
  site: z.string().trim().min(1).max(40),
});
export type TestSettings = z.infer<typeof testSettings>;

export const TEST_SOURCE = 'matomo' as const;

export const testAdapter: SourceAdapter<TestSettings> = {
  id: TEST_SOURCE,
  fields: [
    { name: 'base_url', kind: 'url', required: true, label: 'sources.page.settings' },
    { name: 'site', kind: 'text', required: true, label: 'sources.page.settings' },
  ],
  secret: 'required',
  settings: testSettings,
  async fetch(ctx): Promise<FetchOutcome> {
    const url = `${ctx.settings.base_url.replace(/\/$/, '')}/stats?site=${encodeURIComponent(ctx.settings.site)}&token_auth=${encodeURIComponent(ctx.secret ?? '')}`;
    // Answers are cached for a minute (so tests see that the cache keeps no credential).
    const res = await ctx.env.http.getJson(url, { secrets: ctx.secret ? [ctx.secret] : [], cacheMs: 60_000 });
    if (res.status !== 'ok')
      return {
        status: 'failed',
        items: [{ id: `site ${ctx.settings.site}`, status: res.status, message: res.message }],
        errorCode: res.status,
        message: res.message,
        ...(res.retryAt ? { retryAt: res.retryAt } : {}),
      };
    const rows = (res.json as { rows?: unknown }).rows;
    if (!Array.isArray(rows))
      return {
        status: 'failed',
        items: [{ id: `site ${ctx.settings.site}`, status: 'malformed', message: 'no rows' }],
        errorCode: 'malformed',
        message: 'the answer has no rows',
      };
    const typed = rows as { date?: string; channel: string; metric: string; value: number }[];
    return {
      status: 'ok',
      items: typed.map((r) => ({ id: `${r.channel} ${r.metric}`, status: 'found' as const })),
      file: {
        type: 'metric',
        format: 'metrics-csv',
        name: `matomo-${ctx.today}.csv`,
        options: { defaults: { lead_partner: ctx.plan.partners[0]?.code } },
        content: metricsCsv(
          typed.map((r) => ({
            date: r.date ?? ctx.today,
            channel: r.channel,
            metric: r.metric,
            value: r.value,
          })),
          'matomo',
        ),
      },
    };
  },
};
