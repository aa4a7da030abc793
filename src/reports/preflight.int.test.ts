/** The pre-flight rules: each one's failing and passing case, on Horizon Europe and H2020 projects (both engines). */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../test/db';
import { makePlan, planInput } from '../../test/factories/plan';
import { activityInput, publicationInput } from '../../test/factories/records';
import { tinyPng } from '../../test/records';
import { systemActor } from '../auth/permissions';
import type { Database } from '../db/client';
import type { PlanInput } from '../plan/schema';
import { getCurrentPlan } from '../projects/repository';
import { importPlan } from '../projects/service';
import { uploadEvidence } from '../records/files';
import type { ActivityInput, PublicationInput } from '../records/schema';
import { createRecord } from '../records/service';
import { resolvePeriod } from './period';
import { runPreflight, type PreflightFinding } from './preflight';

const actor = systemActor('preflight-test');
let database: Database;
const db = () => database.db;
const dir = mkdtempSync(join(tmpdir(), 'herald-preflight-'));

function planFor(acronym: string, programme: string, publications?: PlanInput['publications']) {
  const base = planInput();
  return makePlan({
    project: { ...base.project, acronym, programme, grants: [{ funder: 'EC', programme, number: '1' }] },
    ...(publications ? { publications } : {}),
  });
}
async function importFor(plan: ReturnType<typeof makePlan>) {
  return (await importPlan(db(), { plan, sourceText: JSON.stringify(plan), sourceName: 'p.yaml', actor }))
    .projectId;
}
const activity = async (projectId: string, o: Partial<ActivityInput> = {}) =>
  (await createRecord(db(), { actor, projectId, kind: 'activity', input: activityInput(o) })).id;
const publication = async (projectId: string, o: Partial<PublicationInput> = {}) =>
  (await createRecord(db(), { actor, projectId, kind: 'publication', input: publicationInput(o) })).id;

async function findings(projectId: string, year: number): Promise<PreflightFinding[]> {
  const current = await getCurrentPlan(db(), projectId);
  if (!current) throw new Error(`no plan for ${projectId}`);
  const plan = current.plan;
  return runPreflight(db(), { actor, projectId, period: resolvePeriod(plan, { year }) });
}
const about = (all: PreflightFinding[], id: string) => all.filter((f) => f.recordId === id);
const keys = (all: PreflightFinding[], id: string) =>
  about(all, id).map((f) => `${f.rule}:${f.field ?? ''}:${f.messageKey}`);

const OPEN = {
  open_access: 'gold' as const,
  repository_url: 'https://zenodo.org/records/1',
  licence: 'CC-BY-4.0',
};
const he = { id: '', good: '', actBare: '', unknown: '', mixed: '', hybrid: '', listed: '', goldEmb: '' };
const heMore = { closed: '', noRepo: '', embargo: '', badDoi: '', ongoing: '' };
const heLicence = { none: '', nc: '', url: '', cc0: '', igo: '' };

beforeAll(async () => {
  database = await createTestDatabase();
  he.id = await importFor(
    planFor('Tide-X', 'HORIZON_EUROPE', { policy: 'Open', subscription_venues: ['Paywall Journal'] }),
  );
  he.good = await activity(he.id, { outcome: 'Read by 1,200 people' });
  await uploadEvidence(db(), {
    actor,
    projectId: he.id,
    kind: 'activity',
    recordId: he.good,
    fileName: 'photo.png',
    bytes: tinyPng(),
    dir,
  });
  he.actBare = await activity(he.id, { title: 'Bare', outcome: undefined });
  await db().execute(sql`UPDATE activities SET audiences = '{}' WHERE id = ${he.actBare}`);
  he.unknown = await publication(he.id, { title: 'Unknown route', open_access: 'unknown', issn: undefined });
  he.mixed = await publication(he.id, { ...OPEN, title: 'Gold?', venue: 'Ocean Letters', issn: undefined });
  he.hybrid = await publication(he.id, {
    ...OPEN,
    open_access: 'hybrid',
    title: 'Hybrid one',
    venue: 'ocean letters ',
    issn: undefined,
  });
  he.listed = await publication(he.id, {
    ...OPEN,
    title: 'Listed',
    venue: 'Paywall Journal',
    issn: undefined,
  });
  he.goldEmb = await publication(he.id, { ...OPEN, title: 'Gold embargoed', venue: 'G', issn: undefined });
  await db().execute(sql`UPDATE publications SET embargo_end = '2024-12-01' WHERE id = ${he.goldEmb}`);
  heMore.closed = await publication(he.id, {
    ...OPEN,
    open_access: 'closed',
    title: 'Closed',
    venue: 'C',
    issn: undefined,
  });
  heMore.noRepo = await publication(he.id, {
    ...OPEN,
    repository_url: undefined,
    title: 'No repo',
    venue: 'R',
    issn: undefined,
  });
  heMore.embargo = await publication(he.id, {
    ...OPEN,
    open_access: 'green',
    embargo_end: '2024-08-01',
    title: 'Green embargoed',
    venue: 'E',
    issn: undefined,
  });
  heMore.badDoi = await publication(he.id, { ...OPEN, title: 'Bad DOI', venue: 'D', issn: undefined });
  await db().execute(sql`UPDATE publications SET doi = '10.12/abc' WHERE id = ${heMore.badDoi}`);
  const licensed = (title: string, licence: string | undefined) =>
    publication(he.id, { ...OPEN, title, venue: `L ${title}`, issn: undefined, licence });
  heLicence.none = await licensed('No licence', undefined);
  heLicence.nc = await licensed('Non-commercial', 'CC BY-NC 4.0');
  heLicence.url = await licensed('Publisher licence', 'https://www.elsevier.com/tdm/userlicense/1.0/');
  heLicence.cc0 = await licensed('Public domain', 'https://creativecommons.org/publicdomain/zero/1.0/');
  heLicence.igo = await licensed('IGO', 'CC-BY-3.0-IGO');
  heMore.ongoing = await activity(he.id, {
    title: 'Still going',
    start_date: '2025-03-01',
    status: 'Ongoing',
    outcome: 'n/a',
  });
});
afterAll(async () => database.close());

describe('pre-flight on a Horizon Europe project, year 1', () => {
  let all: PreflightFinding[];
  beforeAll(async () => {
    all = await findings(he.id, 1);
  });

  it('passes a complete record: a delivered activity with evidence, a gold paper in an open venue, deposited', async () => {
    expect(about(all, he.good)).toEqual([]);
    const good = await publication(he.id, { ...OPEN, title: 'All fine' });
    expect(about(await findings(he.id, 1), good)).toEqual([]);
  });

  it('finds missing mandatory fields (per field) and a delivered activity without evidence', () => {
    expect(keys(all, he.actBare).sort()).toEqual([
      'evidence::preflight.finding.evidence',
      'mandatory:audiences:preflight.finding.mandatory',
      'mandatory:outcome:preflight.finding.mandatory',
    ]);
    const f = about(all, he.actBare)[0];
    expect(f?.href).toBe(`/p/${he.id}/records/activities/${he.actBare}/edit`);
    expect(about(all, he.actBare).find((x) => x.rule === 'evidence')?.severity).toBe('warning');
  });

  it('finds an unknown open-access route', () => {
    expect(keys(all, he.unknown)).toContain('oa_unknown:open_access:preflight.finding.oaUnknown');
  });

  it('finds gold in a venue the project also marks hybrid, gold in a listed venue, and gold under an embargo', () => {
    expect(keys(all, he.mixed)).toEqual(['gold_not_open:open_access:preflight.finding.goldMixedVenue']);
    expect(about(all, he.mixed)[0]?.params).toEqual({ venue: 'Ocean Letters', n: 1 });
    expect(keys(all, he.listed)).toEqual(['gold_not_open:open_access:preflight.finding.goldListed']);
    expect(keys(all, he.goldEmb)).toContain('gold_not_open:embargo_end:preflight.finding.goldEmbargo');
    expect(about(all, he.hybrid)).toEqual([]);
  });

  it('applies Horizon Europe: immediate open access (no closed, no embargo) deposited in a repository', () => {
    expect(keys(all, heMore.closed)).toEqual(['oa_programme:open_access:preflight.finding.oaClosed']);
    expect(keys(all, heMore.noRepo)).toEqual(['oa_programme:repository_url:preflight.finding.heDeposit']);
    expect(keys(all, heMore.embargo)).toEqual(['oa_programme:embargo_end:preflight.finding.heEmbargo']);
  });

  it('applies Horizon Europe’s licence rule: CC BY or CC0; licence unknown, or another licence, is a finding', () => {
    expect(keys(all, heLicence.none)).toEqual(['oa_programme:licence:preflight.finding.heLicenceUnknown']);
    expect(keys(all, heLicence.nc)).toEqual(['oa_programme:licence:preflight.finding.heLicence']);
    expect(about(all, heLicence.nc)[0]?.params).toEqual({ licence: 'CC-BY-NC-4.0' });
    expect(about(all, heLicence.url)[0]?.params).toEqual({
      licence: 'https://www.elsevier.com/tdm/userlicense/1.0/',
    });
    expect(about(all, heLicence.nc)[0]?.href).toBe(`/p/${he.id}/records/publications/${heLicence.nc}/edit`);
    expect(about(all, heLicence.cc0)).toEqual([]);
    expect(about(all, heLicence.igo)).toEqual([]);
    // A closed paper is told to open, not also to license.
    expect(keys(all, heMore.closed)).not.toContain('oa_programme:licence:preflight.finding.heLicenceUnknown');
  });

  it('finds a DOI that does not parse', () => {
    expect(keys(all, heMore.badDoi)).toEqual(['doi:doi:preflight.finding.doi']);
    expect(about(all, heMore.badDoi)[0]?.params).toEqual({ doi: '10.12/abc' });
  });

  it('does not apply the final-report rule before the last period', () => {
    expect(all.filter((f) => f.rule === 'final_report')).toEqual([]);
  });

  it('orders findings by rule, errors first', () => {
    const rules = all.map((f) => f.rule);
    expect(rules.indexOf('mandatory')).toBeLessThan(rules.indexOf('doi'));
  });
});

describe('the Horizon Europe final-report rule', () => {
  it('flags Ongoing communication activities in the final period, not the delivered ones', async () => {
    const all = await findings(he.id, 2);
    expect(keys(all, heMore.ongoing)).toContain('final_report:status:preflight.finding.finalOpen');
    expect(all.filter((f) => f.rule === 'final_report')).toHaveLength(1);
  });

  it('needs at least one Delivered communication activity', async () => {
    const id = await importFor(planFor('Tide-Y', 'HORIZON_EUROPE'));
    await activity(id, { status: 'Postponed', outcome: 'x', start_date: '2025-02-01' });
    const all = (await findings(id, 2)).filter((f) => f.rule === 'final_report');
    expect(all.map((f) => f.messageKey).sort()).toEqual([
      'preflight.finding.finalNoDelivered',
      'preflight.finding.finalOpen',
    ]);
    expect(all.find((f) => f.kind === 'project')?.href).toBe(`/p/${id}/records/activities/new`);
  });
});

describe('pre-flight on an H2020 project', () => {
  const h = { id: '', act: '', deposited: '', bare: '', short: '', long: '' };
  beforeAll(async () => {
    h.id = await importFor(planFor('H2-X', 'H2020', { policy: 'Open' }));
    h.act = await activity(h.id, {
      type: 'Press release',
      audiences: ['Media'],
      channels: [],
      persons_reached: undefined,
    });
    const green = { open_access: 'green' as const, date: '2024-03-01', venue: 'V', issn: '0960-1481' };
    h.deposited = await publication(h.id, { ...OPEN, title: 'Deposited', issn: '0960-1481' });
    h.bare = await publication(h.id, {
      ...OPEN,
      repository_url: undefined,
      publisher: undefined,
      title: 'Bare',
      venue: 'B',
      issn: undefined,
    });
    h.short = await publication(h.id, {
      ...green,
      ...{ repository_url: OPEN.repository_url },
      embargo_end: '2024-08-01',
      title: 'Short',
    });
    h.long = await publication(h.id, {
      ...green,
      ...{ repository_url: OPEN.repository_url },
      embargo_end: '2024-12-01',
      title: 'Long',
    });
  });

  it('uses the H2020 mandatory fields', async () => {
    const all = await findings(h.id, 1);
    expect(keys(all, h.act)).toEqual([
      'mandatory:persons_reached:preflight.finding.mandatory',
      'evidence::preflight.finding.evidence',
    ]);
    expect(keys(all, h.deposited)).toEqual([]);
    expect(keys(all, h.bare)).toEqual([
      'mandatory:publisher:preflight.finding.mandatory',
      'mandatory:issn:preflight.finding.mandatory',
      'oa_programme:repository_url:preflight.finding.h2020Deposit',
    ]);
  });

  it('allows an embargo of 6 months, 12 when the plan says social sciences and humanities', async () => {
    let all = await findings(h.id, 1);
    expect(keys(all, h.short)).toEqual([]); // without a licence too: H2020 does not ask for CC BY
    expect(keys(all, h.long)).toEqual(['oa_programme:embargo_end:preflight.finding.h2020Embargo']);
    expect(about(all, h.long)[0]?.params).toEqual({ months: 6, embargo: '2024-12-01' });
    await importFor(planFor('H2-X', 'H2020', { policy: 'Open', social_sciences_humanities: true }));
    all = await findings(h.id, 1);
    expect(keys(all, h.long)).toEqual([]);
  });
});
