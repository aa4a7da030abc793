/**
 * Approximate publication dates in KPI windows: year-only and year+month papers around a project start count in
 * exactly one project year and one project month, and the figure, the monthly history and the drill-down agree.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { Database } from '../db/client';
import type { Plan } from '../plan/schema';
import { yearRange } from '../plan/time';
import { getCurrentPlan } from '../projects/repository';
import { importPlan } from '../projects/service';
import { placedDate } from '../records/dates';
import { createTestDatabase } from '../../test/db';
import { makePlan, planInput } from '../../test/factories/plan';
import { rowInserter } from '../../test/factories/rows';
import { listKpiRecords } from './drilldown';
import { evaluateKpis } from './engine';
import { placedPublicationDate } from './fields';
import { kpiHistory } from './history';
import { queryRows } from './engine';

let database: Database;
let plan: Plan;
const PROJECT = 'tide-x';
const START = '2018-07-01';
const END = '2021-06-30';

/** Title → [year, date, precision]; the comment says where it counts (project month, project year). */
const PAPERS: Record<string, [number, string | null, 'day' | 'month' | 'year']> = {
  y2018: [2018, '2018-01-01', 'year'], // ✓ the year overlaps the project: 2018-07-01, month 1, Year 1
  m2018_03: [2018, '2018-03-01', 'month'], // ✗ March 2018 is before the project
  m2018_07: [2018, '2018-07-01', 'month'], // ✓ month 1, Year 1
  m2018_09: [2018, '2018-09-01', 'month'], // ✓ month 3, Year 1
  y2017: [2017, '2017-01-01', 'year'], // ✗ before the project
  legacy2019: [2019, null, 'year'], // ✓ a year-only row without a date: 2019-01-01, month 7, Year 1
  y2021: [2021, '2021-01-01', 'year'], // ✓ the last year: 2021-01-01, month 31, Year 3
  y2022: [2022, '2022-01-01', 'year'], // ✗ after the end
  d2018_06_30: [2018, '2018-06-30', 'day'], // ✗ the day before the start
};

beforeAll(async () => {
  database = await createTestDatabase();
  const input = planInput();
  await importPlan(database.db, {
    plan: makePlan({ project: { ...input.project, start_date: START, duration_months: 36 } }),
    sourceText: '',
    sourceName: 'tide-x.yaml',
    actor: 'test',
  });
  plan = (await getCurrentPlan(database.db, PROJECT))!.plan;
  await rowInserter(database.db, PROJECT, 'UNIA').publications(
    Object.entries(PAPERS).map(([title, [year, date, datePrecision]]) => ({
      title,
      year,
      date,
      datePrecision,
    })),
  );
});

afterAll(async () => {
  await database.close();
});

const papers = async (opts: { at: string; from?: string }) =>
  (await evaluateKpis(database.db, { projectId: PROJECT, plan, ...opts })).find((k) => k.id === 'papers')!
    .value;

const titles = async (opts: { at: string; from?: string }) =>
  (await listKpiRecords(database.db, { projectId: PROJECT, plan, kpiId: 'papers', ...opts }))
    .map((r) => r.label)
    .sort();

describe('approximate publication dates in KPI windows', () => {
  it('counts a 2018 paper of a project starting in July 2018, and each paper in exactly one project year', async () => {
    expect(await papers({ at: END })).toBe(5);
    const years = [1, 2, 3].map((n) => yearRange(START, n));
    const perYear = await Promise.all(years.map((y) => papers({ from: y.from, at: y.to })));
    expect(perYear).toEqual([4, 0, 1]);
    expect(perYear.reduce((a, b) => a + b, 0)).toBe(5);
    expect(await titles({ from: years[0]!.from, at: years[0]!.to })).toEqual([
      'legacy2019',
      'm2018_07',
      'm2018_09',
      'y2018',
    ]);
    expect(await titles({ from: years[2]!.from, at: years[2]!.to })).toEqual(['y2021']);
  });

  it('buckets the monthly history where the figure counts, ending at the figure', async () => {
    const history = (await kpiHistory(database.db, { projectId: PROJECT, plan, at: END })).find(
      (h) => h.id === 'papers',
    )!;
    expect(history.values).toHaveLength(36);
    const increments = history.values.map((v, i) => v - (history.values[i - 1] ?? 0));
    const months = Object.fromEntries(increments.flatMap((n, i) => (n > 0 ? [[i + 1, n]] : [])));
    expect(months).toEqual({ 1: 2, 3: 1, 7: 1, 31: 1 });
    expect(history.values.at(-1)).toBe(await papers({ at: END }));
  });

  it('lists the drill-down rows with their own date, precision and the date they count on', async () => {
    const rows = await listKpiRecords(database.db, { projectId: PROJECT, plan, kpiId: 'papers', at: END });
    expect(rows).toHaveLength(await papers({ at: END }));
    const y2018 = rows.find((r) => r.label === 'y2018')!;
    expect(y2018).toMatchObject({ date: START, recorded: '2018-01-01', precision: 'year' });
    expect(rows.find((r) => r.label === 'm2018_09')).toMatchObject({
      date: '2018-09-01',
      recorded: '2018-09-01',
      precision: 'month',
    });
  });

  it('places dates in SQL exactly as the JavaScript rule does, for any project start', async () => {
    for (const start of ['2018-07-01', '2018-07-15', '2018-01-01', '2017-12-31', '2019-02-28']) {
      const rows = await queryRows(
        database.db,
        sql`SELECT title, year, date, date_precision, ${placedPublicationDate(start)} AS placed
            FROM publications WHERE project_id = ${PROJECT}`,
      );
      const iso = (v: unknown) => (v instanceof Date ? v.toISOString().slice(0, 10) : (v as string | null));
      for (const r of rows) {
        const js = placedDate(
          { year: Number(r.year), date: iso(r.date), date_precision: String(r.date_precision) },
          start,
        );
        expect({ title: r.title, start, placed: iso(r.placed) }).toEqual({
          title: r.title,
          start,
          placed: js,
        });
      }
    }
  });
});
