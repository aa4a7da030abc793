/** Real shapes of publication exports: proceedings shared through crossref, repeated keys, RIS with a BOM and spelled-out types, markup in titles, open access per source. */
import { afterAll, describe, expect, it } from 'vitest';
import { validationContext } from '../../test/factories/records';
import { bibtexRows } from './bibtex';
import { crossrefExtras, crossrefToCsl } from './crossref';
import { cslToPublication } from './csl';
import { deriveOpenAccess } from './open-access';
import { risRows } from './ris';
import { importAll, tempDir } from './testing';
import { cleanTitle, htmlToText, latexToText } from './title-text';

const dir = tempDir();
afterAll(() => dir.cleanup());
const ctx = validationContext();
const lead = { defaults: { lead_partner: 'UNIA' } };

/** Two volumes, each with its own DOI, shared by several papers; one key used twice. */
const PROCEEDINGS = `@proceedings{giots2024,
  title = {Proceedings of the Global {IoT} Summit},
  year = {2024},
  publisher = {IEEE},
  doi = {10.1109/GIOTS.2024.0001},
  url = {https://ieeexplore.ieee.org/xpl/conhome/1000000/proceeding},
}

@proceedings{sec2024,
  title = {Security in Smart Cities},
  year = {2024},
  publisher = {Springer},
  doi = {10.1007/978-3-031-00000-0},
}

@inproceedings{paper1,
  author = {Tanaka, Hiroshi and Silva, Ana},
  title = {Data Sovereignty in Smart Cities},
  crossref = {giots2024},
  pages = {1--6},
}

@inproceedings{paper2,
  author = {Garc{\\'i}a, Jos{\\'e}},
  title = {A Secure Marketplace for {IoT} Data},
  crossref = {giots2024},
  pages = {7--12},
}

@inproceedings{paper3,
  author = {Berg, Ola},
  title = {Blockchain Audits for Sensor Data},
  crossref = {giots2024},
  doi = {10.1109/GIOTS.2024.0042},
  pages = {13--18},
}

@inproceedings{paper4,
  author = {Sato, Yuki},
  title = {Trust in Municipal Data Spaces},
  crossref = {sec2024},
}

@inproceedings{paper5,
  author = {Sato, Yuki},
  title = {Privacy Budgets for City Sensors},
  crossref = {sec2024},
}

@article{Paper1,
  author = {Doe, Jane},
  title = {An Unrelated Article Reusing a Key},
  journal = {IEEE Access},
  year = {2024},
}
`;

describe('BibTeX crossref and keys', () => {
  it('keeps each paper of a shared volume, with the volume DOI as its container DOI only', async () => {
    const path = dir.write('proceedings.bib', PROCEEDINGS);
    const { rows } = await importAll(path, 'publication', ctx, lead);
    const valid = rows.filter((r) => r.value);
    expect(valid.map((r) => r.value?.title)).toEqual([
      'Data Sovereignty in Smart Cities',
      'A Secure Marketplace for IoT Data',
      'Blockchain Audits for Sensor Data',
      'Trust in Municipal Data Spaces',
      'Privacy Budgets for City Sensors',
    ]);
    const byKey = new Map(valid.map((r) => [r.value?.source_key, r.value]));
    expect(byKey.get('paper1')?.doi).toBeUndefined();
    expect(byKey.get('paper1')?.container_doi).toBe('10.1109/giots.2024.0001');
    expect(byKey.get('paper1')?.url).toBeUndefined();
    expect(byKey.get('paper2')?.container_doi).toBe('10.1109/giots.2024.0001');
    // A paper's own DOI stays its own.
    expect(byKey.get('paper3')?.doi).toBe('10.1109/giots.2024.0042');
    expect(byKey.get('paper4')?.container_doi).toBe('10.1007/978-3-031-00000-0');
    expect(byKey.get('paper5')?.doi).toBeUndefined();
    expect(valid.every((r) => r.value?.doi !== '10.1109/giots.2024.0001')).toBe(true);
    expect(byKey.get('paper1')?.venue).toBe('Proceedings of the Global IoT Summit');
  });

  it('reports a repeated key with both lines and does not import the second entry', () => {
    const { rows } = bibtexRows(PROCEEDINGS, lead);
    const repeated = rows.filter((r) => r.errors.length > 0);
    expect(repeated).toHaveLength(1);
    expect(repeated[0]?.line).toBe(50);
    expect(repeated[0]?.errors[0]?.message).toBe(
      'BibTeX key "Paper1" on line 50 is already used by the entry on line 16: only that first entry is imported',
    );
    expect(repeated[0]?.errors[0]?.key).toBe('validation.import.repeatedKey');
    expect(repeated[0]?.input).toEqual({});
  });

  it('treats a DOI that entries with different titles share as their volume DOI', async () => {
    const bib = ['One', 'Two'].map(
      (n) =>
        `@inproceedings{p${n}, author = {Doe, Jane}, title = {Paper ${n}}, booktitle = {Proc. X}, year = 2024, doi = {10.5555/vol.1}}`,
    );
    const path = dir.write('flattened.bib', bib.join('\n'));
    const { rows, summary } = await importAll(path, 'publication', ctx, lead);
    expect(rows.map((r) => [r.value?.doi, r.value?.container_doi])).toEqual([
      [undefined, '10.5555/vol.1'],
      [undefined, '10.5555/vol.1'],
    ]);
    expect(summary.warnings).toContain(
      'DOI 10.5555/vol.1 is shared by 2 entries with different titles (rows 1, 2): taken as the DOI of their volume, not as theirs (unless a record of the project has it as its own)',
    );
  });
});

describe('RIS', () => {
  const RIS = [
    'TY  - Journal Article',
    'ID  - 4711',
    'AU  - Tanaka, Hiroshi',
    'AU  - Silva, Ana',
    'AU  - García, José',
    'AU  - Berg, Ola',
    'AU  - Sato, Yuki',
    'TI  - Tidal power for <i>coastal</i> micro-grids',
    'JO  - Renewable Energy',
    'PY  - 2024',
    'DO  - 10.1016/j.renene.2024.000002',
    'UR  - https://arxiv.org/abs/2401.01234',
    'ER  - ',
    'TY  - Conference Proceedings',
    'AU  - Doe, Jane',
    'TI  - Second record',
    'T2  - Proc. X',
    'PY  - 2024',
    'ER  - ',
    '',
  ].join('\r\n');

  it('keeps the authors of a file with a BOM and spelled-out types', async () => {
    const path = dir.write('endnote.ris', `\uFEFF${RIS}`);
    const { rows } = await importAll(path, 'publication', ctx, lead);
    expect(rows.map((r) => r.errors)).toEqual([[], []]);
    const [first, second] = rows.map((r) => r.value);
    expect(first?.authors.map((a) => a.name)).toEqual([
      'Tanaka, Hiroshi',
      'Silva, Ana',
      'García, José',
      'Berg, Ola',
      'Sato, Yuki',
    ]);
    expect(first?.type).toBe('journal_article');
    expect(first?.doi).toBe('10.1016/j.renene.2024.000002');
    expect(second?.type).toBe('conference_paper');
    expect(second?.authors).toEqual([{ name: 'Doe, Jane' }]);
  });

  it('reads a record whose TY line carries the BOM itself, and keeps ID or the ordinal as source key', () => {
    const rows = risRows(`\uFEFF${RIS}`, lead);
    expect(rows.map((r) => r.input.source_key)).toEqual(['4711', '2']);
    expect(rows[0]?.input.title).toBe('Tidal power for coastal micro-grids');
    expect(rows[0]?.input.title_original).toBe('Tidal power for <i>coastal</i> micro-grids');
  });
});

describe('titles', () => {
  it('turns LaTeX into plain text', () => {
    expect(
      latexToText(String.raw`A {\TeX} Approach to $\alpha$-{B}eta \emph{Emphasis} with {\"u}ber caf\'e`),
    ).toBe('A TeX Approach to α-Beta Emphasis with über café');
    expect(latexToText(String.raw`$O(n^2)$ Sorting of CO$_2$ Data in \LaTeX{} and {\'{e}}t{\'e}`)).toBe(
      'O(n²) Sorting of CO₂ Data in LaTeX and été',
    );
    expect(latexToText(String.raw`{{Double Braced}} 50\% of R\&D --- \textbf{bold}`)).toBe(
      'Double Braced 50% of R&D — bold',
    );
    expect(latexToText(String.raw`Unbalanced {brace`)).toBe('Unbalanced brace');
  });

  it('turns HTML into plain text, in BibTeX too', () => {
    expect(htmlToText('H<sub>2</sub>O and <i>in vivo</i> <code>x &amp; y</code> &lt;3 &#233; &#x2014;')).toBe(
      'H₂O and in vivo x & y <3 é —',
    );
    expect(htmlToText('<scp>MRI</scp> of <mml:math><mml:mi>x</mml:mi></mml:math>')).toBe('MRI of x');
    expect(latexToText('H<sub>2</sub>O for <i>{IoT}</i> &lt;3 &amp; {\\"u}')).toBe('H₂O for IoT <3 & ü');
  });

  it('cleans Crossref and CSL-JSON titles', () => {
    const work = {
      type: 'journal-article',
      title: ['Effects of <i>in vivo</i> CO<sub>2</sub> &amp; <scp>MRI</scp>'],
    };
    expect(cslToPublication(crossrefToCsl(work))).toMatchObject({
      title: 'Effects of in vivo CO₂ & MRI',
      title_original: 'Effects of <i>in vivo</i> CO<sub>2</sub> &amp; <scp>MRI</scp>',
    });
    expect(cslToPublication({ id: 'ITEM-1', title: 'Plain' })).toMatchObject({
      title: 'Plain',
      source_key: 'ITEM-1',
    });
  });

  it('keeps the original title only when it differs', () => {
    expect(cleanTitle('Plain title', 'html')).toEqual({ title: 'Plain title' });
    expect(cleanTitle('<i>In vivo</i>', 'html')).toEqual({
      title: 'In vivo',
      title_original: '<i>In vivo</i>',
    });
  });

  it('stores plain BibTeX titles and their originals', async () => {
    const bib = String.raw`@article{t1, author = {Doe, Jane}, journal = {J}, year = 2024,
  title = {The {\TeX} Way: H<sub>2</sub>O and $\beta$-Decay in \emph{Situ} with <code>grep</code>}}`;
    const { rows } = await importAll(dir.write('titles.bib', bib), 'publication', ctx, lead);
    expect(rows[0]?.value?.title).toBe('The TeX Way: H₂O and β-Decay in Situ with grep');
    expect(rows[0]?.value?.title_original).toBe(
      String.raw`The {\TeX} Way: H<sub>2</sub>O and $\beta$-Decay in \emph{Situ} with <code>grep</code>`,
    );
    expect(rows[0]?.value?.source_key).toBe('t1');
  });
});

describe('open access', () => {
  const bib = (fields: string) =>
    `@article{a, author = {Doe, Jane}, title = {T}, journal = {J}, year = 2024, ${fields}}`;
  const route = (fields: string) => {
    const input = bibtexRows(bib(fields), lead).rows[0]?.input ?? {};
    return [input.open_access ?? 'unknown', input.repository_url];
  };

  it('derives the route from BibTeX eprint, url, oa and openaccess fields, else unknown', () => {
    expect(route('eprint = {2401.01234}, eprinttype = {arxiv}')).toEqual([
      'green',
      'https://arxiv.org/abs/2401.01234',
    ]);
    expect(route('archiveprefix = {arXiv}, eprint = {2401.01234}')).toEqual([
      'green',
      'https://arxiv.org/abs/2401.01234',
    ]);
    expect(route('url = {https://hal.science/hal-01234567}')).toEqual([
      'green',
      'https://hal.science/hal-01234567',
    ]);
    expect(route('url = {https://zenodo.org/records/123}')).toEqual([
      'green',
      'https://zenodo.org/records/123',
    ]);
    expect(route('oa = {gold}')).toEqual(['gold', undefined]);
    expect(route('openaccess = {true}')).toEqual(['gold', undefined]);
    expect(route('openaccess = {false}')).toEqual(['closed', undefined]);
    expect(route('url = {https://ieeexplore.ieee.org/document/1}')).toEqual(['unknown', undefined]);
    expect(route('doi = {10.1109/x.1}')).toEqual(['unknown', undefined]);
  });

  it('derives the route from a Crossref licence or is-oa, and from an arXiv DOI', () => {
    const cc = crossrefToCsl({ type: 'journal-article', title: ['T'], DOI: '10.1/x' });
    const licensed = {
      license: [{ URL: 'http://creativecommons.org/licenses/by/4.0/', 'content-version': 'vor' }],
    };
    expect(cslToPublication(cc, crossrefExtras(licensed)).open_access).toBe('gold');
    expect(cslToPublication(cc, crossrefExtras({ 'is-oa': false })).open_access).toBe('closed');
    expect(cslToPublication(cc, crossrefExtras({})).open_access).toBeUndefined();
    expect(cslToPublication({ DOI: '10.48550/arXiv.2401.01234', title: 'T' }).repository_url).toBe(
      'https://doi.org/10.48550/arxiv.2401.01234',
    );
  });

  it('derives green from a RIS link to a repository, and never assumes closed', () => {
    expect(deriveOpenAccess({ urls: ['https://europepmc.org/article/MED/1'] }).open_access).toBe('green');
    expect(deriveOpenAccess({}).open_access).toBe('unknown');
    expect(deriveOpenAccess({ urls: ['https://example.org/paper.pdf'] }).open_access).toBe('unknown');
  });

  it('validates an imported paper without a route as unknown', async () => {
    const { rows } = await importAll(
      dir.write('oa.bib', bib('doi = {10.1109/x.2}')),
      'publication',
      ctx,
      lead,
    );
    expect(rows[0]?.value?.open_access).toBe('unknown');
  });
});
