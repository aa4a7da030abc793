/**
 * The OpenAIRE Graph API v1, as documented at https://graph.openaire.eu/docs/apis/graph-api/ (searching entities,
 * filtering search results, sorting and paging):
 * - `GET {base}/v1/researchProducts?relProjectCode=<grant>&relProjectFundingShortName=<funder>&pageSize=100&cursor=*`
 *   lists the research products linked to a project's grant; the answer is `{ header: { numFound, pageSize,
 *   nextCursor }, results: [ResearchProduct] }` and the next page is asked with `cursor=<header.nextCursor>` until
 *   no cursor comes back (cursor paging: the offset paging and the old search API stop at 10,000 results);
 * - `GET {base}/v1/researchProducts?pid=<doi>` finds a product by its persistent identifier.
 * Only the fields Herald maps are read (research product data model: id, type, mainTitle, publicationDate,
 * publisher, pids[{scheme,value}], authors[{fullName,name,surname,rank}], container{name,vol,iss,sp,ep},
 * bestAccessRight{label}, instances[{type,license,urls,accessRight{openAccessRoute}}]); the rest is ignored.
 */
import { z } from 'zod';
import type { SourceResponse } from '../http';
import type { SourceEnv } from '../types';

/** The largest page the API serves. */
export const PAGE_SIZE = 100;
/** Pages cached for a few hours: a retry after a failure mid-way does not ask again for the pages it has. */
export const PAGE_CACHE_MS = 3 * 60 * 60 * 1000;
/** Guard against a cursor that never ends (100 products a page: 50,000 products). */
export const MAX_PAGES = 500;

const text = z.string().trim().min(1).max(4000);
const loose = <T extends z.ZodRawShape>(shape: T) => z.looseObject(shape);

export const graphAuthor = loose({
  fullName: z.string().max(1000).nullish(),
  name: z.string().max(500).nullish(),
  surname: z.string().max(500).nullish(),
  rank: z.number().int().nullish(),
});

export const graphProduct = loose({
  id: text,
  type: z.string().max(40).nullish(),
  mainTitle: z.string().max(4000).nullish(),
  publicationDate: z.string().max(40).nullish(),
  publisher: z.string().max(1000).nullish(),
  pids: z.array(loose({ scheme: z.string().max(100), value: z.string().max(1000) })).nullish(),
  authors: z.array(graphAuthor).nullish(),
  container: loose({
    name: z.string().max(1000).nullish(),
    vol: z.string().max(100).nullish(),
    iss: z.string().max(100).nullish(),
    sp: z.string().max(100).nullish(),
    ep: z.string().max(100).nullish(),
    issnPrinted: z.string().max(40).nullish(),
    issnOnline: z.string().max(40).nullish(),
  }).nullish(),
  bestAccessRight: loose({ code: z.string().nullish(), label: z.string().nullish() }).nullish(),
  instances: z
    .array(
      loose({
        type: z.string().max(200).nullish(),
        license: z.string().max(1000).nullish(),
        urls: z.array(z.string().max(2000)).nullish(),
        accessRight: loose({ label: z.string().nullish(), openAccessRoute: z.string().nullish() }).nullish(),
      }),
    )
    .nullish(),
});
export type GraphProduct = z.infer<typeof graphProduct>;

const graphPage = z.looseObject({
  header: z.looseObject({
    numFound: z.number().int().nonnegative().nullish(),
    nextCursor: z.string().max(10_000).nullish(),
  }),
  // Each product is checked on its own (a broken one is left out and counted, not the whole page).
  results: z.array(z.unknown()).nullish(),
});

export interface GraphPage {
  numFound: number;
  nextCursor?: string;
  products: GraphProduct[];
  /** Products left out: no id, or fields of the wrong kind. */
  unreadable: number;
}

/** A page of products, or the answer that was not one. */
export type PageAnswer = { ok: true; page: GraphPage } | { ok: false; response: SourceResponse };

export function productsUrl(base: string, query: Record<string, string>): string {
  return `${base}/v1/researchProducts?${new URLSearchParams(query).toString()}`;
}

/** Reads a search answer: `malformed` when it is not the documented shape. */
export function readPage(res: SourceResponse): PageAnswer {
  if (res.status !== 'ok') return { ok: false, response: res };
  const parsed = graphPage.safeParse(res.json);
  if (!parsed.success)
    return {
      ok: false,
      response: { ...res, status: 'malformed', message: `unexpected answer from ${res.url}: no header` },
    };
  const products: GraphProduct[] = [];
  let unreadable = 0;
  for (const r of parsed.data.results ?? []) {
    const p = graphProduct.safeParse(r);
    if (p.success) products.push(p.data);
    else unreadable++;
  }
  const next = parsed.data.header.nextCursor?.trim();
  return {
    ok: true,
    page: {
      numFound: parsed.data.header.numFound ?? products.length,
      ...(next ? { nextCursor: next } : {}),
      products,
      unreadable,
    },
  };
}

/** One page of a grant's products (`cursor` `*` for the first). */
export async function grantPage(
  env: SourceEnv,
  o: { grant: string; funder?: string; cursor: string },
): Promise<PageAnswer> {
  const url = productsUrl(env.endpoints.openaire, {
    relProjectCode: o.grant,
    ...(o.funder ? { relProjectFundingShortName: o.funder } : {}),
    pageSize: String(PAGE_SIZE),
    cursor: o.cursor,
  });
  return readPage(await env.http.getJson(url, { cacheMs: PAGE_CACHE_MS }));
}

/** The products OpenAIRE has under a DOI (normally one, after its deduplication). */
export async function productsByDoi(env: SourceEnv, doi: string): Promise<PageAnswer> {
  const url = productsUrl(env.endpoints.openaire, { pid: doi, pageSize: '10' });
  return readPage(await env.http.getJson(url, { cacheMs: PAGE_CACHE_MS }));
}
