import { afterAll, describe, expect, it } from 'vitest';
import { validationContext } from '../../test/factories/records';
import { authorName, cslDate, cslToPublication, publicationTypeOf } from './csl';
import { parseFiles, collectRows } from './index';
import { importAll, tempDir } from './testing';
import { formatRowError } from './types';

const dir = tempDir();
afterAll(() => dir.cleanup());
const ctx = validationContext();
const lead = { defaults: { lead_partner: 'UNIA' } };

const BIBTEX = `% exported by a reference manager
@string{ieee = "IEEE Access"}

@article{good1,
  author = {M{\\"u}ller, J{\\"o}rg and Tanaka, Hiroshi and others},
  title = {A {Secure} Marketplace for {IoT}},
  journal = ieee,
  year = 2024,
  month = mar,
  volume = {12},
  number = {3},
  pages = {100--110},
  doi = {https://doi.org/10.1109/ACCESS.2024.1234567},
  issn = {2169-3536},
}

@inproceedings{broken,
  author = {Doe, Jane},
  title = {Missing comma}
  booktitle = {Proc. of IoT Week},
  year = {2024}
}

@inproceedings{paper2,
  author = {García, José and van der Berg, Anna},
  title = {Data Sovereignty in Smart Cities},
  crossref = {iotweek},
  pages = {5--9},
}

@proceedings{iotweek,
  title = {Proceedings of the Global IoT Summit},
  booktitle = {Proceedings of the Global IoT Summit},
  year = {2024},
  publisher = {IEEE},
}

@phdthesis{thesis1,
  author = {Sato, Yuki},
  title = {Trustworthy IoT},
  school = {Waseda University},
  year = {2025},
  isbn = {978-3-16-148410-0},
}
`;

describe('BibTeX', () => {
  it('reports a broken entry with its line and column and still reads the others', async () => {
    const { rows, summary } = await importAll(dir.write('refs.bib', BIBTEX), 'publication', ctx, lead);
    expect(summary.format).toBe('bibtex');
    const broken = rows.find((r) => r.errors.length > 0);
    expect(broken && formatRowError(broken.errors[0]!)).toMatch(
      /^entry 2 "broken", line 20, column 3: broken BibTeX entry "broken" \(starting on line 17\): Token mismatch/,
    );
    expect(broken?.line).toBe(17);
    const valid = rows.filter((r) => r.value !== undefined).map((r) => r.value);
    expect(valid.map((p) => p?.title)).toEqual([
      'A Secure Marketplace for IoT',
      'Data Sovereignty in Smart Cities',
      'Trustworthy IoT',
    ]);
    expect(summary.warnings).toEqual([
      {
        message: '@proceedings{iotweek} only gives fields to its crossref children: not imported',
        key: 'import.bibtex.crossrefParent',
        params: { type: 'proceedings', key: 'iotweek' },
      },
    ]);
  });

  it('maps entries to publications (types, authors, venue, identifiers, crossref)', async () => {
    const { rows } = await importAll(dir.write('refs2.bib', BIBTEX), 'publication', ctx, lead);
    const [article, , paper, thesis] = rows.map((r) => r.value);
    expect(article).toMatchObject({
      type: 'journal_article',
      authors: [{ name: 'Müller, Jörg' }, { name: 'Tanaka, Hiroshi' }],
      venue: 'IEEE Access',
      year: 2024,
      volume: '12',
      issue: '3',
      pages: '100-110',
      doi: '10.1109/access.2024.1234567',
      issn: '2169-3536',
      peer_reviewed: true,
      lead_partner: 'UNIA',
    });
    expect([article?.date, article?.date_precision]).toEqual(['2024-03-01', 'month']);
    expect(paper).toMatchObject({
      type: 'conference_paper',
      authors: [{ name: 'García, José' }, { name: 'van der Berg, Anna' }],
      venue: 'Proceedings of the Global IoT Summit',
      publisher: 'IEEE',
      year: 2024,
    });
    expect(thesis).toMatchObject({
      type: 'thesis',
      publisher: 'Waseda University',
      isbn: '9783161484100',
      peer_reviewed: false,
    });
  });
});

const RIS =
  '\uFEFF' +
  [
    '1.',
    'TY  - JOUR',
    'TI  - Tidal power for',
    '      coastal micro-grids',
    'AU  - Silva, Ana',
    'AU  - Berg, Ola',
    'AD  - University A',
    'AD  - Corp B',
    'JO  - Renewable Energy',
    'PY  - 2024/05/02/',
    'VL  - 210',
    'SP  - 1',
    'EP  - 12',
    'DO  - 10.1016/j.renene.2024.000001',
    'SN  - 0960-1481',
    'N2  - first line,',
    'ER then second line',
    'ER  - ',
    '',
    'TY  - CONF',
    'T1  - A conference paper',
    'AU  - Tanaka, Hiroshi',
    'T2  - Proc. of IoT Week',
    'PY  - 2024',
    'ER  - ',
    '',
    'TY  - CHAP',
    'TI  - A chapter without its book',
    'AU  - Doe, J.',
    'PY  - 2024',
    'ER  - ',
  ].join('\r\n');

describe('RIS', () => {
  it('reads records with a BOM and multi-line values, each located by its TY line', async () => {
    const { rows, summary } = await importAll(dir.write('refs.ris', RIS), 'publication', ctx, lead);
    expect(summary.format).toBe('ris');
    expect(summary.encoding).toBe('UTF-8 with BOM');
    expect(rows.map((r) => [r.row, r.line])).toEqual([
      [1, 2],
      [2, 20],
      [3, 27],
    ]);
    expect(rows[0]?.value).toMatchObject({
      type: 'journal_article',
      title: 'Tidal power for coastal micro-grids',
      authors: [
        { name: 'Silva, Ana', affiliation: 'University A' },
        { name: 'Berg, Ola', affiliation: 'Corp B' },
      ],
      venue: 'Renewable Energy',
      year: 2024,
      date: '2024-05-02',
      volume: '210',
      pages: '1-12',
      doi: '10.1016/j.renene.2024.000001',
      issn: '0960-1481',
    });
    expect(rows[1]?.value).toMatchObject({
      type: 'conference_paper',
      venue: 'Proc. of IoT Week',
      year: 2024,
    });
    expect(rows[2]?.errors.map(formatRowError)).toEqual([
      'record 3, line 27, column "venue": a book chapter needs a venue (journal, proceedings or book title)',
    ]);
  });
});

describe('CSL-JSON and Crossref', () => {
  const item = {
    id: 'x1',
    type: 'paper-conference',
    title: 'Edge analytics',
    author: [{ family: 'Kim', given: 'Min' }, { literal: 'M-Sec Consortium' }],
    'container-title': 'Proc. SmartComp',
    issued: { 'date-parts': [[2024, 7, 3]] },
    DOI: 'HTTPS://DOI.ORG/10.5555/EDGE.1',
    ISBN: '978-3-16-148410-0 978-1-4028-9462-6',
  };

  it('reads an array or a single item', async () => {
    const many = await importAll(
      dir.write('items.json', JSON.stringify([item, { ...item, title: 'Second' }])),
      'publication',
      ctx,
      lead,
    );
    expect(many.summary.format).toBe('csl-json');
    expect(many.rows.map((r) => r.value?.title)).toEqual(['Edge analytics', 'Second']);
    const one = await importAll(dir.write('item.json', JSON.stringify(item)), 'publication', ctx, lead);
    expect(one.rows[0]?.value).toMatchObject({
      type: 'conference_paper',
      authors: [{ name: 'Kim, Min' }, { name: 'M-Sec Consortium' }],
      venue: 'Proc. SmartComp',
      date: '2024-07-03',
      doi: '10.5555/edge.1',
      isbn: '9783161484100',
    });
  });

  it('locates a JSON syntax error', async () => {
    const { summary } = await importAll(
      dir.write('broken.json', '[\n  {"title": "a",}\n]'),
      'publication',
      ctx,
      lead,
      'csl-json',
    );
    expect(summary.fileErrors[0]).toMatchObject({ row: 0, line: 2 });
    expect(summary.fileErrors[0]?.message).toMatch(/^the file is not valid JSON/);
  });

  const work = (doi: string, title: string) => ({
    status: 'ok',
    'message-type': 'work',
    'message-version': '1.0.0',
    message: {
      publisher: 'Public Library of Science (PLoS)',
      issue: '3',
      DOI: doi,
      type: 'journal-article',
      page: 'e33693',
      title: [title],
      volume: '7',
      author: [
        { given: 'Shankar', family: 'Sadasivan', sequence: 'first', affiliation: [{ name: 'Corp B' }] },
        { given: 'Brooks B.', family: 'Pond', sequence: 'additional', affiliation: [] },
      ],
      'published-online': { 'date-parts': [[2024, 3, 21]] },
      'container-title': ['PLoS ONE'],
      issued: { 'date-parts': [[2024, 3, 21]] },
      ISSN: ['1932-6203'],
      'issn-type': [{ value: '1932-6203', type: 'electronic' }],
    },
  });

  it('reads a Crossref answer for one work', async () => {
    const { rows, summary } = await importAll(
      dir.write(
        'work.json',
        JSON.stringify(work('10.1371/journal.pone.0033693', 'Methylphenidate'), null, 1),
      ),
      'publication',
      ctx,
      lead,
    );
    expect(summary.format).toBe('crossref');
    expect(rows[0]?.value).toMatchObject({
      type: 'journal_article',
      title: 'Methylphenidate',
      authors: [{ name: 'Sadasivan, Shankar', affiliation: 'Corp B' }, { name: 'Pond, Brooks B.' }],
      venue: 'PLoS ONE',
      publisher: 'Public Library of Science (PLoS)',
      year: 2024,
      date: '2024-03-21',
      pages: 'e33693',
      issn: '1932-6203',
      doi: '10.1371/journal.pone.0033693',
    });
  });

  it('reads a list of answers and a work list (message.items)', async () => {
    const list = [work('10.1371/a', 'A'), work('10.1371/b', 'B')];
    const answers = await importAll(
      dir.write('works.json', JSON.stringify(list)),
      'publication',
      ctx,
      lead,
      'crossref',
    );
    expect(answers.rows.map((r) => r.value?.doi)).toEqual(['10.1371/a', '10.1371/b']);
    const items = {
      status: 'ok',
      'message-type': 'work-list',
      message: { items: list.map((w) => w.message) },
    };
    const search = await importAll(dir.write('search.json', JSON.stringify(items)), 'publication', ctx, lead);
    expect(search.rows.map((r) => r.value?.title)).toEqual(['A', 'B']);
  });

  it('reads a list of metadata files as one import, naming each file', async () => {
    const paths = [
      dir.write('one.json', JSON.stringify(work('10.1371/one', 'One'))),
      dir.write('two.ris', 'TY  - JOUR\nTI  - Two\nAU  - Doe, Jane\nJO  - J\nPY  - 2024\nER  - \n'),
      dir.write('three.json', JSON.stringify({ ...item, ISBN: '978-0-00-000000-0' })),
    ];
    const { rows, summary } = await collectRows(
      await parseFiles({ paths, options: lead }),
      'publication',
      ctx,
    );
    expect(rows.map((r) => [r.row, r.file, r.value?.title])).toEqual([
      [1, 'one.json', 'One'],
      [2, 'two.ris', 'Two'],
      [3, 'three.json', undefined],
    ]);
    expect(rows[2]?.errors.map(formatRowError)).toEqual([
      'three.json, item 3 "x1", column "isbn": "978-0-00-000000-0" is not a valid ISBN-10 or ISBN-13 (wrong format or check digit)',
    ]);
    expect(summary.rows).toBe(3);
  });

  it('maps CSL names, dates and types', () => {
    expect(authorName({ family: 'Berg', given: 'Anna', 'non-dropping-particle': 'van der' })).toBe(
      'van der Berg, Anna',
    );
    expect(cslDate({ 'date-parts': [[2024, 5]] })).toEqual({
      year: 2024,
      date: '2024-05-01',
      precision: 'month',
    });
    expect(cslDate({ raw: 'Spring 2023' })).toEqual({ year: 2023, date: '2023-01-01', precision: 'year' });
    expect(publicationTypeOf('chapter')).toBe('book_chapter');
    expect(publicationTypeOf('report')).toBe('other');
    expect(cslToPublication({ type: 'thesis', title: 'T', author: [{ family: 'A' }] })).toEqual({
      type: 'thesis',
      title: 'T',
      authors: [{ name: 'A' }],
      peer_reviewed: false,
    });
  });
});
