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
import { commitImport, previewImport } from '../importers/commit';

const dir = importDir();
let t: AuthTestApp;
let viewer: TestClient;

const ROWS = [
  activityCells(1, { lead_partner: PARTNER_A, title: '=HYPERLINK("http://evil.example","click")' }),
  activityCells(2, { lead_partner: PARTNER_B, title: '@SUM(A1:A9)' }),
  activityCells(3, { lead_partner: PARTNER_A, title: 'Café à Évora', audiences: 'Citizens; Investors' }),
  activityCells(4, { lead_partner: PARTNER_B, title: '-2+3 reasons to visit', status: 'Ongoing' }),
];

beforeAll(async () => {
  t = await createAuthTestApp();
  viewer = await TestClient.signedIn(t, (await makeUser(t.db, { role: 'viewer' })).id);
  const r = await commitImport(t.db, {
    actor: systemActor('test'),
    projectId: PROJECT,
    type: 'activity',
    file: { path: dir.write('seed.csv', csvOf(ROWS, { columns: ACTIVITY_COLUMNS })) },
  });
  expect(r).toMatchObject({ status: 'imported', imported: 4 });
});
afterAll(async () => {
  await t?.close();
  dir.cleanup();
});

const csvCells = async (res: Response): Promise<string[][]> => {
  const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await res.arrayBuffer());
  expect(text.charCodeAt(0)).toBe(0xfeff);
  return parse(text.slice(1)) as string[][];
};

describe('record list exports', () => {
  it('exports CSV in the template columns, with formula-like cells neutralised', async () => {
    const res = await viewer.get(`/p/${PROJECT}/records/activities/export.csv`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toMatch(
      /^attachment; filename="tide-x-activities-\d{4}-\d{2}-\d{2}\.csv"$/,
    );
    const [header = [], ...rows] = await csvCells(res);
    const col = (name: string) => header.indexOf(name);
    expect(col('title')).toBeGreaterThanOrEqual(0);
    const titles = rows.map((r) => r[col('title')]).sort();
    expect(titles).toEqual([
      "'-2+3 reasons to visit",
      '\'=HYPERLINK("http://evil.example","click")',
      "'@SUM(A1:A9)",
      'Café à Évora',
    ]);
    const cafe = rows.find((r) => r[col('title')] === 'Café à Évora') ?? [];
    expect(cafe[col('audiences')]).toBe('Citizens; Investors');
    expect(cafe[col('start_date')]).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('honours the list filters', async () => {
    const partner = await csvCells(
      await viewer.get(`/p/${PROJECT}/records/activities/export.csv?partner=${PARTNER_B}`),
    );
    expect(partner).toHaveLength(3);
    const status = await csvCells(
      await viewer.get(`/p/${PROJECT}/records/activities/export.csv?status=Ongoing`),
    );
    expect(status).toHaveLength(2);
    const search = await csvCells(await viewer.get(`/p/${PROJECT}/records/activities/export.csv?q=caf`));
    expect(search.slice(1).map((r) => r.find((c) => c.startsWith('Caf')))).toEqual(['Café à Évora']);
  });

  it('exports XLSX that reads back with exceljs, text neutralised', async () => {
    const res = await viewer.get(`/p/${PROJECT}/records/activities/export.xlsx?partner=${PARTNER_A}`);
    expect(res.headers.get('content-type')).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(await res.arrayBuffer());
    const sheet = book.worksheets[0];
    expect(sheet?.name).toBe('activity');
    const header = (sheet?.getRow(1).values as unknown[]).slice(1);
    const titleCol = header.indexOf('title') + 1;
    const titles = [2, 3].map((n) => String(sheet?.getRow(n).getCell(titleCol).value)).sort();
    expect(titles).toEqual(['\'=HYPERLINK("http://evil.example","click")', 'Café à Évora']);
    expect(sheet?.rowCount).toBe(3);
  });

  it('imports back as duplicates only (titles are compared without punctuation, so the quote does not matter)', async () => {
    const res = await viewer.get(`/p/${PROJECT}/records/activities/export.csv`);
    const path = dir.write('export.csv', Buffer.from(await res.arrayBuffer()));
    const r = await previewImport(t.db, {
      actor: systemActor('test'),
      projectId: PROJECT,
      type: 'activity',
      file: { path },
    });
    expect(r.errors).toEqual([]);
    expect(r).toMatchObject({ rows: 4, invalid: 0, duplicates: 4, valid: 0 });
    expect(r.duplicateRows.map((d) => d.label)).toContain('Café à Évora');
  });

  it('needs a membership', async () => {
    const anon = await new TestClient(t.app).get(`/p/${PROJECT}/records/activities/export.csv`);
    expect(anon.status).toBe(302);
    expect((await viewer.get(`/p/${PROJECT}/records/kpi-values/export.csv`)).status).toBe(404);
  });
});
