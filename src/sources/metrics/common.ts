/**
 * What the metric adapters share: the settings every one has (lead partner, the day counting starts, the website the
 * figures belong to), reading counts from JSON, turning a failed answer into an item, and the outcome: the metrics CSV
 * of the day's snapshot rows (src/sources/csv.ts) with its per-item statuses. The credential never reaches a row, a
 * message or the file name: messages come from SourceHttp (already scrubbed) and are scrubbed again here.
 */
import { z } from 'zod';
import { isoDateSchema, partnerCodeSchema, urlSchema, type Plan } from '../../plan/schema';
import { RETRYABLE, scrub, type FetchStatus, type SourceResponse } from '../http';
import { metricsCsv, type MetricRow } from '../csv';
import type { FetchContext, FetchedItem, FetchOutcome, MetricSourceId, SourceField } from '../types';
import { outcomeStatus } from '../types';

/** Settings every metric source has. */
export const commonSettings = {
  /** The lead partner of the snapshots (default: the plan's coordinator, else its first partner). */
  lead_partner: partnerCodeSchema.optional(),
};

/** Web analytics: the first day counted (running totals from it) and the website the figures belong to. */
export const webSettings = {
  ...commonSettings,
  /** Default: the project's start date. */
  since: isoDateSchema.optional(),
  /** The channel id of the snapshots (default: the plan's website). */
  website: urlSchema.optional(),
};

export const leadPartnerField: SourceField = {
  name: 'lead_partner',
  kind: 'partner',
  required: false,
  label: 'sources.metrics.lead_partner',
};

export const webFields: readonly SourceField[] = [
  { name: 'since', kind: 'text', required: false, label: 'sources.metrics.since', placeholder: 'YYYY-MM-DD' },
  { name: 'website', kind: 'url', required: false, label: 'sources.metrics.website' },
  leadPartnerField,
];

/** A `lines` setting: trimmed non-empty values, each checked by `item`. */
export const linesSchema = (item: z.ZodString, max: number) => z.array(item.trim().min(1).max(500)).max(max);

/** The base URL without trailing slashes. */
export const trimBase = (url: string): string => url.replace(/\/+$/, '');

/** The lead partner of the snapshots: the setting, else the coordinator, else the first partner. */
export function leadPartner(plan: Plan, setting: string | undefined): string {
  return setting ?? plan.project.coordinator ?? plan.partners[0]?.code ?? '';
}

/** The first day counted by web analytics: the setting, else the project's start (never after today). */
export function sinceDate(plan: Plan, setting: string | undefined, today: string): string {
  const since = setting ?? plan.project.start_date;
  return since > today ? today : since;
}

/** The website the analytics belong to: the setting, the plan's project website, the plan's website section. */
export function websiteChannel(plan: Plan, setting: string | undefined, fallback: string): string {
  return setting ?? plan.project.website ?? plan.website?.url ?? fallback;
}

/** A count as services send it: a number, or a string of digits (YouTube, some Matomo columns). */
export const countSchema = z
  .union([z.number(), z.string().regex(/^\d+(?:\.\d+)?$/, 'must be a number')])
  .transform(Number)
  .pipe(z.number().min(0).refine(Number.isFinite, 'must be a finite number'));

/** A zod failure as one located line: `stats.views: expected number, received string`. */
export function zodMessage(what: string, error: z.ZodError): string {
  const issue = error.issues[0];
  const at = issue?.path.length ? issue.path.join('.') : 'the answer';
  return `${what}: unexpected answer at ${at}: ${issue?.message ?? 'unreadable'}`;
}

/** An item from a failed answer (its message is SourceHttp's, without secrets). */
export function failedItem(id: string, res: SourceResponse): FetchedItem & { retryAt?: Date } {
  return {
    id,
    status: res.status === 'ok' ? 'malformed' : res.status,
    message: res.message,
    ...(res.retryAt ? { retryAt: res.retryAt } : {}),
  };
}

/** Items with a retry time (rate limits and outages): the outcome's retryAt is the latest. */
export type RunItem = FetchedItem & { retryAt?: Date };

/** The failure worth reporting first: the one a person must fix, then the ones that pass. */
const SEVERITY: readonly Exclude<FetchStatus, 'ok'>[] = [
  'unauthorized',
  'client_error',
  'malformed',
  'rate_limited',
  'server_error',
  'network',
];

export interface FinishOptions {
  source: MetricSourceId;
  ctx: FetchContext<{ lead_partner?: string | undefined }>;
  rows: readonly MetricRow[];
  items: readonly RunItem[];
}

/**
 * The outcome of a run: ok when every item answered, partial when some failed and others gave rows, failed when
 * nothing usable came, the credential was refused (the same credential serves every request: its rows would be a
 * stale part of the picture, and a person has to act) or the lead partner is not one of the plan's (every row would
 * be refused by the importer).
 */
export function finish(o: FinishOptions): FetchOutcome {
  const secrets = o.ctx.secret ? [o.ctx.secret] : [];
  const items: FetchedItem[] = o.items.map((i) => ({
    id: scrub(i.id, secrets),
    status: i.status,
    ...(i.message !== undefined ? { message: scrub(i.message, secrets) } : {}),
  }));
  const lead = leadPartner(o.ctx.plan, o.ctx.settings.lead_partner);
  if (!o.ctx.plan.partners.some((p) => p.code === lead))
    items.push({
      id: 'lead_partner',
      status: 'client_error',
      message: `lead_partner: "${lead}" is not a partner of the plan: choose one of its partners in the settings`,
    });
  const blocked = items.some((i) => i.status === 'unauthorized' || i.id === 'lead_partner');
  const status = blocked ? 'failed' : outcomeStatus(items, o.rows.length > 0);
  const worst = SEVERITY.map((s) => items.find((i) => i.status === s)).find((i) => i !== undefined);
  const retryAts = o.items
    .filter((i) => RETRYABLE.has(i.status as FetchStatus) && i.retryAt)
    .map((i) => (i.retryAt as Date).getTime());
  const file =
    status === 'failed' || o.rows.length === 0
      ? undefined
      : {
          type: 'metric' as const,
          format: 'metrics-csv' as const,
          name: `${o.source}-${o.ctx.today}.csv`,
          content: metricsCsv(o.rows, o.source),
          options: {
            defaults: { lead_partner: lead },
            snapshotDate: o.ctx.today,
            channelScope: 'project' as const,
          },
        };
  return {
    status,
    ...(file ? { file } : {}),
    items,
    ...(worst && worst.status !== 'found' && worst.status !== 'not_found'
      ? { errorCode: worst.status, ...(worst.message ? { message: worst.message } : {}) }
      : {}),
    ...(status !== 'ok' && !blocked && retryAts.length ? { retryAt: new Date(Math.max(...retryAts)) } : {}),
  };
}

/** Rows of one channel on `today` from metric → value (undefined values are left out). */
export function channelRows(o: {
  today: string;
  channel: string;
  kind: MetricRow['channel_kind'];
  values: Record<string, number | undefined>;
}): MetricRow[] {
  return Object.entries(o.values)
    .filter((e): e is [string, number] => e[1] !== undefined)
    .map(([metric, value]) => ({ date: o.today, channel: o.channel, channel_kind: o.kind, metric, value }));
}

/** Items for the requests not made after a rate limit or refusal stopped the run. */
export function notAsked(ids: readonly string[], stop: RunItem): RunItem[] {
  return ids.map((id) => ({
    id,
    status: stop.status,
    message: `not asked: an earlier request was answered "${stop.status}"`,
    ...(stop.retryAt ? { retryAt: stop.retryAt } : {}),
  }));
}

/** Whether a failure should stop further requests to the service (the same answer is expected). */
export const stopsRun = (status: FetchedItem['status']): boolean =>
  status === 'unauthorized' || status === 'rate_limited';
