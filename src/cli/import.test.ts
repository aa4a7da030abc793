import { describe, expect, it } from 'vitest';
import { conflictLine, errorLine, summaryLine } from './import';

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
