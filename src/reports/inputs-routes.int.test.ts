/** The report-input pages: a coordinator saves a text, adds a recommendation naming a record by its address; en + ja. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordInput } from '../../test/factories/records';
import { clientsFor, createRecordsTestApp, PROJECT, type Who } from '../../test/records';
import type { AuthTestApp, TestClient } from '../../test/auth-helpers';
import { systemActor } from '../auth/permissions';
import { createRecord } from '../records/service';
import { listReportTexts } from './inputs-service';
import { listRecommendations } from './recommendations';

let t: AuthTestApp;
let clients: Record<Who, TestClient>;
const system = systemActor('inputs-page');

beforeAll(async () => {
  t = await createRecordsTestApp();
  clients = await clientsFor(t);
});
afterAll(async () => t.close());

describe('report input pages', () => {
  it('a coordinator saves a Japanese summary; a stale form gets the conflict message', async () => {
    const form = { scope: 'year:1', key: 'summary', lang: 'ja', body: '一年目の概要', version: '0' };
    const res = await clients.coordinator.post(`/p/${PROJECT}/reports/inputs`, form);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/p/${PROJECT}/reports/inputs?year=1&saved=1`);
    const page = await (await clients.viewer.get(`/p/${PROJECT}/reports/inputs?year=1&lang=ja`)).text();
    expect(page).toContain('一年目の概要');
    expect(page).toContain('編集できるのはコーディネーターのみです。');
    const stale = await clients.coordinator.post(`/p/${PROJECT}/reports/inputs?lang=ja`, form);
    expect(stale.status).toBe(409);
    expect(await stale.text()).toContain('読み込んだ後に他の人が変更しました');
    const texts = await listReportTexts(t.db, { actor: system, projectId: PROJECT, scope: 'year:1' });
    expect(texts.map((x) => x.body)).toEqual(['一年目の概要']);
  });

  it('a recommendation names the records that answer it by their address; a bad line is refused', async () => {
    const a = await createRecord(t.db, {
      actor: system,
      projectId: PROJECT,
      kind: 'activity',
      input: recordInput('activity'),
    });
    const form = {
      review: 'First periodic review (M18)',
      text: 'Reach more SMEs',
      kpis: 'papers',
      records: `http://localhost/p/${PROJECT}/records/activities/${a.id}`,
      status: 'in_progress',
    };
    const bad = await clients.coordinator.post(`/p/${PROJECT}/reports/recommendations`, {
      ...form,
      records: 'nope',
    });
    expect(bad.status).toBe(422);
    expect(await bad.text()).toContain('「nope」はどの記録も指していません'); // the client's language is still ja
    const res = await clients.coordinator.post(`/p/${PROJECT}/reports/recommendations`, form);
    expect(res.status).toBe(303);
    const [r] = await listRecommendations(t.db, { actor: system, projectId: PROJECT });
    expect(r).toMatchObject({ records: [{ kind: 'activity', id: a.id }], kpis: ['papers'] });
    const page = await (await clients.viewer.get(`/p/${PROJECT}/reports/recommendations`)).text();
    expect(page).toContain(`/p/${PROJECT}/records/activities/${a.id}`);
    expect(page).toContain('対応中');
  });
});
