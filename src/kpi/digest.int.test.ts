/**
 * The digest's content against seeded records and a previous digest row: exact KPI before → after (from the stored
 * row, not recomputed), a KPI at risk with its drill-down, the records created in the window by type and partner
 * (deleted ones and those created after the window left out), an overdue deliverable and timeline item, the two
 * placeholder sections; and the page: every member, since the last digest or `?since=`, in both languages, no write.
 */
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuthTestApp, makeUser, PROJECT, TestClient, type AuthTestApp } from '../../test/auth-helpers';
import { activityInput, eventInput, publicationInput } from '../../test/factories/records';
import { makePlan } from '../../test/factories/plan';
import { systemActor } from '../auth/permissions';
import { auditEntries, kpiDigests } from '../db/schema';
import { fixedClock } from '../lib/clock';
import type { RecordType } from '../plan/schema';
import { importPlan } from '../projects/service';
import { KIND_TABLES } from '../records/kinds';
import { createRecord, deleteRecord } from '../records/service';
import { signOffPeriod } from '../signoff/service';
import { buildDigest, type Digest, type DigestSection } from './digest';

const system = systemActor('test');
// Month 12 of Tide-X ends on 2024-12-31: half the run, so "expected by now" is half of each target.
const clock = fixedClock('2024-12-31T15:00:00Z');
let t: AuthTestApp;
let viewer: TestClient;
let editor: TestClient;
const ids: Record<string, string> = {};

const section = <I extends DigestSection['id']>(d: Digest, id: I) =>
  d.sections.find((s) => s.id === id) as Extract<DigestSection, { id: I }>;

/** A record created through the use case, its creation time then set to `created` (the clock of a real entry). */
async function seed(kind: RecordType, input: unknown, created: string): Promise<string> {
  const r = await createRecord(t.db, { actor: system, projectId: PROJECT, kind, input, clock });
  const table = KIND_TABLES[kind];
  await t.db
    .update(table)
    .set({ createdAt: new Date(created) })
    .where(eq(table.id, r.id));
  return r.id;
}

beforeAll(async () => {
  t = await createAuthTestApp({ clock });
  const plan = makePlan({
    kpis: [
      {
        id: 'papers',
        label: 'Papers',
        target: 4,
        target_text: '4',
        measure: { kind: 'count', record: 'publication' },
      },
      {
        id: 'events',
        label: { en: 'Events attended', ja: '参加イベント' },
        target: 6,
        target_text: '6',
        measure: { kind: 'count', record: 'event' },
      },
      {
        id: 'actions',
        label: 'Actions',
        target: 2,
        target_text: '2',
        measure: { kind: 'count', record: 'activity' },
      },
    ],
    reminders: { enabled: true, digest: { every: 'monthly' } },
  } as never);
  await importPlan(t.db, {
    plan,
    sourceText: JSON.stringify(plan),
    sourceName: 'tide-x.yaml',
    actor: 'cli:test',
  });
  viewer = await TestClient.signedIn(t, (await makeUser(t.db, { role: 'viewer' })).id);
  editor = await TestClient.signedIn(t, (await makeUser(t.db, { role: 'editor', partnerCode: 'CORPB' })).id);
  // Before the window (created in November).
  await seed(
    'publication',
    publicationInput({ title: 'Old paper', doi: '10.1000/digest.0', date: '2024-05-10' }),
    '2024-11-15T10:00:00Z',
  );
  await seed(
    'event',
    eventInput({ name: 'Old event', start_date: '2024-06-10', end_date: '2024-06-10' }),
    '2024-11-15T10:00:00Z',
  );
  await seed('activity', activityInput({ title: 'Old action' }), '2024-10-01T10:00:00Z');
  // In the window [2024-12-01, 2025-01-01).
  ids.paper = await seed(
    'publication',
    publicationInput({ title: 'New paper', doi: '10.1000/digest.1', date: '2024-12-05' }),
    '2024-12-01T00:00:00Z',
  );
  ids.event = await seed(
    'event',
    eventInput({
      name: 'New event',
      lead_partner: 'CORPB',
      partners: [],
      start_date: '2024-12-10',
      end_date: '2024-12-11',
    }),
    '2024-12-31T23:59:59Z',
  );
  // Created in the window but deleted; and one created at the window's end (the next digest's).
  const gone = await seed('activity', activityInput({ title: 'Deleted action' }), '2024-12-10T10:00:00Z');
  await deleteRecord(t.db, { actor: system, projectId: PROJECT, kind: 'activity', id: gone });
  await seed(
    'publication',
    publicationInput({ title: 'Next paper', doi: '10.1000/digest.2', date: '2024-12-20' }),
    '2025-01-01T00:00:00Z',
  );
  // The previous digest (due 2024-12-01) showed papers 0 (a stored figure: re-evaluated it would be 1), events 1, actions 1.
  await t.db.insert(kpiDigests).values({
    projectId: PROJECT,
    dueOn: '2024-12-01',
    since: '2024-11-01',
    until: '2024-12-01',
    kpis: [
      { id: 'papers', value: 0, hasValue: true, target: 4, status: 'behind' },
      { id: 'events', value: 1, hasValue: true, target: 6, status: 'at_risk' },
      { id: 'actions', value: 1, hasValue: true, target: 2, status: 'on_track' },
    ],
    createdAt: new Date('2024-12-01T06:00:00Z'),
  });
});
afterAll(() => t?.close());

describe('the digest content', () => {
  it('says what changed since the previous digest, from the values it stored', async () => {
    const d = await buildDigest(t.db, { projectId: PROJECT, since: '2024-12-01', until: '2025-01-01' });
    expect(d.window).toEqual({ since: '2024-12-01', until: '2025-01-01', asOf: '2024-12-31' });
    expect(d.previous).toEqual({ dueOn: '2024-12-01', until: '2024-12-01' });
    expect(d.sections.map((s) => s.id)).toEqual([
      'kpi_changes',
      'kpis_at_risk',
      'new_records',
      'overdue',
      'missing_signoffs',
      'inconsistencies',
    ]);
    // The paper created on 2025-01-01 is dated in December: the figure as of 2024-12-31 counts it (record dates).
    expect(section(d, 'kpi_changes').items.map((k) => [k.id, k.before, k.after, k.targetText])).toEqual([
      ['papers', 0, 3, '4'],
      ['events', 1, 2, '6'],
    ]);
    expect(d.kpis).toEqual([
      { id: 'papers', value: 3, hasValue: true, target: 4, status: 'on_track' },
      { id: 'events', value: 2, hasValue: true, target: 6, status: 'at_risk' },
      { id: 'actions', value: 1, hasValue: true, target: 2, status: 'on_track' },
    ]);
  });

  it('lists KPIs at risk with their drill-down, new records by type and partner, overdue items, empty placeholders', async () => {
    const d = await buildDigest(t.db, { projectId: PROJECT, since: '2024-12-01', until: '2025-01-01' });
    // events: 2 of 6 at half the run; forecast 4 < 75 % of 6, but 2 ≥ half of the 3 expected: at risk.
    expect(section(d, 'kpis_at_risk').items).toEqual([
      {
        id: 'events',
        label: { en: 'Events attended', ja: '参加イベント' },
        status: 'at_risk',
        value: 2,
        target: 6,
        expected: 3,
        forecast: 4,
        href: `/p/${PROJECT}/dashboard/kpis/events`,
      },
    ]);
    const records = section(d, 'new_records');
    expect(records.total).toBe(2);
    expect(records.counts).toEqual([
      { type: 'event', partner: 'CORPB', n: 1 },
      { type: 'publication', partner: 'UNIA', n: 1 },
    ]);
    expect(records.items.map((r) => [r.type, r.label, r.date, r.partner, r.href])).toEqual([
      ['publication', 'New paper', '2024-12-05', 'UNIA', `/p/${PROJECT}/records/publications/${ids.paper}`],
      ['event', 'New event', '2024-12-10', 'CORPB', `/p/${PROJECT}/records/events/${ids.event}`],
    ]);
    expect(section(d, 'overdue').items).toEqual([
      {
        kind: 'deliverable',
        id: 'D1.1',
        label: 'Website',
        dueDate: '2024-03-31',
        href: `/p/${PROJECT}/records/deliverables`,
      },
      {
        kind: 'timeline',
        id: 'leaflet',
        label: 'Leaflet',
        months: [2],
        href: `/p/${PROJECT}/dashboard#gantt`,
      },
    ]);
    expect(section(d, 'missing_signoffs').items).toEqual([]);
    expect(section(d, 'inconsistencies').items).toEqual([]);
  });

  it('without a digest ending where it starts, compares with the figures as of the day before', async () => {
    const d = await buildDigest(t.db, { projectId: PROJECT, since: '2024-12-02', until: '2025-01-01' });
    expect(d.previous).toBeNull();
    expect(section(d, 'kpi_changes').items.map((k) => [k.id, k.before, k.after])).toEqual([
      ['papers', 1, 3],
      ['events', 1, 2],
    ]);
    expect(section(d, 'new_records').total).toBe(1);
  });
});

describe('the digest page', () => {
  it('shows every member the digest since the last one, or ?since=, in their language, and writes nothing', async () => {
    const before = await t.db.select({ n: sql<number>`count(*)::int` }).from(auditEntries);
    const res = await viewer.get(`/p/${PROJECT}/digest`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('Records created from 2024-12-01 to 2024-12-31; figures as of 2024-12-31.');
    expect(html).toContain('KPI changes since the digest of 2024-12-01.');
    expect(html).toContain(`href="/p/${PROJECT}/dashboard/kpis/events"`);
    expect(html).toContain(`href="/p/${PROJECT}/records/events/${ids.event}"`);
    expect(html).toContain(`href="/p/${PROJECT}/mail"`);
    expect(html).toContain('No sign-off is missing.');

    const ja = await (await editor.get(`/p/${PROJECT}/digest?since=2024-12-02&lang=ja`)).text();
    expect(ja).toContain('2024-12-02 から 2024-12-31 までに登録された記録');
    expect(ja).toContain('参加イベント');
    expect(ja).toContain('2024-12-02 からの KPI の変化。');

    const after = await t.db.select({ n: sql<number>`count(*)::int` }).from(auditEntries);
    expect(after).toEqual(before);
    expect(await t.db.select().from(kpiDigests)).toHaveLength(1);
  });

  it('refuses a start after today, naming the parameter', async () => {
    const res = await viewer.get(`/p/${PROJECT}/digest?since=2025-01-02`);
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('2025-01-02');
    expect((await viewer.get(`/p/${PROJECT}/digest?since=2024-02-30`)).status).toBe(400);
  });
});

describe('the missing sign-offs section', () => {
  it('lists the partners who have not confirmed an ended period, and drops one once it confirms', async () => {
    // Last: it signs off period 1 (2024), which the other tests' windows (as of 2024-12-31) do not reach.
    const later = { projectId: PROJECT, since: '2025-01-01', until: '2025-01-03' };
    const partners = (d: Digest) =>
      section(d, 'missing_signoffs').items.map((i) => [i.partner, i.period, i.href]);
    const before = partners(await buildDigest(t.db, later));
    expect(before).toEqual([
      ['UNIA', '2024-01-01..2024-12-31', `/p/${PROJECT}/signoff?partner=UNIA`],
      ['CORPB', '2024-01-01..2024-12-31', `/p/${PROJECT}/signoff?partner=CORPB`],
    ]);
    await signOffPeriod(t.db, {
      actor: system,
      projectId: PROJECT,
      input: { period: 1, partner: 'UNIA', state: 'confirmed', version: 0 },
      clock: fixedClock('2025-01-02T09:00:00Z'),
    });
    expect(partners(await buildDigest(t.db, later))).toEqual([before[1]]);
  });
});
