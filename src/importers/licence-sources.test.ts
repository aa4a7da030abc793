/** The licence a publication source gives is imported, normalised: Crossref, CSL-JSON, BibTeX, CSV (RIS has no tag). */
import { afterAll, describe, expect, it } from 'vitest';
import { validationContext } from '../../test/factories/records';
import { importAll, tempDir } from './testing';

const dir = tempDir();
afterAll(() => dir.cleanup());
const ctx = validationContext();
const lead = { defaults: { lead_partner: 'UNIA' } };

const licences = async (path: string) => {
  const { rows } = await importAll(path, 'publication', ctx, lead);
  expect(rows.flatMap((r) => r.errors)).toEqual([]);
  return rows.map((r) => r.value?.licence);
};

describe('imported licences', () => {
  it('Crossref: license[].URL, the article’s own licence before a text-and-data-mining one', async () => {
    const work = (license: unknown[]) => ({
      type: 'journal-article',
      title: ['T'],
      DOI: `10.1234/x${license.length}`,
      author: [{ family: 'Doe', given: 'Jane' }],
      'container-title': ['J'],
      issued: { 'date-parts': [[2024, 5, 1]] },
      license,
    });
    const file = dir.write(
      'works.json',
      JSON.stringify({
        status: 'ok',
        'message-type': 'work-list',
        message: {
          items: [
            work([
              { URL: 'https://www.elsevier.com/tdm/userlicense/1.0/', 'content-version': 'tdm' },
              { URL: 'http://creativecommons.org/licenses/by/4.0/', 'content-version': 'vor' },
            ]),
            work([]),
            work([
              { URL: 'https://www.elsevier.com/tdm/userlicense/1.0/', 'content-version': 'tdm' },
              { URL: 'https://www.elsevier.com/tdm/userlicense/1.0/', 'content-version': 'tdm' },
              { URL: 'https://doi.org/10.15223/policy-029', 'content-version': 'vor' },
            ]),
          ],
        },
      }),
    );
    expect(await licences(file)).toEqual(['CC-BY-4.0', undefined, 'https://doi.org/10.15223/policy-029']);
  });

  it('CSL-JSON: license', async () => {
    const file = dir.write(
      'items.json',
      JSON.stringify([
        {
          id: 'a',
          type: 'article-journal',
          title: 'T',
          author: [{ family: 'Doe', given: 'Jane' }],
          'container-title': 'J',
          issued: { 'date-parts': [[2024]] },
          license: 'CC BY 4.0',
        },
      ]),
    );
    expect(await licences(file)).toEqual(['CC-BY-4.0']);
  });

  it('BibTeX: license (or licence, copyright)', async () => {
    const file = dir.write(
      'refs.bib',
      '@article{a, author = {Doe, Jane}, title = {T}, journal = {J}, year = 2024,\n' +
        '  license = {https://creativecommons.org/licenses/by-sa/4.0/}}\n' +
        '@article{b, author = {Doe, Jane}, title = {U}, journal = {J}, year = 2024, licence = {CC0}}\n' +
        '@article{c, author = {Doe, Jane}, title = {V}, journal = {J}, year = 2024}\n',
    );
    expect(await licences(file)).toEqual(['CC-BY-SA-4.0', 'CC0-1.0', undefined]);
  });

  it('CSV: a License column, normalised; a value that is no licence is a located error', async () => {
    const head = 'type,title,authors,venue,year,peer_reviewed,open_access,License\n';
    const ok = dir.write(
      'pubs.csv',
      `${head}journal_article,T,"Doe, Jane",J,2024,yes,gold,https://creativecommons.org/licenses/by/4.0/\n`,
    );
    expect(await licences(ok)).toEqual(['CC-BY-4.0']);
    const bad = dir.write(
      'bad.csv',
      `${head}journal_article,T,"Doe, Jane",J,2024,yes,gold,all rights reserved\n`,
    );
    const { rows } = await importAll(bad, 'publication', ctx, lead);
    expect(rows[0]?.errors).toMatchObject([
      { column: 'License', message: expect.stringContaining('"all rights reserved" is not a licence') },
    ]);
  });
});
