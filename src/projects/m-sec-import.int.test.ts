/** The embedded M-Sec plan, imported into the database, holds every table of the seed (D5.2). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../db/client';
import { createTestDatabase } from '../../test/db';
import {
  getCurrentPlan,
  listDeliverables,
  listKpis,
  listPartners,
  listTimelineItems,
  listWorkPackages,
} from './repository';
import { importPlanFile } from './service';

let database: Database;
beforeAll(async () => {
  database = await createTestDatabase();
  await importPlanFile(database.db, { file: 'plans/m-sec.yaml', actor: 'test' });
});
afterAll(async () => {
  await database.close();
});

describe('the imported M-Sec plan', () => {
  it('holds the 12 partners with their regions', async () => {
    const partners = await listPartners(database.db, 'm-sec');
    expect(partners.map((p) => [p.number, p.code, p.region])).toEqual([
      [1, 'WLI', 'EU'],
      [2, 'ICCS', 'EU'],
      [3, 'CEA', 'EU'],
      [4, 'F6S', 'EU'],
      [5, 'TST', 'EU'],
      [6, 'AYTOSAN', 'EU'],
      [7, 'NTTE', 'JP'],
      [8, 'KEIO', 'JP'],
      [9, 'YNU', 'JP'],
      [10, 'NII', 'JP'],
      [11, 'WU', 'JP'],
      [12, 'NTTDMC', 'JP'],
    ]);
  });

  it('holds all 18 KPIs of Table 7 with the seed targets and comparators', async () => {
    const kpis = await listKpis(database.db, 'm-sec');
    expect(kpis.map((k) => `${k.comparator} ${k.target}`)).toEqual([
      '>= 15',
      '>= 4',
      '>= 3000',
      '> 500',
      '>= 200',
      '>= 2',
      '>= 15',
      '>= 3',
      '>= 2',
      '> 3',
      '>= 4',
      '>= 10',
      '> 1',
      '>= 1000',
      '>= 2',
      '> 4',
      '> 4',
      '> 3',
    ]);
    const conference = kpis.find((k) => k.code === 'conference-publications')!;
    expect(conference.parts).toEqual([expect.objectContaining({ id: 'joint-eu-jp', target: 5 })]);
  });

  it('holds every public deliverable of Table 3 with its due month', async () => {
    const ds = await listDeliverables(database.db, 'm-sec');
    expect(ds).toHaveLength(35);
    const due = Object.fromEntries(ds.map((d) => [d.code, d.dueMonth]));
    expect(due).toMatchObject({
      'D1.5': 6,
      'D2.1': 6,
      'D2.2': 8,
      'D2.3': 24,
      'D2.4': 36,
      'D2.5': 18,
      'D2.6': 21,
      'D2.7': 33,
      'D2.8': 36,
      'D3.1': 8,
      'D3.2': 24,
      'D3.3': 12,
      'D3.4': 24,
      'D3.5': 24,
      'D4.1': 18,
      'D4.2': 30,
      'D4.3': 18,
      'D4.4': 30,
      'D4.5': 18,
      'D4.6': 30,
      'D4.7': 18,
      'D4.8': 30,
      'D4.9': 18,
      'D4.10': 30,
      'D5.1': 2,
      'D5.2': 6,
      'D5.3': 12,
      'D5.4': 24,
      'D5.5': 36,
      'D5.6': 12,
      'D5.7': 24,
      'D5.8': 36,
      'D5.9': 12,
      'D5.10': 32,
      'D5.11': 24,
    });
    expect((await listWorkPackages(database.db, 'm-sec')).map((w) => w.code)).toEqual([
      'WP1',
      'WP2',
      'WP3',
      'WP4',
      'WP5',
    ]);
  });

  it('holds every row of the communication timeline (Figure 10), estimates marked', async () => {
    const items = await listTimelineItems(database.db, 'm-sec');
    expect(items.map((i) => i.label)).toEqual([
      'Flyer',
      'Poster',
      'Roll up',
      'Generic Presentation',
      'Business Card',
      'Comics Book',
      'Press Releases',
      'Newsletters',
      'Toolkits/SDKs',
      'Scientific Papers',
      'White Paper',
      'Tutorials/Cookbook',
    ]);
    expect(items.every((i) => i.estimated)).toBe(true);
    const comics = items.find((i) => i.label === 'Comics Book')!;
    expect(Math.min(...(comics.months as number[]))).toBeGreaterThanOrEqual(30);
  });

  it('keeps the rest of the plan: 5 audiences, 7 planned events, every standardisation body of Table 5', async () => {
    const { plan } = (await getCurrentPlan(database.db, 'm-sec'))!;
    expect(plan.audiences).toHaveLength(5);
    expect(plan.events.planned.map((e) => e.start_date)).toEqual([
      '2018-09-18',
      '2018-10-16',
      '2018-11-01',
      '2018-11-20',
      '2018-12-03',
      '2018-12-04',
      '2019-03-11',
    ]);
    // Table 5, in order; five names were lost in the text and are inferred (marked so in the plan).
    expect(plan.synergies!.standard_bodies.map((b) => [b.name, b.inferred])).toEqual([
      ['AIOTI – WG 05', false],
      ['IERC IoT (AIOTI WG 01)', false],
      ['OSGi Alliance', false],
      ['FIWARE', true],
      ['oneM2M', true],
      ['W3C Web of Things (WoT)', true],
      ['OGF OCCI (Open Cloud Computing Interface)', true],
      ['OASIS TOSCA (Topology and Orchestration Specification for Cloud Applications)', true],
      ['ITU-T GSI', false],
      ['IEEE P2413', false],
      ['Hyperledger', false],
    ]);
    expect(plan.synergies!.standard_bodies).toHaveLength(11);
    expect(plan.project.start_date).toBe('2018-07-01');
  });
});
