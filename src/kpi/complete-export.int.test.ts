/**
 * Analytics exports arrive whole, end to end: two Zenodo exports (D1 < D2) where a record disappears — the preview
 * of the second lists it, and after the commit the snapshot KPI at D2 no longer counts it while the KPI as of D1
 * still does (figure, drill-down and history agree); an X monthly account summary feeds a followers KPI.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../test/db';
import { IMPORT_PROJECT as PROJECT, importDir, importPlanInput } from '../../test/factories/imports';
import { makePlan } from '../../test/factories/plan';
import { systemActor } from '../auth/permissions';
import type { Database } from '../db/client';
import { importBatches } from '../db/schema';
import { commitImport, previewImport } from '../importers/commit';
import type { Plan } from '../plan/schema';
import { importPlan } from '../projects/service';
import { listExcludedSnapshots, listKpiRecords } from './drilldown';
import { evaluateKpis } from './engine';
import { kpiHistory } from './history';

const dir = importDir();
let database: Database;
let plan: Plan;
const actor = systemActor('test');
const D1 = '2024-03-31';
const D2 = '2024-06-30';

beforeAll(async () => {
  database = await createTestDatabase();
  plan = makePlan({
    ...importPlanInput(),
    kpis: [
      {
        id: 'downloads',
        label: 'Downloads',
        target: 100,
        target_text: '100',
        measure: {
          kind: 'latest_sum',
          record: 'metric',
          where: { metric: 'downloads', channel_kind: 'repository' },
        },
      },
      {
        id: 'unique-views',
        label: 'Unique views',
        target: 100,
        target_text: '100',
        measure: { kind: 'latest_sum', record: 'metric', where: { metric: 'unique_views' } },
      },
      {
        id: 'followers',
        label: 'Followers',
        target: 2000,
        target_text: '2000',
        measure: {
          kind: 'latest_sum',
          record: 'metric',
          where: { metric: 'followers', channel_kind: 'twitter' },
        },
      },
      {
        id: 'impressions',
        label: 'Impressions',
        target: 50000,
        target_text: '50000',
        measure: { kind: 'sum', record: 'metric', field: 'value', where: { metric: 'impressions' } },
      },
    ],
  });
  await importPlan(database.db, {
    plan,
    sourceText: JSON.stringify(plan),
    sourceName: 'tide-x.yaml',
    actor: 'test',
  });
});
afterAll(async () => {
  await database.close();
  dir.cleanup();
});

/** Zenodo stats as gathered from the REST API: one row per record of the community on `date`. */
function zenodoExport(date: string, records: [id: number, downloads: number, views: number][]): string {
  const rows = records.map(
    ([id, downloads, views]) =>
      `${id},2024-01-15T10:00:00.000000+00:00,1,${downloads}.0,${views}.0,${downloads}.0,${views - 1}.0,${date}T00:43:56.000599`,
  );
  return ['id,created,revision,downloads,views,unique_downloads,unique_views,update_time', ...rows].join(
    '\n',
  );
}

const request = (path: string, options: Record<string, unknown> = {}) => ({
  actor,
  projectId: PROJECT,
  type: 'metric' as const,
  file: { path },
  options: { defaults: { lead_partner: 'UNIA' }, ...options },
});

const figure = async (id: string, at: string) =>
  (await evaluateKpis(database.db, { projectId: PROJECT, plan, at })).find((k) => k.id === id)?.value;

describe('two Zenodo exports where a record disappears', () => {
  beforeAll(async () => {
    const first = dir.write(
      'zenodo-d1.csv',
      zenodoExport(D1, [
        [1, 10, 100],
        [2, 5, 50],
        [3, 3, 30],
      ]),
    );
    expect(await commitImport(database.db, request(first))).toMatchObject({
      status: 'imported',
      imported: 12,
    });
  });

  it('lists the record missing from the second export in its preview, and writes nothing', async () => {
    const second = dir.write(
      'zenodo-d2.csv',
      zenodoExport(D2, [
        [1, 20, 160],
        [2, 8, 70],
      ]),
    );
    const report = await previewImport(database.db, request(second));
    expect(report.completeExport).toEqual({
      source: 'zenodo',
      asOf: D2,
      missingCount: 1,
      missing: [
        {
          channel: '10.5281/zenodo.3',
          metrics: [
            { metric: 'downloads', date: D1, value: 3 },
            { metric: 'unique_downloads', date: D1, value: 3 },
            { metric: 'unique_views', date: D1, value: 29 },
            { metric: 'views', date: D1, value: 30 },
          ],
        },
      ],
    });
    expect(await figure('downloads', D2)).toBe(18);
  });

  it('after the commit, counts the record as of D1 but not at D2, in figure, drill-down and history', async () => {
    const second = dir.write(
      'zenodo-d2-commit.csv',
      zenodoExport(D2, [
        [1, 20, 160],
        [2, 8, 70],
      ]),
    );
    const result = await commitImport(database.db, request(second));
    expect(result).toMatchObject({ status: 'imported', imported: 8 });
    const [batch] = await database.db
      .select()
      .from(importBatches)
      .where(eq(importBatches.id, result.batchId!));
    expect(batch).toMatchObject({ completeSource: 'zenodo', completeAsOf: D2 });

    expect(await figure('downloads', D1)).toBe(18);
    expect(await figure('downloads', D2)).toBe(28);
    expect(await figure('unique-views', D2)).toBe(159 + 69);
    const drill = (at: string) =>
      listKpiRecords(database.db, { projectId: PROJECT, plan, kpiId: 'downloads', at });
    expect((await drill(D2)).map((r) => [r.label, r.value])).toEqual([
      ['10.5281/zenodo.1 · downloads', 20],
      ['10.5281/zenodo.2 · downloads', 8],
    ]);
    expect((await drill(D1)).map((r) => r.value)).toEqual([10, 5, 3]);
    const excluded = await listExcludedSnapshots(database.db, {
      projectId: PROJECT,
      plan,
      kpiId: 'downloads',
      at: D2,
    });
    expect(excluded.map((r) => [r.label, r.value, r.date, r.supersededOn])).toEqual([
      ['10.5281/zenodo.3 · downloads', 3, D1, D2],
    ]);
    const history = await kpiHistory(database.db, { projectId: PROJECT, plan, at: D2 });
    expect(history.find((h) => h.id === 'downloads')?.values).toEqual([0, 0, 18, 18, 18, 28]);
  });

  it('imports a file as not complete when told so: nothing is missing then', async () => {
    const third = dir.write('zenodo-partial.csv', zenodoExport('2024-07-31', [[1, 25, 170]]));
    const report = await previewImport(database.db, request(third, { completeExport: false }));
    expect(report.completeExport).toBeUndefined();
    expect((await previewImport(database.db, request(third))).completeExport?.missingCount).toBe(1);
  });
});

describe('a metrics CSV said to be a complete export', () => {
  it('must have one source', async () => {
    const path = dir.write(
      'mixed.csv',
      'date,channel,metric,value,source\n2024-05-31,@a,followers,3,manual-count\n2024-05-31,@b,followers,4,csv\n',
    );
    const report = await previewImport(database.db, request(path, { completeExport: true }));
    expect(report.fileErrors.map((e) => [e.message, e.key])).toEqual([
      [
        'a complete export has one source ("csv"); this file also has rows of "manual-count"',
        'validation.import.completeSources',
      ],
    ]);
  });
});

describe('an X monthly account summary', () => {
  it('feeds a followers KPI (a stock) and an impressions KPI (a flow)', async () => {
    const summary =
      'Month,Tweets,Tweet impressions,Profile visits,Mentions,New followers,Followers\n' +
      'Jan 2024,12,"15,300",410,22,35,1210\n' +
      'Feb 2024,9,"11,020",300,15,41,1251\n';
    const path = dir.write('account-summary.csv', summary);
    const result = await commitImport(database.db, request(path, { account: '@TideX_EU' }));
    expect(result).toMatchObject({ status: 'imported', format: 'x-account-overview', imported: 12 });
    expect(await figure('followers', '2024-01-31')).toBe(1210);
    expect(await figure('followers', '2024-03-15')).toBe(1251);
    expect(await figure('impressions', '2024-03-15')).toBe(26320);
  });
});
