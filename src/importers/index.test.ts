import { afterAll, describe, expect, it } from 'vitest';
import { isAppError } from '../errors';
import { RECORD_TYPES } from '../plan/schema';
import { isFieldOptional, recordFieldNames } from '../records/schema';
import { columnsFor, matchHeaders } from '../records/columns';
import { normaliseName } from '../records/cells';
import { detectFormat, parseFile } from './index';
import { tempDir } from './testing';

const dir = tempDir();
afterAll(() => dir.cleanup());
const bytes = (s: string) => Buffer.from(s, 'utf8');

describe('detectFormat', () => {
  it('tells formats apart by content first', () => {
    expect(detectFormat('a.xlsx', Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14]))).toBe('xlsx');
    expect(detectFormat('refs.txt', bytes('% Zotero\n@article{a, title={x}}'))).toBe('bibtex');
    expect(detectFormat('refs.txt', bytes('\uFEFF1.\nTY  - JOUR\nER  - '))).toBe('ris');
    expect(detectFormat('work.json', bytes('{"status":"ok","message-type":"work","message":{}}'))).toBe(
      'crossref',
    );
    expect(detectFormat('items.json', bytes('[{"type":"article-journal","title":"x"}]'))).toBe('csl-json');
    expect(
      detectFormat('export.csv', bytes('"Tweet id","Tweet permalink","Tweet text","time","impressions"\n')),
    ).toBe('x-analytics');
    expect(detectFormat('stats.csv', bytes('id,created,revision,downloads,views\n'))).toBe('zenodo-stats');
    expect(detectFormat('m.csv', bytes('date;channel;metric;value\n'))).toBe('metrics-csv');
    expect(detectFormat('events.csv', bytes('name,kind,city\n'))).toBe('csv');
  });

  it('falls back to the extension and gives up on unknown content', () => {
    expect(detectFormat('refs.ris', bytes(''))).toBe('ris');
    expect(detectFormat('notes.md', bytes('just words'))).toBeUndefined();
  });
});

describe('parseFile', () => {
  it('refuses a format that cannot hold the record type', async () => {
    const path = dir.write('refs.bib', '@article{a, title={x}, year=2024}');
    const error = await parseFile({ path, type: 'event' }).catch((e: unknown) => e);
    expect(isAppError(error) && error.code).toBe('import_format_type');
    expect((error as Error).message).toBe('a bibtex file holds publication records, not event records');
  });

  it('refuses a file whose format it cannot tell', async () => {
    const path = dir.write('notes.md', 'just words');
    const error = await parseFile({ path, type: 'event' }).catch((e: unknown) => e);
    expect(isAppError(error) && error.code).toBe('import_format_unknown');
  });
});

describe('columns', () => {
  it.each(RECORD_TYPES)('covers every %s field once, with unambiguous header names', (type) => {
    const columns = columnsFor(type);
    expect(columns.map((c) => c.field).sort()).toEqual(recordFieldNames(type).sort());
    const names = columns.flatMap((c) => [c.field, ...(c.aliases ?? [])].map(normaliseName));
    expect(names.length).toBe(new Set(names).size);
  });

  it('requires the columns the schema requires', () => {
    const match = matchHeaders('metric', ['date', 'channel']);
    expect(match.missing.map((c) => c.field)).toEqual(['channel_kind', 'metric', 'value', 'lead_partner']);
    expect(match.missing.every((c) => !isFieldOptional('metric', c.field))).toBe(true);
  });

  it('reports two columns giving one field', () => {
    const match = matchHeaders('synergy', ['initiative', 'Project', 'kind', 'date', 'lead_partner']);
    expect(match.duplicates).toEqual([{ field: 'initiative', headers: ['initiative', 'Project'] }]);
  });
});
