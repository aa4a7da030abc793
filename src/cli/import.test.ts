import { describe, expect, it } from 'vitest';
import { conflictLine, counted, errorLine, recordTypeArg, summaryLine } from './import';

describe('herald import output', () => {
  it('prints row errors as FILE:ROW:COLUMN: message', () => {
    expect(errorLine('a.csv', { row: 12, column: 'date', line: 12, message: 'bad date' })).toBe(
      'a.csv:12:date: bad date',
    );
    expect(errorLine('a.csv', { row: 3, line: 5, message: 'unreadable' })).toBe(
      'a.csv:3: unreadable (line 5)',
    );
    expect(errorLine('refs.bib', { row: 2, line: 20, col: 3, message: 'broken entry' })).toBe(
      'refs.bib:2: broken entry (line 20, column 3)',
    );
    expect(errorLine('a.csv', { row: 0, message: 'the file is UTF-16 text' })).toBe(
      'a.csv: the file is UTF-16 text',
    );
  });

  it("names the entry, the sheet and the error's own file", () => {
    expect(
      errorLine('2 files', {
        row: 2,
        unit: 'entry',
        entry: 'broken',
        line: 20,
        col: 3,
        file: 'refs.bib',
        message: 'broken entry',
      }),
    ).toBe('refs.bib:2: broken entry (entry 2 "broken", line 20, column 3)');
    expect(errorLine('x', { row: 4, unit: 'record', line: 31, file: 'a.ris', message: 'no venue' })).toBe(
      'a.ris:4: no venue (record 4, line 31)',
    );
    expect(
      errorLine('b.xlsx', { row: 5, unit: 'row', sheet: 'Data', column: 'date', message: 'not a date' }),
    ).toBe('b.xlsx:5:date: not a date (sheet "Data", row 5)');
  });

  it('takes the plural record type names the URLs use', () => {
    expect(recordTypeArg('publications')).toBe('publication');
    expect(recordTypeArg('Activities')).toBe('activity');
    expect(recordTypeArg('synergies')).toBe('synergy');
    expect(recordTypeArg('metrics')).toBe('metric');
    expect(recordTypeArg('event')).toBe('event');
    expect(() => recordTypeArg('papers')).toThrow('Allowed choices are activity (activities)');
  });

  it('says "1 row" and "2 rows"', () => {
    expect(counted(1, 'row')).toBe('1 row');
    expect(counted(2, 'row')).toBe('2 rows');
    expect(counted(0, 'invalid row')).toBe('0 invalid rows');
  });

  it('ends with the summary line', () => {
    expect(summaryLine(5, { duplicates: 2, invalid: 1 })).toBe('imported 5, duplicates 2, invalid 1');
    expect(summaryLine(5, { duplicates: 2, invalid: 1, conflicts: 3 })).toBe(
      'imported 5, duplicates 2, invalid 1, conflicts 3',
    );
  });

  it('prints a conflict with the DOI and both titles', () => {
    const conflict = { row: 4, doi: '10.1/x', title: 'New title', otherTitle: 'Old title' };
    expect(conflictLine('refs.bib', { ...conflict, of: 'database', otherId: 'abc' })).toBe(
      'refs.bib:4: conflict: DOI 10.1/x is already used by the record "Old title" (abc) under another title: "New title" is not imported; settle it by hand',
    );
    expect(conflictLine('refs.bib', { ...conflict, of: 2 })).toBe(
      'refs.bib:4: conflict: DOI 10.1/x is already used by row 2 ("Old title") under another title: "New title" is not imported; settle it by hand',
    );
  });
});
