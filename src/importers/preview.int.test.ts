/**
 * The import preview at scale and across files: problems grouped by kind, paged (plain links), all of them as a
 * CSV download; several files and zip archives in one import (one transaction, one batch row per file).
 */
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  createAuthTestApp,
  makeUser,
  PARTNER_A,
  PROJECT,
  TestClient,
  type AuthTestApp,
} from '../../test/auth-helpers';
import { ACTIVITY_COLUMNS, activityCells, csvOf } from '../../test/factories/imports';
import { activities, importBatches } from '../db/schema';
import { zipOf } from './testing';
import { runImportJobs } from './testing';

let t: AuthTestApp;
let coordinator: TestClient;

beforeAll(async () => {
  t = await createAuthTestApp();
  coordinator = await TestClient.signedIn(t, (await makeUser(t.db, { role: 'coordinator' })).id);
});
afterAll(async () => {
  await t?.close();
});
// The language is a cookie: each test starts in English.
beforeEach(async () => {
  await coordinator.get(`/p/${PROJECT}/import?lang=en`);
});

/** Posts the upload form with any number of files. */
async function upload(
  fields: Record<string, string>,
  files: { name: string; data: string | Uint8Array }[],
): Promise<Response> {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.set(k, v);
  for (const f of files) form.append('file', new File([f.data], f.name));
  return t.app.request(`/p/${PROJECT}/import`, {
    method: 'POST',
    body: form,
    headers: {
      cookie: coordinator.cookieHeader,
      'x-csrf-token': await coordinator.csrfToken(),
      'x-forwarded-for': coordinator.ip,
    },
  });
}

const rowsOf = (html: string) => [...html.matchAll(/<tr data-row="(\d+)">/g)].length;
const csvOfActivities = (cells: ReturnType<typeof activityCells>[]) =>
  csvOf(cells, { columns: ACTIVITY_COLUMNS });
const cells = (n: number, overrides: Record<string, string> = {}) =>
  activityCells(n, { lead_partner: PARTNER_A, ...overrides });

/** 1,000 BibTeX entries: none has a journal (1,000 venue problems), every third has no author (334 more). */
function thousandEntries(): string {
  return Array.from({ length: 1000 }, (_, i) =>
    [
      `@article{paper${i + 1},`,
      i % 3 === 0 ? '' : `  author = {Silva, Ana},`,
      `  title = {Paper ${i + 1}},`,
      `  year = {2024}`,
      '}',
    ]
      .filter((l) => l !== '')
      .join('\n'),
  ).join('\n\n');
}

describe('the preview of a file with many problems', () => {
  it('groups problems by kind with counts, pages them, and downloads all of them as CSV', async () => {
    const res = await upload({ type: 'publication', partner: PARTNER_A }, [
      { name: 'big.bib', data: thousandEntries() },
    ]);
    expect(res.status).toBe(303);
    const location = res.headers.get('location') ?? '';
    const page = await (await coordinator.get(location)).text();
    expect(page).toMatch(/data-count="invalid">1,000</);
    // Grouped: one line per problem, with its count.
    const groups = [
      ...page.matchAll(/<tr data-problem="(\w+)"><td>(\w+)<\/td>.*?data-count="\w+">([\d,]+)</g),
    ].map((m) => [m[2], m[3]]);
    expect(groups).toEqual([
      ['authors', '334'],
      ['venue', '1,000'],
    ]);
    // Paged: 50 problems, not 1,000 (or all 1,334).
    expect(rowsOf(page)).toBe(50);
    expect(page).toContain('Page 1 of 27');
    expect(page).toContain('Download all 1,334 problems (CSV)');
    expect(page).toContain(
      '<td>big.bib</td><td class="num">1</td><td>entry 1 &quot;paper1&quot;</td><td>authors</td>',
    );
    const last = await (await coordinator.get(`${location}?page=27`)).text();
    expect(rowsOf(last)).toBe(1334 - 26 * 50);
    expect(last).toContain('Page 27 of 27');
    expect(last).toContain('entry 1000 &quot;paper1000&quot;');

    // One kind only.
    const authorsId = /<tr data-problem="(\w+)"><td>authors<\/td>/.exec(page)?.[1] ?? '';
    expect(page).toContain(`href="${location}?problem=${authorsId}#problems"`);
    const authors = await (await coordinator.get(`${location}?problem=${authorsId}&page=7`)).text();
    expect(authors).toContain('Page 7 of 7');
    expect(rowsOf(authors)).toBe(334 - 6 * 50);
    expect(authors).not.toMatch(/<tr data-row="\d+">(<td[^>]*>[^<]*<\/td>){3}<td>venue<\/td>/);
    expect(authors).toMatch(/<tr data-row="\d+">(<td[^>]*>[^<]*<\/td>){3}<td>authors<\/td>/);

    // All of them as CSV, in the viewer's language plus English.
    const csv = await coordinator.get(`${location}/errors.csv?lang=ja`);
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const lines = (await csv.text())
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split('\n');
    expect(lines).toHaveLength(1 + 1334);
    expect(lines[0]).toBe('ファイル,行番号,項目,列,問題,問題（英語）');
    expect(lines[1]).toMatch(/^big\.bib,1,エントリ 1「paper1」,authors,.+,needs at least one author$/);
  });

  it('says "1 row" and "2 rows"', async () => {
    const one = await upload({ type: 'activity' }, [
      { name: 'one.csv', data: csvOfActivities([cells(801)]) },
    ]);
    expect(await (await coordinator.get(one.headers.get('location') ?? '')).text()).toContain(
      'Import all (1 row)</button>',
    );
    const two = await upload({ type: 'activity' }, [
      { name: 'two.csv', data: csvOfActivities([cells(802), cells(803, { date: 'soon' })]) },
    ]);
    const page = await (await coordinator.get(two.headers.get('location') ?? '')).text();
    expect(page).toContain('Import all (2 rows)</button>');
    expect(page).toContain('Import the 1 valid row, leave out 1</button>');
    expect(page).toContain('Download the 1 problem (CSV)');
  });

  it('speaks Japanese in the groups, the pager and the problem list', async () => {
    const csv = csvOfActivities([cells(1, { date: '2024-02-30' }), cells(2)]);
    const res = await upload({ type: 'activity' }, [{ name: 'ja.csv', data: csv }]);
    const page = await (await coordinator.get(`${res.headers.get('location')}?lang=ja`)).text();
    expect(page).toContain('種類別の問題');
    expect(page).toContain('<td>2 行目</td><td>日付（date）</td><td>「2024-02-30」は日付ではありません');
    expect(page).toContain('1 件の問題をダウンロード (CSV)');
  });
});

describe('several files in one import', () => {
  it('previews files and a zip together, and imports all of them in one transaction', async () => {
    const zip = zipOf([
      { name: 'exports/2024-03.csv', data: csvOfActivities([cells(503), cells(504)]) },
      { name: 'exports/', data: '', stored: true },
    ]);
    const files = [
      { name: '2024-01.csv', data: csvOfActivities([cells(501)]) },
      { name: '2024-02.csv', data: csvOfActivities([cells(502), cells(501)]) },
      { name: 'more.zip', data: zip },
    ];
    const res = await upload({ type: 'activity' }, files);
    expect(res.status).toBe(303);
    const location = res.headers.get('location') ?? '';
    const page = await (await coordinator.get(location)).text();
    expect(page).toContain('Preview of 3 files');
    expect(page).toContain(
      '<tr data-file="more.zip/exports/2024-03.csv"><td>more.zip/exports/2024-03.csv</td><td>CSV</td><td class="num">2</td><td class="num">2</td>',
    );
    expect(page).toMatch(
      /<th>All files<\/th><td><\/td><td class="num">5<\/td><td class="num">4<\/td><td class="num">1<\/td>/,
    );
    expect(page).toContain(
      '<td>2024-02.csv</td><td class="num">3</td><td>Post 501 about the pilot</td><td>2024-01.csv, row 2</td>',
    );

    await coordinator.post(location, { mode: 'all' });
    await runImportJobs(t.db);
    expect(await (await coordinator.get(`${location}/progress`)).text()).toContain(
      'Imported 4, duplicates 1, invalid 0.',
    );
    const batches = await t.db
      .select()
      .from(importBatches)
      .where(and(eq(importBatches.projectId, PROJECT), eq(importBatches.recordType, 'activity')));
    expect(batches.map((b) => [b.fileName, b.imported, b.duplicates]).sort()).toEqual([
      ['2024-01.csv', 1, 0],
      ['2024-02.csv', 1, 1],
      ['more.zip/exports/2024-03.csv', 2, 0],
    ]);
    const rows = await t.db.select().from(activities).where(eq(activities.projectId, PROJECT));
    expect(rows.filter((r) => r.title.startsWith('Post 50'))).toHaveLength(4);
  });

  it('imports nothing from any file when one file has an invalid row', async () => {
    const res = await upload({ type: 'activity' }, [
      { name: 'good.csv', data: csvOfActivities([cells(601), cells(602)]) },
      { name: 'bad.csv', data: csvOfActivities([cells(603, { date: '2024-13-01' })]) },
    ]);
    const location = res.headers.get('location') ?? '';
    const page = await (await coordinator.get(location)).text();
    expect(page).toContain('<td>bad.csv</td><td class="num">2</td><td>row 2</td><td>date</td>');
    expect(page).toContain('Import all (3 rows)');
    await coordinator.post(location, { mode: 'all' });
    await runImportJobs(t.db);
    expect(await (await coordinator.get(`${location}/progress`)).text()).toContain('Nothing was imported');
    const rows = await t.db.select().from(activities).where(eq(activities.projectId, PROJECT));
    expect(rows.filter((r) => r.title.startsWith('Post 60'))).toHaveLength(0);
  });

  it('refuses a zip with an entry outside the archive, or one that unpacks too large, saying why', async () => {
    const evil = zipOf([
      { name: 'ok.csv', data: csvOfActivities([cells(701)]) },
      { name: '../../etc/cron.d/evil.csv', data: 'x' },
    ]);
    const traversal = await upload({ type: 'activity' }, [{ name: 'evil.zip', data: evil }]);
    expect(traversal.status).toBe(400);
    expect(await traversal.text()).toContain(
      'evil.zip: the entry &quot;../../etc/cron.d/evil.csv&quot; points outside the archive; the zip file is refused',
    );
    const bomb = zipOf([{ name: 'bomb.csv', data: 'x', size: 300 * 1024 * 1024 }]);
    const large = await upload({ type: 'activity' }, [{ name: 'bomb.zip', data: bomb }]);
    expect(large.status).toBe(400);
    expect(await large.text()).toContain('bomb.zip: the archive unpacks to more than 200 MB; split it');
    const rows = await t.db.select().from(activities).where(eq(activities.projectId, PROJECT));
    expect(rows.filter((r) => r.title === 'Post 701 about the pilot')).toHaveLength(0);
  });
});
