/**
 * A new project from initPlan (issue 24), on both engines: created by an admin, refused to others and when it
 * exists; its YAML download (`GET /p/:id/plan.yaml`) imports back as `unchanged`. The wizard's pages: en + ja, the
 * preview writes nothing, 422 with each error beside its field, create → the new project's overview.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/app';
import { makeUser, TestClient } from '../../test/auth-helpers';
import { userActor } from '../auth/actors';
import type { Actor } from '../auth/permissions';
import { planVersions, projects } from '../db/schema';
import { isAppError, type AppError } from '../errors';
import { parsePlan } from '../plan/loader';
import type { InitInput } from './init';
import { en, ja } from './init-messages';
import { createProjectFromInit } from './init-service';
import { importPlan } from './service';

let t: TestApp;
let admin: Actor;
let adminClient: TestClient;
let someone: Actor;
const db = () => t.database.db;

const input = (over: Partial<InitInput> = {}): InitInput => ({
  acronym: 'Nova',
  title: 'Novel Observation of Various Assets',
  programme: 'HORIZON_EUROPE',
  grant: '101070001',
  start: '2025-01-01',
  durationMonths: 24,
  partners: 'number,code,name,country,kind\n1,UNI,University of Somewhere,DE,HES\n2,ACME,Acme SA,FR,SME\n',
  size: 'small',
  languages: ['en', 'ja'],
  ...over,
});

async function refusal(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (e) {
    if (isAppError(e)) return e;
    throw e;
  }
  throw new Error('expected a refusal');
}

beforeAll(async () => {
  t = await createTestApp();
  const adminUser = await makeUser(db(), { isAdmin: true, name: 'Ada Admin' });
  admin = (await userActor(db(), adminUser.id))!;
  adminClient = await TestClient.signedIn({ ...t, db: db() }, adminUser.id);
  someone = (await userActor(db(), (await makeUser(db(), { name: 'Sam' })).id))!;
});
afterAll(async () => {
  await t.close();
});

describe('createProjectFromInit', () => {
  it('creates the project as version 1; its YAML download imports back unchanged', async () => {
    const r = await createProjectFromInit(db(), { actor: admin, input: input() });
    expect(r).toMatchObject({ projectId: 'nova', version: 1, status: 'created' });
    const [row] = await db().select().from(projects).where(eq(projects.id, 'nova'));
    expect(row).toMatchObject({ acronym: 'Nova', programme: 'HORIZON_EUROPE', durationMonths: 24 });

    const download = await adminClient.get('/p/nova/plan.yaml');
    expect(download.status).toBe(200);
    const text = await download.text();
    expect(text).toBe(r.yaml);
    const loaded = parsePlan(text, 'nova.yaml');
    expect(loaded.ok).toBe(true);
    if (!loaded.ok) return;
    const again = await importPlan(db(), {
      plan: loaded.plan,
      sourceText: text,
      sourceName: 'nova.yaml',
      actor: admin,
    });
    expect(again).toMatchObject({ status: 'unchanged', version: 1 });
  });

  it('is refused to a non-admin, for an existing project, and for bad input, storing nothing', async () => {
    const count = async () => (await db().select().from(planVersions)).length;
    const before = await count();
    expect(
      (await refusal(createProjectFromInit(db(), { actor: someone, input: input({ acronym: 'Other' }) })))
        .status,
    ).toBe(403);
    const exists = await refusal(createProjectFromInit(db(), { actor: admin, input: input() }));
    expect(exists).toMatchObject({ code: 'conflict', status: 409 });
    const bad = await refusal(
      createProjectFromInit(db(), {
        actor: admin,
        input: input({ acronym: 'Third', partners: '1,A,Alpha,Germany,REC\n' }),
      }),
    );
    expect(bad.status).toBe(422);
    expect(bad.details?.map((d) => d.message)).toEqual([
      'row 1, column country: "Germany" is not a two-letter country code',
    ]);
    expect(await count()).toBe(before);
  });
});

async function post(path: string, body: URLSearchParams) {
  body.set('_csrf', await adminClient.csrfToken());
  return t.app.request(path, {
    method: 'POST',
    body,
    headers: { cookie: adminClient.cookieHeader, 'content-type': 'application/x-www-form-urlencoded' },
  });
}

const wizardForm = (over: Record<string, string | string[]> = {}) => {
  const fields: Record<string, string | string[]> = {
    acronym: 'Wiz',
    title: 'Wizard-made project',
    programme: 'H2020',
    grant: '870001',
    start: '2024-09-01',
    months: '36',
    partners: 'No\tCode\tName\tCountry\tType\n1\tUNI\tUni\tIT\tHES\n2\tJPX\tJapan Lab\tJP\tREC\n',
    size: 'medium',
    indicators: ['newsletters', 'video-views', 'patent-applications'],
    languages: ['en', 'ja'],
    ...over,
  };
  const body = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) for (const x of Array.isArray(v) ? v : [v]) body.append(k, x);
  return body;
};

describe('the wizard at /projects/new', () => {
  it('is for admins, in English and Japanese', async () => {
    expect(await (await adminClient.get('/projects/new?lang=ja')).text()).toContain(ja['init.title']);
    const page = await adminClient.get('/projects/new?lang=en');
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain(en['init.field.partners.hint']);
    expect(html).toContain('data-indicator="deliverables-downloaded"');
  });

  it('previews without writing, refuses bad fields with 422 beside them, creates and redirects', async () => {
    const count = async () => (await db().select().from(planVersions)).length;
    const before = await count();
    const preview = await post('/projects/new/preview', wizardForm());
    expect(preview.status).toBe(200);
    const panel = await preview.text();
    expect(panel).toContain('data-kpi="video-views"');
    expect(panel).toContain('doi: 10.3030/870001');
    expect(panel).not.toContain('class="warnings"');
    const late = await (await post('/projects/new/preview', wizardForm({ start: '2024-09-15' }))).text();
    expect(late).toContain('data-key="plancheck.start-date-not-first-of-month"');
    expect(await count()).toBe(before);

    const bad = await post(
      '/projects/new',
      wizardForm({ grant: 'x1', partners: '1\tUNI\tUni\tItaly\tHES\n' }),
    );
    expect(bad.status).toBe(422);
    const html = await bad.text();
    expect(html).toMatch(/data-error-for="grant"[^>]*>\s*<li>Enter the grant agreement number/);
    expect(html).toContain('Row 1, column country: “Italy” is not a two-letter country code.');
    expect(await count()).toBe(before);

    const created = await post('/projects/new', wizardForm());
    expect(created.status).toBe(303);
    expect(created.headers.get('location')).toBe('/p/wiz');
    const again = await post('/projects/new', wizardForm());
    expect(again.status).toBe(409);
    expect(await count()).toBe(before + 1);
  });
});
