/**
 * Portal tables: CSV and XLSX parsed back match the records and the vocabulary exactly (headers in order, mapped
 * values); a too-long or unmappable value is a finding, never truncated; "since the last report" leaves out records
 * unchanged since the submission; the page has a named copy button per field; GET writes nothing.
 */
import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activityInput, publicationInput } from '../../../test/factories/records';
import { makePlan, planInput } from '../../../test/factories/plan';
import {
  actors,
  clientsFor,
  createRecordsTestApp,
  PROJECT,
  recordsPlan,
  type Who,
} from '../../../test/records';
import type { AuthTestApp, TestClient } from '../../../test/auth-helpers';
import { systemActor } from '../../auth/permissions';
import { queryRows } from '../../kpi/engine';
import { importPlan } from '../../projects/service';
import { createRecord } from '../../records/service';
import { setDeliverableStatus } from '../../records/deliverables';
import { catalogEnglish, dataStrings, englishIn } from '../../../test/catalog-english';
import { horizonEurope, h2020 } from '../../records/vocabularies';
import { buildPortalTable } from './build';
import { portalFile } from './files';
import { PORTAL_TABS } from './tabs';

const H2020_PROJECT = 'wave-y';
const SUBMITTED = '2025-01-10T12:00:00Z';
const LONG = 'An objective that refers to the pilot output. '.repeat(6).trim(); // ${LONG.length} characters

let t: AuthTestApp;
let clients: Record<Who, TestClient>;
const ids: Record<string, string> = {};
const actor = systemActor('portal-test');

const headersOf = (programme: string, tab: string) =>
  (PORTAL_TABS[programme]?.find((x) => x.id === tab)?.columns ?? []).map((c) => c.header);
const csvRows = (buf: Buffer | string): string[][] => parse(buf, { bom: true }) as string[][];
const setUpdated = (table: string, id: string, at: string) =>
  t.db.execute(sql`UPDATE ${sql.raw(table)} SET updated_at = ${at}::timestamptz WHERE id = ${id}`);
const auditCount = async () =>
  Number((await queryRows(t.db, sql`SELECT count(*) AS n FROM audit_entries`))[0]?.n);

beforeAll(async () => {
  t = await createRecordsTestApp();
  clients = await clientsFor(t);
  const add = async (key: string, projectId: string, kind: 'activity' | 'publication', input: object) => {
    ids[key] = (await createRecord(t.db, { actor, projectId, kind, input: input as never })).id;
  };
  await add('old', PROJECT, 'activity', {
    ...activityInput({ title: 'Workshop with the port authority', category: 'dissemination' }),
    start_date: '2024-02-01',
    type: 'Meetings',
    audiences: ['National authorities', 'Research communities'],
    channels: [],
    description: 'Presents deliverable D2.1 to the port authority',
    status: 'Delivered',
  });
  await add('long', PROJECT, 'activity', {
    ...activityInput({ title: 'Clustering day', category: 'dissemination' }),
    type: 'Clustering activities',
    audiences: ['Innovators'],
    channels: [],
    description: LONG,
    status: 'Ongoing',
  });
  await add('webinar', PROJECT, 'activity', {
    ...activityInput({ title: 'Webinar on grids', category: 'dissemination' }),
    type: 'Conferences',
    audiences: ['Citizens'],
    channels: [],
    description: 'Short objective',
  });
  // Records that count nowhere: one of an import batch still being written, one deleted.
  for (const key of ['pending', 'deleted'])
    await add(key, PROJECT, 'activity', {
      ...activityInput({ title: `Invisible ${key}`, category: 'dissemination' }),
      type: 'Meetings',
      audiences: ['Citizens'],
      channels: [],
    });
  await t.db.execute(sql`UPDATE activities SET pending_batch = gen_random_uuid() WHERE id = ${ids.pending}`);
  await t.db.execute(sql`UPDATE activities SET deleted_at = now() WHERE id = ${ids.deleted}`);
  // A value written under an earlier vocabulary (or by hand): no Portal string maps it.
  await t.db.execute(sql`UPDATE activities SET type = 'Webinar' WHERE id = ${ids.webinar}`);
  await add(
    'comm',
    PROJECT,
    'activity',
    activityInput({ title: 'Press release on the pilot', outcome: 'Picked up by 3 papers' }),
  );
  await add('paper', PROJECT, 'publication', publicationInput());
  // A submitted report; "old" is unchanged since, the others changed after.
  await t.db
    .execute(sql`INSERT INTO reports (project_id, scope, from_date, to_date, lang, state, plan_version,
      audit_seq, figures, created_by, submitted_at, submitted_by)
    VALUES (${PROJECT}, 'year:1', '2024-01-01', '2024-12-31', 'en', 'submitted', 1, 0, '[]'::jsonb, 'test',
      ${SUBMITTED}::timestamptz, 'test')`);
  await setUpdated('activities', ids.old ?? '', '2025-01-01T00:00:00Z');
  for (const key of ['long', 'webinar', 'comm'])
    await setUpdated('activities', ids[key] ?? '', '2025-02-01T00:00:00Z');
  // An H2020 project: one activities tab for both categories.
  const plan = makePlan({
    project: {
      ...planInput().project,
      acronym: 'Wave-Y',
      programme: 'H2020',
      grants: [{ funder: 'European Commission', programme: 'H2020', number: '814917' }],
    },
  });
  await importPlan(t.db, {
    plan,
    sourceText: JSON.stringify(plan),
    sourceName: 'wave-y.yaml',
    actor: 'cli:test',
  });
  await add('h2020', H2020_PROJECT, 'activity', {
    ...activityInput({ title: 'Training for operators', category: 'dissemination' }),
    type: 'Training',
    audiences: ['Industry', 'General Public'],
    channels: [],
    persons_reached: 40,
    countries: ['PT', 'NO'],
    joint_with_other_projects: true,
  });
});
afterAll(async () => t.close());

describe('Portal tables (Horizon Europe)', () => {
  it('dissemination as CSV: the Portal headers in order, one row per visible dissemination activity, values verbatim', async () => {
    const table = await buildPortalTable(t.db, {
      actor: actors.viewer,
      projectId: PROJECT,
      tab: 'dissemination',
    });
    const [header, ...rows] = csvRows(await portalFile(table, 'csv'));
    expect(header).toEqual(['Name', 'Description', 'Type', 'Target audience', 'Status']);
    expect(header).toEqual(headersOf('HORIZON_EUROPE', 'dissemination'));
    expect(rows).toEqual([
      [
        'Workshop with the port authority',
        'Presents deliverable D2.1 to the port authority',
        'Meetings',
        'National authorities; Research communities',
        'Delivered',
      ],
      ['Clustering day', LONG, 'Clustering activities', 'Innovators', 'Ongoing'],
      ['Webinar on grids', 'Short objective', '', 'Citizens', 'Delivered'],
    ]);
    for (const row of rows) {
      expect(horizonEurope.activityTypes.includes(row[2] ?? '') || row[2] === '').toBe(true);
      for (const a of (row[3] ?? '').split('; ')) expect(horizonEurope.disseminationAudiences).toContain(a);
    }
  });

  it('an objective over 200 characters is a finding naming record, field and limit, and is not truncated', async () => {
    const table = await buildPortalTable(t.db, {
      actor: actors.viewer,
      projectId: PROJECT,
      tab: 'dissemination',
    });
    expect(LONG.length).toBeGreaterThan(200);
    expect(table.findings.filter((f) => f.rule === 'portal_length')).toEqual([
      {
        rule: 'portal_length',
        severity: 'error',
        kind: 'activity',
        recordId: ids.long,
        label: 'Clustering day',
        field: 'description',
        messageKey: 'portal.finding.length',
        params: { field: 'Description', limit: 200, length: LONG.length },
        href: `/p/${PROJECT}/records/activities/${ids.long}/edit`,
      },
    ]);
    expect(table.rows.find((r) => r.recordId === ids.long)?.cells[1]).toBe(LONG);
  });

  it('a value outside the vocabulary is a finding, and its cell is left empty rather than guessed', async () => {
    const table = await buildPortalTable(t.db, {
      actor: actors.viewer,
      projectId: PROJECT,
      tab: 'dissemination',
    });
    expect(table.findings.filter((f) => f.rule === 'portal_vocabulary')).toMatchObject([
      { recordId: ids.webinar, field: 'type', params: { value: 'Webinar', programme: 'Horizon Europe' } },
    ]);
  });

  it('communication: its own columns (channels, outcome), only communication activities', async () => {
    const table = await buildPortalTable(t.db, {
      actor: actors.viewer,
      projectId: PROJECT,
      tab: 'communication',
    });
    const [header, ...rows] = csvRows(await portalFile(table, 'csv'));
    expect(header).toEqual(['Name', 'Description', 'Target audience', 'Channels', 'Outcome', 'Status']);
    expect(rows).toEqual([
      [
        'Press release on the pilot',
        'Announces the pilot in Porto',
        'Citizens; Industry, business partners',
        'Press release',
        'Picked up by 3 papers',
        'Delivered',
      ],
    ]);
    expect(table.findings).toEqual([]);
  });

  it('publications as XLSX: headers in order, the type and open access mapped to the Portal strings', async () => {
    const table = await buildPortalTable(t.db, {
      actor: actors.viewer,
      projectId: PROJECT,
      tab: 'publications',
    });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await portalFile(table, 'xlsx')) as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0];
    const values = (n: number) =>
      (sheet?.getRow(n).values as unknown[]).slice(1).map((v) => (v === undefined ? '' : v));
    expect(values(1)).toEqual(headersOf('HORIZON_EUROPE', 'publications'));
    expect(sheet?.rowCount).toBe(2);
    const p = publicationInput();
    expect(values(2)).toEqual([
      p.doi,
      p.title,
      'Silva, Ana; Berg, Ola',
      p.venue,
      '2024',
      horizonEurope.publicationTypeLabels.journal_article,
      'Yes',
      'Yes',
      '',
    ]);
  });

  it('"since the last submitted report" leaves out records unchanged since the submission', async () => {
    const all = await buildPortalTable(t.db, {
      actor: actors.viewer,
      projectId: PROJECT,
      tab: 'dissemination',
      since: 'all',
    });
    const since = await buildPortalTable(t.db, {
      actor: actors.viewer,
      projectId: PROJECT,
      tab: 'dissemination',
      since: 'report',
    });
    expect(all.rows.map((r) => r.recordId)).toContain(ids.old);
    expect(since.since?.toISOString()).toBe(new Date(SUBMITTED).toISOString());
    expect(since.rows.map((r) => r.recordId)).toEqual([ids.long, ids.webinar]);
  });

  it('a project with no submitted report: "since" gives everything', async () => {
    const table = await buildPortalTable(t.db, {
      actor: systemActor('x'),
      projectId: H2020_PROJECT,
      since: 'report',
    });
    expect(table.since).toBeNull();
    expect(table.rows.map((r) => r.recordId)).toEqual([ids.h2020]);
  });
});

describe('Portal tables: deliverables', () => {
  it("the plan's deliverables with their status in the Portal's words (Approved is Submitted with its approval date)", async () => {
    const before = await buildPortalTable(t.db, {
      actor: systemActor('x'),
      projectId: PROJECT,
      tab: 'deliverables',
    });
    expect(csvRows(await portalFile(before, 'csv'))).toEqual([
      headersOf('HORIZON_EUROPE', 'deliverables'),
      ['D1.1', 'Website', 'WP1', '2024-03-31', 'Pending', '', '', ''],
    ]);
    // Never set: unchanged since the report.
    const unchanged = await buildPortalTable(t.db, {
      actor: systemActor('x'),
      projectId: PROJECT,
      tab: 'deliverables',
      since: 'report',
    });
    expect(unchanged.rows).toEqual([]);
    await setDeliverableStatus(t.db, {
      actor: systemActor('x'),
      projectId: PROJECT,
      code: 'D1.1',
      input: { status: 'Approved', submitted_on: '2024-03-20', approved_on: '2024-05-02' },
    });
    await t.db.execute(sql`UPDATE deliverable_status SET updated_at = '2025-03-01T00:00:00Z'::timestamptz`);
    const after = await buildPortalTable(t.db, {
      actor: systemActor('x'),
      projectId: PROJECT,
      tab: 'deliverables',
      since: 'report',
    });
    expect(after.rows).toMatchObject([
      {
        recordId: 'D1.1',
        cells: ['D1.1', 'Website', 'WP1', '2024-03-31', 'Submitted', '2024-03-20', '2024-05-02', ''],
      },
    ]);
    expect(after.findings).toEqual([]);
  });
});

describe('Portal tables (H2020)', () => {
  it('one activities tab with the H2020 columns and vocabulary', async () => {
    const table = await buildPortalTable(t.db, { actor: systemActor('x'), projectId: H2020_PROJECT });
    expect(table.tab.id).toBe('activities');
    const [header, ...rows] = csvRows(await portalFile(table, 'csv'));
    expect(header).toEqual(headersOf('H2020', 'activities'));
    expect(rows).toEqual([
      [
        'Training',
        'UNIA',
        'Training for operators',
        '2024-03-15',
        'Industry; General Public',
        '40',
        'PT; NO',
        'Yes',
      ],
    ]);
    expect(h2020.activityTypes).toContain('Training');
  });

  it('a Horizon Europe tab is no tab of an H2020 project (404)', async () => {
    await expect(
      buildPortalTable(t.db, { actor: systemActor('x'), projectId: H2020_PROJECT, tab: 'dissemination' }),
    ).rejects.toMatchObject({ status: 404 });
  });
});

describe('GET /p/:id/reports/portal', () => {
  it('shows each field with a named copy button, the findings linking to the records; writes nothing', async () => {
    const before = await auditCount();
    const res = await clients.viewer.get(`/p/${PROJECT}/reports/portal?tab=dissemination`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('data-copy="Presents deliverable D2.1 to the port authority"');
    expect(html).toContain('aria-label="Copy “Description” of Workshop with the port authority"');
    expect(html).toContain(`href="/p/${PROJECT}/records/activities/${ids.long}/edit"`);
    expect(html).toContain(`“Description” has ${LONG.length} characters; the Portal accepts at most 200.`);
    expect(html).toContain('<script src="/static/portal-copy.js" defer');
    expect(await auditCount()).toBe(before);
  });

  it('speaks Japanese: field names and vocabulary values labelled in Japanese, the copied values verbatim', async () => {
    const html = await (
      await clients.viewer.get(`/p/${PROJECT}/reports/portal?tab=dissemination&lang=ja`)
    ).text();
    expect(html).toContain('ポータル入力表');
    expect(html).toContain('<th scope="col" title="Description">説明</th>');
    expect(html).toContain('aria-label="Workshop with the port authority の「説明」をコピー"');
    expect(html).toContain('<span>実施済み</span> <button type="button" class="copy" data-copy="Delivered"');
    expect(html).toContain('<span>国の行政機関、研究コミュニティ</span>');
    expect(html).toContain('data-copy="National authorities; Research communities"');
    expect(html).toContain(`「説明」は ${LONG.length} 文字です。ポータルの上限は 200 文字です。`);
    // No catalog English in the visible text of any tab (what the Japanese page walk checks).
    for (const tab of ['dissemination', 'communication', 'publications', 'deliverables']) {
      const page = await (await clients.viewer.get(`/p/${PROJECT}/reports/portal?tab=${tab}&lang=ja`)).text();
      const main = page.slice(page.indexOf('<main'), page.indexOf('</main>'));
      const text = main
        .replace(/<[^>]*>/g, '\n')
        .replace(/&amp;/g, '&')
        .replace(/&#39;/g, "'");
      // The plan's own strings (a deliverable's title) are content, shown as written.
      expect(englishIn(text, catalogEnglish(), dataStrings(recordsPlan())), tab).toEqual([]);
    }
  });

  it('the CSV and XLSX downloads are the same tables', async () => {
    const res = await clients.viewer.get(`/p/${PROJECT}/reports/portal.csv?tab=dissemination&since=report`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toContain('tide-x-portal-dissemination-since-report.csv');
    const rows = csvRows(Buffer.from(await res.arrayBuffer()));
    expect(rows.map((r) => r[0])).toEqual(['Name', 'Clustering day', 'Webinar on grids']);
    const xlsx = await clients.viewer.get(`/p/${PROJECT}/reports/portal.xlsx?tab=publications`);
    expect(xlsx.status).toBe(200);
    expect(xlsx.headers.get('content-type')).toContain('spreadsheetml');
  });

  it('the reports page links to it', async () => {
    const html = await (await clients.viewer.get(`/p/${PROJECT}/reports`)).text();
    expect(html).toContain(`href="/p/${PROJECT}/reports/portal"`);
  });

  it('serves the copy script', async () => {
    const res = await clients.viewer.get('/static/portal-copy.js');
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('navigator.clipboard.writeText');
  });
});
