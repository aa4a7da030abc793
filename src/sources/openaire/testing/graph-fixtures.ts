/**
 * Recorded-style answers of the OpenAIRE Graph API v1 for tests (no test touches the internet), built from the
 * documented format: https://graph.openaire.eu/docs/apis/graph-api/searching-entities (the `{ header: { numFound,
 * maxScore, queryTime, pageSize, nextCursor }, results }` envelope), .../sorting-and-paging (`cursor=*`, then
 * `header.nextCursor`), .../filtering-search-results (relProjectCode, relProjectFundingShortName, pid) and the
 * research product data model (https://graph.openaire.eu/docs/data-model/entities/research-product).
 */
import type { FakeService, Recording } from '../../testing/fake-service';

export interface ProductSpec {
  n: number;
  title?: string;
  doi?: string | null;
  type?: string;
  date?: string;
}

/** A research product as the Graph API answers it (only some of its many fields). */
export function product(s: ProductSpec): Record<string, unknown> {
  const doi = s.doi === undefined ? `10.5281/tide.${s.n}` : s.doi;
  return {
    id: `doi_dedup___::${String(s.n).padStart(32, '0')}`,
    originalIds: [`50|doi_dedup___::${s.n}`],
    type: s.type ?? 'publication',
    mainTitle: s.title ?? `Tidal result number ${s.n}`,
    description: ['An abstract.'],
    publicationDate: s.date ?? '2025-03-14',
    publisher: 'Ocean Press',
    language: { code: 'eng', label: 'English' },
    authors: [
      {
        fullName: 'Ana Silva',
        name: 'Ana',
        surname: 'Silva',
        rank: 2,
        pid: { id: { scheme: 'orcid', value: '0000-0002-1825-0097' }, provenance: null },
      },
      { fullName: 'Kenji Tanaka', name: 'Kenji', surname: 'Tanaka', rank: 1, pid: null },
    ],
    pids: doi ? [{ scheme: 'doi', value: doi.toUpperCase() }] : [],
    container: {
      name: 'Journal of Tides',
      vol: '12',
      iss: '3',
      sp: '101',
      ep: '110',
      issnPrinted: '0960-1481',
      issnOnline: '1234-5678',
    },
    bestAccessRight: {
      code: 'c_abf2',
      label: 'OPEN',
      scheme: 'http://vocabularies.coar-repositories.org/documentation/access_rights/',
    },
    instances: [
      {
        type: 'Article',
        license: 'CC-BY-4.0',
        urls: [`https://zenodo.org/records/${s.n}`],
        accessRight: { code: 'c_abf2', label: 'OPEN', openAccessRoute: 'gold' },
        publicationDate: s.date ?? '2025-03-14',
        refereed: 'peerReviewed',
      },
    ],
  };
}

/** A search answer: the header (with nextCursor when more pages follow) and the products. */
export function searchPage(
  results: unknown[],
  o: { numFound?: number; nextCursor?: string } = {},
): Recording {
  return {
    body: {
      header: {
        numFound: o.numFound ?? results.length,
        maxScore: 1,
        queryTime: 12,
        pageSize: 100,
        ...(o.nextCursor ? { nextCursor: o.nextCursor } : {}),
      },
      results,
    },
  };
}

export const PRODUCTS_PATH = '/v1/researchProducts';

/**
 * Serves a grant's products in pages of `perPage` through cursors (`*` → `c2` → `c3` …), and the pid lookup: a DOI
 * among `known` answers that product, any other an empty result.
 */
export function serveGraph(
  fake: FakeService,
  o: {
    grant: string;
    products: Record<string, unknown>[];
    perPage?: number;
    known?: Record<string, unknown>[];
  },
): void {
  const perPage = o.perPage ?? 100;
  fake.on('GET', PRODUCTS_PATH, (req) => {
    const pid = req.query.get('pid');
    if (pid !== null) {
      const hit = (o.known ?? []).filter((p) =>
        (p.pids as { value: string }[]).some((x) => x.value.toLowerCase() === pid.toLowerCase()),
      );
      return searchPage(hit);
    }
    if (req.query.get('relProjectCode') !== o.grant) return searchPage([]);
    const cursor = req.query.get('cursor') ?? '*';
    const index = cursor === '*' ? 0 : Number(cursor.slice(1)) - 1;
    const slice = o.products.slice(index * perPage, (index + 1) * perPage);
    const more = (index + 1) * perPage < o.products.length;
    return searchPage(slice, {
      numFound: o.products.length,
      ...(more ? { nextCursor: `c${index + 2}` } : {}),
    });
  });
}
