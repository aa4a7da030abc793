/**
 * Corrections on the web and in the API: a record a submitted report locked offers "Correct" instead of Edit and
 * Delete (en + ja); the correction form needs a reason (422 beside the field) and makes a new record, the original
 * withdrawn and linked both ways; the API route answers 201, 409 for a record no report locked, 422 without a reason.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  createAuthTestApp,
  makeUser,
  PARTNER_B,
  PROJECT,
  TestClient,
  type AuthTestApp,
} from '../../test/auth-helpers';
import { activityInput } from '../../test/factories/records';
import { tinyPng } from '../../test/records';
import { systemActor } from '../auth/permissions';
import { fixedClock } from '../lib/clock';
import { uploadEvidence } from '../records/files';
import { createRecord } from '../records/service';
import { submitReport } from './submit';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 180_000 });

const dir = mkdtempSync(join(tmpdir(), 'herald-correct-'));
const clock = fixedClock('2025-02-03T10:00:00Z');
const system = systemActor('test');
const REC = `/p/${PROJECT}/records/activities`;
const API = `/api/v1/projects/${PROJECT}/activities`;
let t: AuthTestApp;
let coordinator: TestClient;
let otherEditor: TestClient;
const ids: Record<string, string> = {};

const delivered = (title: string) =>
  activityInput({ title, outcome: 'Covered by two newspapers', start_date: '2024-03-15' });

beforeAll(async () => {
  t = await createAuthTestApp({ keyFile: join(dir, 'key.pem'), filesDir: join(dir, 'files'), clock });
  coordinator = await TestClient.signedIn(
    t,
    (await makeUser(t.db, { role: 'coordinator', projectId: PROJECT })).id,
  );
  otherEditor = await TestClient.signedIn(
    t,
    (await makeUser(t.db, { role: 'editor', projectId: PROJECT, partnerCode: PARTNER_B })).id,
  );
  const make = async (name: string, input: unknown) => {
    ids[name] = (
      await createRecord(t.db, { actor: system, projectId: PROJECT, kind: 'activity', input, clock })
    ).id;
  };
  await make('web', delivered('Pilot press release'));
  await make('api', delivered('Launch video'));
  await submitReport(t.db, {
    actor: system,
    projectId: PROJECT,
    year: 1,
    lang: 'en',
    clock,
    keyFile: join(dir, 'key.pem'),
    formats: ['html'],
    acceptWarnings: true,
  });
  await uploadEvidence(t.db, {
    actor: system,
    projectId: PROJECT,
    kind: 'activity',
    recordId: ids.web!,
    fileName: 'clipping.png',
    bytes: tinyPng(),
    dir: join(dir, 'files'),
  });
  // Made after the submission: not locked.
  await make('free', delivered('Late addition'));
});
afterAll(async () => {
  await t?.close();
});

describe('correcting a locked record on the web', () => {
  it('offers Correct instead of Edit and Delete on a locked record, in English and Japanese', async () => {
    const page = await (await coordinator.get(`${REC}/${ids.web}`)).text();
    expect(page).toContain('id="record-locked"');
    expect(page).toContain(`href="${REC}/${ids.web}/correct"`);
    expect(page).not.toContain(`href="${REC}/${ids.web}/edit"`);
    expect(page).not.toContain(`href="${REC}/${ids.web}/delete"`);
    // Its evidence stays: the upload form is offered, no file's remove button.
    expect(page).toContain(`action="${REC}/${ids.web}/files"`);
    expect(page).not.toContain('class="inline remove"');
    const free = await (await coordinator.get(`${REC}/${ids.free}`)).text();
    expect(free).toContain(`href="${REC}/${ids.free}/edit"`);
    expect(free).not.toContain('/correct"');
    const ja = await (await coordinator.get(`${REC}/${ids.web}?lang=ja`)).text();
    expect(ja).toContain('によりロックされています。編集ではなく訂正してください。');
    expect(ja).toContain('>訂正</a>');
    coordinator.cookies.set('lang', 'en');
  });

  it('shows the correction form only for a locked record the user may change', async () => {
    const form = await coordinator.get(`${REC}/${ids.web}/correct`);
    expect(form.status).toBe(200);
    const html = await form.text();
    expect(html).toContain('name="reason"');
    expect(html).toContain('value="Pilot press release"');
    expect(html).toContain('Save the correction');
    expect((await coordinator.get(`${REC}/${ids.free}/correct`)).status).toBe(409);
    expect((await otherEditor.get(`${REC}/${ids.web}/correct`)).status).toBe(403);
  });

  it('sends the edit address of a locked record to its correction form; a free record keeps its edit form', async () => {
    const edit = await coordinator.get(`${REC}/${ids.web}/edit`);
    expect(edit.status).toBe(303);
    expect(edit.headers.get('location')).toBe(`${REC}/${ids.web}/correct`);
    expect((await otherEditor.get(`${REC}/${ids.web}/edit`)).status).toBe(403);
    const free = await coordinator.get(`${REC}/${ids.free}/edit`);
    expect(free.status).toBe(200);
    expect(await free.text()).toContain('value="Late addition"');
  });

  it('needs a reason, then makes the correction and withdraws the original, linked both ways', async () => {
    const form = {
      title: 'Pilot press release',
      lead_partner: 'UNIA',
      partners: 'CORPB',
      start_date: '2024-03-16',
      kind: 'press_release',
      category: 'communication',
      type: 'Other',
      status: 'Delivered',
      audiences: 'Citizens',
      outcome: 'Covered by two newspapers',
      reason: ' ',
    };
    const refused = await coordinator.post(`${REC}/${ids.web}/correct`, form);
    expect(refused.status).toBe(422);
    expect(await refused.text()).toMatch(/class="field invalid" data-field="reason"/);
    const res = await coordinator.post(`${REC}/${ids.web}/correct`, { ...form, reason: 'Sent on the 16th' });
    expect(res.status).toBe(303);
    const location = res.headers.get('location') ?? '';
    const m = /^\/p\/tide-x\/records\/activities\/([0-9a-f-]{36})\?notice=created$/.exec(location);
    expect(m).not.toBeNull();
    const correction = await (await coordinator.get(location)).text();
    expect(correction).toContain('id="record-corrects"');
    expect(correction).toContain(`href="${REC}/${ids.web}"`);
    expect(correction).toContain(`href="${REC}/${m![1]}/edit"`); // the correction is editable
    const original = await (await coordinator.get(`${REC}/${ids.web}`)).text();
    expect(original).toContain('id="record-corrected"');
    expect(original).toContain(`href="${REC}/${m![1]}"`);
    expect(original).not.toContain('/restore"'); // a withdrawn locked record is not restored
    expect((await coordinator.get(`${REC}/${ids.web}/correct`)).status).toBe(404); // withdrawn
  });
});

describe('POST /api/v1/projects/:id/activities/:recordId/corrections', () => {
  const body = (reason: string) => ({
    reason,
    record: { ...delivered('Launch video'), start_date: '2024-03-17' },
  });

  it('refuses a record no report locked (409), an empty reason (422), a body without a record (400)', async () => {
    const free = await coordinator.json('POST', `${API}/${ids.free}/corrections`, body('typo'));
    expect(free.status).toBe(409);
    expect(await free.json()).toMatchObject({ error: { code: 'not_locked' } });
    const empty = await coordinator.json('POST', `${API}/${ids.api}/corrections`, body(''));
    expect(empty.status).toBe(422);
    expect(await empty.json()).toMatchObject({
      error: { code: 'validation', details: [{ path: 'reason' }] },
    });
    const bare = await coordinator.json('POST', `${API}/${ids.api}/corrections`, { reason: 'x' });
    expect(bare.status).toBe(400);
    expect((await otherEditor.json('POST', `${API}/${ids.api}/corrections`, body('x'))).status).toBe(403);
  });

  it('answers 201 with the correction and the withdrawn original', async () => {
    const res = await coordinator.json(
      'POST',
      `${API}/${ids.api}/corrections`,
      body('Published on the 17th'),
    );
    expect(res.status).toBe(201);
    const json = (await res.json()) as {
      correction: { id: string; start_date: string; origin: string };
      original: { id: string; deleted_at: string | null };
      reportId: string;
    };
    expect(json.correction).toMatchObject({ start_date: '2024-03-17', origin: 'api' });
    expect(json.original.id).toBe(ids.api);
    expect(json.original.deleted_at).not.toBeNull();
    expect(json.reportId).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.headers.get('location')).toBe(`${API}/${json.correction.id}`);
  });
});
