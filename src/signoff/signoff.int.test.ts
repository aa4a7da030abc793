/**
 * Period sign-off on a real database (both engines): who may answer for which partner, the audit entries, the
 * version conflict, the required "what is missing", periods that have not ended, bad partners and periods; the
 * status for the digest; the report pre-flight's `signoff` rule; the page and its htmx answer through the app.
 * Tide-X: 2024-01-01, 24 months, partners UNIA and CORPB; today 2025-02-01 (period 1 ended, period 2 not).
 */
import { and, asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createAuthTestApp,
  makeUser,
  PARTNER_A,
  PARTNER_B,
  PROJECT,
  TestClient,
  type AuthTestApp,
} from '../../test/auth-helpers';
import { makePlan } from '../../test/factories/plan';
import { recordInput } from '../../test/factories/records';
import { userActor } from '../auth/actors';
import { systemActor, type Actor } from '../auth/permissions';
import { auditEntries, periodSignoffs } from '../db/schema';
import { isAppError } from '../errors';
import { fixedClock } from '../lib/clock';
import { importPlan } from '../projects/service';
import { createRecord } from '../records/service';
import { resolvePeriod } from '../reports/period';
import { runPreflight } from '../reports/preflight';
import { missingSignoffs, signOffPeriod, signoffStatus } from './service';

const clock = fixedClock('2025-02-01T12:00:00Z');
let t: AuthTestApp;
const actors: Record<'coordinator' | 'editorA' | 'editorB' | 'viewer', Actor> = {} as never;
const ids: Record<string, string> = {};

async function refusal(p: Promise<unknown>): Promise<{ status: number; code: string; paths: string[] }> {
  try {
    await p;
  } catch (e) {
    if (!isAppError(e)) throw e;
    return { status: e.status, code: e.code, paths: e.details.map((d) => d.path ?? '') };
  }
  throw new Error('expected a refusal');
}

const sign = (who: keyof typeof actors, input: Record<string, unknown>) =>
  signOffPeriod(t.db, { actor: actors[who], projectId: PROJECT, input, clock });

const entries = () =>
  t.db
    .select()
    .from(auditEntries)
    .where(and(eq(auditEntries.chain, PROJECT), eq(auditEntries.entityType, 'period_signoff')))
    .orderBy(asc(auditEntries.seq));

beforeAll(async () => {
  t = await createAuthTestApp({ clock });
  // The plan asks for sign-offs (the pre-flight rule applies).
  const plan = makePlan({ reminders: { enabled: true } });
  await importPlan(t.db, {
    plan,
    sourceText: JSON.stringify(plan),
    sourceName: 'tide-x.yaml',
    actor: 'cli:test',
  });
  for (const [who, opts] of [
    ['coordinator', { role: 'coordinator' }],
    ['editorA', { role: 'editor', partnerCode: PARTNER_A }],
    ['editorB', { role: 'editor', partnerCode: PARTNER_B }],
    ['viewer', { role: 'viewer' }],
  ] as const) {
    const u = await makeUser(t.db, { ...opts, name: `Name ${who}` });
    ids[who] = u.id;
    actors[who] = (await userActor(t.db, u.id)) as Actor;
  }
  const system = systemActor('test');
  // Partner A reported two events in period 1 (one led by B with A involved), one in period 2.
  for (const [lead, partners, date] of [
    [PARTNER_A, [], '2024-03-10'],
    [PARTNER_B, [PARTNER_A], '2024-11-10'],
    [PARTNER_A, [], '2025-01-20'],
  ] as const)
    await createRecord(t.db, {
      actor: system,
      projectId: PROJECT,
      kind: 'event',
      input: recordInput('event', {
        lead_partner: lead,
        partners: [...partners],
        start_date: date,
        end_date: date,
      }),
    });
});
afterAll(() => t?.close());

describe('period sign-off', () => {
  it('the pre-flight warns of every partner that has not signed off the periods the report covers', async () => {
    const plan = makePlan();
    const findings = await runPreflight(t.db, {
      actor: actors.viewer,
      projectId: PROJECT,
      period: resolvePeriod(plan, { year: 1 }),
    });
    const signoff = findings.filter((f) => f.rule === 'signoff');
    expect(signoff).toEqual([
      expect.objectContaining({
        severity: 'warning',
        kind: 'project',
        messageKey: 'preflight.finding.signoff',
        params: { partners: `${PARTNER_A}, ${PARTNER_B}`, n: 1, from: '2024-01-01', to: '2024-12-31' },
        href: `/p/${PROJECT}/signoff`,
      }),
    ]);
    expect(await missingSignoffs(t.db, { projectId: PROJECT, today: clock.today() })).toEqual([
      { period: { n: 1, from: '2024-01-01', to: '2024-12-31' }, partners: [PARTNER_A, PARTNER_B] },
    ]);
    // The pre-flight page shows the rule's section in the page's language, linking to the sign-off page.
    const viewer = await TestClient.signedIn(t, ids.viewer as string);
    const html = await (await viewer.get(`/p/${PROJECT}/reports/preflight?year=1&lang=ja`)).text();
    expect(html).toContain('確認（サインオフ）していないパートナー');
    expect(html).toContain(
      `第1期（2024-01-01～2024-12-31）について、${PARTNER_A}, ${PARTNER_B}がまだ確認していません。`,
    );
    expect(html).toContain(`href="/p/${PROJECT}/signoff"`);
  });

  it('a partner editor signs off their own partner only; viewers never; coordinators for anyone, on its behalf', async () => {
    expect(
      await refusal(sign('editorA', { period: 1, partner: PARTNER_B, state: 'confirmed', version: 0 })),
    ).toMatchObject({ status: 403 });
    expect(
      await refusal(sign('viewer', { period: 1, partner: PARTNER_A, state: 'confirmed', version: 0 })),
    ).toMatchObject({ status: 403 });
    expect(await entries()).toEqual([]);

    const mine = await sign('editorA', { period: 1, partner: PARTNER_A, state: 'confirmed', version: 0 });
    expect(mine).toMatchObject({
      state: 'confirmed',
      missing: null,
      version: 1,
      onBehalf: false,
      updatedBy: `user:${ids.editorA}`,
    });
    const theirs = await sign('coordinator', {
      period: 1,
      partner: PARTNER_B,
      state: 'incomplete',
      missing: 'Two talks in November',
      version: 0,
    });
    expect(theirs).toMatchObject({ state: 'incomplete', missing: 'Two talks in November', onBehalf: true });

    const audit = await entries();
    expect(audit.map((e) => [e.action, e.entityId, e.actorId])).toEqual([
      ['period.signoff', `1/${PARTNER_A}`, `user:${ids.editorA}`],
      ['period.signoff-incomplete', `1/${PARTNER_B}`, `user:${ids.coordinator}`],
    ]);
    expect(audit[0]?.before).toBeNull();
    expect(audit[1]?.after).toMatchObject({
      state: 'incomplete',
      missing: 'Two talks in November',
      on_behalf: true,
      partner: PARTNER_B,
    });

    const status = await signoffStatus(t.db, { projectId: PROJECT, period: 1 });
    expect(status.map((s) => [s.partner, s.state])).toEqual([
      [PARTNER_A, 'confirmed'],
      [PARTNER_B, 'incomplete'],
    ]);
    expect(status[0]).toMatchObject({ byName: 'Name editorA', onBehalf: false });
    expect(await signoffStatus(t.db, { projectId: PROJECT, period: 2 })).toEqual([
      { partner: PARTNER_A, state: 'missing', version: 0 },
      { partner: PARTNER_B, state: 'missing', version: 0 },
    ]);
    expect(await missingSignoffs(t.db, { projectId: PROJECT, today: clock.today() })).toEqual([
      { period: { n: 1, from: '2024-01-01', to: '2024-12-31' }, partners: [PARTNER_B] },
    ]);
  });

  it('refuses a stale version (409), an incomplete answer without text, a period not ended, bad partners and periods', async () => {
    const before = await t.db.select().from(periodSignoffs);
    const audit = (await entries()).length;
    expect(
      await refusal(
        sign('editorA', { period: 1, partner: PARTNER_A, state: 'incomplete', missing: 'x', version: 0 }),
      ),
    ).toMatchObject({ status: 409, code: 'conflict' });
    expect(
      await refusal(
        sign('editorB', { period: 1, partner: PARTNER_B, state: 'incomplete', missing: '  ', version: 1 }),
      ),
    ).toEqual({ status: 422, code: 'validation', paths: ['missing'] });
    expect(
      await refusal(sign('editorB', { period: 2, partner: PARTNER_B, state: 'confirmed', version: 0 })),
    ).toEqual({ status: 409, code: 'period_not_ended', paths: ['period'] });
    expect(
      await refusal(sign('coordinator', { period: 9, partner: PARTNER_B, state: 'confirmed', version: 0 })),
    ).toEqual({ status: 422, code: 'validation', paths: ['period'] });
    expect(
      await refusal(sign('coordinator', { period: 1, partner: 'NOPE', state: 'confirmed', version: 0 })),
    ).toEqual({ status: 422, code: 'validation', paths: ['partner'] });
    expect(
      await refusal(sign('coordinator', { period: 1, partner: PARTNER_B, state: 'done', version: 1 })),
    ).toMatchObject({ status: 422, paths: ['state'] });
    expect(await t.db.select().from(periodSignoffs)).toEqual(before);
    expect(await entries()).toHaveLength(audit);
  });

  it('the partner view shows what it reported; its editor confirms in one htmx step; the coordinator sees it confirmed', async () => {
    const editorB = await TestClient.signedIn(t, ids.editorB as string);
    const page = await (await editorB.get(`/p/${PROJECT}/signoff`)).text();
    expect(page).toContain('id="period-1"');
    expect(page).not.toContain('id="period-2"');
    // Partner B in period 1: its own event (led by B, A involved), listed with the records list's filters.
    expect(page).toMatch(
      /data-kind="event">\s*<td><a href="\/p\/tide-x\/records\/events\?partner=CORPB&amp;from=2024-01-01&amp;to=2024-12-31">[^<]+<\/a><\/td>\s*<td class="num">1<\/td>/,
    );
    expect(page).toContain('Two talks in November');

    const card = await editorB.post(
      `/p/${PROJECT}/signoff`,
      { period: '1', partner: PARTNER_B, state: 'confirmed', version: '1' },
      { headers: { 'hx-request': 'true', 'hx-target': 'period-1' } },
    );
    expect(card.status).toBe(200);
    const fragment = await card.text();
    expect(fragment).toMatch(/^<section id="period-1"[^>]*data-state="confirmed"/);
    expect(fragment).toContain('Saved.');

    const stale = await editorB.post(
      `/p/${PROJECT}/signoff`,
      { period: '1', partner: PARTNER_B, state: 'incomplete', missing: 'late', version: '1' },
      { headers: { 'hx-request': 'true' } },
    );
    expect(stale.status).toBe(409);
    expect(await stale.text()).toContain('Someone changed this sign-off');

    const coordinator = await TestClient.signedIn(t, ids.coordinator as string);
    const table = await (await coordinator.get(`/p/${PROJECT}/signoff?lang=ja`)).text();
    expect(table).toMatch(/<td data-period="1" data-state="confirmed">/);
    expect(table).not.toMatch(/data-state="(missing|incomplete)"/);
    expect(table).toContain('確認済み');
    const bad = await coordinator.post(`/p/${PROJECT}/signoff`, {
      period: '1',
      partner: 'NOPE',
      state: 'confirmed',
      version: '0',
    });
    expect(bad.status).toBe(422);
    expect(await missingSignoffs(t.db, { projectId: PROJECT, today: clock.today() })).toEqual([]);

    const findings = await runPreflight(t.db, {
      actor: actors.viewer,
      projectId: PROJECT,
      period: resolvePeriod(makePlan(), { year: 1 }),
    });
    expect(findings.filter((f) => f.rule === 'signoff')).toEqual([]);
  });
});
