/**
 * A portfolio role acts in each of the portfolio's projects (read as a viewer, write as a coordinator), nowhere else;
 * a direct membership wins over it; revoking the role or removing the project takes effect on the next request.
 * Managing portfolios is for instance admins only, and every change is an entry on the instance audit chain.
 */
import { sql } from 'drizzle-orm';
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
import { planInput, makePlan } from '../../test/factories/plan';
import { seedPortfolio } from '../../test/factories/portfolio';
import { recordInput } from '../../test/factories/records';
import { rowsOf } from '../audit/chain';
import { systemActor } from '../auth/permissions';
import { effectiveMembershipsOf } from '../auth/repository';
import { importPlan } from '../projects/service';
import { addProjects, createPortfolio, grantRole, removeProject, revokeRole } from './service';

const OTHER = 'wave-y';
const system = systemActor('test');
let t: AuthTestApp;
let n = 0;

beforeAll(async () => {
  t = await createAuthTestApp();
  const base = planInput();
  const plan = makePlan({ project: { ...base.project, acronym: 'Wave-Y' } });
  await importPlan(t.db, {
    plan,
    sourceText: JSON.stringify(plan),
    sourceName: 'wave-y.yaml',
    actor: 'cli:test',
  });
});
afterAll(() => t?.database.close());

const eventForm = () => ({
  name: `Portfolio fair ${++n}`,
  lead_partner: PARTNER_A,
  kind: 'conference',
  status: 'planned',
  city: 'Porto',
  country: 'PT',
  start_date: '2024-06-10',
  roles: 'presentation',
});

/** A user holding `role` in a new portfolio of `projects`, signed in. */
async function portfolioUser(role: 'coordinator' | 'viewer', projects: string[]) {
  const user = await makeUser(t.db);
  const id = `agency-${++n}`;
  await seedPortfolio(t.db, { id, projectIds: projects, members: { [user.id]: role } });
  return { user, portfolioId: id, client: await TestClient.signedIn(t, user.id) };
}

describe('scope', () => {
  it('a portfolio viewer reads the dashboard and records of its projects, nothing outside, and writes nothing', async () => {
    const { client } = await portfolioUser('viewer', [PROJECT]);
    expect((await client.get(`/p/${PROJECT}/dashboard`)).status).toBe(200);
    expect((await client.get(`/p/${PROJECT}/records/events`)).status).toBe(200);
    expect((await client.get(`/p/${PROJECT}/history`)).status).toBe(200);
    expect((await client.get(`/p/${OTHER}/records/events`)).status).toBe(403);
    expect((await client.get(`/p/${OTHER}/dashboard`)).status).toBe(403);
    expect((await client.post(`/p/${PROJECT}/records/events`, eventForm())).status).toBe(403);
    const api = await client.json('POST', `/api/v1/projects/${PROJECT}/events`, recordInput('event'));
    expect(api.status).toBe(403);
  });

  it('a portfolio coordinator writes in each of its projects', async () => {
    const { client } = await portfolioUser('coordinator', [PROJECT, OTHER]);
    for (const p of [PROJECT, OTHER]) {
      expect((await client.post(`/p/${p}/records/events`, eventForm())).status).toBe(303);
      expect((await client.get(`/p/${p}/members`)).status).toBe(200);
    }
  });

  it('a direct membership wins over the portfolio role', async () => {
    const user = await makeUser(t.db, { role: 'editor', partnerCode: PARTNER_A });
    await seedPortfolio(t.db, {
      id: `agency-${++n}`,
      projectIds: [PROJECT, OTHER],
      members: { [user.id]: 'coordinator' },
    });
    const ms = await effectiveMembershipsOf(t.db, user.id);
    expect(ms.map((m) => [m.projectId, m.role, m.partnerCode])).toEqual([
      [PROJECT, 'editor', PARTNER_A],
      [OTHER, 'coordinator', null],
    ]);
    const client = await TestClient.signedIn(t, user.id);
    // As the editor of A in Tide-X: partner B's records and the members page are out of reach.
    const b = await client.post(`/p/${PROJECT}/records/events`, { ...eventForm(), lead_partner: PARTNER_B });
    expect(b.status).toBe(403);
    expect((await client.get(`/p/${PROJECT}/members`)).status).toBe(403);
    expect((await client.get(`/p/${OTHER}/members`)).status).toBe(200);
  });

  it('deleting the account ends its portfolio roles, on the instance chain', async () => {
    const { user, portfolioId, client } = await portfolioUser('viewer', [PROJECT]);
    expect((await client.post('/account/delete', { confirm: user.email })).status).toBe(303);
    expect(await effectiveMembershipsOf(t.db, user.id)).toEqual([]);
    const revoked = rowsOf<{ entity_id: string }>(
      await t.db.execute(
        sql`select entity_id from audit_entries where chain = 'instance' and action = 'portfolio.revoke'
             and entity_id = ${`${portfolioId}:${user.id}`}`,
      ),
    );
    expect(revoked).toHaveLength(1);
  });

  it('the stronger role wins when two portfolios share a project', async () => {
    const user = await makeUser(t.db);
    await seedPortfolio(t.db, { id: `agency-${++n}`, projectIds: [OTHER], members: { [user.id]: 'viewer' } });
    await seedPortfolio(t.db, {
      id: `agency-${++n}`,
      projectIds: [OTHER],
      members: { [user.id]: 'coordinator' },
    });
    expect((await effectiveMembershipsOf(t.db, user.id)).map((m) => m.role)).toEqual(['coordinator']);
  });

  it('revoking the role or removing the project takes effect on the next request', async () => {
    const { user, portfolioId, client } = await portfolioUser('viewer', [PROJECT, OTHER]);
    expect((await client.get(`/p/${OTHER}/records/events`)).status).toBe(200);
    await removeProject(t.db, { actor: system, portfolioId, projectId: OTHER });
    expect((await client.get(`/p/${OTHER}/records/events`)).status).toBe(403);
    expect((await client.get(`/p/${PROJECT}/records/events`)).status).toBe(200);
    await revokeRole(t.db, { actor: system, portfolioId, userId: user.id });
    expect((await client.get(`/p/${PROJECT}/records/events`)).status).toBe(403);
  });
});

const instanceActions = async (entityPrefix: string) =>
  rowsOf<{ action: string; entity_id: string; before: unknown; after: unknown }>(
    await t.db.execute(
      sql`select action, entity_id, before, after from audit_entries
           where chain = 'instance' and action like 'portfolio.%' and entity_id like ${`${entityPrefix}%`}
           order by seq`,
    ),
  );

describe('management', () => {
  it('only instance admins manage portfolios, in the service and over HTTP', async () => {
    const coordinator = await makeUser(t.db, { role: 'coordinator' });
    const actor = {
      kind: 'user' as const,
      userId: coordinator.id,
      isAdmin: false,
      memberships: [{ projectId: PROJECT, role: 'coordinator' as const, partnerCode: null }],
    };
    await expect(createPortfolio(t.db, { actor, input: { name: 'Sneaky' } })).rejects.toMatchObject({
      code: 'forbidden',
    });
    const client = await TestClient.signedIn(t, coordinator.id);
    expect((await client.post('/admin/portfolios', { name: 'Sneaky', kind: 'agency' })).status).toBe(403);
    expect((await client.get('/admin/portfolios')).status).toBe(403);
    expect((await new TestClient(t.app).get('/portfolio')).status).toBe(302);
    const count = rowsOf<{ n: number }>(
      await t.db.execute(sql`select count(*)::int as n from portfolios where name = 'Sneaky'`),
    );
    expect(count[0]?.n).toBe(0);
  });

  it('an admin creates a portfolio, adds and removes projects, grants and revokes roles: all audited', async () => {
    const admin = await TestClient.signedIn(t, (await makeUser(t.db, { isAdmin: true })).id);
    const member = await makeUser(t.db);
    expect(
      (await admin.post('/admin/portfolios', { name: 'Ocean Agency', kind: 'agency' })).headers.get(
        'location',
      ),
    ).toBe('/admin/portfolios/ocean-agency');
    expect((await admin.post('/admin/portfolios', { name: 'Ocean agency!', kind: 'agency' })).status).toBe(
      409,
    );
    const base = '/admin/portfolios/ocean-agency';
    expect((await admin.post(`${base}/projects`, { project: `${PROJECT} ${OTHER}` })).status).toBe(303);
    expect((await admin.post(`${base}/projects`, { project: 'no-such-project' })).status).toBe(422);
    expect((await admin.post(`${base}/members`, { email: member.email, role: 'viewer' })).status).toBe(303);
    expect(
      (await admin.post(`${base}/members`, { email: 'nobody@example.org', role: 'viewer' })).status,
    ).toBe(422);
    expect((await admin.post(`${base}/members`, { email: member.email, role: 'editor' })).status).toBe(422);
    const page = await (await admin.get(base)).text();
    expect(page).toContain(`data-project="${OTHER}"`);
    expect(page).toContain(`data-user="${member.id}"`);
    expect((await admin.post(`${base}/projects/${OTHER}/remove`)).status).toBe(303);
    expect((await admin.post(`${base}/members/${member.id}/revoke`)).status).toBe(303);
    expect((await admin.get('/admin/portfolios/no-such')).status).toBe(404);

    const entries = await instanceActions('ocean-agency');
    expect(entries.map((e) => [e.action, e.after ?? e.before])).toEqual([
      ['portfolio.create', { name: 'Ocean Agency', kind: 'agency' }],
      ['portfolio.add-project', { projectId: PROJECT }],
      ['portfolio.add-project', { projectId: OTHER }],
      ['portfolio.grant', { role: 'viewer' }],
      ['portfolio.remove-project', { projectId: OTHER }],
      ['portfolio.revoke', { role: 'viewer' }],
    ]);
    // No personal data in the chain: ids and roles only.
    expect(JSON.stringify(entries)).not.toContain(member.email);

    admin.cookies.set('lang', 'ja');
    const ja = await (await admin.get('/admin/portfolios')).text();
    expect(ja).toContain('ポートフォリオ管理');
    expect(ja).toContain('助成機関');
  });

  it('grants through the service change a role in place, and adding a project twice adds it once', async () => {
    const { id } = await createPortfolio(t.db, { actor: system, input: { name: 'Twice Org' } });
    const u = await makeUser(t.db);
    expect(await addProjects(t.db, { actor: system, portfolioId: id, projectIds: [PROJECT] })).toEqual([
      PROJECT,
    ]);
    expect(await addProjects(t.db, { actor: system, portfolioId: id, projectIds: [PROJECT] })).toEqual([]);
    await grantRole(t.db, { actor: system, portfolioId: id, input: { email: u.email, role: 'viewer' } });
    await grantRole(t.db, { actor: system, portfolioId: id, input: { email: u.email, role: 'coordinator' } });
    await grantRole(t.db, { actor: system, portfolioId: id, input: { email: u.email, role: 'coordinator' } });
    expect(
      (await effectiveMembershipsOf(t.db, u.id)).map((m) => [m.projectId, m.role, m.portfolioId]),
    ).toEqual([[PROJECT, 'coordinator', id]]);
    const grants = (await instanceActions(`${id}:`)).map((e) => [e.before, e.after]);
    expect(grants).toEqual([
      [null, { role: 'viewer' }],
      [{ role: 'viewer' }, { role: 'coordinator' }],
    ]);
  });
});
