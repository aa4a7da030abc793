/**
 * Complete exports on the web: the upload form's choice, the preview listing the items a Zenodo export lacks (en and
 * ja), and the KPI drill-down stating the rule and listing the items left out.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuthTestApp, makeUser, PROJECT, TestClient, type AuthTestApp } from '../../test/auth-helpers';
import { makePlan } from '../../test/factories/plan';
import { importPlan } from '../projects/service';
import { runImportJobs } from './testing';

let t: AuthTestApp;
let coordinator: TestClient;

beforeAll(async () => {
  t = await createAuthTestApp();
  const plan = makePlan({
    kpis: [
      {
        id: 'downloads',
        label: 'Downloads',
        target: 100,
        target_text: '100',
        measure: { kind: 'latest_sum', record: 'metric', where: { metric: 'downloads' } },
      },
    ],
  });
  await importPlan(t.db, {
    plan,
    sourceText: JSON.stringify(plan),
    sourceName: 'tide-x.yaml',
    actor: 'cli:test',
  });
  coordinator = await TestClient.signedIn(t, (await makeUser(t.db, { role: 'coordinator' })).id);
});
afterAll(async () => {
  await t?.close();
});

const zenodo = (date: string, ids: number[]) =>
  [
    'id,downloads,views,unique_downloads,unique_views,update_time',
    ...ids.map((id) => `${id},${id}.0,9.0,1.0,8.0,${date}T01:00:00`),
  ].join('\n');

/** Uploads a file (multipart, CSRF in the header as htmx sends it); returns the preview's location. */
async function upload(name: string, data: string, fields: Record<string, string> = {}): Promise<string> {
  const form = new FormData();
  for (const [k, v] of Object.entries({ type: 'metric', partner: 'UNIA', ...fields })) form.set(k, v);
  form.set('file', new File([data], name));
  const res = await t.app.request(`/p/${PROJECT}/import`, {
    method: 'POST',
    body: form,
    headers: {
      cookie: coordinator.cookieHeader,
      'x-csrf-token': await coordinator.csrfToken(),
      'x-forwarded-for': coordinator.ip,
    },
  });
  expect(res.status).toBe(303);
  return res.headers.get('location') ?? '';
}

async function commit(location: string): Promise<void> {
  expect((await coordinator.post(location, { mode: 'all' })).status).toBe(303);
  await runImportJobs(t.db);
}

describe('a complete Zenodo export on the web', () => {
  it('offers the choice on the upload form', async () => {
    const html = await (await coordinator.get(`/p/${PROJECT}/import`)).text();
    expect(html).toContain('name="complete"');
    expect(html).toContain('name="account"');
  });

  it('lists the missing record in the preview, and the drill-down leaves it out and says why', async () => {
    await commit(await upload('d1.csv', zenodo('2024-03-31', [1, 2, 3])));
    const second = await upload('d2.csv', zenodo('2024-06-30', [1, 2]));
    const preview = await (await coordinator.get(second)).text();
    expect(preview).toContain('data-missing="1"');
    expect(preview).toContain('data-channel="10.5281/zenodo.3"');
    expect(preview).toContain('no longer counted from that date');
    const ja = await (await coordinator.get(`${second}?lang=ja`)).text();
    expect(ja).toContain('完全なエクスポート');
    expect(ja).toContain('data-channel="10.5281/zenodo.3"');
    await commit(second);

    const drill = await (
      await coordinator.get(`/p/${PROJECT}/dashboard/kpis/downloads?to=2024-06-30&lang=en`)
    ).text();
    expect(drill).toContain('items absent from the latest complete export of their source are not counted');
    const [counted, excluded] = drill.split('class="excluded-snapshots"');
    expect(counted).toContain('10.5281/zenodo.1 · downloads');
    expect(counted).not.toContain('10.5281/zenodo.3 · downloads');
    expect(excluded).toContain('10.5281/zenodo.3 · downloads');
    const before = await (
      await coordinator.get(`/p/${PROJECT}/dashboard/kpis/downloads?to=2024-04-30&lang=en`)
    ).text();
    expect(before).toContain('10.5281/zenodo.3 · downloads');
    expect(before).not.toContain('excluded-snapshots');
    const dashboard = await (await coordinator.get(`/p/${PROJECT}/dashboard?to=2024-06-30&lang=ja`)).text();
    expect(dashboard).toContain('ソースの最新の完全なエクスポートに含まれない項目は集計しません');
  });

  it('takes "not complete" from the form: nothing is listed as missing', async () => {
    const partial = await upload('d3.csv', zenodo('2024-07-31', [1]), { complete: 'no' });
    const preview = await (await coordinator.get(partial)).text();
    expect(preview).not.toContain('data-missing');
  });
});
