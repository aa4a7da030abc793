import { createHash, randomUUID } from 'node:crypto';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { BatchRecords, type StoredRow } from '../records/batch';
import { KeyIndex } from './duplicate-keys';

/** A full collection (the flag exposes `gc` to a new context), then the heap in use plus Buffers. */
function retained(): number {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

describe('the per-row state of an import', () => {
  it('holds a key as the first 16 bytes of its sha256, as a one-byte string (the form stored before)', () => {
    for (const key of ['title:a|2025-01-01|UNIA', 'título:ü漢字|2025-01-01|JPU', ''])
      expect(new KeyIndex().hash(key)).toBe(
        createHash('sha256').update(key).digest().toString('latin1', 0, 16),
      );
  });

  it('finds the first row of a key, in any file, and the database’s keys', () => {
    const index = new KeyIndex();
    const a = index.hash('title:a|2025-01-01|UNIA');
    expect(index.hash('title:a|2025-01-01|UNIA')).toBe(a);
    expect(a).toHaveLength(16);
    expect(index.first(a)).toBeUndefined();
    index.add(a, { file: 2, row: 4_000_000 });
    expect(index.first(a)).toEqual({ file: 2, row: 4_000_000 });
    expect(index.first(index.hash('title:b|2025-01-01|UNIA'))).toBeUndefined();
  });

  it('keeps ids and digests as bytes and gives them back as strings, in order', () => {
    const records = new BatchRecords('activity', 'b', 'import:b');
    const rows = [1, 2, 3].map((n) => ({ id: randomUUID(), title: `T${n}`, startDate: '2025-01-01' }));
    records.add(rows.slice(0, 2));
    records.add(rows.slice(2));
    expect(records.ids).toEqual(rows.map((r) => r.id));
    expect(records.digests).toHaveLength(3);
    expect(records.payload()).toMatchObject({ count: 3, ids: rows.map((r) => r.id) });
    expect(() => records.add([{ id: 'not-a-uuid' }])).toThrow('not a UUID');
  });

  // Memory (bytes, not time): what an import keeps for each row it has written, until its final transaction.
  it('holds less than 200 bytes a row for a key, an id and a digest (row objects and strings took 740)', () => {
    const n = 50_000;
    const title = (i: number) =>
      `title:workshop ${i} on secure data sharing for smart cities with the regional stakeholders|2025-03-01|UNIA`;
    const before = retained();
    const index = new KeyIndex();
    const records = new BatchRecords('activity', 'b', 'import:b');
    for (let chunk = 0; chunk < n; chunk += 1_000) {
      const rows: StoredRow[] = [];
      for (let i = chunk; i < chunk + 1_000; i++) {
        index.add(index.hash(title(i)), { file: 0, row: i + 2 });
        rows.push({ id: randomUUID(), title: `Workshop ${i}`, startDate: '2025-03-01', leadPartner: 'UNIA' });
      }
      records.add(rows);
    }
    const perRow = (retained() - before) / n;
    expect(index.size + records.size).toBe(2 * n);
    console.info(`${perRow.toFixed(0)} bytes a row`);
    expect(perRow).toBeLessThan(200);
  });
});
