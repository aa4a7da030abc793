/**
 * Every M-Sec KPI against a hand-counted fixture: each record below is annotated with the KPIs it should count
 * in (✓) or the reason it must not (✗). Values are checked at the project end, as of 2019-12-31 and for year 2.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../db/client';
import type { Plan } from '../plan/schema';
import { getCurrentPlan } from '../projects/repository';
import { importPlan, importPlanFile } from '../projects/service';
import { createTestDatabase } from '../../test/db';
import { makePlan, planInput } from '../../test/factories/plan';
import { rowInserter } from '../../test/factories/rows';
import { listKpiRecords } from './drilldown';
import { evaluateKpis, type KpiValue } from './engine';
import { kpiHistory } from './history';

let database: Database;
let plan: Plan;
const END = '2021-06-30';
const MID = '2019-12-31';

beforeAll(async () => {
  database = await createTestDatabase();
  await importPlanFile(database.db, { file: 'plans/m-sec.yaml', actor: 'test' });
  plan = (await getCurrentPlan(database.db, 'm-sec'))!.plan;
  const r = rowInserter(database.db, 'm-sec', 'F6S');
  await r.activities([
    { title: 'a1', kind: 'article', status: 'Delivered', startDate: '2019-01-10' }, // ✓ non-scientific
    { title: 'a2', kind: 'press_release', status: 'Delivered', startDate: '2019-03-01' }, // ✓ non-scientific
    { title: 'a3', kind: 'press_release', status: 'Ongoing', startDate: '2019-04-01' }, // ✗ not delivered
    { title: 'a4', kind: 'blog_post', status: 'Delivered', startDate: '2019-04-02' }, // ✗ blog posts are not counted
    { title: 'a5', kind: 'newsletter', status: 'Delivered', startDate: '2018-12-20' }, // ✓ newsletter
    { title: 'a6', kind: 'newsletter', status: 'Delivered', startDate: '2019-06-15', leadPartner: 'NTTE' }, // ✓ newsletter
    { title: 'a7', kind: 'newsletter', status: 'Postponed', startDate: '2019-06-16' }, // ✗ postponed
    { title: 'a8', kind: 'article', status: 'Delivered', startDate: '2020-02-01' }, // ✓ at the end, ✗ as of MID
    { title: 'a9', kind: 'article', status: 'Delivered', startDate: '2019-02-01', deletedAt: new Date() }, // ✗ deleted
  ]);
  await r.metrics([
    { channel: 'tw', channelKind: 'twitter', metric: 'followers', value: 100, date: '2019-01-01' },
    { channel: 'tw', channelKind: 'twitter', metric: 'followers', value: 150, date: '2019-06-01' }, // latest as of MID
    { channel: 'tw', channelKind: 'twitter', metric: 'followers', value: 220, date: '2020-01-01' }, // latest at END
    { channel: 'li', channelKind: 'linkedin', metric: 'followers', value: 80, date: '2019-03-01' },
    { channel: 'li', channelKind: 'linkedin', metric: 'followers', value: 120, date: '2019-12-01' },
    {
      channel: 'partner-tw',
      channelKind: 'twitter',
      channelScope: 'partner',
      metric: 'followers',
      value: 5000,
    }, // ✗ partner account
    { channel: 'yt-a', channelKind: 'youtube', metric: 'views', value: 400, date: '2019-05-01' },
    { channel: 'yt-a', channelKind: 'youtube', metric: 'views', value: 900, date: '2019-11-01' },
    { channel: 'yt-b', channelKind: 'youtube', metric: 'views', value: 300, date: '2020-03-01' },
    { channel: 'site', channelKind: 'website', metric: 'downloads', value: 50, date: '2019-10-01' },
    { channel: 'zenodo', channelKind: 'repository', metric: 'downloads', value: 30, date: '2019-10-01' },
    { channel: 'zenodo', channelKind: 'repository', metric: 'downloads', value: 45, date: '2019-12-01' },
    { channel: 'tw', channelKind: 'twitter', metric: 'impressions', value: 9999, date: '2019-12-01' }, // ✗ other metric
  ]);
  await r.events([
    { name: 'e1', kind: 'exhibition', roles: ['booth'] }, // ✓ booth
    { name: 'e2', kind: 'conference', roles: ['presentation', 'booth'], jointWithOtherProjects: true }, // ✓ booth ✓ joint
    { name: 'e3', kind: 'exhibition', roles: ['booth'], status: 'planned', jointWithOtherProjects: true }, // ✗ planned
    { name: 'e4', kind: 'workshop', roles: ['co_organiser'], international: true, participants: 35 }, // ✓ intl ✓ training ✓ 20-50
    { name: 'e5', kind: 'workshop', roles: ['organiser'], international: false, participants: 60 }, // ✓ training ✗ 20-50
    { name: 'e6', kind: 'training', roles: ['organiser'], participants: 20, startDate: '2020-01-15' }, // ✓ training ✓ 20-50 (edge), year 2
    { name: 'e7', kind: 'webinar', roles: ['attendee'], participants: 30 }, // ✗ only attended
    { name: 'e8', kind: 'hackathon', roles: ['co_organiser'], status: 'cancelled', participants: 40 }, // ✗ cancelled
    { name: 'e9', kind: 'contest', roles: ['organiser'], participants: 25 }, // ✓ contest ✓ >20
    { name: 'e10', kind: 'e_consultation', participants: 400 }, // ✓ 400 citizens
    { name: 'e11', kind: 'e_consultation', participants: 250, status: 'planned' }, // ✓ the measure has no status filter
    { name: 'e12', kind: 'concertation', jointWithOtherProjects: true }, // ✓ concertation ✓ joint
    { name: 'e13', kind: 'concertation', status: 'cancelled' }, // ✗ cancelled
  ]);
  await r.publications([
    { title: 'p1', type: 'conference_paper', jointEuJp: true }, // ✓ conf ✓ joint
    { title: 'p2', type: 'conference_paper', jointEuJp: false }, // ✓ conf
    { title: 'p3', type: 'conference_paper', jointEuJp: true, year: 2020 }, // ✓ conf ✓ joint (after MID)
    { title: 'p4', type: 'journal_article' }, // ✓ journal
    { title: 'p5', type: 'book_chapter' }, // ✗
  ]);
  await r.synergies([
    { initiative: 'AIOTI', kind: 'standardisation' },
    { initiative: 'AIOTI', kind: 'standardisation', date: '2019-05-01' }, // same body: counted once
    { initiative: 'W3C WoT', kind: 'standardisation' },
    { initiative: 'EC consultation on IoT', kind: 'consultation' },
    { initiative: 'EC consultation on data', kind: 'consultation' },
    { initiative: 'City of Turin', kind: 'replication' },
    { initiative: 'City of Turin', kind: 'replication', date: '2020-01-01' },
  ]);
  await r.manual([
    { kpiCode: 'government-invitations', value: 2, date: '2019-05-01', evidence: 'embassy-letter.pdf' },
    { kpiCode: 'government-invitations', value: 4, date: '2020-05-01', evidence: 'second-letter.pdf' },
  ]);
  // Another project's records never count for M-Sec.
  await importPlan(database.db, {
    plan: makePlan(),
    sourceText: '',
    sourceName: 'tide-x.yaml',
    actor: 'test',
  });
  await rowInserter(database.db, 'tide-x', 'UNIA').activities([{ kind: 'article', status: 'Delivered' }]);
});

afterAll(async () => {
  await database.close();
});

const byId = (values: KpiValue[]) => Object.fromEntries(values.map((v) => [v.id, v]));

describe('M-Sec KPIs at the project end', () => {
  it('computes every KPI of Table 7 from the records', async () => {
    const v = byId(await evaluateKpis(database.db, { projectId: 'm-sec', plan, at: END }));
    expect(Object.keys(v)).toHaveLength(18);
    const values = Object.fromEntries(Object.entries(v).map(([id, k]) => [id, k.value]));
    expect(values).toEqual({
      'non-scientific-publications': 3,
      newsletters: 2,
      'video-views': 1200,
      'social-followers': 340,
      'deliverables-downloaded': 95,
      'exhibition-booths': 2,
      'conference-publications': 3,
      'journal-publications': 1,
      'international-workshops': 1,
      'standardisation-groups': 2,
      consultations: 2,
      'training-community-events': 3,
      'online-contest': 1,
      'e-consultation-citizens': 650,
      'use-case-replication': 1,
      concertation: 1,
      'joint-eu-japan-events': 2,
      'government-invitations': 4,
    });
  });

  it('computes sub-targets as parts of their KPI', async () => {
    const v = byId(await evaluateKpis(database.db, { projectId: 'm-sec', plan, at: END }));
    expect(v['conference-publications']!.parts).toEqual([
      expect.objectContaining({ id: 'joint-eu-jp', value: 2, target: 5, met: false }),
    ]);
    expect(v['training-community-events']!.parts).toEqual([
      expect.objectContaining({ id: 'sized-20-50', value: 2, target: 10, met: false }),
    ]);
    expect(v['online-contest']!.parts).toEqual([
      expect.objectContaining({ id: 'more-than-20-participants', value: 1, comparator: '>', met: false }),
    ]);
  });

  it('marks met targets achieved and, after the end, unmet ones behind', async () => {
    const v = byId(await evaluateKpis(database.db, { projectId: 'm-sec', plan, at: END }));
    expect(v['exhibition-booths']).toMatchObject({ met: true, status: 'achieved' });
    expect(v['government-invitations']).toMatchObject({
      value: 4,
      met: true,
      status: 'achieved',
      hasValue: true,
    });
    expect(v['newsletters']).toMatchObject({ met: false, status: 'behind', forecast: 2 });
  });
});

describe('M-Sec KPIs as of a date and for a period', () => {
  it('counts only records dated up to the date and takes the latest snapshot before it', async () => {
    const v = byId(await evaluateKpis(database.db, { projectId: 'm-sec', plan, at: MID }));
    expect(v['non-scientific-publications']!.value).toBe(2);
    expect(v['social-followers']!.value).toBe(270);
    expect(v['video-views']!.value).toBe(900);
    expect(v['conference-publications']!.value).toBe(2);
    expect(v['conference-publications']!.parts[0]!.value).toBe(1);
    expect(v['government-invitations']!.value).toBe(2);
    expect(v['use-case-replication']!.value).toBe(1);
  });

  it('forecasts from the pace so far (18 of 36 months elapsed)', async () => {
    const v = byId(await evaluateKpis(database.db, { projectId: 'm-sec', plan, at: MID }));
    // 1 journal paper in 18 months → 2 by the end against 3: at risk (1 ≥ half of the 1.5 expected by now).
    expect(v['journal-publications']).toMatchObject({
      value: 1,
      forecast: 2,
      expected: 1.5,
      status: 'at_risk',
    });
    // 270 followers at half-time → 540 > 500: on track.
    expect(v['social-followers']).toMatchObject({ forecast: 540, status: 'on_track' });
    // 2 non-scientific publications against 7.5 expected, forecast 4 of 15: behind.
    expect(v['non-scientific-publications']).toMatchObject({ forecast: 4, status: 'behind' });
  });

  it('counts only records of the period for a project-year view, without a status', async () => {
    const v = byId(
      await evaluateKpis(database.db, { projectId: 'm-sec', plan, from: '2019-07-01', at: '2020-06-30' }),
    );
    expect(v['non-scientific-publications']).toMatchObject({ value: 1, status: null, forecast: null });
    expect(v['training-community-events']!.value).toBe(1);
    expect(v['conference-publications']!.value).toBe(1);
  });

  it('says a manual KPI has no value yet instead of a silent zero', async () => {
    const v = byId(await evaluateKpis(database.db, { projectId: 'm-sec', plan, at: '2019-01-01' }));
    expect(v['government-invitations']).toMatchObject({ value: 0, hasValue: false });
  });
});

describe('drill-down', () => {
  it('lists exactly the records behind a figure and behind a part', async () => {
    const rows = await listKpiRecords(database.db, {
      projectId: 'm-sec',
      plan,
      kpiId: 'non-scientific-publications',
      at: END,
    });
    expect(rows.map((r) => r.label).sort()).toEqual(['a1', 'a2', 'a8']);
    const joint = await listKpiRecords(database.db, {
      projectId: 'm-sec',
      plan,
      kpiId: 'conference-publications',
      partId: 'joint-eu-jp',
      at: END,
    });
    expect(joint.map((r) => r.label).sort()).toEqual(['p1', 'p3']);
  });

  it('lists the latest snapshot of each channel for a snapshot KPI, summing to the figure', async () => {
    const rows = await listKpiRecords(database.db, {
      projectId: 'm-sec',
      plan,
      kpiId: 'social-followers',
      at: MID,
    });
    expect(rows.map((r) => [r.label, r.value])).toEqual([
      ['tw · followers', 150],
      ['li · followers', 120],
    ]);
  });

  it('lists manual values with their evidence', async () => {
    const rows = await listKpiRecords(database.db, {
      projectId: 'm-sec',
      plan,
      kpiId: 'government-invitations',
      at: END,
    });
    expect(rows.map((r) => [r.label, r.value])).toEqual([
      ['second-letter.pdf', 4],
      ['embassy-letter.pdf', 2],
    ]);
  });
});

describe('another plan with other KPIs', () => {
  it('evaluates without code changes: sum, distinct, period and parts over its own records', async () => {
    const input = planInput();
    const other = makePlan({
      kpis: [
        {
          id: 'reach',
          label: 'People reached',
          target: 1000,
          target_text: '1000',
          measure: {
            kind: 'sum',
            record: 'activity',
            field: 'persons_reached',
            where: { status: 'Delivered' },
          },
        },
        {
          id: 'year-one-papers',
          label: 'Papers in year one',
          target: 2,
          target_text: '2',
          period: { to_month: 12 },
          measure: { kind: 'count', record: 'publication' },
          parts: [{ id: 'peer-reviewed', label: 'peer reviewed', target: 1, where: { peer_reviewed: true } }],
        },
        {
          id: 'partners-active',
          label: 'Partners with events',
          target: 2,
          target_text: '2',
          measure: { kind: 'count_distinct', record: 'event', field: 'partners' },
        },
      ],
      project: { ...input.project, acronym: 'Tide-Y' },
    });
    await importPlan(database.db, { plan: other, sourceText: '', sourceName: 'y.yaml', actor: 'test' });
    const r = rowInserter(database.db, 'tide-y', 'UNIA');
    await r.activities([
      { status: 'Delivered', personsReached: 300, startDate: '2024-02-01' },
      { status: 'Delivered', personsReached: 450, startDate: '2024-03-01' },
      { status: 'Cancelled', personsReached: 999, startDate: '2024-03-02' },
    ]);
    await r.publications([
      { year: 2024, date: '2024-06-01', peerReviewed: true },
      { year: 2024, date: '2024-11-01', peerReviewed: false },
      { year: 2025, date: '2025-02-01', peerReviewed: true }, // month 14: outside the KPI's period
    ]);
    const when = { startDate: '2024-05-01' };
    await r.events([{ ...when }, { ...when, partners: ['CORPB'] }, { ...when, leadPartner: 'CORPB' }]);
    const v = byId(await evaluateKpis(database.db, { projectId: 'tide-y', plan: other, at: '2025-12-31' }));
    expect(v['reach']!.value).toBe(750);
    expect(v['year-one-papers']).toMatchObject({ value: 2, met: true, status: 'achieved' });
    expect(v['year-one-papers']!.parts[0]).toMatchObject({ value: 1, met: true });
    // Distinct partners over [UNIA], [UNIA, CORPB], [CORPB]: 2 partners (there are 3 distinct lists).
    expect(v['partners-active']!.value).toBe(2);
  });
});

describe('monthly history', () => {
  it('ends, for every KPI and part, on the same value as the live figure', async () => {
    const [history, live] = await Promise.all([
      kpiHistory(database.db, { projectId: 'm-sec', plan, at: END }),
      evaluateKpis(database.db, { projectId: 'm-sec', plan, at: END }),
    ]);
    for (const k of live) {
      const h = history.find((x) => x.id === k.id)!;
      expect(h.values, k.id).toHaveLength(36);
      expect(h.values.at(-1), k.id).toBe(k.value);
      for (const p of k.parts) expect(h.parts[p.id]!.at(-1), `${k.id}/${p.id}`).toBe(p.value);
    }
  });

  it('places each record in its project month and carries snapshots forward', async () => {
    const history = await kpiHistory(database.db, { projectId: 'm-sec', plan, at: MID });
    const of = (id: string) => history.find((h) => h.id === id)!.values;
    expect(of('non-scientific-publications')).toHaveLength(18);
    // a1 in month 7 (January 2019), a2 in month 9 (March 2019).
    expect(of('non-scientific-publications').slice(5, 10)).toEqual([0, 1, 1, 2, 2]);
    // twitter 100 (m7), linkedin 80 (m9), twitter 150 (m12), linkedin 120 (m18).
    const followers = of('social-followers');
    expect([followers[6], followers[8], followers[11], followers[17]]).toEqual([100, 180, 230, 270]);
    // AIOTI twice, W3C WoT once: 2 distinct standardisation groups, both first seen in January 2019 (month 7).
    expect(of('standardisation-groups').slice(5, 8)).toEqual([0, 2, 2]);
    expect(of('government-invitations').slice(9, 11)).toEqual([0, 2]);
  });
});
