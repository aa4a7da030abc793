/**
 * The report's assembly on a seeded M-Sec project: every section matches the records of the period (figures from
 * the SQL engine), a record outside the period is absent, labels are translated in a Japanese report.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestDatabase } from '../../test/db';
import {
  activityInput,
  eventInput,
  metricInput,
  publicationInput,
  synergyInput,
} from '../../test/factories/records';
import { M_SEC_PLAN } from '../../test/app';
import { systemActor } from '../auth/permissions';
import type { Database } from '../db/client';
import { evaluateKpis } from '../kpi/engine';
import { fixedClock } from '../lib/clock';
import { importPlanFile } from '../projects/service';
import { createRecord } from '../records/service';
import { loadPlanOrThrow } from '../kpi/service';
import { assembleReport } from './assemble';

vi.setConfig({ testTimeout: 120_000 });

const P = 'm-sec';
const actor = systemActor('test');
const clock = fixedClock(new Date('2020-01-15T10:00:00Z'));
let database: Database;

const activity = (o: Parameters<typeof activityInput>[0]) =>
  createRecord(database.db, {
    actor,
    projectId: P,
    kind: 'activity',
    input: activityInput({
      lead_partner: 'F6S',
      partners: ['KEIO'],
      type: 'Press release',
      audiences: ['General Public'],
      channels: ['Press release'],
      countries: [],
      ...o,
    }),
  });

beforeAll(async () => {
  database = await createTestDatabase();
  const db = database.db;
  await importPlanFile(db, { file: M_SEC_PLAN, actor: 'test' });
  await activity({ title: 'Launch press release', start_date: '2018-09-10', persons_reached: 500 });
  await activity({
    title: 'Flyer at the fair',
    start_date: '2018-11-20',
    kind: 'other',
    type: 'Flyer',
    persons_reached: 120,
    timeline_item: 'flyer',
  });
  await activity({ title: 'Second-year release', start_date: '2019-08-01', persons_reached: 9999 });
  await createRecord(db, {
    actor,
    projectId: P,
    kind: 'event',
    input: eventInput({
      lead_partner: 'TST',
      partners: ['KEIO'],
      name: 'IoT Solutions World Congress',
      city: 'Barcelona',
      country: 'ES',
      start_date: '2018-10-16',
      end_date: '2018-10-18',
    }),
  });
  await createRecord(db, {
    actor,
    projectId: P,
    kind: 'publication',
    input: publicationInput({
      lead_partner: 'KEIO',
      title: 'Secure data markets for smart cities',
      authors: [
        { name: 'Tanaka, Hiroshi', partner: 'KEIO' },
        { name: 'García, María', partner: 'WLI' },
      ],
      venue: 'Sensors',
      year: 2019,
      date: '2019-02-20',
      doi: '10.3390/s19040101',
    }),
  });
  await createRecord(db, {
    actor,
    projectId: P,
    kind: 'synergy',
    input: synergyInput({ lead_partner: 'CEA', partners: [], initiative: 'AIOTI WG 05', date: '2019-02-12' }),
  });
  for (const [date, value] of [
    ['2018-07-01', 100],
    ['2019-06-01', 300],
    ['2019-09-01', 999],
  ] as const)
    await createRecord(db, {
      actor,
      projectId: P,
      kind: 'metric',
      input: metricInput({
        lead_partner: 'F6S',
        channel: 'https://x.com/msec_project',
        channel_kind: 'twitter',
        metric: 'followers',
        value,
        date,
      }),
    });
  await db.execute(sql`INSERT INTO report_texts (project_id, scope, key, lang, body, updated_by) VALUES
    (${P}, 'year:1', 'summary', 'en', 'Year one built the community.', 'test'),
    (${P}, 'year:1', 'summary', 'ja', '1年目はコミュニティを築いた。', 'test'),
    (${P}, 'year:1', 'kpi:non-scientific-publications', 'en', 'One release so far.', 'test')`);
  await db.execute(sql`INSERT INTO deviations (project_id, created_by, updated_by, noted_on, description) VALUES
    (${P}, 'test', 'test', '2019-03-01', 'Fewer papers than planned'),
    (${P}, 'test', 'test', '2019-09-01', 'A later deviation')`);
  await db.execute(sql`INSERT INTO recommendations (project_id, created_by, updated_by, review, received_on, text, status)
    VALUES (${P}, 'test', 'test', 'First periodic review', '2019-03-15', 'Increase joint papers.', 'in_progress')`);
});
afterAll(async () => {
  await database?.close();
});

describe('assembleReport', () => {
  it('fills every section of year 1 from the records of that year, in English', async () => {
    const steps: number[] = [];
    const m = await assembleReport(database.db, {
      actor,
      projectId: P,
      year: 1,
      lang: 'en',
      clock,
      onProgress: (f) => steps.push(f),
    });
    expect(steps.at(-1)).toBe(1);
    expect(steps).toEqual([...steps].sort((a, b) => a - b));
    expect(m.period).toEqual({ scope: 'year:1', year: 1, from: '2018-07-01', to: '2019-06-30' });
    expect(m.project.acronym).toBe('M-Sec');
    expect(m.identity.acknowledgement).toMatch(/Horizon 2020/);
    expect(m.planVersion).toBe(1);
    expect(m.audit.seq).toBeGreaterThan(0);

    // KPIs: the engine's figures as of the year's end, with the comment.
    const { plan } = await loadPlanOrThrow(database.db, P);
    const engine = await evaluateKpis(database.db, { projectId: P, plan, at: '2019-06-30' });
    expect(m.kpis.map((k) => [k.id, k.value])).toEqual(engine.map((k) => [k.id, k.value]));
    const nsp = m.kpis.find((k) => k.id === 'non-scientific-publications');
    expect(nsp?.value).toBe(1);
    expect(nsp?.comment).toBe('One release so far.');
    expect(nsp?.statusLabel).toBe('Behind');

    // Activities: by type (SQL counts and sums), the second-year one absent.
    expect(m.activities.byType).toEqual([
      { type: 'Flyer', label: 'Flyer', count: 1, reached: 120 },
      { type: 'Press release', label: 'Press release', count: 1, reached: 500 },
    ]);
    expect(m.activities.items.map((a) => a.title)).toEqual(['Launch press release', 'Flyer at the fair']);
    expect(m.summary).toEqual({
      text: 'Year one built the community.',
      counts: { activities: 2, events: 1, publications: 1, synergies: 1 },
    });

    expect(m.events[0]).toMatchObject({ name: 'IoT Solutions World Congress', countryLabel: 'Spain' });
    expect(m.events[0]?.partners).toEqual(['TST', 'KEIO']);
    expect(m.publications).toHaveLength(1);
    expect(m.publications[0]?.citation).toContain('Tanaka, H.');
    expect(m.publications[0]?.citation).toContain('(2019).');
    expect(m.publications[0]?.citation).toContain('Secure data markets for smart cities');
    expect(m.publications[0]?.citation).toContain('https://doi.org/10.3390/s19040101');
    expect(m.publications[0]?.openAccessLabel).toBe('Gold');
    expect(m.synergies.map((s) => s.initiative)).toEqual(['AIOTI WG 05']);

    // Metrics: the latest value up to the end (not the later 999) and the value at the start.
    expect(m.metrics).toEqual([
      {
        channel: 'https://x.com/msec_project',
        metric: 'followers',
        label: 'https://x.com/msec_project · Followers',
        value: 300,
        at: '2019-06-01',
        startValue: 100,
      },
    ]);
    expect(m.charts.map((c) => c.id)).toEqual(['kpis', 'metrics']);
    expect(m.charts[0]?.svg).toMatch(/^<svg /);

    const f6s = m.partners.find((p) => p.code === 'F6S');
    expect(f6s?.counts).toEqual({ activities: 2, events: 0, publications: 0, synergies: 0, metrics: 2 });
    expect(m.partners.find((p) => p.code === 'KEIO')?.counts).toMatchObject({ activities: 2, events: 1 });

    const flyer = m.timeline.find((t) => t.id === 'flyer');
    expect(flyer).toMatchObject({ plannedMonths: [5], doneMonths: [5], state: 'done', stateLabel: 'Done' });

    expect(m.deviations.items.map((d) => d.description)).toEqual(['Fewer papers than planned']);
    expect(m.recommendations[0]).toMatchObject({
      review: 'First periodic review',
      statusLabel: 'In progress',
    });
    expect(m.corrections).toEqual([]);
    expect(m.proof).toBeNull();
  });

  it('translates labels and texts in a Japanese report (comments fall back to English)', async () => {
    const m = await assembleReport(database.db, { actor, projectId: P, year: 1, lang: 'ja', clock });
    expect(m.summary.text).toBe('1年目はコミュニティを築いた。');
    expect(m.kpis.find((k) => k.id === 'non-scientific-publications')).toMatchObject({
      label: '非学術的な出版物（記事、プレスリリースなど）',
      statusLabel: '遅れ',
      comment: 'One release so far.',
    });
    expect(m.activities.items[0]?.statusLabel).toBe('実施済み');
    expect(m.activities.byType.find((g) => g.type === 'Press release')?.label).toBe('プレスリリース');
    expect(m.events[0]?.countryLabel).toBe('スペイン');
    expect(m.publications[0]?.openAccessLabel).not.toBe('Gold');
    // The bibliography in the ja-JP CSL locale (Herald's: plugin-csl ships none): Japanese dates, not en-US's.
    expect(m.publications[0]?.citation).toContain('Tanaka, H., & García, M. (2019年).');
    expect(m.timeline.find((t) => t.id === 'flyer')?.label).toBe('フライヤー');
    expect(m.identity.acknowledgement).toMatch(/M-Secプロジェクト/);
    expect(m.recommendations[0]?.statusLabel).toBe('対応中');
  });

  it('assembles a date range: only its records, no status', async () => {
    const m = await assembleReport(database.db, {
      actor,
      projectId: P,
      from: '2019-07-01',
      to: '2019-12-31',
      lang: 'en',
      clock,
    });
    expect(m.period.scope).toBe('range:2019-07-01..2019-12-31');
    expect(m.activities.items.map((a) => a.title)).toEqual(['Second-year release']);
    expect(m.kpis.find((k) => k.id === 'non-scientific-publications')).toMatchObject({
      value: 1,
      status: null,
    });
    expect(m.metrics[0]).toMatchObject({ value: 999, startValue: 300 });
    expect(m.deviations.items.map((d) => d.description)).toEqual(['A later deviation']);
  });

  it('refuses an actor without report.read', async () => {
    await expect(
      assembleReport(database.db, { actor: { kind: 'anonymous' }, projectId: P, year: 1, lang: 'en', clock }),
    ).rejects.toMatchObject({ status: 401 });
  });
});
