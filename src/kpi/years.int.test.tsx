/**
 * Yearly figures are taken on purpose: an ended project opened before its records were imported shows live,
 * provisional yearly figures; closing a year freezes them (audited), a later record for it shows as "reported late",
 * and re-opening or re-baselining needs a reason.
 */
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestApp, type TestApp } from '../../test/app';
import { makeUser, TestClient } from '../../test/auth-helpers';
import { activityCells, csvOf, importDir } from '../../test/factories/imports';
import { activityInput } from '../../test/factories/records';
import { systemActor } from '../auth/permissions';
import { auditEntries, kpiSnapshots, yearClosures } from '../db/schema';
import { commitImport } from '../importers/commit';
import { createRecord } from '../records/service';
import { yearClosure } from './snapshots';
import { closeYear } from './year-closures';

// Each dashboard renders every chart: slow on a shared machine, so a generous limit.
vi.setConfig({ testTimeout: 120_000 });

const P = 'm-sec';
const dir = importDir();
let t: TestApp;
let coordinator: TestClient;
let viewer: TestClient;

beforeAll(async () => {
  t = await createTestApp({ plan: true });
  const db = t.database.db;
  const app = { ...t, db };
  coordinator = await TestClient.signedIn(
    app,
    (await makeUser(db, { role: 'coordinator', projectId: P })).id,
  );
  viewer = await TestClient.signedIn(app, (await makeUser(db, { role: 'viewer', projectId: P })).id);
});
afterAll(async () => {
  await t.close();
  dir.cleanup();
});

const newsletter = (n: number, date: string) =>
  activityCells(n, {
    title: `Newsletter ${n}`,
    lead_partner: 'F6S',
    date,
    kind: 'newsletter',
    audiences: 'General Public',
    channels: 'Newsletter',
  });

/** The yearly table's cell of a KPI in a year: its state, value and late link (if any). */
function yearCell(html: string, kpiId: string, year: number) {
  const row = new RegExp(`<tr data-kpi="${kpiId}">(.*?)</tr>`, 's').exec(html)?.[1] ?? '';
  const cell = new RegExp(
    `<td class="num[^"]*" data-year="${year}" data-state="(\\w+)">(.*?)</td>`,
    's',
  ).exec(row);
  if (!cell) return undefined;
  const late = /<a class="late" href="([^"]+)"[^>]*>([^<]*)<\/a>/.exec(cell[2]!);
  return {
    state: cell[1],
    value: /<span class="year-value">([^<]*)<\/span>/.exec(cell[2]!)?.[1],
    late: late ? { href: late[1]!, text: late[2]! } : undefined,
  };
}

/** A newsletter of year 1 reported after the closure. */
const reportLateNewsletter = () =>
  createRecord(t.database.db, {
    actor: systemActor('test'),
    projectId: P,
    kind: 'activity',
    input: activityInput({
      lead_partner: 'F6S',
      partners: [],
      title: 'The forgotten spring newsletter',
      kind: 'newsletter',
      start_date: '2019-05-05',
      channels: ['Newsletter'],
      audiences: ['General Public'],
      countries: [],
    }),
  });

/**
 * What the first test builds, unless it ran: four newsletters (two in year 1), year 1 closed, then a late one.
 * Each test that needs a closed year seeds it, so it also runs alone (`-t`).
 */
async function seedClosedYearOne(): Promise<void> {
  const db = t.database.db;
  if (await yearClosure(db, P, 1)) return;
  const file = dir.write(
    'seed-newsletters.csv',
    csvOf([
      newsletter(1, '2018-12-20'),
      newsletter(2, '2019-06-15'),
      newsletter(3, '2019-12-15'),
      newsletter(4, '2021-01-10'),
    ]),
  );
  const imported = await commitImport(db, {
    actor: systemActor('test'),
    projectId: P,
    type: 'activity',
    file: { path: file },
  });
  expect(imported.imported).toBe(4);
  await closeYear(db, { actor: systemActor('test'), projectId: P, year: 1 });
  await reportLateNewsletter();
}

const dashboard = async (client = coordinator) => {
  const res = await client.get(`/p/${P}/dashboard`);
  expect(res.status).toBe(200);
  return res.text();
};

describe('yearly figures of an already-ended project', () => {
  it('are live and provisional until closed, then frozen with the records reported late beside them', async () => {
    // Opened once before anything was imported: every year is 0, and nothing is frozen by that read.
    const first = await dashboard();
    for (const y of [1, 2, 3])
      expect(yearCell(first, 'newsletters', y)).toEqual({
        state: 'provisional',
        value: '0',
        late: undefined,
      });
    expect(first).toContain('<span class="badge warn provisional">provisional</span>');
    expect(await t.database.db.select().from(kpiSnapshots)).toEqual([]);

    // The project's records arrive afterwards.
    const file = dir.write(
      'newsletters.csv',
      csvOf([
        newsletter(1, '2018-12-20'),
        newsletter(2, '2019-06-15'),
        newsletter(3, '2019-12-15'),
        newsletter(4, '2021-01-10'),
      ]),
    );
    const imported = await commitImport(t.database.db, {
      actor: systemActor('test'),
      projectId: P,
      type: 'activity',
      file: { path: file },
    });
    expect(imported, JSON.stringify(imported.errors)).toMatchObject({ status: 'imported', imported: 4 });

    // Cumulative as of each year's last day: 2, 3, 4 — provisional.
    const live = await dashboard();
    expect([1, 2, 3].map((y) => yearCell(live, 'newsletters', y))).toEqual([
      { state: 'provisional', value: '2', late: undefined },
      { state: 'provisional', value: '3', late: undefined },
      { state: 'provisional', value: '4', late: undefined },
    ]);
    expect(live).toContain(`action="/p/${P}/dashboard/years/1/close"`);

    // A viewer may not close a year; the coordinator closes year 1.
    expect((await viewer.post(`/p/${P}/dashboard/years/1/close`)).status).toBe(403);
    expect(await viewer.get(`/p/${P}/dashboard`).then((r) => r.text())).not.toContain('/years/1/close');
    const closed = await coordinator.post(`/p/${P}/dashboard/years/1/close`);
    expect(closed.status).toBe(303);
    const [closure] = await t.database.db.select().from(yearClosures).where(eq(yearClosures.projectId, P));
    expect(closure).toMatchObject({ year: 1, via: 'manual', closedBy: expect.stringMatching(/^user:/) });
    const audit = await t.database.db
      .select()
      .from(auditEntries)
      .where(and(eq(auditEntries.chain, P), eq(auditEntries.action, 'year.close')));
    expect(audit).toHaveLength(1);
    expect(audit[0]!.after).toMatchObject({ year: 1, at: '2019-06-30', values: { newsletters: 2 } });

    // A newsletter of year 1 reported after the closure.
    const late = await reportLateNewsletter();

    const after = await dashboard();
    const y1 = yearCell(after, 'newsletters', 1);
    expect(y1).toMatchObject({ state: 'closed', value: '2', late: { text: 'reported late: +1' } });
    // Later years are still live: they count it.
    expect(yearCell(after, 'newsletters', 2)).toEqual({ state: 'provisional', value: '4', late: undefined });
    // A manual KPI without a value is frozen as "no value", not as a silent 0.
    expect(yearCell(after, 'government-invitations', 1)).toEqual({
      state: 'closed',
      value: '—',
      late: undefined,
    });
    // Other KPIs of the closed year have nothing late.
    expect(yearCell(after, 'non-scientific-publications', 1)).toMatchObject({
      state: 'closed',
      late: undefined,
    });

    // The link lists exactly the late record.
    const list = await viewer.get(y1!.late!.href);
    expect(list.status).toBe(200);
    const html = await list.text();
    expect(html.match(/<tr data-id="/g)).toHaveLength(1);
    expect(html).toContain(`<tr data-id="${late.id}">`);
    expect(html).toContain('The forgotten spring newsletter');

    const ja = await (await coordinator.get(`/p/${P}/dashboard?lang=ja`)).text();
    expect(yearCell(ja, 'newsletters', 1)?.late?.text).toBe('遅れて報告：+1');
    expect(ja).toContain('暫定値');
    await coordinator.get(`/p/${P}/dashboard?lang=en`); // back to English (the choice is kept in a cookie)
  });
});

describe('closing, re-opening and re-baselining a year', () => {
  const actor = systemActor('test');

  it('cannot close a year before it has ended, nor twice', async () => {
    await seedClosedYearOne();
    await expect(
      closeYear(t.database.db, { actor, projectId: P, year: 2, now: new Date('2020-06-30T12:00:00Z') }),
    ).rejects.toMatchObject({ code: 'year_not_ended', status: 409 });
    await expect(closeYear(t.database.db, { actor, projectId: P, year: 1 })).rejects.toMatchObject({
      code: 'year_closed',
    });
    const again = await coordinator.post(
      `/p/${P}/dashboard/years/1/close`,
      {},
      { headers: { accept: 'application/json' } },
    );
    expect(again.status).toBe(409);
  });

  it('re-opens and re-baselines only with a reason, audited', async () => {
    await seedClosedYearOne();
    const path = `/p/${P}/dashboard/years/1`;
    for (const reason of ['', '   ']) {
      for (const what of ['reopen', 'rebaseline']) {
        const res = await coordinator.post(`${path}/${what}`, { reason });
        expect(res.status, `${what} with "${reason}"`).toBe(422);
        expect(await res.text()).toContain('Give a reason');
      }
    }
    expect(await t.database.db.select().from(yearClosures)).toHaveLength(1);
    expect((await viewer.post(`${path}/reopen`, { reason: 'x' })).status).toBe(403);

    // Re-baseline: the late newsletter is folded into the frozen figure, nothing is late any more.
    expect((await coordinator.post(`${path}/rebaseline`, { reason: 'late newsletter added' })).status).toBe(
      303,
    );
    let html = await dashboard();
    expect(yearCell(html, 'newsletters', 1)).toEqual({ state: 'closed', value: '3', late: undefined });
    expect(html).toContain('reason: late newsletter added');

    // Re-open: provisional again, frozen figures gone.
    expect((await coordinator.post(`${path}/reopen`, { reason: 'partner correction' })).status).toBe(303);
    html = await dashboard();
    expect(yearCell(html, 'newsletters', 1)).toEqual({ state: 'provisional', value: '3', late: undefined });
    expect(await t.database.db.select().from(yearClosures)).toEqual([]);
    expect(await t.database.db.select().from(kpiSnapshots)).toEqual([]);

    const entries = await t.database.db
      .select()
      .from(auditEntries)
      .where(eq(auditEntries.chain, P))
      .orderBy(auditEntries.seq);
    const years = entries.filter((e) => e.action.startsWith('year.'));
    expect(years.map((e) => e.action)).toEqual(['year.close', 'year.rebaseline', 'year.reopen']);
    expect(years[1]!.before).toMatchObject({ year: 1, values: { newsletters: 2 } });
    expect(years[1]!.after).toMatchObject({ reason: 'late newsletter added', values: { newsletters: 3 } });
    expect(years[2]!.before).toMatchObject({ values: { newsletters: 3 }, reason: 'late newsletter added' });
    expect(years[2]!.after).toEqual({ year: 1, reason: 'partner correction' });
  });

  it('ignores yearly rows stored by a read (no closure) and replaces them when the year is closed', async () => {
    // What the old code stored on the first dashboard view: year 2 frozen at 0.
    await t.database.db.insert(kpiSnapshots).values({
      projectId: P,
      kind: 'yearly',
      period: 2,
      kpiCode: 'newsletters',
      at: '2020-06-30',
      planVersion: 1,
      value: 0,
      target: 4,
      comparator: '>=',
      parts: [],
    });
    expect(yearCell(await dashboard(), 'newsletters', 2)).toMatchObject({ state: 'provisional', value: '4' });
    await closeYear(t.database.db, { actor, projectId: P, year: 2, reason: 'period 1 report' });
    expect(yearCell(await dashboard(), 'newsletters', 2)).toEqual({
      state: 'closed',
      value: '4',
      late: undefined,
    });
    const rows = await t.database.db
      .select()
      .from(kpiSnapshots)
      .where(and(eq(kpiSnapshots.period, 2), eq(kpiSnapshots.kpiCode, 'newsletters')));
    expect(rows.map((r) => r.value)).toEqual([4]);
  });

  it('can be closed by a report (via report)', async () => {
    const r = await closeYear(t.database.db, { actor, projectId: P, year: 3, via: 'report' });
    expect(r.closure).toMatchObject({ via: 'report', year: 3 });
    expect(await dashboard()).toMatch(/closed by its report on/);
  });
});
