import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../auth/permissions';
import { createToken, revokeToken } from '../auth/tokens';
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
import { KIND_SLUGS } from './kinds';

let t: AuthTestApp & { filesDir: string };
let clients: Record<Who, TestClient>;
let tokenA: string;
let readTokenA: string;
const base = `/api/v1/projects/${PROJECT}`;
const system = systemActor('test');

beforeAll(async () => {
  t = await createRecordsTestApp();
  clients = await clientsFor(t);
  const make = async (access: 'read' | 'write') =>
    (
      await createToken(t.db, {
        actor: system,
        projectId: PROJECT,
        input: { name: `api-${access}`, partnerCode: PARTNER_A, access },
      })
    ).token;
  tokenA = await make('write');
  readTokenA = await make('read');
});
afterAll(async () => {
  await t?.close();
});

type Body = Record<string, unknown>;

/** A JSON request with a bearer token. */
function api(
  method: string,
  path: string,
  opts: { token?: string; body?: unknown; headers?: Record<string, string> } = {},
) {
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  return t.app.request(`${base}${path}`, {
    method,
    headers,
    body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
  });
}

/** A JSON request from a signed-in browser session (cookie + CSRF header). */
function asMember(
  who: Who,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
) {
  const c = clients[who];
  return t.app.request(`${base}${path}`, {
    method,
    headers: {
      cookie: c.cookieHeader,
      'x-csrf-token': c.csrf ?? '',
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...headers,
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

const errorOf = async (res: Response) =>
  ((await res.json()) as { error: { code: string; details: { path?: string }[] } }).error;

describe('records API', () => {
  it.each(RECORD_TYPES)('creates, lists, reads and updates a %s', async (type) => {
    const slug = KIND_SLUGS[type];
    const created = await api('POST', `/${slug}`, {
      token: tokenA,
      body: recordInput(type, { lead_partner: PARTNER_A }),
    });
    expect(created.status).toBe(201);
    const record = (await created.json()) as Body;
    expect(created.headers.get('etag')).toBe('"1"');
    expect(created.headers.get('location')).toBe(`${base}/${slug}/${String(record.id)}`);
    expect(record).toMatchObject({ record_type: type, origin: 'api', lead_partner: PARTNER_A, version: 1 });

    const list = (await (
      await api('GET', `/${slug}?partner=${PARTNER_A}&page_size=5`, { token: readTokenA })
    ).json()) as Body;
    expect(list).toMatchObject({ page: 1, page_size: 5 });
    expect((list.data as Body[]).map((r) => r.id)).toContain(record.id);

    const got = await api('GET', `/${slug}/${String(record.id)}`, { token: readTokenA });
    expect(await got.json()).toEqual(record);

    const patched = await api('PATCH', `/${slug}/${String(record.id)}`, {
      token: tokenA,
      body: { partners: [PARTNER_B] },
      headers: { 'if-match': '"1"' },
    });
    expect(patched.status).toBe(200);
    expect(patched.headers.get('etag')).toBe('"2"');
  });

  it('scopes tokens and members to their partner, and stops a revoked token at once', async () => {
    const eventB = recordInput('event', { lead_partner: PARTNER_B });
    expect((await api('POST', '/events', { token: tokenA, body: eventB })).status).toBe(403);
    expect((await api('POST', '/events', { token: readTokenA, body: recordInput('event') })).status).toBe(
      403,
    );
    expect((await asMember('viewer', 'POST', '/events', recordInput('event'))).status).toBe(403);
    expect((await api('GET', '/events')).status).toBe(401);

    const a = (await (await asMember('editorA', 'POST', '/events', recordInput('event'))).json()) as Body;
    const byB = await asMember('editorB', 'PATCH', `/events/${String(a.id)}`, { city: 'Oslo', version: 1 });
    expect(byB.status).toBe(403);
    expect((await errorOf(byB)).code).toBe('forbidden');
    expect((await asMember('editorB', 'DELETE', `/events/${String(a.id)}`)).status).toBe(403);

    const { token, row } = await createToken(t.db, {
      actor: system,
      projectId: PROJECT,
      input: { name: 'soon revoked', partnerCode: PARTNER_A, access: 'write' },
    });
    expect((await api('GET', '/events', { token })).status).toBe(200);
    await revokeToken(t.db, { actor: system, projectId: PROJECT, tokenId: row.id });
    const revoked = await api('GET', '/events', { token });
    expect(revoked.status).toBe(401);
    expect(revoked.headers.get('www-authenticate')).toBe('Bearer');
    expect((await errorOf(revoked)).code).toBe('unauthenticated');
  });

  it('answers invalid input in the one error shape, each problem at its field', async () => {
    const res = await api('POST', '/activities', {
      token: tokenA,
      body: recordInput('activity', { start_date: 'soon', audiences: ['Martians'], colour: 'red' } as never),
    });
    expect(res.status).toBe(422);
    const error = await errorOf(res);
    expect(error.code).toBe('validation');
    expect(error.details.map((d) => d.path)).toEqual(
      expect.arrayContaining(['start_date', 'audiences.0', 'colour']),
    );

    const notJson = await t.app.request(`${base}/activities`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tokenA}`, 'content-type': 'application/json' },
      body: '{nope',
    });
    expect(notJson.status).toBe(400);
    expect((await errorOf(notJson)).code).toBe('bad_request');
    expect((await api('GET', '/events/not-a-uuid', { token: tokenA })).status).toBe(404);
  });

  it('needs the version to update and refuses a stale one (409)', async () => {
    const r = (await (
      await api('POST', '/synergies', {
        token: tokenA,
        body: recordInput('synergy', { lead_partner: PARTNER_A }),
      })
    ).json()) as Body;
    const path = `/synergies/${String(r.id)}`;
    expect((await api('PATCH', path, { token: tokenA, body: { outcome: 'x' } })).status).toBe(428);
    expect((await api('PATCH', path, { token: tokenA, body: { outcome: 'first', version: 1 } })).status).toBe(
      200,
    );
    const stale = await api('PATCH', path, {
      token: tokenA,
      body: { outcome: 'second' },
      headers: { 'if-match': '"1"' },
    });
    expect(stale.status).toBe(409);
    expect((await errorOf(stale)).code).toBe('conflict');
    // null clears an optional field
    const cleared = (await (
      await api('PATCH', path, { token: tokenA, body: { outcome: null, version: 2 } })
    ).json()) as Body;
    expect(cleared.outcome).toBeUndefined();
  });

  it('soft-deletes; a coordinator lists the deleted and restores them', async () => {
    const r = (await (
      await api('POST', '/metrics', {
        token: tokenA,
        body: recordInput('metric', { lead_partner: PARTNER_A, channel: 'https://x.com/deleted' }),
      })
    ).json()) as Body;
    const path = `/metrics/${String(r.id)}`;
    expect((await api('DELETE', path, { token: tokenA, headers: { 'if-match': '"1"' } })).status).toBe(204);
    expect((await api('GET', path, { token: tokenA })).status).toBe(404);
    const live = (await (await api('GET', '/metrics?q=x.com/deleted', { token: tokenA })).json()) as Body;
    expect(live.total).toBe(0);
    expect((await asMember('editorA', 'GET', '/metrics?deleted=only')).status).toBe(403);
    const bin = (await (
      await asMember('coordinator', 'GET', '/metrics?deleted=only&q=deleted')
    ).json()) as Body;
    expect((bin.data as Body[]).map((x) => x.id)).toEqual([r.id]);
    expect((await asMember('editorA', 'POST', `${path}/restore`)).status).toBe(403);
    expect((await asMember('coordinator', 'POST', `${path}/restore`)).status).toBe(200);
    expect((await api('GET', path, { token: tokenA })).status).toBe(200);
  });

  it('takes manual KPI values and deliverable status', async () => {
    const value = {
      lead_partner: PARTNER_A,
      kpi_code: 'visitors',
      value: 900,
      date: '2024-09-30',
      evidence: 'report.pdf',
    };
    expect((await api('POST', '/kpi-values', { token: tokenA, body: value })).status).toBe(201);
    const late = await asMember('coordinator', 'PUT', '/deliverables/D1.1', {
      status: 'Submitted',
      submitted_on: '2024-05-02',
    });
    expect(late.status).toBe(422);
    expect((await errorOf(late)).details.map((d) => d.path)).toEqual(['justification']);
    expect((await asMember('editorA', 'PUT', '/deliverables/D1.1', { status: 'Draft' })).status).toBe(403);
    const ok = await asMember('coordinator', 'PUT', '/deliverables/D1.1', {
      status: 'Submitted',
      submitted_on: '2024-05-02',
      justification: 'Waited for the pilot photos',
    });
    expect(await ok.json()).toMatchObject({
      code: 'D1.1',
      status: 'Submitted',
      late: true,
      due_date: '2024-03-31',
    });
    const all = (await (await api('GET', '/deliverables', { token: readTokenA })).json()) as { data: Body[] };
    expect(all.data[0]).toMatchObject({ code: 'D1.1', status: 'Submitted' });
  });

  it('serves the OpenAPI document publicly', async () => {
    const res = await t.app.request('/api/openapi.json');
    expect(res.status).toBe(200);
    expect(((await res.json()) as Body).openapi).toBe('3.1.0');
  });
});

describe('evidence files', () => {
  let eventPath: string;
  beforeAll(async () => {
    const r = (await (
      await api('POST', '/events', { token: tokenA, body: recordInput('event', { lead_partner: PARTNER_A }) })
    ).json()) as Body;
    eventPath = `/events/${String(r.id)}`;
  });

  const upload = (name: string, bytes: Uint8Array, type = '', token = tokenA) => {
    const form = new FormData();
    form.set('file', new File([new Uint8Array(bytes)], name, type ? { type } : {}));
    return t.app.request(`${base}${eventPath}/files`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
      body: form,
    });
  };

  it('stores a photo and serves it as an attachment, sandboxed, with the sniffed type', async () => {
    const png = tinyPng();
    const res = await upload('stand photo.png', png, 'image/png');
    expect(res.status).toBe(201);
    const file = (await res.json()) as Body;
    expect(file).toMatchObject({ content_type: 'image/png', size: png.length, file_name: 'stand photo.png' });
    const list = (await (await api('GET', `${eventPath}/files`, { token: readTokenA })).json()) as {
      data: Body[];
    };
    expect(list.data.map((f) => f.id)).toEqual([file.id]);

    const got = await asMember('viewer', 'GET', `/files/${String(file.id)}`);
    expect(got.status).toBe(200);
    expect(got.headers.get('content-type')).toBe('image/png');
    expect(got.headers.get('content-disposition')).toMatch(/^attachment; filename="stand photo.png"/);
    expect(got.headers.get('x-content-type-options')).toBe('nosniff');
    expect(got.headers.get('content-security-policy')).toMatch(/^sandbox/);
    expect(Buffer.from(await got.arrayBuffer()).equals(png)).toBe(true);
    const inline = await t.app.request(`/p/${PROJECT}/files/${String(file.id)}?inline=1`, {
      headers: { cookie: clients.viewer.cookieHeader },
    });
    expect(inline.headers.get('content-disposition')).toMatch(/^inline/);
  });

  it('refuses what is not an accepted file, or does not match its name', async () => {
    const html = new TextEncoder().encode('<html><script>alert(1)</script></html>');
    const fake = await upload('photo.jpg', html, 'image/jpeg');
    expect(fake.status).toBe(415);
    expect((await errorOf(fake)).code).toBe('file_type');
    const renamed = await upload('photo.jpg', tinyPng(), 'image/jpeg');
    expect(renamed.status).toBe(415);
    expect((await errorOf(renamed)).code).toBe('file_mismatch');
    expect((await upload('empty.png', new Uint8Array(0))).status).toBe(422);
    const big = new Uint8Array(20 * 1024 * 1024 + 1);
    big.set(tinyPng());
    expect((await upload('huge.png', big)).status).toBe(413);
  });

  it('lets only the record’s writers add or remove files', async () => {
    const form = new FormData();
    form.set('file', new File([new Uint8Array(tinyPng())], 'b.png'));
    const byB = await t.app.request(`${base}${eventPath}/files`, {
      method: 'POST',
      headers: { cookie: clients.editorB.cookieHeader, 'x-csrf-token': clients.editorB.csrf ?? '' },
      body: form,
    });
    expect(byB.status).toBe(403);
    const file = (await (await upload('a.png', tinyPng(2))).json()) as Body;
    expect((await asMember('editorB', 'DELETE', `/files/${String(file.id)}`)).status).toBe(403);
    expect(existsSync(join(t.filesDir, String(file.sha256)))).toBe(true);
    expect((await api('DELETE', `/files/${String(file.id)}`, { token: tokenA })).status).toBe(204);
    // Removed from disk too: nothing else uses these bytes.
    expect(existsSync(join(t.filesDir, String(file.sha256)))).toBe(false);
    expect((await api('GET', `/files/${String(file.id)}`, { token: tokenA })).status).toBe(404);
  });
});
