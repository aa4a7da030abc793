/**
 * Inconsistency alerts end to end: contradicting records seeded through the records service, the daily
 * `records.consistency` job run by the real runner on the injected clock, the coordinators' mails received by a
 * loopback SMTP server (once each, in their language, however often the job runs), and the page's dismiss form
 * (reason required, audited; a dismissed alert stays quiet until its records change).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuthTestApp, makeUser, PROJECT, TestClient, type AuthTestApp } from '../../test/auth-helpers';
import { makePlan } from '../../test/factories/plan';
import { recordInput } from '../../test/factories/records';
import { leaves, parseMime, startTestSmtp, type TestSmtp } from '../../test/smtp';
import { systemActor } from '../auth/permissions';
import { auditEntries, consistencyAlerts, users } from '../db/schema';
import { createRunner } from '../jobs/runner';
import { fixedClock } from '../lib/clock';
import { createLogger } from '../log';
import { mailSendJob } from '../mail/jobs';
import { setMailPreference } from '../mail/preference-service';
import { smtpMailer } from '../mail/mailer';
import type { RecordType } from '../plan/schema';
import { importPlan } from '../projects/service';
import { openAlerts as digestAlerts } from '../kpi/digest-sources';
import { findAlerts, openAlerts } from './consistency';
import { checkConsistency, consistencyCheckJob, consistencyCheckSchedule } from './consistency-jobs';
import type { RecordInputs } from './schema';
import { createRecord, updateRecord } from './service';

const BASE = 'https://herald.example.org';
const system = systemActor('test');
// Tide-X runs 2024-01-01 … 2025-12-31.
const clock = fixedClock('2024-09-15T12:00:00Z');
/** The instance key the preference links derive from, in a temporary folder. */
const keyFile = join(mkdtempSync(join(tmpdir(), 'herald-key-')), 'key.pem');
let t: AuthTestApp;
let smtp: TestSmtp;
let en: { id: string; email: string };
let ja: { id: string; email: string };
/** A coordinator who unsubscribed from alerts. */
let off: { id: string; email: string };
let coordinator: TestClient;
let viewer: TestClient;
const ids: Record<string, string> = {};
const versions: Record<string, number> = {};

async function add<T extends RecordType>(
  key: string,
  kind: T,
  input: Partial<RecordInputs[T]>,
): Promise<void> {
  const r = await createRecord(t.db, {
    actor: system,
    projectId: PROJECT,
    kind,
    input: recordInput(kind, input),
    clock,
  });
  ids[key] = r.id;
  versions[key] = r.version;
}

/** The id of a seeded record (throws for a key never seeded). */
function id(key: string): string {
  const v = ids[key];
  if (v === undefined) throw new Error(`no record ${key}`);
  return v;
}
const pair = (a: string, b: string) => [id(a), id(b)].sort();
/** Each rule's findings as sorted id lists, rules and lists sorted. */
async function found(today = clock.today()): Promise<Record<string, string[][]>> {
  const out: Record<string, string[][]> = {};
  for (const f of await findAlerts(t.db, { projectId: PROJECT, today }))
    (out[f.rule] ??= []).push(f.records.map((r) => r.id).sort());
  for (const list of Object.values(out)) list.sort((x, y) => x.join().localeCompare(y.join()));
  return out;
}
const sortedPairs = (...pairs: string[][]) => pairs.sort((x, y) => x.join().localeCompare(y.join()));

const runner = () =>
  createRunner({
    db: t.db,
    clock,
    log: createLogger('silent'),
    deps: {
      mailer: smtpMailer({ url: smtp.url, from: 'Herald <herald@example.org>' }),
      mailPolicy: { ratePerSecond: 0 },
      baseUrl: BASE,
      keyFile,
    },
    jobs: [consistencyCheckJob, mailSendJob],
    schedules: [consistencyCheckSchedule],
  });

const received = () =>
  smtp.received.map((m) => {
    const parsed = parseMime(m.raw);
    return {
      to: m.to[0] ?? '',
      subject: parsed.headers.get('subject') ?? '',
      text: leaves(parsed)[0]?.body ?? '',
      unsubscribe: parsed.headers.get('list-unsubscribe') ?? '',
    };
  });

beforeAll(async () => {
  [t, smtp] = await Promise.all([createAuthTestApp({ clock }), startTestSmtp()]);
  en = await makeUser(t.db, { role: 'coordinator' });
  ja = await makeUser(t.db, { role: 'coordinator' });
  await t.db.update(users).set({ lang: 'ja' }).where(eq(users.id, ja.id));
  off = await makeUser(t.db, { role: 'coordinator' });
  await setMailPreference(t.db, {
    actor: system,
    userId: off.id,
    projectId: PROJECT,
    topic: 'alerts',
    change: { state: 'off' },
    clock,
  });
  coordinator = await TestClient.signedIn(t, en.id);
  viewer = await TestClient.signedIn(t, (await makeUser(t.db, { role: 'viewer' })).id);
  await makeUser(t.db, { role: 'editor', partnerCode: 'UNIA' });

  const noSite = { website: undefined };
  // Held, in the future (today is 2024-09-15).
  await add('eFuture', 'event', {
    ...noSite,
    name: 'Tidal Futures Forum',
    start_date: '2024-10-01',
    end_date: undefined,
  });
  await add('aFuture', 'activity', { title: 'Launch video', start_date: '2024-11-01', status: 'Delivered' });
  await add('aPast', 'activity', { title: 'Press release', start_date: '2024-03-15', status: 'Delivered' });
  // One event, three reports: by name (UNIA / CORPB) and by address (UNIA / CORPB); eD is next year's edition.
  await add('eA', 'event', {
    name: 'Ocean Energy Europe 2024',
    start_date: '2024-06-10',
    end_date: undefined,
  });
  await add('eB', 'event', {
    ...noSite,
    lead_partner: 'CORPB',
    name: 'OCEAN ENERGY Europe, 2024',
    start_date: '2024-06-11',
    end_date: undefined,
  });
  await add('eC', 'event', {
    lead_partner: 'CORPB',
    name: 'OEE annual meeting',
    website: 'http://www.OEE.example.org/',
    start_date: '2024-06-12',
    end_date: undefined,
  });
  await add('eD', 'event', {
    ...noSite,
    lead_partner: 'CORPB',
    name: 'Ocean Energy Europe 2024',
    start_date: '2025-06-10',
    end_date: undefined,
    status: 'planned',
  });
  // Still planned long after the date; a recent one is not stale yet; an activity still ongoing after its end.
  await add('eStale', 'event', {
    ...noSite,
    name: 'Harbour day',
    start_date: '2024-07-01',
    end_date: '2024-07-02',
    status: 'planned',
  });
  await add('eRecent', 'event', {
    ...noSite,
    name: 'Pier talk',
    start_date: '2024-09-01',
    end_date: undefined,
    status: 'planned',
  });
  await add('aStale', 'activity', {
    title: 'Newsletter series',
    start_date: '2024-02-01',
    end_date: '2024-05-31',
    status: 'Ongoing',
  });
  // One DOI (any case), two years; another DOI alone.
  await add('p1', 'publication', { doi: '10.1000/ABC.1', year: 2024, date: undefined });
  await add('p2', 'publication', {
    lead_partner: 'CORPB',
    doi: '10.1000/abc.1',
    year: 2023,
    date: undefined,
  });
  await add('p3', 'publication', { doi: '10.1000/other', title: 'Another paper' });
  // A running total that went down; two values on one day; followers may go down.
  const dl = {
    channel: 'https://zenodo.org/records/1',
    channel_kind: 'repository',
    metric: 'downloads',
  } as const;
  await add('m1', 'metric', { ...dl, date: '2024-06-30', value: 100 });
  await add('m2', 'metric', { ...dl, date: '2024-07-31', value: 80 });
  await add('m3', 'metric', { ...dl, date: '2024-08-31', value: 120 });
  await add('m4', 'metric', { date: '2024-06-30', value: 1520 });
  await add('m5', 'metric', { date: '2024-06-30', value: 1600 });
  const fo = { channel: '@tidex', channel_kind: 'twitter', metric: 'followers' } as const;
  await add('m6', 'metric', { ...fo, date: '2024-06-30', value: 50 });
  await add('m7', 'metric', { ...fo, date: '2024-07-31', value: 40 });
});
afterAll(() => Promise.all([t?.close(), smtp?.close()]));

describe('inconsistency alerts', () => {
  it('finds each contradiction, naming exactly the records involved', async () => {
    expect(await found()).toEqual({
      done_in_future: sortedPairs([id('aFuture')], [id('eFuture')]),
      same_event_dates: sortedPairs(pair('eA', 'eB'), pair('eA', 'eC')),
      stale_planned: sortedPairs([id('aStale')], [id('eStale')]),
      publication_doi_conflict: [pair('p1', 'p2')],
      metric_decrease: [pair('m1', 'm2')],
      metric_same_day: [pair('m4', 'm5')],
    });
    const [decrease] = (await findAlerts(t.db, { projectId: PROJECT, today: clock.today() })).filter(
      (f) => f.rule === 'metric_decrease',
    );
    expect(decrease?.values).toEqual({
      metric: 'downloads',
      channel: 'https://zenodo.org/records/1',
      dateA: '2024-06-30',
      valueA: '100',
      dateB: '2024-07-31',
      valueB: '80',
    });
  });

  it('the daily job stores them and mails each coordinator once, in their language, however often it runs', async () => {
    const r = runner();
    await r.runUntilIdle(); // the schedule starts from its first tick
    expect(smtp.received).toHaveLength(0);
    clock.set('2024-09-16T12:00:00Z');
    await r.runUntilIdle();
    const mails = received();
    expect(mails.map((m) => m.to).sort()).toEqual([en.email, ja.email].sort());
    const toEn = mails.find((m) => m.to === en.email);
    expect(toEn?.subject).toBe('Tide-X: new inconsistencies in the records (9)');
    expect(toEn?.text).toContain(
      '“Launch video” (UNIA) is reported as Delivered, but its date 2024-11-01 is after today.',
    );
    expect(toEn?.text).toContain(`${BASE}/p/${PROJECT}/alerts`);
    // The topic's preference link (unsubscribe, snooze) in the footer and the List-Unsubscribe header.
    expect(toEn?.text).toContain(`${BASE}/mail/preferences/${PROJECT}/${en.id}/alerts/`);
    expect(toEn?.unsubscribe).toMatch(
      new RegExp(`^<${BASE}/mail/preferences/${PROJECT}/${en.id}/alerts/\\S+/one-click>$`),
    );
    const toJa = mails.find((m) => m.to === ja.email);
    expect(toJa?.subject).toBe('Tide-X：記録に新しい不整合があります（9 件）');
    expect(toJa?.text).toContain('「Launch video」（UNIA）は「実施済み」と報告されていますが');
    const rows = await t.db.select().from(consistencyAlerts).where(eq(consistencyAlerts.projectId, PROJECT));
    expect(rows).toHaveLength(9);
    expect(rows.every((row) => row.firstSeenAt.toISOString() === '2024-09-16T12:00:00.000Z')).toBe(true);

    // Again the same day (a retry, a second instance), and the next days: nothing new, nobody mailed twice.
    expect(
      await checkConsistency(t.db, { actor: system, projectId: PROJECT, clock, baseUrl: BASE, keyFile }),
    ).toMatchObject({ found: 9, fresh: 0, mailed: [] });
    clock.set('2024-09-17T12:00:00Z');
    await r.runUntilIdle();
    clock.set('2024-09-18T12:00:00Z');
    await r.runUntilIdle();
    expect(smtp.received).toHaveLength(2);
    expect(
      received().map((m) => m.to),
      'unsubscribed from alerts',
    ).not.toContain(off.email);
  });

  it('dismissing needs a reason and is audited; a dismissed alert stays quiet until its records change', async () => {
    const page = await coordinator.get(`/p/${PROJECT}/alerts`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('Open (9)');
    expect(html).toContain(`/p/${PROJECT}/records/events/${ids.eFuture}`);
    expect((await viewer.get(`/p/${PROJECT}/alerts`)).status).toBe(403);

    const all = await openAlerts(t.db, { projectId: PROJECT, today: clock.today() });
    const future = all.find((f) => f.records[0]?.id === ids.eFuture);
    const sameEvent = all.find(
      (f) => f.rule === 'same_event_dates' && f.records.some((x) => x.id === ids.eB),
    );
    if (!future || !sameEvent) throw new Error('findings missing');

    const empty = await coordinator.post(`/p/${PROJECT}/alerts/${future.fingerprint}/dismiss`, {
      reason: '  ',
    });
    expect(empty.status).toBe(422);
    expect(await empty.text()).toContain('Say why this alert is dismissed');
    expect(
      (await t.db.select().from(auditEntries).where(eq(auditEntries.action, 'alert.dismiss'))).length,
    ).toBe(0);
    expect(
      (await viewer.post(`/p/${PROJECT}/alerts/${future.fingerprint}/dismiss`, { reason: 'fine' })).status,
    ).toBe(403);

    for (const f of [future, sameEvent]) {
      const ok = await coordinator.post(`/p/${PROJECT}/alerts/${f.fingerprint}/dismiss`, {
        reason: 'Date confirmed by the organiser',
      });
      expect(ok.status).toBe(303);
    }
    const audit = await t.db
      .select()
      .from(auditEntries)
      .where(and(eq(auditEntries.action, 'alert.dismiss'), eq(auditEntries.chain, PROJECT)));
    expect(audit.map((a) => a.entityId).sort()).toEqual([future.fingerprint, sameEvent.fingerprint].sort());
    expect(audit[0]?.actorId).toBe(`user:${en.id}`);
    expect(audit[0]?.after).toMatchObject({ reason: 'Date confirmed by the organiser' });
    const after = await (await coordinator.get(`/p/${PROJECT}/alerts?dismissed=1`)).text();
    expect(after).toContain('Open (7)');
    expect(after).toContain('Dismissed (2)');
    expect(after).toContain('Date confirmed by the organiser');
    const open = await openAlerts(t.db, { projectId: PROJECT, today: clock.today() });
    expect(open.map((f) => f.fingerprint)).not.toContain(future.fingerprint);
    expect(open).toHaveLength(7);
    // The KPI digest lists the same open alerts, in both languages, linked to this page.
    const listed = await digestAlerts(t.db, { projectId: PROJECT, today: clock.today() });
    expect(listed).toHaveLength(7);
    expect(listed).toContainEqual({
      label: {
        en: '“Newsletter series” (UNIA) is still Ongoing though its date 2024-05-31 is more than 30 days past.',
        ja: '「Newsletter series」（UNIA）は日付 2024-05-31 から 30 日以上過ぎていますが、まだ「実施中」のままです。',
      },
      href: `/p/${PROJECT}/alerts`,
    });

    // The next day's run mails nothing: both are dismissed, nothing is new.
    clock.set('2024-09-19T12:00:00Z');
    await runner().runUntilIdle();
    expect(smtp.received).toHaveLength(2);

    // eB moves to another wrong date: another contradiction (new fingerprint), so it comes back and is mailed.
    await updateRecord(t.db, {
      actor: system,
      projectId: PROJECT,
      kind: 'event',
      id: id('eB'),
      version: versions.eB ?? 0,
      input: { start_date: '2024-06-14' },
      mode: 'merge',
      clock,
    });
    const back = (await openAlerts(t.db, { projectId: PROJECT, today: clock.today() })).filter(
      (f) => f.rule === 'same_event_dates' && f.records.some((x) => x.id === ids.eB),
    );
    expect(back.map((f) => f.values)).toEqual(
      [{ dateA: '2024-06-10', dateB: '2024-06-14' }].map((v) =>
        id('eA') < id('eB') ? v : { dateA: v.dateB, dateB: v.dateA },
      ),
    );
    clock.set('2024-09-20T12:00:00Z');
    await runner().runUntilIdle();
    const latest = received().slice(2);
    expect(latest.map((m) => m.to).sort()).toEqual([en.email, ja.email].sort());
    expect(latest.find((m) => m.to === en.email)?.subject).toBe(
      'Tide-X: new inconsistencies in the records (1)',
    );
    expect(latest.find((m) => m.to === en.email)?.text).toContain('2024-06-14');
  });

  it('a fixed record resolves its alert; a plan that moves the dates flags records outside it', async () => {
    await updateRecord(t.db, {
      actor: system,
      projectId: PROJECT,
      kind: 'event',
      id: id('eStale'),
      version: versions.eStale ?? 0,
      input: { status: 'attended' },
      mode: 'merge',
      clock,
    });
    clock.set('2024-09-21T12:00:00Z');
    await runner().runUntilIdle();
    const rows = await t.db.select().from(consistencyAlerts).where(eq(consistencyAlerts.projectId, PROJECT));
    const stale = rows.filter((r) => r.rule === 'stale_planned');
    expect(
      stale.map((r) => [(r.records as { id: string }[])[0]?.id, r.resolvedAt?.toISOString() ?? null]).sort(),
    ).toEqual(
      [
        [ids.aStale, null],
        [ids.eStale, '2024-09-21T12:00:00.000Z'],
      ].sort(),
    );
    expect(smtp.received).toHaveLength(4);

    // A new plan version ends the project on 2024-12-31: next year's edition (eD) is outside it.
    const plan = makePlan();
    const shorter = makePlan({ project: { ...plan.project, duration_months: 12 } });
    await importPlan(t.db, {
      plan: shorter,
      sourceText: JSON.stringify(shorter),
      sourceName: 'tide-x.yaml',
      actor: 'cli:test',
    });
    const outside = (await findAlerts(t.db, { projectId: PROJECT, today: clock.today() })).filter(
      (f) => f.rule === 'outside_period',
    );
    expect(outside.map((f) => [f.records.map((x) => x.id), f.values])).toEqual([
      [[ids.eD], { date: '2025-06-10', start: '2024-01-01', end: '2024-12-31' }],
    ]);
    await importPlan(t.db, {
      plan,
      sourceText: JSON.stringify(plan),
      sourceName: 'tide-x.yaml',
      actor: 'cli:test',
    });
  });
});
