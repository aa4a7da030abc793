/**
 * Crossref and DataCite answers for the DOI lookup's tests, built from their documented CSL-JSON (citeproc-json)
 * shapes: Crossref's `/works/{doi}/transform/application/vnd.citationstyles.csl+json` answers the work's CSL item
 * with Crossref's extra fields (`reference-count`, `license` as `[{ URL, start, content-version }]`, `link`,
 * `source`, `score`…; https://www.crossref.org/documentation/retrieve-metadata/content-negotiation/); DataCite's
 * `/dois/{doi}` with `Accept: application/vnd.citationstyles.csl+json` answers `{ type, id (the DOI URL), author,
 * issued, DOI, publisher, title, URL, copyright, version, abstract }`
 * (https://support.datacite.org/docs/datacite-content-resolver). Not-found answers are the services' 404s
 * (Crossref: the text "Resource not found."; DataCite: a JSON:API error object).
 */
import type { FakeService, Recording } from '../../testing/fake-service';

export const CSL = 'application/vnd.citationstyles.csl+json';

/** A journal article as Crossref's content negotiation answers it. */
export function crossrefArticle(doi: string, title: string, o: { affiliation?: string } = {}): Recording {
  return {
    headers: { 'content-type': `${CSL}; charset=utf-8` },
    body: {
      indexed: {
        'date-parts': [[2026, 11, 30]],
        'date-time': '2026-11-30T04:12:33Z',
        timestamp: 1796011953000,
      },
      'reference-count': 42,
      publisher: 'Elsevier BV',
      license: [
        {
          start: {
            'date-parts': [[2025, 1, 1]],
            'date-time': '2025-01-01T00:00:00Z',
            timestamp: 1735689600000,
          },
          'content-version': 'vor',
          'delay-in-days': 0,
          URL: 'http://creativecommons.org/licenses/by/4.0/',
        },
      ],
      'content-domain': { domain: ['elsevier.com'], 'crossmark-restriction': true },
      'short-container-title': ['Ocean Eng.'],
      DOI: doi.toUpperCase(),
      type: 'article-journal',
      created: {
        'date-parts': [[2025, 2, 3]],
        'date-time': '2025-02-03T10:00:00Z',
        timestamp: 1738576800000,
      },
      page: '118–131',
      source: 'Crossref',
      'is-referenced-by-count': 3,
      title,
      prefix: doi.split('/')[0],
      volume: '311',
      author: [
        {
          given: 'Ana',
          family: 'Silva',
          sequence: 'first',
          affiliation: o.affiliation ? [{ name: o.affiliation }] : [],
        },
        { given: 'Kenji', family: 'Sato', sequence: 'additional', affiliation: [] },
      ],
      member: '78',
      reference: [{ key: 'ref1', 'doi-asserted-by': 'publisher', DOI: '10.1000/cited' }],
      'container-title': 'Ocean Engineering',
      'original-title': [],
      language: 'en',
      link: [{ URL: 'https://api.elsevier.com/content/article/PII:S0029', 'content-type': 'text/xml' }],
      deposited: { 'date-parts': [[2025, 2, 4]] },
      score: 1,
      resource: { primary: { URL: 'https://linkinghub.elsevier.com/retrieve/pii/S0029' } },
      subtitle: [],
      'short-title': [],
      issued: { 'date-parts': [[2025, 3, 15]] },
      'references-count': 42,
      'alternative-id': ['S0029801825000123'],
      URL: `https://doi.org/${doi}`,
      relation: {},
      ISSN: ['0029-8018'],
      'issn-type': [{ type: 'print', value: '0029-8018' }],
      subject: [],
      'container-title-short': 'Ocean Eng.',
      published: { 'date-parts': [[2025, 3, 15]] },
    },
  };
}

/** A dataset as DataCite's content negotiation answers it. */
export function dataciteDataset(doi: string, title: string): Recording {
  return {
    headers: { 'content-type': `${CSL}; charset=utf-8` },
    body: {
      type: 'dataset',
      id: `https://doi.org/${doi}`,
      categories: ['Oceanography'],
      language: 'en',
      author: [{ family: 'Silva', given: 'Ana' }, { literal: 'Tide-X Consortium' }],
      issued: { 'date-parts': [[2024, 6]] },
      abstract: 'Sensor readings of the pilot harbours, 2023–2024.',
      DOI: doi,
      publisher: 'Zenodo',
      title,
      URL: `https://zenodo.org/records/${doi.split('.').at(-1)}`,
      copyright: 'Creative Commons Attribution 4.0 International',
      version: '1.2',
    },
  };
}

export const crossrefNotFound: Recording = { status: 404, body: 'Resource not found.' };
export const dataciteNotFound: Recording = {
  status: 404,
  body: { errors: [{ status: '404', title: 'The resource you are looking for doesn\u2019t exist.' }] },
};

/** Routes of one DOI on the fake (Crossref's transform and DataCite's `/dois/`). */
export const crossrefPath = (doi: string) => `/works/${doi}/transform/${CSL}`;
export const datacitePath = (doi: string) => `/dois/${doi}`;

/** Crossref answers `found` DOIs, DataCite `datasets`; everything else is a 404 on both. */
export function serveDois(
  fake: FakeService,
  o: { crossref?: Record<string, string>; datacite?: Record<string, string> },
): void {
  fake.on('GET', /^\/works\/.+\/transform\//, (req) => {
    const doi = req.path
      .replace(/^\/works\//, '')
      .replace(/\/transform\/.*$/, '')
      .toLowerCase();
    const title = o.crossref?.[doi];
    return title ? crossrefArticle(doi, title) : crossrefNotFound;
  });
  fake.on('GET', /^\/dois\//, (req) => {
    const doi = req.path.replace(/^\/dois\//, '').toLowerCase();
    const title = o.datacite?.[doi];
    return title ? dataciteDataset(doi, title) : dataciteNotFound;
  });
}
