/**
 * The metric adapters' files through the one import path (src/sources/import-path.ts) on a project: snapshots
 * committed and counted by the KPIs, a second fetch the same day only duplicates, and a fetch of a Zenodo record a
 * stats FILE already brought the same day is a duplicate too (same channel, metric and date), never a double count.
 * Answers are the services' documented shapes (see zenodo.test.ts, web-analytics.test.ts, youtube.test.ts).
 */
import { and, eq, isNull } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../test/db';
import { importDir } from '../../../test/factories/imports';
import { makePlan } from '../../../test/factories/plan';
import { systemActor } from '../../auth/permissions';
import type { Database } from '../../db/client';
import { metricSnapshots } from '../../db/schema';
import { commitImport } from '../../importers/commit';
import { evaluateKpis } from '../../kpi/engine';
import { fixedClock } from '../../lib/clock';
import type { Plan } from '../../plan/schema';
import { importPlan } from '../../projects/service';
import { importFetched, reportCounts } from '../import-path';
import { startFakeService, type FakeService } from '../testing/fake-service';
import type { FetchOutcome } from '../types';
import { matomoAdapter, matomoSettings } from './matomo';
import { fetchContext, TODAY, zenodoRecord } from './testing';
import { youtubeAdapter, youtubeSettings } from './youtube';
import { zenodoAdapter, zenodoSettings } from './zenodo';

const PROJECT = 'tide-x';
const actor = systemActor('sources');
const clock = fixedClock(`${TODAY}T10:00:00Z`);
const dir = importDir();
let database: Database;
let fake: FakeService;
let plan: Plan;

const kpi = (id: string, where: Record<string, string | string[]>) => ({
  id,
  label: id,
  target: 100,
  target_text: '100',
  measure: { kind: 'latest_sum' as const, record: 'metric' as const, where },
});

beforeAll(async () => {
  database = await createTestDatabase();
  fake = await startFakeService();
  plan = makePlan({
    kpis: [
      kpi('downloads', { metric: 'downloads', channel_kind: ['website', 'repository'] }),
      kpi('video-views', { metric: 'views', channel_kind: 'youtube' }),
      kpi('website-visits', { metric: 'visits', channel_kind: 'website' }),
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
  await fake.close();
  await database.close();
  dir.cleanup();
});
beforeEach(() => fake.reset());

async function commit(out: FetchOutcome) {
  expect(out.file).toBeDefined();
  const res = await importFetched(database.db, {
    actor,
    projectId: PROJECT,
    file: out.file!,
    dryRun: false,
    clock,
    skipInvalid: true,
  });
  if (res.dryRun) throw new Error('a commit was asked');
  return { ...reportCounts(res.report), imported: res.report.imported, status: res.report.status };
}

const figure = async (id: string) =>
  (await evaluateKpis(database.db, { projectId: PROJECT, plan, at: TODAY })).find((k) => k.id === id)?.value;

const snapshots = (channel: string) =>
  database.db
    .select()
    .from(metricSnapshots)
    .where(
      and(
        eq(metricSnapshots.projectId, PROJECT),
        eq(metricSnapshots.channel, channel),
        isNull(metricSnapshots.deletedAt),
      ),
    );

describe('metric sources through the import path', () => {
  it('commits Zenodo snapshots the KPIs count; the same fetch again the same day only duplicates', async () => {
    fake.on('GET', '/api/records/1234', { body: zenodoRecord(1234, 40, 12) });
    const fetchOnce = () =>
      zenodoAdapter.fetch(fetchContext(fake, zenodoSettings.parse({ records: ['1234'] }), { plan }));
    const first = await commit(await fetchOnce());
    expect(first).toMatchObject({ status: 'imported', imported: 8, duplicates: 0, invalid: 0 });
    expect(await figure('downloads')).toBe(12);
    const rows = await snapshots('10.5281/zenodo.1234');
    expect(rows.find((r) => r.metric === 'views')).toMatchObject({
      value: 40,
      date: TODAY,
      leadPartner: 'UNIA',
      channelKind: 'repository',
    });

    const again = await commit(await fetchOnce());
    expect(again).toMatchObject({ imported: 0, duplicates: 8 });
    expect(await snapshots('10.5281/zenodo.1234')).toHaveLength(8);
    expect(await figure('downloads')).toBe(12);
  });

  it('finds a record already imported from a Zenodo stats file the same day a duplicate', async () => {
    const file = dir.write(
      'zenodo-stats.csv',
      ['id,downloads,views,unique_downloads,unique_views', '99,5.0,50.0,4.0,45.0'].join('\n'),
    );
    const fromFile = await commitImport(database.db, {
      actor,
      projectId: PROJECT,
      type: 'metric',
      file: { path: file },
      options: { defaults: { lead_partner: 'UNIA' }, snapshotDate: TODAY, completeExport: false },
    });
    expect(fromFile).toMatchObject({ status: 'imported', imported: 4 });
    fake.on('GET', '/api/records/99', {
      body: {
        ...zenodoRecord(99, 50, 5),
        stats: { views: 50, downloads: 5, unique_views: 45, unique_downloads: 4 },
      },
    });
    const out = await zenodoAdapter.fetch(
      fetchContext(fake, zenodoSettings.parse({ records: ['10.5281/zenodo.99'] }), { plan }),
    );
    expect(await commit(out)).toMatchObject({ imported: 0, duplicates: 4 });
    expect(await snapshots('10.5281/zenodo.99')).toHaveLength(4);
    expect(await figure('downloads')).toBe(17);
  });

  it('commits Matomo and YouTube snapshots that move the website and video KPIs', async () => {
    fake.on('POST', '/index.php', (req) => ({
      body:
        req.query.get('method') === 'VisitsSummary.get'
          ? { nb_visits: 1030, nb_uniq_visitors: 800 }
          : { nb_pageviews: 2400, nb_downloads: 7 },
    }));
    const matomo = await matomoAdapter.fetch(
      fetchContext(
        fake,
        matomoSettings.parse({ base_url: fake.url, site_id: 1, website: 'https://tide-x.example.eu/' }),
        {
          plan,
          secret: 'tok-SECRET',
        },
      ),
    );
    expect(await commit(matomo)).toMatchObject({ imported: 4, invalid: 0 });
    expect(await figure('website-visits')).toBe(1030);
    expect(await figure('downloads')).toBe(24);

    fake.on('GET', '/youtube/v3/videos', {
      body: {
        items: [{ id: 'dQw4w9WgXcQ', statistics: { viewCount: '321', likeCount: '9', commentCount: '1' } }],
      },
    });
    const yt = await youtubeAdapter.fetch(
      fetchContext(fake, youtubeSettings.parse({ videos: ['https://youtu.be/dQw4w9WgXcQ'] }), {
        plan,
        secret: 'AIza-SECRET',
      }),
    );
    expect(await commit(yt)).toMatchObject({ imported: 3, invalid: 0 });
    expect(await figure('video-views')).toBe(321);
    const stored = JSON.stringify(await database.db.select().from(metricSnapshots));
    expect(stored).not.toContain('SECRET');
  });
});
