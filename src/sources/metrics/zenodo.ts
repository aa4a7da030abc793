/**
 * Zenodo record statistics through its REST API (no key needed for public records; an optional personal token is
 * sent as `Authorization: Bearer`). Documented at https://developers.zenodo.org/ (Records: `GET /api/records/:id`,
 * search `GET /api/records?communities=<id>&size=&page=`; the search answer is `{hits: {hits: [record…], total},
 * links: {self, next}}`); every record carries `stats` {views, downloads, unique_views, unique_downloads,
 * version_views, version_downloads, version_unique_views, version_unique_downloads}.
 *
 * One snapshot per record and statistic, channel = the record DOI, the same channel and metric names as the Zenodo
 * stats FILE importer (src/importers/zenodo.ts: zenodoChannel and its statistic names), so a fetch and a file import
 * of the same record on the same day are duplicates, never double counts. A community's records come from its
 * listing (the hits carry their stats: one request per page, not per record), pages followed by `links.next` (same
 * host only); when every page answered, the community's sums are kept too, channel = the community's address, as
 * `total_views`/`total_downloads`/…: other names than the records' so a KPI summing `views` of repositories does not
 * count the records twice.
 */
import { z } from 'zod';
import { zenodoChannel } from '../../importers/zenodo';
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
  trimBase,
  zodMessage,
  type RunItem,
} from './common';

/** A record as its id, `10.5281/zenodo.N`, a doi.org link or a zenodo.org/records (or /record) address. */
const RECORD =
  /^(?:\d+|(?:https?:\/\/(?:dx\.)?doi\.org\/)?10\.5281\/zenodo\.\d+|https?:\/\/[^/\s]+\/records?\/\d+\/?)$/i;

/** The record id of a RECORD value. */
export function zenodoRecordId(text: string): string {
  return (text.trim().match(/(\d+)\/?$/) as RegExpMatchArray)[1] as string;
}

export const zenodoSettings = z
  .strictObject({
    base_url: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).optional(),
    records: linesSchema(
      z.string().regex(RECORD, 'must be a Zenodo record id, 10.5281/zenodo.N or a record address'),
      500,
    ).default([]),
    community: z
      .string()
      .trim()
      .regex(/^[A-Za-z0-9][\w-]{0,99}$/, 'must be a community id (as in /communities/<id>)')
      .optional(),
    ...commonSettings,
  })
  .refine((s) => s.records.length > 0 || s.community !== undefined, {
    path: ['records'],
    message: 'give records, a community or both',
  });
export type ZenodoSettings = z.infer<typeof zenodoSettings>;

export const zenodoFields: readonly SourceField[] = [
  {
    name: 'base_url',
    kind: 'url',
    required: false,
    label: 'sources.zenodo.base_url',
    placeholder: 'https://zenodo.org',
  },
  { name: 'records', kind: 'lines', required: false, label: 'sources.zenodo.records' },
  { name: 'community', kind: 'text', required: false, label: 'sources.zenodo.community' },
  leadPartnerField,
];

/** The statistics the file importer keeps (src/importers/zenodo.ts STAT). */
const STAT = /^(?:version_)?(?:unique_)?(?:views|downloads|volume)$|^data_volume$/;

/**
 * `stats` as the API's default JSON serializer sends them (flat), or as InvenioRDM's UI serializer does
 * (`{this_version: {views, …}, all_versions: {views, …}}`): the nested form is flattened to the flat names.
 */
const statsSchema = z.record(z.string(), z.unknown()).transform((stats) => {
  const nested = (key: string) => {
    const v = stats[key];
    return v !== null && typeof v === 'object' && !Array.isArray(v)
      ? (v as Record<string, unknown>)
      : undefined;
  };
  const current = nested('this_version');
  const all = nested('all_versions');
  if (!current && !all) return stats;
  return {
    ...current,
    ...Object.fromEntries(Object.entries(all ?? {}).map(([k, v]) => [`version_${k}`, v])),
  };
});

const recordSchema = z.object({
  id: z.union([z.number().int(), z.string().regex(/^\d+$/)]).transform(String),
  doi: z.string().optional(),
  stats: statsSchema,
});
type ZenodoRecord = z.infer<typeof recordSchema>;

const pageSchema = z.object({
  hits: z.object({ hits: z.array(recordSchema) }),
  links: z.object({ next: z.string().optional() }).optional(),
});

/** Community pages followed at most (25 records each for anonymous requests: 2,500 records). */
const MAX_PAGES = 100;
const PAGE_SIZE = 25;

/** The record's snapshots, or a malformed item when a statistic is not a count. */
function recordRows(record: ZenodoRecord, today: string): MetricRow[] | string {
  const values: Record<string, number> = {};
  for (const [name, raw] of Object.entries(record.stats)) {
    if (!STAT.test(name)) continue;
    const v = countSchema.safeParse(raw);
    if (!v.success) return `record ${record.id}: stats.${name} is not a count (${JSON.stringify(raw)})`;
    values[name] = v.data;
  }
  if (values.views === undefined || values.downloads === undefined)
    return `record ${record.id}: the answer has no stats.views and stats.downloads`;
  return channelRows({ today, channel: zenodoChannel(record.id, record.doi), kind: 'repository', values });
}

interface Run {
  ctx: FetchContext<ZenodoSettings>;
  base: string;
  headers: Record<string, string>;
  secrets: string[];
  rows: MetricRow[];
  items: RunItem[];
  seen: Set<string>;
}

const get = (run: Run, url: string): Promise<SourceResponse> =>
  run.ctx.env.http.getJson(url, { headers: run.headers, secrets: run.secrets });

/** Adds a record's rows once (a record listed and in the community counts once); false when malformed. */
function addRecord(run: Run, record: ZenodoRecord, id = record.id): boolean {
  if (run.seen.has(record.id)) return true;
  const rows = recordRows(record, run.ctx.today);
  if (typeof rows === 'string') {
    run.items.push({ id, status: 'malformed', message: rows });
    return false;
  }
  run.seen.add(record.id);
  run.rows.push(...rows);
  return true;
}

/** The community's records, page by page; its sums when every page answered. Returns the stopping item if any. */
async function community(run: Run, id: string): Promise<RunItem | undefined> {
  const origin = new URL(run.base).origin;
  let url: string | undefined =
    `${run.base}/api/records?communities=${encodeURIComponent(id)}&size=${PAGE_SIZE}&page=1`;
  const members = new Map<string, ZenodoRecord>();
  let whole = true;
  for (let page = 1; url && page <= MAX_PAGES; page++) {
    const itemId = `community ${id} page ${page}`;
    const res = await get(run, url);
    if (res.status !== 'ok') {
      const item = failedItem(itemId, res);
      run.items.push(item);
      return stopsRun(item.status) ? item : undefined;
    }
    const parsed = pageSchema.safeParse(res.json);
    if (!parsed.success) {
      run.items.push({ id: itemId, status: 'malformed', message: zodMessage(itemId, parsed.error) });
      return undefined;
    }
    run.items.push({ id: itemId, status: 'found' });
    for (const record of parsed.data.hits.hits)
      if (addRecord(run, record, `record ${record.id}`)) members.set(record.id, record);
      else whole = false;
    const next = parsed.data.links?.next;
    url =
      next && new URL(next, run.base).origin === origin && parsed.data.hits.hits.length > 0
        ? next
        : undefined;
  }
  // Sums over part of the community would read as a fall: kept only when every page and record was read.
  if (!whole || url) return undefined;
  const sum = (name: string) =>
    [...members.values()].reduce((n, r) => n + (countSchema.safeParse(r.stats[name]).data ?? 0), 0);
  run.rows.push(
    ...channelRows({
      today: run.ctx.today,
      channel: `${run.base}/communities/${id}`,
      kind: 'repository',
      values: {
        total_views: sum('views'),
        total_downloads: sum('downloads'),
        total_unique_views: sum('unique_views'),
        total_unique_downloads: sum('unique_downloads'),
      },
    }),
  );
  return undefined;
}

async function fetchZenodo(ctx: FetchContext<ZenodoSettings>): Promise<FetchOutcome> {
  const run: Run = {
    ctx,
    base: trimBase(ctx.settings.base_url ?? ctx.env.endpoints.zenodo),
    headers: ctx.secret ? { authorization: `Bearer ${ctx.secret}` } : {},
    secrets: ctx.secret ? [ctx.secret] : [],
    rows: [],
    items: [],
    seen: new Set(),
  };
  let stop = ctx.settings.community ? await community(run, ctx.settings.community) : undefined;
  const ids = [...new Set(ctx.settings.records.map(zenodoRecordId))];
  for (const [i, id] of ids.entries()) {
    if (stop) {
      run.items.push(...notAsked(ids.slice(i), stop));
      break;
    }
    if (run.seen.has(id)) {
      run.items.push({ id, status: 'found' });
      continue;
    }
    const res = await get(run, `${run.base}/api/records/${id}`);
    if (res.status !== 'ok') {
      const item = failedItem(id, res);
      run.items.push(item);
      if (stopsRun(item.status)) stop = item;
      continue;
    }
    const parsed = recordSchema.safeParse(res.json);
    if (!parsed.success)
      run.items.push({ id, status: 'malformed', message: zodMessage(`record ${id}`, parsed.error) });
    else if (addRecord(run, parsed.data, id)) run.items.push({ id, status: 'found' });
  }
  return finish({ source: 'zenodo', ctx, rows: run.rows, items: run.items });
}

export const zenodoAdapter: SourceAdapter<ZenodoSettings> = {
  id: 'zenodo',
  fields: zenodoFields,
  secretLabel: 'sources.zenodo.secret',
  settings: zenodoSettings,
  secret: 'optional',
  fetch: fetchZenodo,
};
