/**
 * The suggestions page and API through the real app, OpenAIRE played by a loopback fake: "check now" fills the
 * inbox, accept (lead partner) / reject (reason) forms, 422 and 409 shown on the page, the failed run's notice with
 * its retry time, the JSON API (list, accept, reject), and the page in Japanese.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  createAuthTestApp,
  makeUser,
  PROJECT,
  TestClient,
  type AuthTestApp,
} from '../../../test/auth-helpers';
import { sourceCache } from '../../db/schema';
import { fixedClock } from '../../lib/clock';
import { recordingSleep, startFakeService, type FakeService } from '../testing/fake-service';
import { PRODUCTS_PATH, product, serveGraph } from './testing/graph-fixtures';

const GRANT = '101000001';
let fake: FakeService;
let t: AuthTestApp;
let coordinator: TestClient;
const page = `/p/${PROJECT}/sources/suggestions`;
const api = `/api/v1/projects/${PROJECT}/suggestions`;

beforeAll(async () => {
  fake = await startFakeService();
  t = await createAuthTestApp({
    clock: fixedClock('2026-12-02T10:00:00Z'),
    sources: {
      endpoints: { openaire: fake.url },
      sleep: recordingSleep().sleep,
      policy: { ratePerSecond: 0 },
    },
  });
  coordinator = await TestClient.signedIn(
    t,
    (await makeUser(t.db, { role: 'coordinator', name: 'Cora' })).id,
  );
});
afterAll(async () => {
  await fake?.close();
  await t?.close();
});
beforeEach(async () => {
  fake.reset();
  await t.db.delete(sourceCache);
});

const ids = (html: string) => [...html.matchAll(/data-suggestion="(\d+)"/g)].map((m) => Number(m[1]));

describe('the suggestions page', () => {
  it('says OpenAIRE was never checked, then "check now" fills the inbox', async () => {
    const empty = await (await coordinator.get(page)).text();
    expect(empty).toContain('OpenAIRE has not been checked yet');
    serveGraph(fake, { grant: GRANT, products: [1, 2, 3].map((n) => product({ n })) });
    const res = await coordinator.post(`${page}/check`);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`${page}?done=checked`);
    const html = await (await coordinator.get(`${page}?done=checked`)).text();
    expect(html).toContain('OpenAIRE checked: ok.');
    expect(ids(html)).toHaveLength(3);
    expect(html).toContain('Tidal result number 1');
    expect(html).toContain('Tanaka, Kenji; Silva, Ana');
    expect(html).toContain('https://doi.org/10.5281/tide.1');
    expect(html).toContain('https://explore.openaire.eu/search/result?id=');
  });

  it('accepts with the lead partner chosen, shows 422 and 409 on the page, rejects with a reason', async () => {
    const [a, b] = ids(await (await coordinator.get(page)).text());
    const bad = await coordinator.post(`${page}/${a}/accept`, { lead_partner: 'NOPE' });
    expect(bad.status).toBe(422);
    const badHtml = await bad.text();
    expect(badHtml).toContain('role="alert"');
    expect(badHtml).toContain('<code>lead_partner</code>');
    const ok = await coordinator.post(`${page}/${a}/accept`, { lead_partner: 'CORPB' });
    expect(ok.status).toBe(303);
    expect(ok.headers.get('location')).toBe(`${page}?done=imported`);
    const again = await coordinator.post(`${page}/${a}/accept`, { lead_partner: 'CORPB' });
    expect(again.status).toBe(409);
    expect(await again.text()).toContain('This suggestion was decided already');
    const rej = await coordinator.post(`${page}/${b}/reject`, { reason: 'A dataset of another project' });
    expect(rej.status).toBe(303);
    const html = await (await coordinator.get(`${page}?done=rejected`)).text();
    expect(html).toContain('Rejected: it will not be suggested again.');
    expect(html).toMatch(new RegExp(`data-suggestion="${a}" data-status="accepted"`));
    expect(html).toContain(`/p/${PROJECT}/records/publications/`);
    expect(html).toContain('Reason: A dataset of another project');
    expect(html).toContain('by Cora on');
    // The accepted publication's link state: linked to the grant (the next run finds it among the products).
    serveGraph(fake, { grant: GRANT, products: [1, 2, 3].map((n) => product({ n })) });
    await coordinator.post(`${page}/check`);
    const after = await (await coordinator.get(page)).text();
    expect(after).toContain('data-link-state="linked"');
    expect(ids(after.split('Decided (')[0] ?? '')).toHaveLength(1);
  });

  it('shows a failed run with its status and when it retries', async () => {
    fake.on('GET', PRODUCTS_PATH, { status: 429, headers: { 'retry-after': '3600' }, body: 'slow down' });
    await coordinator.post(`${page}/check`);
    const html = await (await coordinator.get(page)).text();
    expect(html).toContain('data-run-status="failed"');
    expect(html).toContain('rate limited: will retry later');
    expect(html).toMatch(/tried again at [^<]*11:00/);
    const ja = await (await coordinator.get(`${page}?lang=ja`)).text();
    expect(ja).toContain('OpenAIRE からの成果の候補');
    expect(ja).toContain('に再試行します');
    expect(ja).not.toContain('Waiting for a decision');
  });
});

describe('the API', () => {
  it('lists, accepts (a duplicate when the DOI is there) and rejects', async () => {
    serveGraph(fake, { grant: GRANT, products: [4, 5].map((n) => product({ n })) });
    await coordinator.post(`${page}/check`);
    const list = (await (await coordinator.json('GET', `${api}?status=suggested`)).json()) as {
      data: { id: number; doi: string; status: string; openaire: string }[];
    };
    const four = list.data.find((s) => s.doi === '10.5281/tide.4');
    const five = list.data.find((s) => s.doi === '10.5281/tide.5');
    expect(four?.status).toBe('suggested');
    const res = await coordinator.json('POST', `${api}/${four?.id}/accept`, { lead_partner: 'UNIA' });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ outcome: 'imported', suggestion: { status: 'accepted' } });
    const rej = await coordinator.json('POST', `${api}/${five?.id}/reject`);
    expect(rej.status).toBe(200);
    expect(await rej.json()).toMatchObject({ suggestion: { status: 'rejected', reason: null } });
    const stale = await coordinator.json('POST', `${api}/${five?.id}/reject`, { reason: 'x' });
    expect(stale.status).toBe(409);
    const wrong = await coordinator.json('POST', `${api}/${four?.id}/accept`, { lead_partner: 3 });
    expect(wrong.status).toBe(422);
    const bad = await coordinator.json('GET', `${api}?status=maybe`);
    expect(bad.status).toBe(400);
    // The rejection undone on the page: the suggestion waits again; a second undo is a 409.
    const reopen = await coordinator.post(`${page}/${five?.id}/reopen`);
    expect(reopen.status).toBe(303);
    expect(reopen.headers.get('location')).toBe(`${page}?done=reopened`);
    const waitingAgain = (await (await coordinator.json('GET', `${api}?status=suggested`)).json()) as {
      data: { id: number }[];
    };
    expect(waitingAgain.data.map((d) => d.id)).toContain(five?.id);
    expect((await coordinator.post(`${page}/${five?.id}/reopen`)).status).toBe(409);
  });
});
