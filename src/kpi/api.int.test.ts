/**
 * The KPI API (src/kpi/api.ts) on a real database: figures equal the engine's, parts carry their own status,
 * drill-down links lead to exactly the records counted, `?at=` moves the figures, access is the dashboard's, and a
 * GET writes nothing.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { makeUser, TestClient, type AuthTestApp } from '../../test/auth-helpers';
import { recordInput } from '../../test/factories/records';
import {
  clientsFor,
  createRecordsTestApp,
  PARTNER_A,
  PROJECT,
  recordsPlan,
  type Who,
} from '../../test/records';
import { tableDigest } from '../../test/table-digest';
import { systemActor } from '../auth/permissions';
import { createToken } from '../auth/tokens';
import { fixedClock } from '../lib/clock';
import { importPlan } from '../projects/service';
import { createRecord } from '../records/service';
import { evaluateKpis } from './engine';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });
const TODAY = '2024-12-31';
const base = `/api/v1/projects/${PROJECT}`;
const system = systemActor('kpi-api');
let t: AuthTestApp;
let clients: Record<Who, TestClient>;
let readToken: string;
const lisbon: string[] = [];
const porto: string[] = [];

/** The records plan plus a KPI with a part (events in Portugal). */
function planWithParts() {
  const plan = recordsPlan();
  plan.kpis.push({
    id: 'all-events',
    label: { en: 'Events', ja: 'イベント' },
    target: 4,
    target_text: '4',
    comparator: '>=',
    measure: { kind: 'count', record: 'event' },
    parts: [
      {
        id: 'in-porto',
        label: { en: 'In Porto', ja: 'ポルト' },
        target: 2,
        comparator: '>=',
        where: { country: 'PT' },
      },
    ],
  } as (typeof plan.kpis)[number]);
  return plan;
}

interface KpiJson {
  id: string;
  value: number;
  target: number;
  status: string | null;
  forecast: number | null;
  parts: {
    id: string;
    value: number;
    target: number;
    status: string | null;
    links: { records: string; web: string };
  }[];
  links: { self: string; records: string; web: string };
}
interface ListJson {
  at: string;
  from: string;
  plan_version: number;
  clamped: { at?: string } | null;
  data: KpiJson[];
}

const json = async <T>(res: Response): Promise<T> => (await res.json()) as T;
const get = (who: Who, path: string) => clients[who].get(path, { accept: 'application/json' });

beforeAll(async () => {
  t = await createRecordsTestApp({ clock: fixedClock(`${TODAY}T12:00:00Z`) });
  const plan = planWithParts();
  await importPlan(t.db, {
    plan,
    sourceText: JSON.stringify(plan),
    sourceName: 'tide-x.yaml',
    actor: 'cli:test',
  });
  clients = await clientsFor(t);
  readToken = (
    await createToken(t.db, {
      actor: system,
      projectId: PROJECT,
      input: { name: 'kpi-read', partnerCode: PARTNER_A, access: 'read' },
    })
  ).token;
  const add = async (country: string, start: string, into: string[]) => {
    const r = await createRecord(t.db, {
      actor: system,
      projectId: PROJECT,
      kind: 'event',
      input: recordInput('event', { lead_partner: PARTNER_A, country, start_date: start, end_date: start }),
    });
    into.push(r.id);
  };
  await add('PT', '2024-02-10', porto);
  await add('PT', '2024-09-10', porto);
  await add('ES', '2024-03-10', lisbon);
});
afterAll(async () => {
  await t?.close();
});

describe('GET /api/v1/projects/:id/kpis', () => {
  it('lists every KPI with the engine’s figures, statuses, forecasts and parts', async () => {
    const res = await get('viewer', `${base}/kpis`);
    expect(res.status).toBe(200);
    const body = await json<ListJson>(res);
    expect(body.at).toBe(TODAY);
    const plan = planWithParts();
    const engine = await evaluateKpis(t.db, { projectId: PROJECT, plan, at: TODAY });
    expect(body.data.map((k) => k.id)).toEqual(engine.map((k) => k.id));
    for (const [i, k] of engine.entries())
      expect(body.data[i], k.id).toMatchObject({
        value: k.value,
        target: k.target,
        status: k.status,
        forecast: k.forecast,
        parts: k.parts.map((p) => expect.objectContaining({ id: p.id, value: p.value, status: p.status })),
      });
    const events = body.data.find((k) => k.id === 'all-events')!;
    expect(events).toMatchObject({ value: 3, target: 4 });
    // A year of 24 months gone, 2 of 2 events in Portugal: the part is achieved; 3 of 4 events: on track.
    expect(events.parts[0]).toMatchObject({ id: 'in-porto', value: 2, target: 2, status: 'achieved' });
    expect(events.status).toBe('on_track');
    expect(events.links.web).toBe(`/p/${PROJECT}/dashboard/kpis/all-events`);
  });

  it('takes ?at= and says when it was clamped to the project end', async () => {
    const march = await json<ListJson>(await get('viewer', `${base}/kpis?at=2024-03-31`));
    expect(march.at).toBe('2024-03-31');
    const events = march.data.find((k) => k.id === 'all-events')!;
    expect(events.value).toBe(2);
    expect(events.parts[0]!.value).toBe(1);
    expect(events.links.records).toBe(`${base}/kpis/all-events/records?at=2024-03-31`);
    expect(events.parts[0]!.links.web).toBe(
      `/p/${PROJECT}/dashboard/kpis/all-events?to=2024-03-31&part=in-porto`,
    );
    const late = await json<ListJson>(await get('viewer', `${base}/kpis?at=2030-01-01`));
    expect(late).toMatchObject({ at: '2025-12-31', clamped: { at: '2030-01-01' } });
  });

  it('answers a bad date with 400 bad_parameter naming it', async () => {
    const res = await get('viewer', `${base}/kpis?at=2024-02-30`);
    expect(res.status).toBe(400);
    const body = await json<{ error: { code: string; details: { path: string }[] } }>(res);
    expect(body.error.code).toBe('bad_parameter');
    expect(body.error.details[0]?.path).toBe('at');
  });
});

describe('GET /api/v1/projects/:id/kpis/:kpiId and its records', () => {
  it('gives one KPI, and 404 for a KPI the plan does not have', async () => {
    const one = await json<KpiJson & { at: string }>(await get('coordinator', `${base}/kpis/all-events`));
    expect(one).toMatchObject({ id: 'all-events', value: 3, at: TODAY });
    const missing = await get('coordinator', `${base}/kpis/no-such-kpi`);
    expect(missing.status).toBe(404);
    expect((await json<{ error: { code: string } }>(missing)).error.code).toBe('not_found');
  });

  it('drills down to exactly the records behind the figure and each part, with links to them', async () => {
    const k = await json<KpiJson>(await get('viewer', `${base}/kpis/all-events`));
    const all = await json<{ data: { id: string; url: string }[] }>(await get('viewer', k.links.records));
    expect(all.data.map((r) => r.id).sort()).toEqual([...porto, ...lisbon].sort());
    expect(all.data).toHaveLength(k.value);
    const part = await json<{ data: { id: string; url: string }[]; part: string }>(
      await get('viewer', k.parts[0]!.links.records),
    );
    expect(part.part).toBe('in-porto');
    expect(part.data.map((r) => r.id).sort()).toEqual([...porto].sort());
    const record = await get('viewer', part.data[0]!.url);
    expect(record.status).toBe(200);
    const page = await clients.viewer.get(k.parts[0]!.links.web);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('In Porto');
    const unknownPart = await get('viewer', `${base}/kpis/all-events/records?part=nope`);
    expect(unknownPart.status).toBe(404);
  });
});

describe('access', () => {
  it('is the dashboard’s: members and read tokens read, others are refused', async () => {
    const anonymous = await t.app.request(`${base}/kpis`);
    expect(anonymous.status).toBe(401);
    const outsider = await TestClient.signedIn(t, (await makeUser(t.db)).id);
    expect((await outsider.get(`${base}/kpis`)).status).toBe(403);
    const token = await t.app.request(`${base}/kpis/all-events`, {
      headers: { authorization: `Bearer ${readToken}` },
    });
    expect(token.status).toBe(200);
    const other = await t.app.request(`/api/v1/projects/other-project/kpis`, {
      headers: { authorization: `Bearer ${readToken}` },
    });
    expect(other.status).toBe(403);
  });

  it('never writes on a GET', async () => {
    const before = await tableDigest(t.db);
    for (const path of [
      `${base}/kpis`,
      `${base}/kpis?at=2024-06-30`,
      `${base}/kpis?year=1`,
      `${base}/kpis/all-events`,
      `${base}/kpis/all-events/records?part=in-porto`,
      `${base}/kpis/visitors/records`,
    ])
      expect((await get('editorA', path)).status, path).toBe(200);
    expect(await tableDigest(t.db)).toEqual(before);
  });
});
