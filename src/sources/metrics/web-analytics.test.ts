/**
 * Matomo, Plausible and Umami against a loopback fake replaying answers in their documented shapes:
 * - Matomo Reporting API (https://developer.matomo.org/api-reference/reporting-api): VisitsSummary.get and
 *   Actions.get with format=JSON answer one object of columns for period=range; errors are HTTP 200
 *   `{"result":"error","message":…}`;
 * - Plausible Stats API v2 (https://plausible.io/docs/stats-api): `POST /api/v2/query` →
 *   `{results: [{metrics, dimensions}], meta, query}`; an invalid key is 401 `{error}`;
 * - Umami (https://umami.is/docs/api/website-stats): `GET /websites/:id/stats` → numbers plus `comparison`
 *   (current) or `{value, prev}` objects (older versions).
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { makePlan } from '../../../test/factories/plan';
import { startFakeService, type FakeService } from '../testing/fake-service';
import { matomoAdapter, matomoSettings } from './matomo';
import { plausibleAdapter, plausibleSettings } from './plausible';
import { csvRows, fetchContext } from './testing';
import { umamiAdapter, umamiSettings } from './umami';

let fake: FakeService;
beforeAll(async () => {
  fake = await startFakeService();
});
afterAll(() => fake.close());
beforeEach(() => fake.reset());

const TOKEN = 'matomo-TOKEN-abc123';
const SITE = 'https://tide-x.example.eu/';
const plan = makePlan({
  project: { ...makePlan().project, website: SITE },
});

const visitsSummary = {
  nb_uniq_visitors: 812,
  nb_users: 0,
  nb_visits: 1030,
  nb_actions: 2711,
  nb_visits_converted: 0,
  bounce_count: 560,
  sum_visit_length: 98110,
  max_actions: 41,
  bounce_rate: '54%',
  nb_actions_per_visit: 2.6,
  avg_time_on_site: 95,
};
const actions = {
  nb_pageviews: 2400,
  nb_uniq_pageviews: 1900,
  nb_downloads: 57,
  nb_uniq_downloads: 50,
  nb_outlinks: 120,
  nb_uniq_outlinks: 100,
  nb_searches: 3,
  nb_keywords: 3,
  avg_time_generation: 0.3,
};

function matomo(answer: (method: string) => { status?: number; body?: unknown }) {
  fake.on('POST', '/index.php', (req) => answer(req.query.get('method') ?? ''));
}

describe('Matomo', () => {
  const settings = matomoSettings.parse({ base_url: 'https://analytics.example.org/', site_id: '3' });

  it('asks running totals since the project start and maps visits, unique visitors, page views, downloads', async () => {
    matomo((m) => ({ body: m === 'VisitsSummary.get' ? visitsSummary : actions }));
    const ctx = fetchContext(fake, { ...settings, base_url: fake.url }, { secret: TOKEN, plan });
    const out = await matomoAdapter.fetch(ctx);
    expect(out.status).toBe('ok');
    expect(csvRows(out.file?.content).sort()).toEqual(
      [
        `${SITE} website visits 1030 matomo`,
        `${SITE} website unique_visitors 812 matomo`,
        `${SITE} website page_views 2400 matomo`,
        `${SITE} website downloads 57 matomo`,
      ].sort(),
    );
    const first = fake.requests[0];
    expect(first?.query.get('period')).toBe('range');
    expect(first?.query.get('date')).toBe('2024-01-01,2026-12-02');
    expect(first?.query.get('idSite')).toBe('3');
  });

  it('sends token_auth in the POST body only: never in the URL, the file or the outcome', async () => {
    matomo((m) => ({ body: m === 'VisitsSummary.get' ? visitsSummary : actions }));
    const out = await matomoAdapter.fetch(
      fetchContext(fake, { ...settings, base_url: fake.url }, { secret: TOKEN }),
    );
    for (const r of fake.requests) {
      expect(r.method).toBe('POST');
      expect(new URLSearchParams(r.body).get('token_auth')).toBe(TOKEN);
      expect(r.query.toString()).not.toContain(TOKEN);
      expect(r.query.has('token_auth')).toBe(false);
    }
    expect(JSON.stringify(out)).not.toContain(TOKEN);
  });

  it('reads a refusal answered with HTTP 200 as unauthorized: failed, nothing kept, no token shown', async () => {
    matomo(() => ({
      body: {
        result: 'error',
        message: "You can't access this resource as it requires 'view' access for the website id = 3.",
      },
    }));
    const out = await matomoAdapter.fetch(
      fetchContext(fake, { ...settings, base_url: fake.url }, { secret: TOKEN }),
    );
    expect(out).toMatchObject({ status: 'failed', errorCode: 'unauthorized' });
    expect(out.file).toBeUndefined();
    expect(fake.requests).toHaveLength(1);
    expect(out.message).toContain("requires 'view' access");
    expect(JSON.stringify(out)).not.toContain(TOKEN);
  });

  it('keeps one report when the other fails or is malformed (partial), leaves out an absent column', async () => {
    const { nb_uniq_visitors: _absent, ...withoutUniques } = visitsSummary;
    matomo((m) => (m === 'VisitsSummary.get' ? { body: withoutUniques } : { status: 500, body: 'error' }));
    const out = await matomoAdapter.fetch(
      fetchContext(fake, { ...settings, base_url: fake.url }, { secret: TOKEN }),
    );
    expect(out).toMatchObject({ status: 'partial', errorCode: 'server_error' });
    expect(csvRows(out.file?.content).map((r) => r.split(' ')[2])).toEqual(['visits']);

    fake.reset();
    matomo((m) => ({ body: m === 'VisitsSummary.get' ? [visitsSummary] : { nb_pageviews: 'lots' } }));
    const bad = await matomoAdapter.fetch(
      fetchContext(fake, { ...settings, base_url: fake.url }, { secret: TOKEN }),
    );
    expect(bad.status).toBe('failed');
    expect(bad.items.map((i) => i.status)).toEqual(['malformed', 'malformed']);
    expect(bad.items[1]?.message).toContain('nb_pageviews');

    fake.reset();
    matomo(() => ({ body: [] }));
    const empty = await matomoAdapter.fetch(
      fetchContext(fake, { ...settings, base_url: fake.url }, { secret: TOKEN }),
    );
    expect(empty.status).toBe('ok');
    expect(csvRows(empty.file?.content).map((r) => r.split(' ').slice(2, 4).join('='))).toEqual([
      'visits=0',
      'unique_visitors=0',
      'page_views=0',
      'downloads=0',
    ]);
  });
});

describe('Plausible', () => {
  const KEY = 'plausible-KEY-xyz';
  const settings = plausibleSettings.parse({ site_id: 'tide-x.example.eu', since: '2025-01-01' });

  it('posts one aggregate query with the key as bearer and maps visitors, visits, page views', async () => {
    fake.on('POST', '/api/v2/query', (req) => {
      const q = JSON.parse(req.body) as { metrics: string[] };
      return {
        body: {
          results: [
            {
              metrics: q.metrics.map((m) => ({ visitors: 640, visits: 900, pageviews: 2100 })[m]),
              dimensions: [],
            },
          ],
          meta: {},
          query: { ...q, date_range: ['2025-01-01T00:00:00Z', '2026-12-02T23:59:59Z'] },
        },
      };
    });
    const out = await plausibleAdapter.fetch(
      fetchContext(fake, { ...settings, base_url: fake.url }, { secret: KEY }),
    );
    expect(out.status).toBe('ok');
    expect(csvRows(out.file?.content)).toEqual([
      'https://tide-x.example.eu/ website visits 900 plausible',
      'https://tide-x.example.eu/ website unique_visitors 640 plausible',
      'https://tide-x.example.eu/ website page_views 2100 plausible',
    ]);
    const req = fake.requests[0];
    expect(req?.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(JSON.parse(req?.body ?? '{}')).toMatchObject({
      site_id: 'tide-x.example.eu',
      date_range: ['2025-01-01', '2026-12-02'],
    });
  });

  it('says unauthorized for 401, rate limited with Retry-After for 429, malformed for a strange body', async () => {
    fake.on('POST', '/api/v2/query', { status: 401, body: { error: 'Invalid API key or site ID.' } });
    const refused = await plausibleAdapter.fetch(
      fetchContext(fake, { ...settings, base_url: fake.url }, { secret: KEY }),
    );
    expect(refused).toMatchObject({ status: 'failed', errorCode: 'unauthorized' });

    fake.on('POST', '/api/v2/query', {
      status: 429,
      headers: { 'retry-after': '3600' },
      body: { error: 'Too many requests' },
    });
    const limited = await plausibleAdapter.fetch(
      fetchContext(fake, { ...settings, base_url: fake.url }, { secret: KEY }),
    );
    expect(limited).toMatchObject({ status: 'failed', errorCode: 'rate_limited' });
    expect(limited.retryAt?.toISOString()).toBe('2026-12-02T11:00:00.000Z');

    fake.on('POST', '/api/v2/query', { body: { results: [] } });
    const odd = await plausibleAdapter.fetch(
      fetchContext(fake, { ...settings, base_url: fake.url }, { secret: KEY }),
    );
    expect(odd).toMatchObject({ status: 'failed', errorCode: 'malformed' });
    expect(odd.items[0]?.message).toContain('results');
  });
});

describe('Umami', () => {
  const KEY = 'umami-KEY-789';
  const WEBSITE = '4f5e6a7b-1c2d-4e3f-8a9b-0c1d2e3f4a5b';

  it('reads current (numbers) and older ({value, prev}) answers, with the API key or bearer header', async () => {
    fake.on('GET', `/v1/websites/${WEBSITE}/stats`, {
      body: {
        pageviews: 3000,
        visitors: 700,
        visits: 1100,
        bounces: 400,
        totaltime: 90000,
        comparison: { pageviews: 2000, visitors: 500, visits: 800, bounces: 300, totaltime: 60000 },
      },
    });
    fake.on('GET', `/api/websites/${WEBSITE}/stats`, {
      body: {
        pageviews: { value: 30, prev: 0 },
        visitors: { value: 7, prev: 0 },
        visits: { value: 11, prev: 0 },
        bounces: { value: 4, prev: 0 },
        totaltime: { value: 900, prev: 0 },
      },
    });
    const cloud = umamiSettings.parse({ website_id: WEBSITE, auth: 'api_key', base_url: `${fake.url}/v1` });
    const out = await umamiAdapter.fetch(fetchContext(fake, cloud, { secret: KEY, plan }));
    expect(out.status).toBe('ok');
    expect(csvRows(out.file?.content)).toEqual([
      `${SITE} website visits 1100 umami`,
      `${SITE} website unique_visitors 700 umami`,
      `${SITE} website page_views 3000 umami`,
    ]);
    expect(fake.requests[0]?.headers['x-umami-api-key']).toBe(KEY);
    expect(fake.requests[0]?.query.get('startAt')).toBe(String(Date.parse('2024-01-01T00:00:00Z')));
    expect(fake.requests[0]?.query.get('endAt')).toBe(String(Date.parse('2026-12-02T10:00:00Z')));

    const selfHosted = umamiSettings.parse({ website_id: WEBSITE, base_url: `${fake.url}/api` });
    const old = await umamiAdapter.fetch(fetchContext(fake, selfHosted, { secret: KEY, plan }));
    expect(csvRows(old.file?.content)).toContain(`${SITE} website page_views 30 umami`);
    expect(fake.requests[1]?.headers.authorization).toBe(`Bearer ${KEY}`);
  });

  it('fails on 401, on 5xx with a time to retry, on a body without the counts', async () => {
    const s = umamiSettings.parse({ website_id: WEBSITE, base_url: `${fake.url}/api` });
    fake.on('GET', `/api/websites/${WEBSITE}/stats`, { status: 401, body: 'Unauthorized' });
    expect(await umamiAdapter.fetch(fetchContext(fake, s, { secret: KEY }))).toMatchObject({
      status: 'failed',
      errorCode: 'unauthorized',
    });
    fake.on('GET', `/api/websites/${WEBSITE}/stats`, { status: 503, body: 'maintenance' });
    const down = await umamiAdapter.fetch(fetchContext(fake, s, { secret: KEY }));
    expect(down).toMatchObject({ status: 'failed', errorCode: 'server_error' });
    expect(down.retryAt).toBeInstanceOf(Date);
    fake.on('GET', `/api/websites/${WEBSITE}/stats`, { body: { pageviews: 3 } });
    const odd = await umamiAdapter.fetch(fetchContext(fake, s, { secret: KEY }));
    expect(odd).toMatchObject({ status: 'failed', errorCode: 'malformed' });
    expect(odd.items[0]?.message).toContain('visitors');
  });
});
