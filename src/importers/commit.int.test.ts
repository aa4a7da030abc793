import { and, count, eq, isNull } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  ACTIVITY_COLUMNS,
  IMPORT_PROJECT as PROJECT,
  activityCells,
  csvOf,
  importDir,
  importTestPlan,
} from '../../test/factories/imports';
import { createTestDatabase } from '../../test/db';
import { systemActor, type Actor } from '../auth/permissions';
import type { Database } from '../db/client';
import { activities, auditEntries, importBatches, metricSnapshots, publications } from '../db/schema';
import { commitImport, previewImport, type ImportStep } from './commit';

const dir = importDir();
let database: Database;
const system = systemActor('test');
const editorOf = (partnerCode: string): Actor => ({
  kind: 'user',
  userId: `editor-${partnerCode}`,
  isAdmin: false,
  memberships: [{ projectId: PROJECT, role: 'editor', partnerCode }],
});
const viewer: Actor = {
  kind: 'user',
  userId: 'viewer',
  isAdmin: false,
  memberships: [{ projectId: PROJECT, role: 'viewer', partnerCode: null }],
};

beforeAll(async () => {
  database = await createTestDatabase();
  await importTestPlan(database);
});
afterAll(async () => {
  await database.close();
  dir.cleanup();
});
beforeEach(async () => {
  await database.db.delete(activities);
  await database.db.delete(publications);
  await database.db.delete(metricSnapshots);
});

const activityCount = async () =>
  (
    await database.db
      .select({ n: count() })
      .from(activities)
      .where(and(eq(activities.projectId, PROJECT), isNull(activities.deletedAt)))
  )[0]?.n;

let files = 0;
/** Writes an activity CSV of `rows` and returns its path. */
const activityFile = (rows: Record<string, string | undefined>[], opts: Parameters<typeof csvOf>[1] = {}) =>
  dir.write(`activities-${++files}.csv`, csvOf(rows, { columns: ACTIVITY_COLUMNS, ...opts }));

const request = (path: string, actor: Actor = system) => ({
  actor,
  projectId: PROJECT,
  type: 'activity' as const,
  file: { path },
});

describe('previewImport', () => {
  it('counts valid, invalid and duplicate rows and writes nothing', async () => {
    const path = activityFile([
      activityCells(1),
      activityCells(2, { date: '31/02/2024' }),
      activityCells(3),
      activityCells(1),
    ]);
    const steps: ImportStep[] = [];
    const report = await previewImport(database.db, { ...request(path), onProgress: (s) => steps.push(s) });
    expect(report).toMatchObject({ rows: 4, valid: 2, invalid: 1, duplicates: 1, format: 'csv' });
    expect(report.errors).toEqual([
      expect.objectContaining({ row: 3, column: 'date', message: expect.stringContaining('31/02/2024') }),
    ]);
    expect(report.duplicateRows).toEqual([
      { row: 5, file: expect.any(String), label: 'Post 1 about the pilot', of: 2 },
    ]);
    expect(report.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(steps.at(-1)).toMatchObject({ phase: 'check', rows: 4 });
    expect(steps.at(-1)?.done).toBe(steps.at(-1)?.total);
    expect(await activityCount()).toBe(0);
  });

  it('resolves partners by code or alias, ignoring case, and names an unknown partner', async () => {
    const path = activityFile([
      activityCells(1, { lead_partner: 'uni a' }),
      activityCells(2, { lead_partner: 'CORP B AS' }),
      activityCells(3, { lead_partner: 'jpu' }),
      activityCells(4, { lead_partner: 'Acme' }),
    ]);
    const report = await previewImport(database.db, request(path));
    expect(report).toMatchObject({ valid: 3, invalid: 1 });
    expect(report.errors).toEqual([
      expect.objectContaining({
        row: 5,
        column: 'lead_partner',
        message: 'unknown partner "Acme" (known: CORPB, JPU, UNIA)',
      }),
    ]);
  });

  it('reports a missing required column as a file error naming it', async () => {
    const path = dir.write(
      'no-status.csv',
      csvOf([activityCells(1)], { columns: ACTIVITY_COLUMNS.slice(0, 7) }),
    );
    const report = await previewImport(database.db, request(path));
    expect(report.fileErrors.map((e) => e.message)).toEqual(['missing required column "status"']);
    expect(report.rows).toBe(0);
  });

  it('reports a wrong delimiter with a hint', async () => {
    const path = activityFile([activityCells(1)], { delimiter: '|' });
    const report = await previewImport(database.db, request(path));
    expect(report.fileErrors[0]?.message).toBe(
      'the header has a single column: the delimiter looks like "|"; use "," or ";"',
    );
  });

  it('makes a partner editor’s rows of other partners invalid, and refuses a viewer', async () => {
    const path = activityFile([activityCells(1), activityCells(2)]);
    const report = await previewImport(database.db, request(path, editorOf('UNIA')));
    expect(report).toMatchObject({ valid: 1, invalid: 1 });
    expect(report.errors[0]).toMatchObject({
      row: 3,
      column: 'lead_partner',
      message: 'you may only import records led by UNIA (this row is led by CORPB)',
    });
    await expect(previewImport(database.db, request(path, viewer))).rejects.toMatchObject({
      code: 'forbidden',
    });
  });
});

describe('commitImport', () => {
  it('imports in one batch record; a second import of the same file adds nothing', async () => {
    const path = activityFile([activityCells(1), activityCells(2), activityCells(3)]);
    const first = await commitImport(database.db, request(path));
    expect(first).toMatchObject({ status: 'imported', imported: 3, duplicates: 0, invalid: 0 });
    const rows = await database.db.select().from(activities);
    expect(rows.map((r) => r.source)).toEqual(Array(3).fill(`import:${first.batchId}`));
    expect(rows.map((r) => r.leadPartner).sort()).toEqual(['CORPB', 'UNIA', 'UNIA']);
    const [batch] = await database.db
      .select()
      .from(importBatches)
      .where(eq(importBatches.id, first.batchId ?? ''));
    expect(batch).toMatchObject({
      projectId: PROJECT,
      recordType: 'activity',
      format: 'csv',
      rows: 3,
      imported: 3,
      duplicates: 0,
      invalid: 0,
      actorId: 'test',
      sha256: first.sha256,
    });
    const audit = await database.db
      .select()
      .from(auditEntries)
      .where(and(eq(auditEntries.chain, PROJECT), eq(auditEntries.entityId, first.batchId ?? '')));
    expect(audit.map((a) => a.action).sort()).toEqual(['import.commit', 'record.import']);

    const second = await commitImport(database.db, request(path));
    expect(second).toMatchObject({ status: 'imported', imported: 0, duplicates: 3, invalid: 0 });
    expect(await activityCount()).toBe(3);
  });

  it('does not double a row repeated inside one file', async () => {
    const path = activityFile([activityCells(1), activityCells(1, { title: 'POST 1 about the pilot!' })]);
    const r = await commitImport(database.db, request(path));
    expect(r).toMatchObject({ imported: 1, duplicates: 1 });
    expect(r.duplicateRows).toEqual([
      { row: 3, file: expect.any(String), label: 'POST 1 about the pilot!', of: 2 },
    ]);
  });

  it('imports nothing when the LAST row is invalid, and exactly the valid rows with skipInvalid', async () => {
    const rows = [
      ...Array.from({ length: 30 }, (_, i) => activityCells(i + 1)),
      activityCells(31, { status: 'Done' }),
    ];
    const path = activityFile(rows);
    const rejected = await commitImport(database.db, request(path));
    expect(rejected).toMatchObject({ status: 'rejected', imported: 0, invalid: 1, valid: 30 });
    expect(rejected.errors[0]).toMatchObject({ row: 32, column: 'status' });
    expect(rejected.batchId).toBeUndefined();
    expect(await activityCount()).toBe(0);
    expect(
      await database.db.select().from(importBatches).where(eq(importBatches.sha256, rejected.sha256)),
    ).toEqual([]);

    const skipped = await commitImport(database.db, { ...request(path), skipInvalid: true });
    expect(skipped).toMatchObject({ status: 'imported', imported: 30, invalid: 1 });
    expect(await activityCount()).toBe(30);
  });

  it('never imports a file with a file-level error, even with skipInvalid', async () => {
    const path = dir.write('no-title.csv', csvOf([activityCells(1)], { columns: ACTIVITY_COLUMNS.slice(1) }));
    const r = await commitImport(database.db, { ...request(path), skipInvalid: true });
    expect(r).toMatchObject({ status: 'rejected', imported: 0 });
    expect(r.fileErrors[0]?.message).toContain('missing required column "title"');
  });

  it('reads Latin-1 and mixed-encoding files', async () => {
    const header = `${ACTIVITY_COLUMNS.join(';')}\n`;
    const line = (title: string) =>
      `${title};UNIA;2024-05-02;social_post;Other;Citizens;Social media;Delivered\n`;
    const latin1 = Buffer.concat([
      Buffer.from(header, 'latin1'),
      Buffer.from(line('Réunion à Logroño'), 'latin1'),
    ]);
    const mixed = Buffer.concat([
      Buffer.from(header),
      Buffer.from(line('Café in Zürich'), 'utf8'),
      Buffer.from(line('Façade à Évora'), 'latin1'),
    ]);
    const a = await commitImport(database.db, request(dir.write('latin1.csv', latin1)));
    expect(a).toMatchObject({ imported: 1, encoding: 'Windows-1252 (Latin-1)' });
    const b = await commitImport(database.db, request(dir.write('mixed.csv', mixed)));
    expect(b).toMatchObject({ imported: 2 });
    expect(b.encoding).toMatch(/^mixed: UTF-8 and Windows-1252/);
    const titles = (await database.db.select({ t: activities.title }).from(activities))
      .map((r) => r.t)
      .sort();
    expect(titles).toEqual(['Café in Zürich', 'Façade à Évora', 'Réunion à Logroño']);
  });

  it('refuses an editor’s whole file when a row belongs to another partner, unless the rows are skipped', async () => {
    const path = activityFile([activityCells(1), activityCells(2), activityCells(3)]);
    const rejected = await commitImport(database.db, request(path, editorOf('UNIA')));
    expect(rejected).toMatchObject({ status: 'rejected', invalid: 1 });
    const skipped = await commitImport(database.db, {
      ...request(path, editorOf('UNIA')),
      skipInvalid: true,
    });
    expect(skipped).toMatchObject({ status: 'imported', imported: 2, invalid: 1 });
  });
});

const BIBTEX = `@article{ok1,
  author = {Silva, Ana and Tanaka, Hiroshi},
  title = {Tidal Power for Coastal Grids},
  journal = {Renewable Energy},
  year = {2024},
  doi = {10.1016/j.renene.2024.000001},
}

@inproceedings{broken,
  author = {Doe, Jane},
  title = {Missing comma}
  booktitle = {Proc. of Ocean Week},
  year = {2024}
}

@article{ok2,
  author = {Berg, Ola},
  title = {Grid Codes for Tidal Arrays},
  journal = {Energy Policy},
  year = {2025},
  doi = {https://doi.org/10.1016/J.ENPOL.2025.000002},
}
`;

describe('publications', () => {
  const bib = (actor: Actor = system) => ({
    actor,
    projectId: PROJECT,
    type: 'publication' as const,
    file: { path: dir.write('refs.bib', BIBTEX), name: 'refs.bib' },
    options: { defaults: { lead_partner: 'UNIA' } },
  });

  it('leaves a broken BibTeX entry out only with skipInvalid; DOIs are the duplicate key', async () => {
    const rejected = await commitImport(database.db, bib());
    expect(rejected).toMatchObject({ status: 'rejected', format: 'bibtex', rows: 3, invalid: 1 });
    expect(rejected.errors[0]).toMatchObject({
      row: 2,
      message: expect.stringContaining('broken BibTeX entry "broken"'),
    });

    const first = await commitImport(database.db, { ...bib(), skipInvalid: true });
    expect(first).toMatchObject({ status: 'imported', imported: 2, invalid: 1 });
    const dois = (await database.db.select({ doi: publications.doi }).from(publications))
      .map((r) => r.doi)
      .sort();
    expect(dois).toEqual(['10.1016/j.enpol.2025.000002', '10.1016/j.renene.2024.000001']);

    const again = await commitImport(database.db, { ...bib(), skipInvalid: true });
    expect(again).toMatchObject({ imported: 0, duplicates: 2, invalid: 1 });
  });

  it('maps authors’ affiliations to partners, so the joint flags are computed', async () => {
    const csl = JSON.stringify([
      {
        type: 'article-journal',
        title: 'Joint work',
        'container-title': 'Energy',
        issued: { 'date-parts': [[2024, 6, 1]] },
        author: [
          { family: 'Silva', given: 'Ana', affiliation: [{ name: 'University A' }] },
          { family: 'Sato', given: 'Yuki', affiliation: [{ name: 'Nihon Daigaku, Tokyo' }] },
        ],
        DOI: '10.1000/joint.1',
      },
    ]);
    const r = await commitImport(database.db, {
      actor: system,
      projectId: PROJECT,
      type: 'publication',
      file: { path: dir.write('refs.json', csl) },
      options: { defaults: { lead_partner: 'UNIA' } },
    });
    expect(r).toMatchObject({ status: 'imported', imported: 1, format: 'csl-json' });
    const [p] = await database.db.select().from(publications);
    expect(p?.authors).toEqual([
      expect.objectContaining({ name: 'Silva, Ana', partner: 'UNIA' }),
      expect.objectContaining({ name: 'Sato, Yuki', partner: 'JPU' }),
    ]);
    expect(p).toMatchObject({ jointEuJp: true, partners: ['JPU'] });
  });
});

describe('metric snapshots', () => {
  it('treats the same channel + metric + date as a duplicate', async () => {
    const text =
      'date,channel,metric,value\n' +
      '2024-06-30,https://www.youtube.com/@tide-x,views,1520\n' +
      '2024-06-30,https://www.youtube.com/@tide-x,followers,80\n' +
      '2024-06-30,https://www.youtube.com/@tide-x,views,1600\n';
    const req = {
      actor: system,
      projectId: PROJECT,
      type: 'metric' as const,
      file: { path: dir.write('metrics.csv', text) },
      options: { defaults: { lead_partner: 'UNIA' } },
    };
    const first = await commitImport(database.db, req);
    expect(first).toMatchObject({ format: 'metrics-csv', imported: 2, duplicates: 1 });
    const again = await commitImport(database.db, req);
    expect(again).toMatchObject({ imported: 0, duplicates: 3 });
    expect(await database.db.select().from(metricSnapshots)).toHaveLength(2);
  });

  it('applies the checks of the forms: a snapshot cannot be dated in the future', async () => {
    const r = await previewImport(database.db, {
      actor: system,
      projectId: PROJECT,
      type: 'metric',
      file: { path: dir.write('future.csv', 'date,channel,metric,value\n2099-01-01,@tide_x,followers,10\n') },
      options: { defaults: { lead_partner: 'UNIA' } },
    });
    expect(r.errors).toEqual([
      expect.objectContaining({
        row: 2,
        column: 'date',
        message: '2099-01-01 is in the future: a value is measured, not planned',
      }),
    ]);
  });
});
