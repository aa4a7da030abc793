import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuthTestApp, TestClient } from '../../test/auth-helpers';
import { recordInput } from '../../test/factories/records';
import {
  clientsFor,
  createRecordsTestApp,
  PARTNER_A,
  PARTNER_B,
  PROJECT,
  tinyPng,
  type Who,
} from '../../test/records';
import { RECORD_TYPES } from '../plan/schema';
import { recordToForm, type FormValues } from './form-input';
import { KIND_SLUGS, type RecordKind } from './kinds';

let t: AuthTestApp;
let clients: Record<Who, TestClient>;
beforeAll(async () => {
  t = await createRecordsTestApp();
  clients = await clientsFor(t);
});
afterAll(async () => {
  await t?.close();
});

const base = (kind: RecordKind) => `/p/${PROJECT}/records/${KIND_SLUGS[kind]}`;

/** Posts a form the way a browser does (checkbox groups repeat their name), with the session's CSRF token. */
async function postForm(
  who: Who,
  path: string,
  values: FormValues,
  headers: Record<string, string> = {},
): Promise<Response> {
  const c = clients[who];
  const body = new URLSearchParams();
  for (const [k, v] of Object.entries(values))
    for (const item of Array.isArray(v) ? v : [v]) body.append(k, item);
  body.set('_csrf', await c.csrfToken());
  return t.app.request(path, {
    method: 'POST',
    headers: { cookie: c.cookieHeader, 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: body.toString(),
  });
}

const page = async (who: Who, path: string) => {
  const res = await clients[who].get(path);
  return { status: res.status, html: await res.text() };
};

/** The HTML of the field block `data-field="<name>"` of a form. */
const fieldBlock = (html: string, field: string): string =>
  new RegExp(
    `<(?:div|fieldset) class="field[^"]*" data-field="${field}">([\\s\\S]*?)</(?:div|fieldset)>`,
  ).exec(html)?.[0] ?? '';

/** Creates a record through the form; returns its page path. */
async function createByForm(who: Who, kind: RecordKind, input: Record<string, unknown>): Promise<string> {
  const res = await postForm(who, base(kind), recordToForm(kind, input));
  expect(res.status, await res.clone().text()).toBe(303);
  return (res.headers.get('location') ?? '').replace(/\?.*$/, '');
}

describe('record pages', () => {
  it.each(RECORD_TYPES)('adds, shows, edits and deletes a %s through the forms', async (kind) => {
    const form = await page('editorA', `${base(kind)}/new`);
    expect(form.status).toBe(200);
    const path = await createByForm('editorA', kind, recordInput(kind, { lead_partner: PARTNER_A }));
    const shown = await page('viewer', path);
    expect(shown.status).toBe(200);
    expect(shown.html).toContain('History');
    expect(shown.html).toContain('record.create');

    const edit = await page('editorA', `${path}/edit`);
    expect(edit.html).toContain('name="version" value="1"');
    const values = recordToForm(kind, recordInput(kind, { lead_partner: PARTNER_A }));
    const saved = await postForm('editorA', path, { ...values, version: '1' });
    expect(saved.status).toBe(303);

    const confirm = await page('editorA', `${path}/delete`);
    expect(confirm.html).toContain('name="version" value="2"');
    expect((await postForm('editorA', `${path}/delete`, { version: '2' })).status).toBe(303);
    expect((await page('viewer', path)).status).toBe(404);
  });

  it('re-renders a refused form with the values and each problem beside its field (422)', async () => {
    const values = recordToForm(
      'event',
      recordInput('event', { lead_partner: PARTNER_A, name: 'Keep my name' }),
    );
    const res = await postForm('editorA', base('event'), {
      ...values,
      start_date: '2031-02-01',
      participants: 'many',
      country: 'Spain',
      roles: [],
    });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('value="Keep my name"');
    for (const field of ['start_date', 'participants', 'country', 'roles'])
      expect(fieldBlock(html, field), field).toMatch(/class="field invalid"[\s\S]*class="field-error"/);
    expect(fieldBlock(html, 'participants')).toContain('&quot;many&quot; is not a number');
    expect(fieldBlock(html, 'city')).not.toContain('field-error');
  });

  it('takes a publication’s licence on the form, stores it normalised and shows it (en, ja)', async () => {
    const input = recordInput('publication', { lead_partner: PARTNER_A, title: 'Licensed paper' });
    const refused = await postForm('editorA', base('publication'), {
      ...recordToForm('publication', input),
      licence: 'all rights reserved',
    });
    expect(refused.status).toBe(422);
    const html = await refused.text();
    expect(html).toContain('value="all rights reserved"');
    expect(fieldBlock(html, 'licence')).toContain('is not a licence');
    const path = await createByForm('editorA', 'publication', {
      ...input,
      licence: 'https://creativecommons.org/licenses/by/4.0/',
    });
    const shown = await page('viewer', path);
    expect(shown.html).toContain('Licence');
    expect(shown.html).toContain('CC-BY-4.0');
    expect((await page('viewer', `${path}?lang=ja`)).html).toContain('ライセンス');
    const form = await page('editorA', `${path}/edit?lang=ja`);
    expect(fieldBlock(form.html, 'licence')).toContain('value="CC-BY-4.0"');
    expect(fieldBlock(form.html, 'licence')).toContain('CC-BY-4.0 のような識別子');
    // The language is a cookie: back to English for the tests after this one.
    await page('viewer', `${path}?lang=en`);
    await page('editorA', `${path}/edit?lang=en`);
  });

  it('shows another partner’s records read-only, and the server refuses their changes anyway', async () => {
    const path = await createByForm(
      'editorA',
      'synergy',
      recordInput('synergy', { lead_partner: PARTNER_A, initiative: 'Only A edits' }),
    );
    const asB = await page('editorB', path);
    expect(asB.html).toContain('Read-only');
    expect(asB.html).not.toContain(`${path}/edit`);
    const list = await page('editorB', `${base('synergy')}?q=only+a+edits`);
    expect(list.html).toContain('Only A edits');
    expect(list.html).not.toContain(`${path}/edit`);
    expect((await page('editorA', `${base('synergy')}?q=only+a+edits`)).html).toContain(`${path}/edit`);
    expect((await page('editorB', `${path}/edit`)).status).toBe(403);
    const values = recordToForm('synergy', recordInput('synergy', { lead_partner: PARTNER_A }));
    expect((await postForm('editorB', path, { ...values, version: '1' })).status).toBe(403);
    expect((await postForm('editorB', `${path}/delete`, {})).status).toBe(403);
    expect((await postForm('viewer', base('synergy'), values)).status).toBe(403);
    // An editor of B cannot make a record led by A.
    expect((await postForm('editorB', base('synergy'), values)).status).toBe(403);
  });

  it('tells of a conflicting change (409) and keeps what was typed', async () => {
    const path = await createByForm(
      'coordinator',
      'activity',
      recordInput('activity', { title: 'Conflicted' }),
    );
    const values = recordToForm('activity', recordInput('activity', { title: 'Conflicted' }));
    expect((await postForm('coordinator', path, { ...values, outcome: 'first', version: '1' })).status).toBe(
      303,
    );
    const stale = await postForm('coordinator', path, { ...values, outcome: 'mine', version: '1' });
    expect(stale.status).toBe(409);
    const html = await stale.text();
    expect(html).toContain('Someone changed this record');
    expect(html).toContain('mine');
  });

  it('filters, searches (htmx swaps only the table) and works in Japanese', async () => {
    await createByForm(
      'coordinator',
      'event',
      recordInput('event', { name: 'Hackathon in Osaka', kind: 'hackathon', lead_partner: PARTNER_B }),
    );
    await createByForm(
      'coordinator',
      'event',
      recordInput('event', { name: 'Workshop in Porto', kind: 'workshop', status: 'planned' }),
    );
    const byKind = await page('viewer', `${base('event')}?kind=hackathon`);
    expect(byKind.html).toContain('Hackathon in Osaka');
    expect(byKind.html).not.toContain('Workshop in Porto');
    expect((await page('viewer', `${base('event')}?partner=${PARTNER_B}&status=attended`)).html).toContain(
      'Hackathon in Osaka',
    );
    const fragment = await clients.viewer.get(`${base('event')}?q=osaka`, {
      'hx-request': 'true',
      'hx-target': 'records-table',
    });
    const html = await fragment.text();
    expect(html.startsWith('<div id="records-table">')).toBe(true);
    expect(html).toContain('Hackathon in Osaka');
    expect(html).not.toContain('Workshop in Porto');
    const full = await page('viewer', base('event'));
    expect(full.html).toContain('hx-trigger="keyup changed delay:300ms, search"');
    const ja = await page('viewer', `${base('event')}?lang=ja&q=osaka`);
    expect(ja.html).toContain('<html lang="ja">');
    expect(ja.html).toContain('ハッカソン');
  });

  it('uploads evidence from the record page and refuses a disguised file beside the field', async () => {
    const path = await createByForm('editorA', 'event', recordInput('event', { name: 'Photo fair' }));
    const send = (name: string, bytes: Uint8Array, type: string) => {
      const form = new FormData();
      form.set('_csrf', clients.editorA.csrf ?? '');
      form.set('file', new File([new Uint8Array(bytes)], name, { type }));
      return t.app.request(`${path}/files`, {
        method: 'POST',
        headers: { cookie: clients.editorA.cookieHeader },
        body: form,
      });
    };
    const ok = await send('booth.png', tinyPng(), 'image/png');
    expect(ok.status).toBe(303);
    const shown = await page('viewer', path);
    expect(shown.html).toMatch(/<img src="\/p\/tide-x\/files\/[0-9a-f-]+\?inline=1" alt="booth.png"/);
    const fake = await send('booth.jpg', new TextEncoder().encode('<!doctype html><p>hi'), 'image/jpeg');
    expect(fake.status).toBe(415);
    expect(await fake.text()).toMatch(
      /class="field-error" id="err-file"[^>]*>This kind of file is not accepted/,
    );
  });

  it('sets deliverable status (coordinators) and asks why when late', async () => {
    const late = await postForm('coordinator', `/p/${PROJECT}/records/deliverables/D1.1`, {
      status: 'Submitted',
      submitted_on: '2024-06-01',
    });
    expect(late.status).toBe(422);
    expect(await late.text()).toContain('say why');
    const ok = await postForm('coordinator', `/p/${PROJECT}/records/deliverables/D1.1`, {
      status: 'Submitted',
      submitted_on: '2024-06-01',
      justification: 'Pilot delayed',
    });
    expect(ok.status).toBe(303);
    const shown = await page('viewer', `/p/${PROJECT}/records/deliverables`);
    expect(shown.html).toContain('Pilot delayed');
    expect(
      (await postForm('editorA', `/p/${PROJECT}/records/deliverables/D1.1`, { status: 'Draft' })).status,
    ).toBe(403);
  });

  it('links the dashboard drill-down rows to the record pages, and shows the Records tab to members', async () => {
    const path = await createByForm(
      'coordinator',
      'publication',
      recordInput('publication', { doi: '10.1000/drill-1' }),
    );
    const drill = await page('viewer', `/p/${PROJECT}/dashboard/kpis/papers?to=2025-12-31`);
    expect(drill.html).toContain(`href="${path}"`);
    expect(drill.html).toContain(`href="/p/${PROJECT}/records"`);
    const anonymous = await t.app.request(`/p/${PROJECT}`);
    expect(await anonymous.text()).not.toContain(`href="/p/${PROJECT}/records"`);
  });
});
