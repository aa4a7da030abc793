/** Round trips of the citation exports: export, then read back by Herald's importers and by @citation-js. */
import core from '@citation-js/core';
import '@citation-js/plugin-ris';
import { describe, expect, it } from 'vitest';
import { bibtexRows } from '../importers/bibtex';
import { cslItems, cslRow } from '../importers/csl';
import { risRows } from '../importers/ris';
import type { CandidateRow } from '../importers/types';
import type { Grant } from '../plan/schema';
import {
  citeText,
  escapeBibtex,
  fundingSentence,
  type CiteFormat,
  type PublicationRecord,
} from './cite-export';

const GRANTS: Grant[] = [
  {
    funder: 'EC',
    programme: 'H2020',
    number: '814917',
    label: "European Union's Horizon 2020 research and innovation programme",
  },
  { funder: 'NICT', programme: 'Commissioned Research', number: '19501' },
];

const base = {
  lead_partner: 'P1',
  partners: [],
  peer_reviewed: true,
  acknowledges_grant: true,
  open_access: 'unknown' as const,
};

const PUBLICATIONS: PublicationRecord[] = [
  {
    ...base,
    id: 'p1',
    type: 'journal_article',
    title: 'Sécurité des objets connectés: {braces}, 100% & $x_1^2$ #tag ~ back\\slash',
    authors: [{ name: 'Müller, Jürgen' }, { name: 'van der Berg, Anna' }, { name: 'Ñúñez, José María' }],
    venue: 'IEEE Access',
    publisher: 'IEEE',
    volume: '8',
    issue: '3',
    pages: '120-135',
    year: 2020,
    date: '2020-03-14',
    date_precision: 'day',
    doi: '10.1109/access.2020.2980001',
    issn: '2169-3536',
    open_access: 'hybrid',
    licence: 'CC-BY-4.0',
    url: 'https://ieeexplore.ieee.org/document/9035001',
  },
  {
    ...base,
    id: 'p2',
    source_key: 'tanaka2021',
    type: 'conference_paper',
    title: 'スマートシティにおけるIoTセキュリティの検証',
    authors: [{ name: '田中, 太郎' }, { name: 'Dupont, Élodie' }],
    venue: 'Proceedings of the 2021 IEEE World Forum on Internet of Things',
    year: 2021,
    date: '2021-06-01',
    date_precision: 'month',
    doi: '10.1109/wf-iot51360.2021.9595002',
    open_access: 'green',
    repository_url: 'https://zenodo.org/records/5000001',
  },
  {
    ...base,
    id: 'p3',
    type: 'book_chapter',
    title: 'Data markets "with quotes" and a line',
    authors: [{ name: 'Smith, John' }],
    venue: 'Handbook of Smart Cities',
    publisher: 'Springer',
    year: 2022,
    date: '2022-01-01',
    date_precision: 'year',
    doi: '10.1007/978-3-030-15145-4_1',
    isbn: '9783030151454',
    open_access: 'closed',
  },
];

/** The fields a round trip keeps. */
function essentials(input: Record<string, unknown>) {
  const pick = (k: string) => (input[k] === undefined ? {} : { [k]: input[k] });
  return {
    ...pick('type'),
    ...pick('title'),
    authors: ((input.authors ?? []) as { name: string }[]).map((a) => a.name),
    ...pick('venue'),
    ...pick('year'),
    ...pick('date'),
    ...pick('date_precision'),
    ...pick('doi'),
  };
}

const expected = PUBLICATIONS.map((p) => ({
  type: p.type,
  title: p.title,
  authors: p.authors.map((a) => a.name),
  venue: p.venue,
  year: p.year,
  date: p.date,
  date_precision: p.date_precision,
  doi: p.doi,
}));

const text = (format: CiteFormat) => citeText(format, PUBLICATIONS, GRANTS);

function inputs(rows: CandidateRow[]): Record<string, unknown>[] {
  for (const row of rows) expect(row.errors).toEqual([]);
  return rows.map((r) => r.input);
}

describe('citation exports read back by Herald', () => {
  it('CSL-JSON round-trips, with licence and route evidence', () => {
    const items = cslItems(JSON.parse(text('csl'))) ?? [];
    const back = inputs(items.map((item, i) => cslRow(item, { row: i + 1 }, {})));
    expect(back.map(essentials)).toEqual(expected);
    expect(back.map((b) => b.open_access)).toEqual(['hybrid', 'green', 'closed']);
    expect(back[0]).toMatchObject({ licence: 'CC-BY-4.0', issn: '2169-3536' });
    expect(back[1]).toMatchObject({
      open_access: 'green',
      repository_url: 'https://zenodo.org/records/5000001',
      source_key: 'tanaka2021',
    });
    expect(back[2]).toMatchObject({ isbn: '9783030151454', publisher: 'Springer' });
  });

  it('BibTeX round-trips, special characters and the open-access route included', () => {
    const back = inputs(bibtexRows(text('bibtex')).rows);
    expect(back.map(essentials)).toEqual(expected);
    expect(back.map((b) => b.open_access)).toEqual(['hybrid', 'green', 'closed']);
    expect(back[0]).toMatchObject({ licence: 'CC-BY-4.0', pages: '120-135', volume: '8', issue: '3' });
    expect(back[1]).toMatchObject({
      repository_url: 'https://zenodo.org/records/5000001',
      source_key: 'tanaka2021',
    });
  });

  it('RIS round-trips, route, licence and repository copy included', () => {
    const back = inputs(risRows(text('ris')));
    expect(back.map(essentials)).toEqual(expected);
    expect(back.map((b) => b.open_access)).toEqual(['hybrid', 'green', 'closed']);
    expect(back[0]).toMatchObject({ licence: 'CC-BY-4.0' });
    expect(back[1]).toMatchObject({
      open_access: 'green',
      repository_url: 'https://zenodo.org/records/5000001',
    });
    expect(back[0]).toMatchObject({ pages: '120-135', volume: '8', issue: '3' });
    // citation-js maps RIS `PB` for chapters, not for journal articles.
    expect(back[2]).toMatchObject({ publisher: 'Springer', isbn: '9783030151454' });
  });
});

describe('citation exports carry the funding reference', () => {
  it('names each grant in every format', () => {
    const sentence = fundingSentence(GRANTS[0]!);
    expect(sentence).toBe(
      "This project has received funding from European Union's Horizon 2020 research and innovation programme under grant agreement No 814917",
    );
    expect(fundingSentence(GRANTS[1]!)).toBe(
      'This project has received funding from NICT Commissioned Research under grant agreement No 19501',
    );
    const csl = JSON.parse(text('csl')) as { note: string }[];
    expect(csl[0]!.note.split('\n')).toEqual([
      'Open access: hybrid',
      'Licence: CC-BY-4.0',
      sentence,
      fundingSentence(GRANTS[1]!),
    ]);
    expect(text('ris')).toContain(`N1  - ${sentence}\r\n`);
    expect(text('ris')).toContain('N1  - Open access: green\r\n');
    expect(text('bibtex')).toContain(`${escapeBibtex(sentence)}`);
  });
});

describe('citation exports read back by @citation-js', () => {
  const parse = (input: string) => {
    try {
      return core.plugins.input.chain(input, { generateGraph: false }) as Record<string, unknown>[];
    } finally {
      core.logger._log.length = 0;
    }
  };

  it('CSL-JSON and RIS give the same titles, authors, DOIs and dates', () => {
    for (const format of ['csl', 'ris'] as const) {
      const items = parse(text(format));
      expect(items.map((i) => i.title)).toEqual(PUBLICATIONS.map((p) => p.title));
      expect(items.map((i) => String(i.DOI).toLowerCase())).toEqual(PUBLICATIONS.map((p) => p.doi));
      expect(items.map((i) => (i.author as { family?: string }[]).map((a) => a.family))).toEqual([
        ['Müller', 'van der Berg', 'Ñúñez'],
        ['田中', 'Dupont'],
        ['Smith'],
      ]);
      expect(items.map((i) => (i.issued as { 'date-parts': number[][] })['date-parts'][0])).toEqual([
        [2020, 3, 14],
        [2021, 6],
        [2022],
      ]);
    }
  });
});

describe('citation exports of every type, organisations as authors and repeated keys', () => {
  const more: PublicationRecord[] = [
    {
      ...base,
      id: 'q1',
      source_key: 'same',
      type: 'book',
      title: 'A book',
      authors: [{ name: 'Smith and Sons Ltd' }, { name: 'Lee, Kim' }],
      publisher: 'Springer',
      year: 2023,
    },
    {
      ...base,
      id: 'q2',
      source_key: 'SAME',
      type: 'thesis',
      title: 'A thesis',
      authors: [{ name: 'Kowalski, Jan' }, { name: 'King, Martin Luther, Jr.' }],
      publisher: 'Université Paris-Saclay',
      year: 2024,
    },
    {
      ...base,
      id: 'q3',
      source_key: 'same',
      type: 'other',
      title: 'A white paper',
      authors: [{ name: 'Lee, Kim' }],
      year: 2022,
    },
  ];
  const back = (format: CiteFormat): Record<string, unknown>[] => {
    const out = citeText(format, more, GRANTS);
    if (format === 'csl')
      return inputs((cslItems(JSON.parse(out)) ?? []).map((item, i) => cslRow(item, { row: i + 1 }, {})));
    return inputs(format === 'bibtex' ? bibtexRows(out).rows : risRows(out));
  };

  for (const format of ['csl', 'bibtex', 'ris'] as const)
    it(`${format}: types, names and distinct keys survive`, () => {
      const rows = back(format);
      expect(rows.map((r) => r.type)).toEqual(['book', 'thesis', 'other']);
      expect(rows.map((r) => r.title)).toEqual(['A book', 'A thesis', 'A white paper']);
      expect(rows.map((r) => r.year)).toEqual([2023, 2024, 2022]);
      expect(rows[1]).toMatchObject({ publisher: 'Université Paris-Saclay' });
      const keys = rows.map((r) => String(r.source_key).toLowerCase());
      expect(new Set(keys).size).toBe(3);
      expect(keys[0]).toBe('same');
      expect(((rows[0]!.authors ?? []) as { name: string }[]).map((a) => a.name)).toEqual([
        'Smith and Sons Ltd',
        'Lee, Kim',
      ]);
      expect(((rows[1]!.authors ?? []) as { name: string }[]).map((a) => a.name)).toEqual([
        'Kowalski, Jan',
        'King, Martin Luther, Jr.',
      ]);
    });
});
