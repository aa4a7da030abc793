/**
 * The dashboard's rewritten queries (issue 17) against the SQL they replaced (test/reference/kpi-queries-before.ts):
 * on a varied dataset — two projects, partners as lead and in partners[] (twice, with the lead, unknown codes),
 * dates before, inside and after the project, approximate publication dates, deleted rows, rows of pending and of
 * committed import batches, complete exports — every figure is the same, for several windows and dates.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../test/db';
import {
  contributionMatrixBefore,
  kpiHistoryBefore,
  outsideCountsBefore,
  timelineActualsBefore,
} from '../../test/reference/kpi-queries-before';
import { kpiFiguresBefore } from '../../test/reference/kpi-figures-before';
import { countingDb } from '../../test/counting-db';
import type { Database } from '../db/client';
import { importBatches } from '../db/schema';
import { planSchema, type Plan, type PlanInput } from '../plan/schema';
import { getCurrentPlan } from '../projects/repository';
import { importPlan, importPlanFile } from '../projects/service';
import { contributionMatrix, timelineActuals } from './dashboard';
import { evaluateKpis } from './engine';
import { figuresAt } from './figures-at';
import { kpiHistory } from './history';
import { outsideCounts } from './outside';

let database: Database;
const plans = new Map<string, Plan>();

/** KPIs the M-Sec plan lacks: a sum with a part and a period, distinct list elements, a snapshot KPI with a part… */
const EXTRA_KPIS: PlanInput['kpis'] = [
  {
    id: 'reach',
    label: 'People reached',
    target: 1000,
    target_text: '1000',
    period: { from_month: 4 },
    measure: { kind: 'sum', record: 'activity', field: 'persons_reached', where: { status: 'Delivered' } },
    parts: [{ id: 'big', label: 'big', target: 2, where: { persons_reached: { gt: 50 } } }],
  },
  {
    id: 'partners-active',
    label: 'Partners with events',
    target: 2,
    target_text: '2',
    period: { from_month: 3, to_month: 20 },
    measure: { kind: 'count_distinct', record: 'event', field: 'partners' },
  },
  {
    id: 'followers-all',
    label: 'Followers',
    target: 100,
    target_text: '100',
    period: { to_month: 24 },
    measure: { kind: 'latest_sum', record: 'metric', where: { metric: 'followers' } },
    parts: [{ id: 'tw', label: 'twitter', target: 10, where: { channel_kind: 'twitter' } }],
  },
  {
    id: 'view-rows',
    label: 'View snapshots',
    target: 10,
    target_text: '10',
    measure: { kind: 'count', record: 'metric', where: { metric: 'views' } },
  },
  {
    id: 'bodies',
    label: 'Bodies',
    target: 3,
    target_text: '3',
    measure: { kind: 'count_distinct', record: 'synergy', field: 'initiative' },
    parts: [{ id: 'std', label: 'standards', target: 1, where: { kind: 'standardisation' } }],
  },
  {
    id: 'press-invitations',
    label: 'Press invitations',
    target: 2,
    target_text: '2',
    measure: { kind: 'manual', evidence_required: false },
  },
];

const PARTNERS = `array['WLI','ICCS','CEA','F6S','TST','AYTOSAN','NTTE','KEIO','YNU','NII','WU','NTTDMC']`;

/** 150 rows per record type, spread over 2017-06 … 2022-08, of every shape the queries must agree on. */
async function seed(projectId: string) {
  const db = database.db;
  const [pending, committed] = await db
    .insert(importBatches)
    .values(
      (['pending', 'committed', 'committed', 'committed', 'aborted'] as const).map((state, i) => ({
        projectId,
        recordType: 'metric',
        format: 'zenodo-stats',
        fileName: `f${i}.csv`,
        sha256: `${projectId}-${i}`,
        rows: 0,
        imported: 0,
        duplicates: 0,
        invalid: 0,
        actorId: 'cli:test',
        state,
        ...(i >= 2
          ? { completeSource: 'zenodo', completeAsOf: ['2019-06-30', '2020-12-31', '2020-01-31'][i - 2] }
          : {}),
      })),
    )
    .returning({ id: importBatches.id });
  const common = sql.raw(
    `lead, others, 'test', 'test', deleted, batch, created, created + (i % 3) * interval '1 day'`,
  );
  const rows = sql`SELECT i, (${sql.raw(PARTNERS)})[1 + (i % 12)] AS lead,
         CASE i % 6 WHEN 0 THEN array[]::text[] WHEN 1 THEN array['KEIO','WU'] WHEN 2 THEN array[(${sql.raw(PARTNERS)})[1 + (i % 12)], 'CEA']
                    WHEN 3 THEN array['CEA','CEA','XYZ'] WHEN 4 THEN array['WU', NULL] ELSE array['NII'] END AS others,
         CASE WHEN i % 17 = 0 THEN now() END AS deleted,
         CASE WHEN i % 13 = 0 THEN ${pending!.id}::uuid WHEN i % 11 = 0 THEN ${committed!.id}::uuid END AS batch,
         timestamptz '2018-01-01 00:00Z' + i * interval '9 days' AS created,
         date '2017-06-01' + ((i * 7919) % 1900) AS d,
         (array['newsletters','flyer', NULL])[1 + (i % 3)] AS item
       FROM generate_series(1, 150) i`;
  const cols = sql.raw(
    'project_id, lead_partner, partners, created_by, updated_by, deleted_at, pending_batch, created_at, updated_at',
  );
  await db.execute(sql`INSERT INTO activities (${cols}, title, start_date, kind, type, status, timeline_item, persons_reached)
    SELECT ${projectId}, ${common}, 'A' || i, d, (array['article','press_release','newsletter','blog_post'])[1 + (i % 4)], 'Other',
           (array['Delivered','Ongoing'])[1 + (i % 2)], item, (i * 37) % 120 FROM (${rows}) r`);
  await db.execute(sql`INSERT INTO events (${cols}, name, kind, city, country, start_date, roles, participants, status, international, joint_with_other_projects, timeline_item)
    SELECT ${projectId}, ${common}, 'E' || i, (array['workshop','training','exhibition','contest','concertation','e_consultation'])[1 + (i % 6)],
           'Tokyo', 'JP', d, CASE i % 3 WHEN 0 THEN array['booth'] WHEN 1 THEN array['organiser'] ELSE array['co_organiser','presentation'] END,
           10 + (i % 60), (array['attended','planned'])[1 + (i % 2)], i % 2 = 0, i % 5 = 0, item FROM (${rows}) r`);
  await db.execute(sql`INSERT INTO publications (${cols}, type, title, year, date, date_precision, open_access, joint_eu_jp, timeline_item)
    SELECT ${projectId}, ${common}, (array['conference_paper','journal_article'])[1 + (i % 2)], 'P' || i, 2017 + (i % 6),
           CASE WHEN i % 9 = 0 THEN NULL ELSE d END, CASE WHEN i % 9 = 0 THEN 'year' ELSE (array['day','month','year'])[1 + (i % 3)] END,
           'green', i % 4 = 0, item FROM (${rows}) r`);
  await db.execute(sql`INSERT INTO synergies (${cols}, initiative, kind, date, timeline_item)
    SELECT ${projectId}, ${common}, 'Body ' || (i % 7), (array['standardisation','consultation','replication'])[1 + (i % 3)], d, item
    FROM (${rows}) r`);
  await db.execute(sql`INSERT INTO metric_snapshots (${cols}, channel, channel_kind, channel_scope, metric, value, date, data_source, timeline_item)
    SELECT ${projectId}, ${common}, 'ch-' || (i % 6), (array['twitter','youtube','website','repository'])[1 + (i % 4)], 'project',
           (array['followers','views','downloads'])[1 + (i % 3)], i * 1.5, d, CASE WHEN i % 4 = 0 THEN 'zenodo' ELSE 'manual' END, item
    FROM (${rows}) r`);
  await db.execute(sql`INSERT INTO kpi_manual_values (project_id, lead_partner, created_by, updated_by, deleted_at, kpi_code, value, date, evidence)
    SELECT ${projectId}, 'WLI', 'test', 'test', CASE WHEN i % 5 = 0 THEN now() END,
           (array['government-invitations','press-invitations'])[1 + (i % 2)], i, date '2018-03-01' + i * 40, 'letter.pdf'
    FROM generate_series(1, 30) i`);
}

beforeAll(async () => {
  database = await createTestDatabase();
  await importPlanFile(database.db, { file: 'plans/m-sec.yaml', actor: 'test' });
  const msec = (await getCurrentPlan(database.db, 'm-sec'))!.plan;
  const mix = planSchema.parse({
    ...msec,
    project: { ...msec.project, acronym: 'Mix-B' },
    kpis: [...msec.kpis, ...EXTRA_KPIS],
  });
  await importPlan(database.db, { plan: mix, sourceText: '', sourceName: 'mix.yaml', actor: 'test' });
  plans.set('m-sec', msec);
  plans.set('mix-b', (await getCurrentPlan(database.db, 'mix-b'))!.plan);
  await seed('m-sec');
  await seed('mix-b');
});
afterAll(async () => {
  await database.close();
});

const PROJECTS = ['m-sec', 'mix-b'];
/** Before the start, early, mid-run, year ends, the last day, after the end. */
const DATES = [
  '2018-06-01',
  '2018-07-15',
  '2019-06-30',
  '2019-12-31',
  '2020-06-30',
  '2021-06-30',
  '2022-03-01',
];

describe('the rewritten dashboard queries give the same figures as the SQL they replaced', () => {
  it('has a dataset with every shape the queries must agree on', async () => {
    const counts = await database.db.execute(
      sql`SELECT count(*) FILTER (WHERE deleted_at IS NOT NULL) AS deleted, count(*) FILTER (WHERE pending_batch IS NOT NULL) AS batched,
                 count(*) FILTER (WHERE cardinality(partners) > 0) AS with_partners FROM activities`,
    );
    const [row] = (counts as unknown as { rows: Array<Record<string, unknown>> }).rows;
    expect(Number(row!.deleted)).toBeGreaterThan(0);
    expect(Number(row!.batched)).toBeGreaterThan(0);
    expect(Number(row!.with_partners)).toBeGreaterThan(0);
  });

  it('contribution matrix: led, involved and last report per partner and type', async () => {
    for (const projectId of PROJECTS) {
      const plan = plans.get(projectId)!;
      const windows: Array<[string, string]> = [
        [plan.project.start_date, '2021-06-30'],
        ['2019-01-01', '2019-12-31'],
        [plan.project.start_date, '2018-09-30'],
      ];
      for (const [from, to] of windows) {
        const opts = { projectId, plan, from, to };
        const after = await contributionMatrix(database.db, opts);
        expect(after, `${projectId} ${from}…${to}`).toEqual(
          await contributionMatrixBefore(database.db, opts),
        );
        expect(after.some((c) => c.involved.activity > 0 && c.led.activity > 0)).toBe(true);
      }
    }
  });

  it('monthly history: every KPI and part, at every date', async () => {
    for (const projectId of PROJECTS) {
      const plan = plans.get(projectId)!;
      for (const at of DATES) {
        const opts = { projectId, plan, at };
        const after = await kpiHistory(database.db, opts);
        expect(after, `${projectId} at ${at}`).toEqual(await kpiHistoryBefore(database.db, opts));
      }
    }
    const full = await kpiHistory(database.db, {
      projectId: 'mix-b',
      plan: plans.get('mix-b')!,
      at: '2021-06-30',
    });
    // Not a dataset of zeros: every kind of series moves.
    for (const id of [
      'reach',
      'partners-active',
      'followers-all',
      'view-rows',
      'bodies',
      'press-invitations',
    ])
      expect(
        full.find((h) => h.id === id)!.values.some((v) => v > 0),
        id,
      ).toBe(true);
  });

  it('timeline actuals and records outside the period', async () => {
    for (const projectId of PROJECTS) {
      const plan = plans.get(projectId)!;
      expect(await timelineActuals(database.db, projectId, plan)).toEqual(
        await timelineActualsBefore(database.db, projectId, plan),
      );
      const outside = await outsideCounts(database.db, { projectId, plan });
      expect(outside).toEqual(await outsideCountsBefore(database.db, { projectId, plan }));
      expect(Object.keys(outside).length).toBe(5);
    }
  });

  it('figures at several dates in one statement: evaluateKpis at each date', async () => {
    for (const projectId of PROJECTS) {
      const plan = plans.get(projectId)!;
      const figures = await figuresAt(database.db, { projectId, plan, ats: DATES });
      for (const at of DATES) {
        const live = await evaluateKpis(database.db, { projectId, plan, at });
        const expected = new Map(live.map((k) => [k.id, { value: k.value, hasValue: k.hasValue }]));
        expect(figures.get(at), `${projectId} at ${at}`).toEqual(expected);
      }
    }
  });

  it('every KPI and part in ONE statement, as the statement per record type and per snapshot or manual KPI gave them', async () => {
    for (const projectId of PROJECTS) {
      const plan = plans.get(projectId)!;
      const windows = [
        ...DATES.map((at) => ({ at })),
        { at: '2019-12-31', from: '2019-01-01' },
        { at: '2021-06-30', from: '2020-07-01' },
        { at: '2020-06-30', from: '2017-01-01' },
      ];
      for (const w of windows) {
        const counting = countingDb(database.db);
        const after = await evaluateKpis(counting.db, { projectId, plan, ...w });
        expect(counting.statements.length, `${projectId} ${JSON.stringify(w)}: statements`).toBe(1);
        expect(
          after.map((k) => ({
            id: k.id,
            value: k.value,
            parts: k.parts.map((p) => p.value),
            hasValue: k.hasValue,
          })),
          `${projectId} ${JSON.stringify(w)}`,
        ).toEqual(await kpiFiguresBefore(database.db, { projectId, plan, ...w }));
      }
    }
  });
});
