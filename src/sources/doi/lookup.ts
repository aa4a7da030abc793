/**
 * DOI lookup (issue 25 item 1): a list of DOIs → their metadata as CSL-JSON, asked of Crossref first and, when
 * Crossref does not know a DOI, of DataCite, both by content negotiation for CSL-JSON:
 * - Crossref: `GET {crossref}/works/{doi}/transform/application/vnd.citationstyles.csl+json` (the REST API's
 *   transform; "Citation style language (CSL): application/vnd.citationstyles.csl+json" in
 *   https://www.crossref.org/documentation/retrieve-metadata/content-negotiation/);
 * - DataCite: `GET {datacite}/dois/{doi}` with `Accept: application/vnd.citationstyles.csl+json` (the REST API
 *   answers a DOI in the format the Accept header names; https://support.datacite.org/docs/datacite-content-resolver).
 * Answers are kept (found: 30 days, not found: 1 day) through SourceHttp's cache. Each DOI gets a status: `found`
 * (with its registration agency), `not_found` (neither knows it), or the failure (network down, rate limited,
 * service error, unreadable answer) with when to try again. The found items make one CSL-JSON file for the file
 * importers (src/sources/import-path.ts, or an upload of the import pages): the same validation, duplicates,
 * container-DOI guard and title conflicts as a file.
 */
import type { CslItem } from '../../importers/csl';
import { cleanTitle } from '../../importers/title-text';
import { parseDoi } from './list';
import { RETRYABLE, type SourceResponse } from '../http';
import {
  outcomeStatus,
  type FetchedFile,
  type FetchedItem,
  type FetchOutcome,
  type SourceEnv,
} from '../types';

export { MAX_DOIS, isDoiList, parseDoi, parseDoiArray, parseDoiList, type DoiList } from './list';

export const CSL_JSON = 'application/vnd.citationstyles.csl+json';
/** How long answers are kept. */
export const FOUND_CACHE_MS = 30 * 24 * 60 * 60 * 1000;
export const NOT_FOUND_CACHE_MS = 24 * 60 * 60 * 1000;
export type Agency = 'crossref' | 'datacite';

export interface DoiItem extends FetchedItem {
  agency?: Agency;
  /** The found item's title (shown beside the DOI). */
  title?: string;
  retryAt?: Date;
}

export interface DoiLookup extends FetchOutcome {
  items: DoiItem[];
  /** The found items (what `file` holds). */
  found: CslItem[];
}

/** A DOI in a URL path: each part encoded, the slashes kept (`10.1000/a(b)` → `10.1000/a%28b%29`). */
const doiPath = (doi: string) => doi.split('/').map(encodeURIComponent).join('/');

/** The CSL fields the CSL importer reads (src/importers/csl.ts); the rest (references, abstracts, links) is dropped. */
const KEPT = [
  'type',
  'title',
  'author',
  'container-title',
  'collection-title',
  'event-title',
  'publisher',
  'volume',
  'issue',
  'page',
  'page-first',
  'issued',
  'event-date',
  'ISBN',
  'ISSN',
  'URL',
  'note',
] as const;

/**
 * A CSL answer as the importer's item: the fields it reads, the DOI (the one the agency answers with, else the one
 * asked for) also as its id, and the licence as text (Crossref gives `license` as a list of `{ URL }`, DataCite a
 * `copyright` text).
 */
export function cslOfAnswer(json: Record<string, unknown>, asked: string): CslItem {
  const item: Record<string, unknown> & CslItem = {};
  for (const key of KEPT)
    if (json[key] !== undefined && json[key] !== null) (item as Record<string, unknown>)[key] = json[key];
  const answered = typeof json.DOI === 'string' ? parseDoi(json.DOI) : undefined;
  const doi = answered ?? asked;
  item.id = doi;
  item.DOI = doi;
  const licences = Array.isArray(json.license)
    ? json.license
        .map((l) => (typeof l === 'object' && l !== null ? (l as { URL?: unknown }).URL : l))
        .filter((u): u is string => typeof u === 'string')
    : typeof json.license === 'string'
      ? [json.license]
      : [];
  const licence = licences.find((l) => /creativecommons/i.test(l)) ?? licences[0];
  if (licence) item.license = licence;
  else if (typeof json.copyright === 'string' && json.copyright.trim()) item.license = json.copyright.trim();
  return item;
}

/** The item's title as the importer will keep it (markup such as Crossref's `<i>` made plain). */
const titleOf = (item: CslItem): string | undefined => {
  const t = Array.isArray(item.title) ? item.title[0] : item.title;
  return typeof t === 'string' ? cleanTitle(t, 'html').title : undefined;
};

/** An answer's item, or the status it deserves (an ok answer that is no CSL object is `malformed`). */
function answerOf(res: SourceResponse, asked: string): { csl: CslItem } | { item: DoiItem } {
  if (typeof res.json !== 'object' || res.json === null || Array.isArray(res.json))
    return {
      item: { id: asked, status: 'malformed', message: `${res.url}: the answer is not a CSL-JSON item` },
    };
  return { csl: cslOfAnswer(res.json as Record<string, unknown>, asked) };
}

const failure = (doi: string, res: SourceResponse): DoiItem => ({
  id: doi,
  status: res.status === 'ok' ? 'malformed' : res.status,
  message: res.message,
  ...(res.retryAt && RETRYABLE.has(res.status) ? { retryAt: res.retryAt } : {}),
});

/** One DOI: Crossref, then DataCite on Crossref's 404. */
async function lookupOne(env: SourceEnv, doi: string): Promise<{ item: DoiItem; csl?: CslItem }> {
  const ask = (url: string) =>
    env.http.request({
      url,
      accept: CSL_JSON,
      parse: 'json',
      cacheMs: FOUND_CACHE_MS,
      notFoundCacheMs: NOT_FOUND_CACHE_MS,
    });
  for (const agency of ['crossref', 'datacite'] as const) {
    const url =
      agency === 'crossref'
        ? `${env.endpoints.crossref}/works/${doiPath(doi)}/transform/${CSL_JSON}`
        : `${env.endpoints.datacite}/dois/${doiPath(doi)}`;
    const res = await ask(url);
    if (res.status === 'not_found') continue;
    if (res.status !== 'ok') return { item: failure(doi, res) };
    const answer = answerOf(res, doi);
    if ('item' in answer) return answer;
    const { csl } = answer;
    const title = titleOf(csl);
    return { item: { id: doi, status: 'found', agency, ...(title ? { title } : {}) }, csl };
  }
  return {
    item: { id: doi, status: 'not_found', message: `${doi}: neither Crossref nor DataCite knows it` },
  };
}

export interface LookupOptions {
  /** Today (the clock's): the file's name. */
  today: string;
  /** Importer defaults for the file (the lead partner of items without one). */
  defaults?: Record<string, unknown>;
}

/** Looks every DOI up (one after another: the client keeps each host's rate) and makes the found ones a file. */
export async function lookupDois(
  env: SourceEnv,
  dois: readonly string[],
  opts: LookupOptions,
): Promise<DoiLookup> {
  const items: DoiItem[] = [];
  const found: CslItem[] = [];
  for (const doi of dois) {
    const { item, csl } = await lookupOne(env, doi);
    items.push(item);
    if (csl) found.push(csl);
  }
  const file: FetchedFile | undefined =
    found.length > 0
      ? {
          type: 'publication',
          format: 'csl-json',
          name: `doi-lookup-${opts.today}.json`,
          content: JSON.stringify(found, null, 2),
          ...(opts.defaults ? { options: { defaults: opts.defaults } } : {}),
        }
      : undefined;
  const failed = items.filter((i) => i.status !== 'found' && i.status !== 'not_found');
  const retryAt = failed
    .map((i) => i.retryAt)
    .filter((d): d is Date => d !== undefined)
    .sort((a, b) => b.getTime() - a.getTime())[0];
  const worst = failed.find((i) => RETRYABLE.has(i.status as never)) ?? failed[0];
  return {
    status: outcomeStatus(items, found.length > 0),
    items,
    found,
    ...(file ? { file } : {}),
    ...(worst && worst.status !== 'found' ? { errorCode: worst.status, message: worst.message } : {}),
    ...(retryAt ? { retryAt } : {}),
  };
}
