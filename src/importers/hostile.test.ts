/** Hostile and malformed files get located errors: macro bombs, damaged XLSX, broken CSV headers, JSON syntax. */
import { afterAll, describe, expect, it } from 'vitest';
import { validationContext } from '../../test/factories/records';
import { AppError } from '../errors';
import { bibtexRows } from './bibtex';
import { MAX_MACRO_CHARS, checkMacroExpansion } from './bibtex-limits';
import { damagedXlsx, macroBomb } from './hostile-files';
import { parseFile } from './parse-file';
import { templateFor } from './template';
import { importAll, tempDir } from './testing';
import { formatRowError } from './types';

const dir = tempDir();
afterAll(() => dir.cleanup());
const ctx = validationContext();

/** The error a parse rejects with (undefined when it resolves). */
async function refusal(promise: Promise<unknown>): Promise<AppError | undefined> {
  try {
    await promise;
    return undefined;
  } catch (e) {
    expect(e).toBeInstanceOf(AppError);
    return e as AppError;
  }
}

describe('BibTeX @string macros', () => {
  it('refuses the 750-byte macro bomb before expanding it, naming the macro and its line', async () => {
    const text = macroBomb();
    expect(text.length).toBeLessThan(800);
    const error = await refusal(parseFile({ path: dir.write('bomb.bib', text), type: 'publication' }));
    expect(error).toMatchObject({ status: 400, messageKey: 'import.bibtex.macroTooLarge' });
    expect(error?.params).toMatchObject({ file: 'bomb.bib', line: 21, name: 'm21', size: 2 ** 21 });
    expect(error?.message).toBe(
      `bomb.bib, line 21: the @string macro "m21" would expand to ${2 ** 21} characters, more than the ${MAX_MACRO_CHARS} allowed: the file is not read`,
    );
    expect(error?.details[0]).toMatchObject({ file: 'bomb.bib', line: 21, entry: 'm21' });
  });

  it('refuses many uses of a macro that together expand too far', () => {
    const big = `@string{big = "${'x'.repeat(1000)}"}`;
    const uses = Array.from({ length: 40 }, (_, i) => `@misc{k${i}, title = big # big}`);
    const check = () => checkMacroExpansion([big, ...uses].join('\n'), { maxTotal: 50_000 });
    expect(check).toThrow(/line 27: the @string macros used up to "big" would expand to more than 50000/);
  });

  it('still reads ordinary macros, concatenations and month names', async () => {
    const text = [
      '@string{ieee = "IEEE"}',
      '@string{tr = ieee # " Transactions"}',
      '@article{a1, author = {Silva, Ana}, title = {Tides}, journal = tr # " on Energy", year = 2024, month = jan}',
    ].join('\n');
    const { rows } = bibtexRows(text);
    expect(rows[0]?.errors).toEqual([]);
    expect(rows[0]?.input).toMatchObject({ venue: 'IEEE Transactions on Energy', date: '2024-01-01' });
  });
});

describe('damaged XLSX', () => {
  it('names the sheet whose deflate data has a flipped byte, instead of never settling', async () => {
    const template = await templateFor('activity', 'xlsx', {
      partners: ['UNIA'],
      vocabulary: ctx.vocabulary,
    });
    // Offset 0 of the sheet's deflate data left exceljs's promise pending forever.
    const path = dir.write('damaged.xlsx', damagedXlsx(template.data));
    const { rows, summary } = await importAll(path, 'activity', ctx);
    expect(rows).toEqual([]);
    expect(summary.fileErrors.map(formatRowError)).toEqual([
      'the workbook is damaged: sheet "activity" cannot be unpacked (part xl/worksheets/sheet1.xml); save it again from the spreadsheet program',
    ]);
    expect(summary.fileErrors[0]).toMatchObject({ key: 'import.xlsx.sheetDamaged', sheet: 'activity' });
  });

  it('refuses a damaged byte exceljs would have read silently (no CRC check)', async () => {
    const template = await templateFor('activity', 'xlsx', {
      partners: ['UNIA'],
      vocabulary: ctx.vocabulary,
    });
    const path = dir.write('silent.xlsx', damagedXlsx(template.data, 'xl/worksheets/sheet1.xml', 370));
    const { summary } = await importAll(path, 'activity', ctx);
    expect(summary.fileErrors[0]?.key).toBe('import.xlsx.sheetDamaged');
  });

  it('names a damaged part that is not a sheet', async () => {
    const template = await templateFor('activity', 'xlsx', {
      partners: ['UNIA'],
      vocabulary: ctx.vocabulary,
    });
    const path = dir.write('styles.xlsx', damagedXlsx(template.data, 'xl/styles.xml', 10));
    const { summary } = await importAll(path, 'activity', ctx);
    expect(summary.fileErrors[0]).toMatchObject({
      key: 'import.xlsx.partDamaged',
      params: { entry: 'xl/styles.xml' },
    });
  });
});

describe('malformed CSV header lines', () => {
  it('locates an unclosed quote in the header (line and column) instead of throwing', async () => {
    const path = dir.write('quote.csv', 'title,"type,start_date\nA talk,talk,2024-01-01\n');
    const { summary } = await importAll(path, 'activity', ctx);
    expect(summary.fileErrors).toHaveLength(1);
    expect(summary.fileErrors[0]).toMatchObject({
      row: 1,
      line: 1,
      col: 7,
      key: 'import.csv.headerQuote',
    });
    expect(formatRowError(summary.fileErrors[0]!)).toMatch(
      /^row 1, line 1, column 7, column "header": the header line is not valid CSV: Quote Not Closed/,
    );
  });

  it('locates a header whose last quote never closes after a ragged first line', async () => {
    const path = dir.write('ragged.csv', 'title;type;"start_date\n');
    const { summary } = await importAll(path, 'activity', ctx);
    expect(summary.fileErrors[0]).toMatchObject({ line: 1, col: 12, key: 'import.csv.headerQuote' });
  });
});

describe('JSON syntax errors', () => {
  const cases: [string, string, { line: number; col: number; key: string }][] = [
    [
      'missing colon',
      '[\n  {"id": "a", "title": "x"},\n  {"id" "b"}\n]',
      { line: 3, col: 9, key: 'import.json.colon' },
    ],
    [
      'unexpected token',
      '[\n  {"id": "a", "title": x}\n]',
      { line: 2, col: 24, key: 'import.json.unexpected' },
    ],
    ['cut short', '[{"id": "a",\n  "title": "x"', { line: 2, col: 15, key: 'import.json.end' }],
    ['trailing comma', '[{"id": "a",}]', { line: 1, col: 13, key: 'import.json.key' }],
    ['too deep', `${'['.repeat(100)}${']'.repeat(100)}`, { line: 1, col: 65, key: 'import.json.depth' }],
  ];
  it.each(cases)('names the line and column of a CSL-JSON file: %s', async (_name, text, where) => {
    const { summary } = await importAll(dir.write('items.json', text), 'publication', ctx, {}, 'csl-json');
    expect(summary.fileErrors).toHaveLength(1);
    expect(summary.fileErrors[0]).toMatchObject(where);
    expect(formatRowError(summary.fileErrors[0]!)).toContain(`line ${where.line}, column ${where.col}`);
  });

  it('names the line and column of a Crossref file', async () => {
    const text = '{"status": "ok", "message-type": "work-list",\n "message": {"items": [}}';
    const { summary } = await importAll(dir.write('crossref.json', text), 'publication', ctx, {}, 'crossref');
    expect(summary.fileErrors[0]).toMatchObject({ line: 2, col: 24, key: 'import.json.unexpected' });
  });
});
