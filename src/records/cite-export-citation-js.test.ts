/**
 * Done-when of issue 19: the BibTeX, RIS and CSL-JSON exports parsed by @citation-js (plugin-bibtex, plugin-ris,
 * plugin-csl) give the same publications — DOI, title, authors, year, licence, open-access route and every grant's
 * funding reference — as the records they were written from, in all three formats alike.
 */
import core from '@citation-js/core';
import '@citation-js/plugin-bibtex';
import '@citation-js/plugin-csl';
import '@citation-js/plugin-ris';
import { describe, expect, it } from 'vitest';
import type { Grant } from '../plan/schema';
import { citeText, fundingSentence, type CiteFormat, type PublicationRecord } from './cite-export';

const GRANTS: Grant[] = [
  {
    funder: 'EC',
    programme: 'H2020',
    number: '814917',
    label: "European Union's Horizon 2020 research and innovation programme",
  },
  { funder: 'NICT', programme: 'Commissioned Research', number: '19501' },
];

const base = { lead_partner: 'P1', partners: [], peer_reviewed: true, acknowledges_grant: true };

const PUBLICATIONS: PublicationRecord[] = [
  {
    ...base,
    id: 'p1',
    type: 'journal_article',
    title: 'Sécurité des objets connectés: {braces}, 100% & $x_1^2$ #tag ~ back\\slash',
    authors: [{ name: 'Müller, Jürgen' }, { name: 'van der Berg, Anna' }],
    venue: 'IEEE Access',
    year: 2020,
    date: '2020-03-14',
    date_precision: 'day',
    doi: '10.1109/access.2020.2980001',
    open_access: 'hybrid',
    licence: 'CC-BY-4.0',
  },
  {
    ...base,
    id: 'p2',
    type: 'conference_paper',
    title: 'スマートシティにおけるIoTセキュリティの検証',
    authors: [{ name: '田中, 太郎' }, { name: 'Dupont, Élodie' }],
    venue: 'Proceedings of the 2021 IEEE World Forum on Internet of Things',
    year: 2021,
    date: '2021-06-01',
    date_precision: 'month',
    doi: '10.1109/wf-iot51360.2021.9595002',
    open_access: 'green',
    licence: 'CC0-1.0',
    repository_url: 'https://zenodo.org/records/5000001',
  },
  {
    ...base,
    id: 'p3',
    type: 'book_chapter',
    title: 'Data markets "with quotes"',
    authors: [{ name: 'Smith, John' }],
    venue: 'Handbook of Smart Cities',
    year: 2022,
    doi: '10.1007/978-3-030-15145-4_1',
    open_access: 'closed',
  },
];

interface Compared {
  doi: string;
  title: string;
  authors: string[];
  year: number;
  licence: string | null;
  openAccess: string | null;
  funding: string[];
}

/** A citation-js (CSL) item in the compared fields; licence, route and funding come from its fields or notes. */
function compared(item: Record<string, unknown>): Compared {
  const note = ([] as unknown[]).concat(item.note ?? []).join('\n');
  const licence =
    (item.license as string | undefined) ?? /Licence: (\S+?)(?:\.\s|\n|$)/.exec(note)?.[1] ?? null;
  return {
    doi: String(item.DOI).toLowerCase(),
    title: String(item.title),
    authors: (item.author as { family?: string; given?: string; literal?: string }[]).map(
      (a) => a.literal ?? `${a.family}, ${a.given}`,
    ),
    year: (item.issued as { 'date-parts': number[][] })['date-parts'][0]![0]!,
    licence,
    openAccess: /Open access: (\w+)/.exec(note)?.[1] ?? null,
    funding: GRANTS.map(fundingSentence).filter((sentence) => note.includes(sentence)),
  };
}

const expected: Compared[] = PUBLICATIONS.map((p) => ({
  doi: p.doi!,
  title: p.title,
  authors: p.authors.map((a) => a.name),
  year: p.year,
  licence: p.licence ?? null,
  openAccess: p.open_access,
  funding: GRANTS.map(fundingSentence),
}));

const parse = (input: string): Record<string, unknown>[] => {
  try {
    return core.plugins.input.chain(input, { generateGraph: false }) as Record<string, unknown>[];
  } finally {
    core.logger._log.length = 0;
  }
};

describe('citation exports read back by @citation-js', () => {
  for (const format of ['bibtex', 'ris', 'csl'] as CiteFormat[])
    it(`${format}: DOI, title, authors, year, licence, open access and funding as recorded`, () => {
      const items = parse(citeText(format, PUBLICATIONS, GRANTS));
      expect(items.map(compared)).toEqual(expected);
    });

  it('the three formats give the same publications', () => {
    const [bib, ris, csl] = (['bibtex', 'ris', 'csl'] as const).map((f) =>
      parse(citeText(f, PUBLICATIONS, GRANTS)).map(compared),
    );
    expect(bib).toEqual(csl);
    expect(ris).toEqual(csl);
  });
});
