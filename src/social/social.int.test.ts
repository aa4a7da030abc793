/**
 * The social calendar through its use cases and the real app on a real database (both engines): who may draft,
 * change, plan and mark posted; audit entries; marking posted records exactly one social-post activity in the same
 * transaction and the KPI counting them moves; a stale version is a 409; a bad URL or a date outside the project
 * changes nothing; the pages show posts and warnings; the iCalendar and CSV exports parse back and write nothing.
 */
import { parse as parseCsv } from 'csv-parse/sync';
import { and, count, eq } from 'drizzle-orm';
import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeUser, TestClient, type AuthTestApp } from '../../test/auth-helpers';
import { actors, createRecordsTestApp, PARTNER_A, PARTNER_B, PROJECT, tinyPng } from '../../test/records';
import { importSocialPlan } from '../../test/social';
import { entityHistory } from '../audit/service';
import type { Actor } from '../auth/permissions';
import { activities, auditEntries, socialPosts } from '../db/schema';
import { isAppError } from '../errors';
import { evaluateKpis } from '../kpi/engine';
import { fixedClock } from '../lib/clock';
import type { Plan } from '../plan/schema';
import { markPosted } from './posted';
import { createPost, transitionPost, updatePost } from './service';

const clock = fixedClock('2024-03-04T09:00:00Z'); // a Monday, project month 3
let t: AuthTestApp & { filesDir: string };
let plan: Plan;
let coordinator: TestClient;
let editorB: TestClient;

beforeAll(async () => {
  t = await createRecordsTestApp({ clock });
  plan = await importSocialPlan(t.db);
  const make = async (role: 'coordinator' | 'editor', partnerCode?: string) =>
    TestClient.signedIn(t, (await makeUser(t.db, { role, partnerCode })).id);
  coordinator = await make('coordinator');
  editorB = await make('editor', PARTNER_B);
}, 240_000);
afterAll(async () => {
  await t?.close();
});

const input = (over: Record<string, string> = {}) => ({
  channel: 'x',
  planned_at: '2024-03-05T07:30',
  text: 'Tidal turbines at the harbour #TideX #energy with @UNIA https://tide-x.example/news/1',
  ...over,
});
const create = (actor: Actor, over: Record<string, string> = {}, image = false) =>
  createPost(t.db, {
    actor,
    projectId: PROJECT,
    input: input({ ...(image ? { image_alt: 'A turbine' } : {}), ...over }),
    image: image ? { bytes: tinyPng() } : undefined,
    filesDir: t.filesDir,
    clock,
  });
const rejection = async (p: Promise<unknown>) => {
  try {
    await p;
  } catch (e) {
    if (isAppError(e)) return { status: e.status, code: e.code, paths: e.details.map((d) => d.path) };
    throw e;
  }
  throw new Error('expected a refusal');
};
const activityCount = async () =>
  (
    await t.db
      .select({ n: count() })
      .from(activities)
      .where(and(eq(activities.projectId, PROJECT), eq(activities.kind, 'social_post')))
  )[0]?.n;
const auditCount = async () =>
  (await t.db.select({ n: count() }).from(auditEntries).where(eq(auditEntries.chain, PROJECT)))[0]?.n;
const postRow = async (id: string) =>
  (await t.db.select().from(socialPosts).where(eq(socialPosts.id, id)))[0];

describe('drafting, planning and permissions', () => {
  it('lets a partner draft for its own partner, and only the channel’s runners plan it', async () => {
    const draft = await create(actors.editorB, { partner: PARTNER_A });
    expect(draft).toMatchObject({ partnerCode: PARTNER_B, state: 'draft', channelId: 'x', version: 1 });
    expect(draft.plannedAt.toISOString()).toBe('2024-03-05T07:30:00.000Z'); // London is UTC in March before the 31st
    expect(draft.hashtags).toEqual(['#TideX', '#energy']);
    expect(draft.mentions).toEqual(['@UNIA']);
    const edited = await updatePost(t.db, {
      actor: actors.editorB,
      projectId: PROJECT,
      id: draft.id,
      version: 1,
      input: input({ text: 'Changed #TideX' }),
      filesDir: t.filesDir,
      clock,
    });
    expect(edited.version).toBe(2);
    // B does not run the X account: no planning; A (responsible) and the coordinator do.
    expect(
      await rejection(
        transitionPost(t.db, {
          actor: actors.editorB,
          projectId: PROJECT,
          id: draft.id,
          version: 2,
          action: 'plan',
        }),
      ),
    ).toMatchObject({ status: 403 });
    const planned = await transitionPost(t.db, {
      actor: actors.editorA,
      projectId: PROJECT,
      id: draft.id,
      version: 2,
      action: 'plan',
      clock,
    });
    expect(planned.state).toBe('planned');
    // Planned, it is no longer B's to change.
    expect(
      await rejection(
        updatePost(t.db, {
          actor: actors.editorB,
          projectId: PROJECT,
          id: draft.id,
          version: 3,
          input: input(),
          filesDir: t.filesDir,
        }),
      ),
    ).toMatchObject({ status: 403 });
    expect(await rejection(create(actors.viewer))).toMatchObject({ status: 403 });
    expect(await rejection(create(actors.anonymous))).toMatchObject({ status: 401 });
    // Nobody plans on the website (not a social channel), nor at a time that does not exist.
    expect(await rejection(create(actors.coordinator, { channel: 'website' }))).toMatchObject({
      status: 422,
      paths: ['channel'],
    });
    expect(await rejection(create(actors.coordinator, { planned_at: '2024-02-30T10:00' }))).toMatchObject({
      status: 422,
      paths: ['planned_at'],
    });
    const history = await entityHistory(t.db, {
      actor: actors.coordinator,
      projectId: PROJECT,
      entityType: 'social_post',
      entityId: draft.id,
    });
    expect(history.entries.map((e) => e.action)).toEqual(['social.plan', 'social.update', 'social.create']);
  });

  it('refuses a stale version with 409, changing nothing', async () => {
    const post = await create(actors.coordinator);
    await updatePost(t.db, {
      actor: actors.coordinator,
      projectId: PROJECT,
      id: post.id,
      version: 1,
      input: input({ text: 'v2 #TideX' }),
      filesDir: t.filesDir,
      clock,
    });
    expect(
      await rejection(
        updatePost(t.db, {
          actor: actors.coordinator,
          projectId: PROJECT,
          id: post.id,
          version: 1,
          input: input({ text: 'stale' }),
          filesDir: t.filesDir,
          clock,
        }),
      ),
    ).toMatchObject({ status: 409, code: 'conflict' });
    expect((await postRow(post.id))?.text).toBe('v2 #TideX');
  });
});

describe('marking posted', () => {
  it('records exactly one social-post activity in the same change, and the KPI moves', async () => {
    const post = await create(actors.editorA, {}, true);
    const kpi = async () =>
      (await evaluateKpis(t.db, { projectId: PROJECT, plan, at: '2024-12-31' })).find(
        (k) => k.id === 'social-posts',
      )?.value;
    const before = { kpi: await kpi(), activities: await activityCount() };
    const posted = await markPosted(t.db, {
      actor: actors.editorA,
      projectId: PROJECT,
      id: post.id,
      version: 1,
      input: { url: 'https://x.com/TideX/status/1', posted_at: '2024-03-05T07:45' },
      clock,
    });
    expect(posted).toMatchObject({ state: 'posted', postedUrl: 'https://x.com/TideX/status/1', version: 2 });
    expect(await activityCount()).toBe((before.activities ?? 0) + 1);
    expect(await kpi()).toBe((before.kpi ?? 0) + 1);
    const [activity] = await t.db
      .select()
      .from(activities)
      .where(eq(activities.id, posted.activityId ?? ''));
    expect(activity).toMatchObject({
      kind: 'social_post',
      status: 'Delivered',
      leadPartner: PARTNER_A,
      startDate: '2024-03-05',
      links: ['https://x.com/TideX/status/1'],
      source: 'social',
    });
    // Posted is final.
    expect(
      await rejection(
        markPosted(t.db, {
          actor: actors.coordinator,
          projectId: PROJECT,
          id: post.id,
          version: 2,
          input: { url: 'https://x.com/TideX/status/2' },
          clock,
        }),
      ),
    ).toMatchObject({ status: 409, code: 'social_state' });
    expect(await activityCount()).toBe((before.activities ?? 0) + 1);
  });

  it('refuses a bad URL or a date outside the project with a field error; nothing changes', async () => {
    const post = await create(actors.coordinator);
    const before = { activities: await activityCount(), audit: await auditCount() };
    for (const url of ['not a url', 'javascript:alert(1)', 'ftp://x.com/a'])
      expect(
        await rejection(
          markPosted(t.db, {
            actor: actors.coordinator,
            projectId: PROJECT,
            id: post.id,
            version: 1,
            input: { url },
            clock,
          }),
        ),
      ).toMatchObject({ status: 422, paths: ['url'] });
    expect(
      await rejection(
        markPosted(t.db, {
          actor: actors.coordinator,
          projectId: PROJECT,
          id: post.id,
          version: 1,
          input: { url: 'https://x.com/TideX/status/9', posted_at: '2030-01-01T08:00' },
          clock,
        }),
      ),
    ).toMatchObject({ status: 422, paths: ['posted_at'] });
    expect(await postRow(post.id)).toMatchObject({
      state: 'draft',
      version: 1,
      postedUrl: null,
      activityId: null,
    });
    expect({ activities: await activityCount(), audit: await auditCount() }).toEqual(before);
    expect(
      await rejection(
        markPosted(t.db, {
          actor: actors.editorB,
          projectId: PROJECT,
          id: post.id,
          version: 1,
          input: { url: 'https://x.com/a' },
          clock,
        }),
      ),
    ).toMatchObject({ status: 403 });
  });
});

describe('the pages and exports', () => {
  it('shows the month with posts, post warnings and the empty weeks', async () => {
    const res = await coordinator.get(`/p/${PROJECT}/social?view=month&date=2024-03-10`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('data-week="2024-03-11"');
    // The week of 4 March has posts; 11 March's has none: a frequency warning on its row.
    expect(
      /data-week="2024-03-11"><th scope="row">W11<span class="badge warn" data-finding="frequency"/.test(
        html,
      ),
    ).toBe(true);
    expect(/data-week="2024-03-04"><th scope="row">W10<span/.test(html)).toBe(false);
    expect(html).toContain('No image: the strategy asks for one on every post');
    const week = await coordinator.get(`/p/${PROJECT}/social?view=week&date=2024-03-06&lang=ja`);
    expect(await week.text()).toContain('2024-W10 の週');
  });

  it('shows a refused form again with the error beside its field (422), and saves a valid one', async () => {
    const bad = await editorB.post(`/p/${PROJECT}/social`, { ...input(), planned_at: 'soon' });
    expect(bad.status).toBe(422);
    const html = await bad.text();
    expect(html).toContain('id="err-planned_at"');
    expect(html).toContain('Tidal turbines at the harbour');
    const ok = await editorB.post(
      `/p/${PROJECT}/social`,
      input({ channel: 'linkedin', planned_at: '2024-03-20T14:00' }),
    );
    expect(ok.status).toBe(303);
    const page = await editorB.get(ok.headers.get('location') ?? '');
    expect(await page.text()).toContain('data-state="draft"');
    const counted = await editorB.post(`/p/${PROJECT}/social/count`, {
      channel: 'x',
      text: '日本語 https://example.org/long/path',
    });
    expect(await counted.text()).toContain('30 / 280 characters on twitter');
  });

  it('exports the posts as iCalendar and CSV that parse back, and writes nothing', async () => {
    const audit = await auditCount();
    const ics = await coordinator.get(`/p/${PROJECT}/social/export.ics?from=2024-03-01&to=2024-03-31`);
    expect(ics.status).toBe(200);
    expect(ics.headers.get('content-type')).toContain('text/calendar');
    const vevents = new ICAL.Component(ICAL.parse(await ics.text())).getAllSubcomponents('vevent');
    const rows = await t.db.select().from(socialPosts).where(eq(socialPosts.projectId, PROJECT));
    const shown = rows.filter((r) => r.state !== 'cancelled');
    expect(vevents).toHaveLength(shown.length);
    const first = new ICAL.Event(
      vevents.find((v) => v.getFirstPropertyValue('uid') === `${shown[0]?.id}@localhost`),
    );
    expect(first.startDate.toJSDate().toISOString()).toBe(shown[0]?.plannedAt.toISOString());
    const again = await coordinator.get(`/p/${PROJECT}/social/export.ics?from=2024-03-01&to=2024-03-31`, {
      'if-none-match': ics.headers.get('etag') ?? '',
    });
    expect(again.status).toBe(304);

    const csv = await coordinator.get(`/p/${PROJECT}/social/export.csv`);
    const bytes = new Uint8Array(await csv.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
    const records = parseCsv(text, { bom: true, columns: true }) as Record<string, string>[];
    expect(records).toHaveLength(rows.length);
    const posted = records.find((r) => r.state === 'posted');
    expect(posted).toMatchObject({
      date: '2024-03-05',
      time: '07:30',
      timezone: 'Europe/London',
      network: 'twitter',
      channel: 'x',
      account: 'https://x.com/TideX',
      mentions: "'@UNIA",
      hashtags: '#TideX; #energy',
      link: 'https://tide-x.example/news/1',
      posted_url: 'https://x.com/TideX/status/1',
    });
    expect(posted?.image_url).toMatch(/\/p\/tide-x\/social\/[0-9a-f-]+\/image$/);
    expect(await auditCount()).toBe(audit);
  });

  it('lists the posts of a range with their findings and the short weeks on the API', async () => {
    const res = await coordinator.json(
      'GET',
      `/api/v1/projects/${PROJECT}/social/posts?from=2024-03-04&to=2024-03-17`,
    );
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      timezone: string;
      data: { state: string; findings: { rule: string; message_ja: string }[] }[];
      weeks: { rule: string; week: string }[];
    };
    expect(body.timezone).toBe('Europe/London');
    expect(body.data.length).toBeGreaterThan(0);
    expect(body.data.flatMap((p) => p.findings.map((f) => f.rule))).toContain('image');
    expect(body.weeks).toEqual([expect.objectContaining({ rule: 'frequency', week: '2024-03-11' })]);
    const bad = await coordinator.json('GET', `/api/v1/projects/${PROJECT}/social/posts?from=2024-02-30`);
    expect(bad.status).toBe(400);
  });
});
