/**
 * Streamed record exports (keyset pages → chunks) against the whole-file path they replaced (every record through
 * the list's OFFSET pages, then one CSV): the same bytes, in the list's order, whatever the page size — also
 * across ties on the date and the creation time, which the keyset breaks by id.
 */
import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createAuthTestApp,
  makeUser,
  PARTNER_A,
  PARTNER_B,
  PROJECT,
  TestClient,
  type AuthTestApp,
} from '../../test/auth-helpers';
import { ACTIVITY_COLUMNS, activityCells, csvOf, importDir } from '../../test/factories/imports';
import { systemActor } from '../auth/permissions';
import { commitImport } from '../importers/commit';
import { fixedClock } from '../lib/clock';
import { collectChunks, recordColumns, recordRow, rowsToCsv } from './export';
import { allRecords, openRecordExport } from './export-stream';
import { listRecords, MAX_PAGE_SIZE, type RecordFilter } from './service';
import type { AnyRecord } from './schema';

const dir = importDir();
const actor = systemActor('test');
let t: AuthTestApp;
let viewer: TestClient;

// 23 activities on 4 dates, imported in two batches: many share a date, and each batch shares its creation time.
const batch = (from: number, to: number) =>
  Array.from({ length: to - from }, (_, i) =>
    activityCells(from + i, {
      lead_partner: (from + i) % 2 ? PARTNER_A : PARTNER_B,
      date: `2024-0${((from + i) % 4) + 1}-15`,
      title: `Talk ${from + i}, "part" one`,
    }),
  );

beforeAll(async () => {
  t = await createAuthTestApp();
  viewer = await TestClient.signedIn(t, (await makeUser(t.db, { role: 'viewer' })).id);
  for (const [name, rows] of [
    ['a.csv', batch(0, 12)],
    ['b.csv', batch(12, 23)],
  ] as const) {
    const r = await commitImport(t.db, {
      actor,
      projectId: PROJECT,
      type: 'activity',
      file: { path: dir.write(name, csvOf(rows, { columns: ACTIVITY_COLUMNS })) },
    });
    expect(r, JSON.stringify(r).slice(0, 1500)).toMatchObject({ status: 'imported' });
  }
});
afterAll(async () => {
  await t?.close();
  dir.cleanup();
});

/** The path before streaming: every page of the list (OFFSET), then the whole CSV at once. */
async function wholeCsv(filter: RecordFilter = {}): Promise<Buffer> {
  const records: AnyRecord[] = [];
  for (let page = 1; ; page += 1) {
    const result = await listRecords(t.db, {
      actor,
      projectId: PROJECT,
      kind: 'activity',
      filter,
      page,
      pageSize: MAX_PAGE_SIZE,
    });
    records.push(...(result.records as unknown as AnyRecord[]));
    if (result.records.length < MAX_PAGE_SIZE) break;
  }
  return Buffer.from(rowsToCsv(records.map(recordRow), recordColumns('activity')), 'utf8');
}

describe('streamed record exports', () => {
  it('give the bytes of the whole-file CSV for any keyset page size, ties included', async () => {
    const expected = await wholeCsv();
    expect((parse(expected.toString('utf8').slice(1)) as string[][]).length).toBe(24);
    for (const pageRows of [1, 2, 5, 23, 1000]) {
      const file = await openRecordExport(t.db, {
        actor,
        projectId: PROJECT,
        type: 'activity',
        format: 'csv',
        pageRows,
        clock: fixedClock('2025-03-04T00:00:00Z'),
      });
      expect(file.total).toBe(23);
      expect(file.fileName).toBe(`${PROJECT}-activities-2025-03-04.csv`);
      expect((await collectChunks(file.chunks)).equals(expected)).toBe(true);
    }
  });

  it('keep the filters and report the rows written after each page', async () => {
    const filter: RecordFilter = { from: '2024-02-01', to: '2024-03-31' };
    const seen: number[] = [];
    const file = await openRecordExport(t.db, {
      actor,
      projectId: PROJECT,
      type: 'activity',
      format: 'csv',
      filter,
      pageRows: 4,
      onRows: (n) => void seen.push(n),
    });
    const bytes = await collectChunks(file.chunks);
    expect(bytes.equals(await wholeCsv(filter))).toBe(true);
    expect(file.total).toBe(12);
    expect(seen).toEqual([4, 8, 12, 12]);
  });

  it('read every record once for the citation writers (allRecords, keyset)', async () => {
    const all = await allRecords(t.db, { actor, projectId: PROJECT, kind: 'activity' });
    expect(new Set(all.map((r) => r.id)).size).toBe(23);
  });

  it('answer through the web as the same bytes, and XLSX with the same cells', async () => {
    const csv = await viewer.get(`/p/${PROJECT}/records/activities/export.csv`);
    expect(csv.status).toBe(200);
    const csvBytes = Buffer.from(await csv.arrayBuffer());
    expect(csvBytes.equals(await wholeCsv())).toBe(true);
    const xlsx = await viewer.get(`/p/${PROJECT}/records/activities/export.xlsx`);
    expect(xlsx.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await xlsx.arrayBuffer()) as ArrayBuffer);
    const trim = (row: string[]) => {
      const copy = [...row];
      while (copy.length > 0 && copy.at(-1) === '') copy.pop();
      return copy;
    };
    const cells: string[][] = [];
    wb.worksheets[0]!.eachRow((row) =>
      cells.push(
        trim(
          Array.from(row.values as unknown[])
            .slice(1)
            .map((v) => (v === undefined || v === null ? '' : String(v))),
        ),
      ),
    );
    expect(cells).toEqual((parse(csvBytes.toString('utf8').slice(1)) as string[][]).map(trim));
  });
});
