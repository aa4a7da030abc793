/** OpenAIRE research product → CSL-JSON item and inbox fields, and the item read back by the CSL importer. */
import { describe, expect, it } from 'vitest';
import { cslToPublication } from '../../importers/csl';
import { graphProduct } from './graph';
import { productDoi, productToCsl, productToInbox } from './map';
import { product } from './testing/graph-fixtures';

const parse = (p: Record<string, unknown>) => graphProduct.parse(p);

describe('productToCsl', () => {
  it('reads back through the CSL importer as a publication with its venue, date, DOI, licence and route', () => {
    const pub = cslToPublication(productToCsl(parse(product({ n: 7 }))));
    expect(pub).toMatchObject({
      type: 'journal_article',
      title: 'Tidal result number 7',
      authors: [{ name: 'Tanaka, Kenji' }, { name: 'Silva, Ana' }],
      venue: 'Journal of Tides',
      year: 2025,
      date: '2025-03-14',
      doi: '10.5281/tide.7',
      issn: '0960-1481',
      licence: 'CC-BY-4.0',
      open_access: 'gold',
    });
  });

  it('maps types, a closed product, a product without DOI (its repository URL) and literal names', () => {
    const base = product({ n: 8, doi: null, type: 'software', date: '2024' });
    const item = productToCsl(
      parse({
        ...base,
        authors: [{ fullName: 'Tide-X Consortium', rank: 1 }],
        bestAccessRight: { code: 'c_14cb', label: 'CLOSED' },
        instances: [{ type: 'Software', urls: ['ftp://x', 'https://zenodo.org/records/8'] }],
        container: { name: 'x', issnPrinted: '1234-5678' },
      }),
    );
    expect(item).toMatchObject({
      type: 'software',
      author: [{ literal: 'Tide-X Consortium' }],
      issued: { 'date-parts': [[2024]] },
      URL: 'https://zenodo.org/records/8',
      note: 'Open access: closed',
    });
    expect(item.DOI).toBeUndefined();
    expect(item.ISSN).toBeUndefined();
    const conf = productToCsl(
      parse({ ...base, type: 'publication', instances: [{ type: 'Conference object' }] }),
    );
    expect(conf.type).toBe('paper-conference');
  });
});

describe('productToInbox', () => {
  it('keeps the lower-case DOI, the type (unknown → other) and the date; no title → nothing', () => {
    expect(productDoi(parse(product({ n: 1, doi: 'https://doi.org/10.1000/ABC' })))).toBe('10.1000/abc');
    expect(productDoi(parse(product({ n: 1, doi: 'not a doi' })))).toBeUndefined();
    expect(
      productToInbox(parse(product({ n: 9, type: 'thing', date: '2025-06-01T00:00:00Z' }))),
    ).toMatchObject({
      externalId: 'doi_dedup___::00000000000000000000000000000009',
      doi: '10.5281/tide.9',
      productType: 'other',
      publishedOn: '2025-06-01',
    });
    expect(productToInbox(parse(product({ n: 10, title: '   ' })))).toBeUndefined();
  });
});
