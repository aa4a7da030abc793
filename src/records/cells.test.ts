import { describe, expect, it } from 'vitest';
import { convertCell, normaliseName, parseAuthors, parseDate, parseNumber, formatAuthors } from './cells';

describe('cells', () => {
  it('reads dates as ISO, day first, and rejects impossible ones', () => {
    expect(parseDate('2024-03-05')).toEqual({ ok: true, value: '2024-03-05' });
    expect(parseDate('5/3/2024')).toEqual({ ok: true, value: '2024-03-05' });
    expect(parseDate('05.03.2024')).toEqual({ ok: true, value: '2024-03-05' });
    expect(parseDate('2024-03-05T23:00:00Z')).toEqual({ ok: true, value: '2024-03-05' });
    expect(parseDate(45356)).toEqual({ ok: true, value: '2024-03-05' });
    expect(parseDate(new Date(Date.UTC(2024, 2, 5)))).toEqual({ ok: true, value: '2024-03-05' });
    expect(parseDate('29/02/2023')).toEqual({
      ok: false,
      message: '"29/02/2023" is not a date (expected YYYY-MM-DD or DD/MM/YYYY)',
      key: 'validation.import.notDate',
      params: { input: '29/02/2023' },
    });
    expect(parseDate('March 5')).toMatchObject({ ok: false });
  });

  it('reads numbers with thousands separators and decimal commas', () => {
    expect(parseNumber('4715.0')).toBe(4715);
    expect(parseNumber('1,204')).toBe(1204);
    expect(parseNumber('1.204')).toBe(1204);
    expect(parseNumber('1 204')).toBe(1204);
    expect(parseNumber('12,5')).toBe(12.5);
    expect(parseNumber('1.234,5')).toBe(1234.5);
    expect(parseNumber('-')).toBeUndefined();
    expect(parseNumber('12 cats')).toBeUndefined();
    expect(convertCell('int', '12.5')).toEqual({
      ok: false,
      message: '"12.5" is not a whole number',
      key: 'validation.import.notWholeNumber',
      params: { input: '12.5' },
    });
  });

  it('reads yes/no, lists and enum names loosely', () => {
    expect(convertCell('bool', 'Yes')).toEqual({ ok: true, value: true });
    expect(convertCell('bool', 'いいえ')).toEqual({ ok: true, value: false });
    expect(convertCell('bool', 'maybe')).toEqual({
      ok: false,
      message: '"maybe" is not yes or no',
      key: 'validation.import.notBool',
      params: { input: 'maybe' },
    });
    expect(convertCell('list', 'a; b | c\nd')).toEqual({ ok: true, value: ['a', 'b', 'c', 'd'] });
    expect(convertCell('enum-list', 'Co-organiser; BOOTH', ['co_organiser', 'booth'])).toEqual({
      ok: true,
      value: ['co_organiser', 'booth'],
    });
    expect(convertCell('text', '   ')).toEqual({ ok: true, value: undefined });
    expect(normaliseName('  Lead  Partner ')).toBe('lead_partner');
  });

  it('reads authors with affiliation and partner, and writes them back', () => {
    const text = 'Tanaka, Hiroshi (Waseda University) [WLI]; García, José; Consortium [NTTE]';
    const authors = parseAuthors(text);
    expect(authors).toEqual([
      { name: 'Tanaka, Hiroshi', affiliation: 'Waseda University', partner: 'WLI' },
      { name: 'García, José' },
      { name: 'Consortium', partner: 'NTTE' },
    ]);
    expect(formatAuthors(authors)).toBe(text);
  });
});
