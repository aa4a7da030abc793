/**
 * The plan editor's pages on M-Sec: a refused form is 422 with each error beside its field and nothing stored, the
 * htmx preview shows the figures and the new warnings, a save lands in the history with its reason, a stale form is
 * a 409; the YAML download uploads back as unchanged, a broken YAML upload names its line and column.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/app';
import { makeUser, TestClient } from '../../test/auth-helpers';
import { rowInserter } from '../../test/factories/rows';
import { planVersions } from '../db/schema';
import { en, ja } from './edit-messages';
import { formOf, type FormValues } from './edit-forms';
import { getCurrentPlan } from './repository';

const P = 'm-sec';
let t: TestApp;
let coordinator: TestClient;
let viewer: TestClient;

const db = () => t.database.db;
const versionCount = async () =>
  (await db().select().from(planVersions).where(eq(planVersions.projectId, P))).length;

/** The form's values as a flat form (checkbox groups repeated), with the base version and a reason. */
async function formFor(form: 'facts' | 'kpis', change: FormValues, reason = ''): Promise<URLSearchParams> {
  const current = (await getCurrentPlan(db(), P))!;
  const values = { ...formOf(form, current.plan), ...change };
  const body = new URLSearchParams({ base_version: String(current.version), reason });
  for (const [k, v] of Object.entries(values)) for (const x of Array.isArray(v) ? v : [v]) body.append(k, x);
  return body;
}

async function post(client: TestClient, path: string, body: URLSearchParams | FormData) {
  return t.app.request(path, {
    method: 'POST',
    body,
    headers: { cookie: client.cookieHeader, 'x-csrf-token': await client.csrfToken() },
  });
}

beforeAll(async () => {
  t = await createTestApp({ plan: true });
  await rowInserter(db(), P, 'F6S').activities([{ kind: 'newsletter', startDate: '2018-12-20' }]);
  const tdb = { ...t, db: db() };
  coordinator = await TestClient.signedIn(
    tdb,
    (await makeUser(db(), { role: 'coordinator', projectId: P })).id,
  );
  viewer = await TestClient.signedIn(tdb, (await makeUser(db(), { role: 'viewer', projectId: P })).id);
});
afterAll(async () => {
  await t.close();
});

describe('the editor pages', () => {
  it('are for coordinators: the index lists the two sections, in English and Japanese', async () => {
    const page = await coordinator.get(`/p/${P}/plan/edit?lang=en`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain(en['planEdit.section.facts']);
    expect(html).toContain(`href="/p/${P}/plan/edit/kpis"`);
    const jaHtml = await (await coordinator.get(`/p/${P}/plan/edit/kpis?lang=ja`)).text();
    expect(jaHtml).toContain(ja['planEdit.kpis.reports']);
    expect((await viewer.get(`/p/${P}/plan/edit`)).status).toBe(403);
  });

  it('refuses invalid facts with 422, each error beside its field, and stores nothing', async () => {
    const before = await versionCount();
    const body = await formFor(
      'facts',
      { 'project.duration_months': 'three', 'project.website': 'nope' },
      'x',
    );
    const res = await post(coordinator, `/p/${P}/plan/edit/facts?lang=en`, body);
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('data-error-for="project.duration_months"');
    expect(html).toContain('data-error-for="project.website"');
    expect(html).toContain('value="three"');
    expect(await versionCount()).toBe(before);
  });

  it('answers a save that changes nothing with the form and a notice, and stores nothing', async () => {
    const before = await versionCount();
    const res = await post(
      coordinator,
      `/p/${P}/plan/edit/facts?lang=en`,
      await formFor('facts', {}, 'No change'),
    );
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('Nothing changed');
    expect(await versionCount()).toBe(before);
  });

  it('previews a KPI target change (figures, warning gone), saves it with a reason, shows it in the history', async () => {
    const body = await formFor('kpis', { 'kpis.1.target': '6', 'kpis.1.target_text': '6 newsletters' });
    const preview = await post(coordinator, `/p/${P}/plan/edit/kpis/preview?lang=en`, body);
    expect(preview.status).toBe(200);
    const html = await preview.text();
    expect(html).toContain('kpis.[id=newsletters].target');
    expect(html).toMatch(
      /<tr data-kpi="newsletters">.*data-target="4" data-value="1".*data-target="6" data-value="1"/s,
    );
    expect(html).not.toContain('data-key="plancheck.kpi-cadence-mismatch"');
    const form = await (await coordinator.get(`/p/${P}/plan/edit/kpis`)).text();
    expect(form).toContain('data-key="plancheck.kpi-cadence-mismatch"');

    const noReason = await post(coordinator, `/p/${P}/plan/edit/kpis?lang=en`, body);
    expect(noReason.status).toBe(422);
    expect(await noReason.text()).toContain('data-error-for="reason"');

    body.set('reason', 'Six newsletters, as the cadence says');
    const saved = await post(coordinator, `/p/${P}/plan/edit/kpis`, body);
    expect(saved.status).toBe(303);
    expect(saved.headers.get('location')).toBe(`/p/${P}/history`);
    const history = await (await coordinator.get(`/p/${P}/history?lang=en`)).text();
    expect(history).toContain('Six newsletters, as the cadence says');
    expect(history).toContain('kpis.[id=newsletters].target');

    // The same form again was made on the version before: 409 with the other version named.
    const stale = await post(coordinator, `/p/${P}/plan/edit/kpis?lang=en`, body);
    expect(stale.status).toBe(409);
    expect(await stale.text()).toContain('Reload the form');
  });
});

describe('YAML in and out', () => {
  it('downloads the current plan and uploads it back as unchanged', async () => {
    const yaml = await viewer.get(`/p/${P}/plan.yaml`);
    expect(yaml.status).toBe(200);
    expect(yaml.headers.get('content-type')).toContain('yaml');
    const text = await yaml.text();
    const before = await versionCount();
    const form = new FormData();
    form.append('file', new File([text], 'm-sec.yaml'));
    const res = await post(coordinator, `/p/${P}/plan/import?lang=en`, form);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('nothing changed');
    expect(await versionCount()).toBe(before);
  });

  it('refuses a broken YAML upload naming its line and column, and a viewer', async () => {
    const form = new FormData();
    form.append('file', new File(['schema_version: 1\nproject:\n  title: [unclosed\n'], 'bad.yaml'));
    const res = await post(coordinator, `/p/${P}/plan/import?lang=en`, form);
    expect(res.status).toBe(422);
    expect(await res.text()).toMatch(/line \d+, column \d+/);
    const denied = new FormData();
    denied.append('file', new File(['x: 1'], 'x.yaml'));
    expect((await post(viewer, `/p/${P}/plan/import`, denied)).status).toBe(403);
  });
});
