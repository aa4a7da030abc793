/**
 * Japanese where a Japanese user looks: funder vocabulary values shown translated (stored and exported verbatim),
 * KPI units translated.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/app';
import { makeUser, PROJECT, TestClient } from '../../test/auth-helpers';
import { activityInput } from '../../test/factories/records';
import { createRecordsTestApp } from '../../test/records';
import { createRecord } from '../records/service';

let t: Awaited<ReturnType<typeof createRecordsTestApp>>;
let mSec: TestApp;
let c: TestClient;
let id = '';

beforeAll(async () => {
  t = await createRecordsTestApp();
  mSec = await createTestApp({ plan: true });
  const u = await makeUser(t.db, { role: 'coordinator' });
  c = await TestClient.signedIn(t, u.id);
  const actor = {
    kind: 'user' as const,
    userId: u.id,
    isAdmin: false,
    memberships: [{ projectId: PROJECT, role: 'coordinator' as const, partnerCode: null }],
  };
  const r = await createRecord(t.db, {
    actor,
    projectId: PROJECT,
    kind: 'activity',
    input: activityInput({ status: 'Delivered', type: 'Other', channels: ['Newsletter'] }),
  });
  id = r.id;
});
afterAll(async () => {
  await t?.close();
  await mSec?.close();
});

describe('funder vocabulary values', () => {
  it('are shown in Japanese on Japanese record pages, verbatim in English ones and in exports', async () => {
    const ja = await (await c.get(`/p/${PROJECT}/records/activities/${id}?lang=ja`)).text();
    expect(ja).toContain('実施済み');
    expect(ja).toContain('ニュースレター');
    expect(ja).toContain('市民');
    expect(ja).not.toMatch(/>\s*Delivered\s*</);
    const en = await (await c.get(`/p/${PROJECT}/records/activities/${id}?lang=en`)).text();
    expect(en).toContain('Delivered');
    expect(en).toContain('Newsletter');
    // The form offers the Japanese labels but sends the verbatim value.
    const form = await (await c.get(`/p/${PROJECT}/records/activities/${id}/edit?lang=ja`)).text();
    expect(form).toMatch(/<option value="Delivered"[^>]*>実施済み<\/option>/);
    const csv = await (await c.get(`/p/${PROJECT}/records/activities/export.csv?lang=ja`)).text();
    expect(csv).toContain('Delivered');
    expect(csv).not.toContain('実施済み');
  });
});

describe('KPI units', () => {
  it('are translated on the KPI pages', async () => {
    const ja = await (await mSec.app.request('/p/m-sec/kpis?lang=ja')).text();
    expect(ja).toContain('号のニュースレター');
    expect(ja).not.toMatch(/\snewsletters</);
    const en = await (await mSec.app.request('/p/m-sec/kpis?lang=en')).text();
    expect(en).toContain(' newsletters');
  });
});
