/** The COPY text encoder: NULLs, escapes, array literals, jsonb, booleans, numbers, dates, Japanese text. */
import { describe, expect, it } from 'vitest';
import { arrayLiteral, copyLine, escapeCopyText } from './copy-text';

describe('escapeCopyText', () => {
  it('escapes backslash, tab, newline and carriage return, and nothing else', () => {
    expect(escapeCopyText('plain')).toBe('plain');
    expect(escapeCopyText('a\\b')).toBe('a\\\\b');
    expect(escapeCopyText('a\tb\nc\r\nd')).toBe('a\\tb\\nc\\r\\nd');
    expect(escapeCopyText('\\N')).toBe('\\\\N');
    expect(escapeCopyText('"quoted", comma; semi')).toBe('"quoted", comma; semi');
    expect(escapeCopyText('日本語のテキスト\t改行\n')).toBe('日本語のテキスト\\t改行\\n');
  });

  it('refuses a NUL character (no PostgreSQL text holds one)', () => {
    expect(() => escapeCopyText('a\0b')).toThrow(/NUL/);
  });
});

describe('arrayLiteral', () => {
  it('quotes every element and escapes quotes and backslashes inside', () => {
    expect(arrayLiteral([])).toBe('{}');
    expect(arrayLiteral(['a'])).toBe('{"a"}');
    expect(arrayLiteral(['a b', 'c,d', '{e}', 'NULL'])).toBe('{"a b","c,d","{e}","NULL"}');
    expect(arrayLiteral(['say "hi"', 'back\\slash'])).toBe('{"say \\"hi\\"","back\\\\slash"}');
    expect(arrayLiteral(['', null])).toBe('{"",NULL}');
  });
});

describe('copyLine', () => {
  it('separates by tabs, ends with a newline and writes null and undefined as \\N', () => {
    expect(copyLine(['a', null, undefined, 'b'], ['text', 'text', 'text', 'text'])).toBe('a\t\\N\t\\N\tb\n');
  });

  it('keeps an empty string apart from NULL', () => {
    expect(copyLine(['', null], ['text', 'text'])).toBe('\t\\N\n');
  });

  it('encodes each type', () => {
    const line = copyLine(
      [true, false, 42, 0.1, -0, '2025-03-01', new Date('2025-03-01T10:00:00Z'), { b: [1, 'x'], a: null }],
      ['boolean', 'boolean', 'integer', 'double', 'double', 'date', 'date', 'jsonb'],
    );
    expect(line).toBe('t\tf\t42\t0.1\t0\t2025-03-01\t2025-03-01\t{"b":[1,"x"],"a":null}\n');
    expect(copyLine([Infinity, -Infinity], ['double', 'double'])).toBe('Infinity\t-Infinity\n');
  });

  it('escapes array literals and JSON for the line: backslashes double, tabs and newlines become escapes', () => {
    // The array literal {"a\"b","c\\d"} (quote and backslash escaped) has its backslashes doubled again for COPY.
    expect(copyLine([['a"b', 'c\\d', 'e\tf']], ['text[]'])).toBe('{"a\\\\"b","c\\\\\\\\d","e\\tf"}\n');
    expect(copyLine([{ note: 'line\nbreak', path: 'C:\\x' }], ['jsonb'])).toBe(
      '{"note":"line\\\\nbreak","path":"C:\\\\\\\\x"}\n',
    );
  });

  it('refuses values that do not fit their type', () => {
    expect(() => copyLine([1.5], ['integer'])).toThrow(/integer/);
    expect(() => copyLine([Number.NaN], ['double'])).toThrow(/number/);
    expect(() => copyLine(['x'], ['text[]'])).toThrow(/array/);
  });
});
