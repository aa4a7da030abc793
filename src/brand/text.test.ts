/** The brand checker's text helpers: tokens across line breaks and hyphenation, the word alignment, excluded spans. */
import { describe, expect, it } from 'vitest';
import { bestAlignment, excludedSpans, lineMap, tokenize } from './text';

const norms = (s: string) => tokenize(s).map((t) => t.norm);

describe('tokenize', () => {
  it('ignores case, punctuation, typographic quotes and spacing, and joins words hyphenated at a line end', () => {
    expect(norms('European Union’s  (contract No.\n19501), JAPAN')).toEqual(
      norms("european union's contract no 19501 japan"),
    );
    expect(norms('research and inno-\nvation programme')).toEqual([
      'research',
      'and',
      'innovation',
      'programme',
    ]);
    // a hyphen inside a line stays part of the word (M-Sec), and is not joined across a space
    expect(norms('M-Sec inno- vation')).toEqual(['msec', 'inno', 'vation']);
  });

  it('makes every Japanese character a token', () => {
    expect(norms('M-Secプロジェクト（契約番号814917）')).toEqual([
      'msec',
      ...'プロジェクト'.split(''),
      '契',
      '約',
      '番',
      '号',
      '814917',
    ]);
  });
});

describe('bestAlignment', () => {
  const expected = tokenize('The project has received funding from the European Union');

  it('finds the sentence exactly, after a heading that starts like it', () => {
    const a = bestAlignment(
      expected,
      tokenize('The project\n\nThe project has received funding from the\nEuropean Union.'),
    );
    expect(a?.exact).toBe(true);
  });

  it('says word by word what differs from a nearly right sentence', () => {
    const a = bestAlignment(
      expected,
      tokenize('Intro. The project received fundings from the European Union and more.'),
    );
    expect(a?.exact).toBe(false);
    expect(a?.score).toBeCloseTo(7 / 9);
    expect(a?.ops.filter((o) => o.op !== 'same')).toEqual([
      { op: 'missing', expected: 'has' },
      { op: 'changed', expected: 'funding', found: 'fundings' },
    ]);
  });

  it('finds nothing in a text without the words', () => {
    expect(bestAlignment(expected, tokenize('Nothing here at all'))).toBeUndefined();
  });
});

describe('excludedSpans', () => {
  it('covers URLs, e-mail addresses, hashtags, handles and bare domains', () => {
    const text =
      'see https://x.eu/MSec, mail MSec@x.org, #MSecProject @MSecProject msecproject.eu/MSec but MSec';
    const covered = (word: string, from = 0) => {
      const i = text.indexOf(word, from);
      return excludedSpans(text).some(([a, b]) => i >= a && i + word.length <= b);
    };
    expect(covered('https://x.eu/MSec')).toBe(true);
    expect(covered('MSec@x.org')).toBe(true);
    expect(covered('#MSecProject')).toBe(true);
    expect(covered('@MSecProject')).toBe(true);
    expect(covered('msecproject.eu/MSec')).toBe(true);
    expect(covered('MSec', text.lastIndexOf('but'))).toBe(false);
  });
});

describe('lineMap', () => {
  it('gives 1-based line and column', () => {
    const at = lineMap('ab\ncd\n\nef');
    expect([at(0), at(4), at(7), at(8)]).toEqual([
      { line: 1, column: 1 },
      { line: 2, column: 2 },
      { line: 4, column: 1 },
      { line: 4, column: 2 },
    ]);
  });
});
