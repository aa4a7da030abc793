/** DOI lists: the forms a DOI is written in, comments and blanks, repeats, and located errors. */
import { describe, expect, it } from 'vitest';
import { isAppError } from '../../errors';
import { cslOfAnswer, isDoiList, MAX_DOIS, parseDoiArray, parseDoiList } from './lookup';

const thrown = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    if (isAppError(e)) return e;
    throw e;
  }
  throw new Error('did not throw');
};

describe('parseDoiList', () => {
  it('reads every written form, skips blanks and comments, keeps repeats once and notes them', () => {
    const list = parseDoiList(
      [
        '# our papers',
        'doi:10.1016/J.OCEANENG.2025.118',
        '',
        'https://doi.org/10.5281/zenodo.123',
        '  http://dx.doi.org/10.1000/ABC(1)  ',
        '10.1016/j.oceaneng.2025.118',
      ].join('\r\n'),
    );
    expect(list.dois).toEqual(['10.1016/j.oceaneng.2025.118', '10.5281/zenodo.123', '10.1000/abc(1)']);
    expect(list.repeated).toEqual([{ doi: '10.1016/j.oceaneng.2025.118', line: 6, first: 2 }]);
  });

  it('names each line that is not a DOI, with its number', () => {
    const e = thrown(() => parseDoiList('10.1000/a\nnot a doi\n\nhttps://example.org/x'));
    expect(e.status).toBe(422);
    expect(e.message).toBe('line 2: "not a doi" is not a DOI; line 4: "https://example.org/x" is not a DOI');
    expect(e.details.map((d) => d.path)).toEqual(['line 2', 'line 4']);
    expect(e.messageKey).toBe('doi.error.notDoiLine');
  });

  it('refuses more than the most one lookup takes', () => {
    const many = Array.from({ length: MAX_DOIS + 1 }, (_, i) => `10.1000/${i}`).join('\n');
    expect(thrown(() => parseDoiList(many)).messageKey).toBe('doi.error.tooMany');
  });

  it('the API array is located by index', () => {
    const e = thrown(() => parseDoiArray(['10.1000/a', '10.1000/b', 'x', '10.1000/c', 'y']));
    expect(e.details.map((d) => d.path)).toEqual(['dois[2]', 'dois[4]']);
    expect(parseDoiArray(['doi:10.1000/A', '10.1000/a']).dois).toEqual(['10.1000/a']);
  });

  it('tells a DOI list from other text files', () => {
    expect(isDoiList('# refs\n10.1000/a\n\n10.1000/b\n')).toBe(true);
    expect(isDoiList('title,year\nA,2024\n')).toBe(false);
    expect(isDoiList('# only a comment\n')).toBe(false);
    // Meant as a list: its bad lines are then named by parseDoiList.
    expect(isDoiList('10.1000/a\nSmith et al. 2024\n')).toBe(true);
  });
});

describe('cslOfAnswer', () => {
  it('keeps what the CSL importer reads, the DOI as the id, a licence as text', () => {
    const item = cslOfAnswer(
      {
        type: 'article-journal',
        title: 'T',
        DOI: '10.1000/ABC',
        reference: [{ key: 'r' }],
        license: [{ URL: 'https://example.org/tdm' }, { URL: 'http://creativecommons.org/licenses/by/4.0/' }],
        abstract: '<jats:p>x</jats:p>',
      },
      '10.1000/abc',
    );
    expect(item).toEqual({
      type: 'article-journal',
      title: 'T',
      id: '10.1000/abc',
      DOI: '10.1000/abc',
      license: 'http://creativecommons.org/licenses/by/4.0/',
    });
    expect(cslOfAnswer({ copyright: 'CC BY 4.0' }, '10.1/x').license).toBe('CC BY 4.0');
  });
});
