/**
 * The Zenodo adapter against a loopback fake replaying answers in the REST API's documented shape
 * (https://developers.zenodo.org/: a record `{id, doi, conceptdoi, metadata, stats: {views, downloads, unique_views,
 * unique_downloads, version_…}, links}`; a search `{hits: {hits: [record…], total}, links: {self, next}}`).
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startFakeService, type FakeService } from '../testing/fake-service';
import { csvRows, fetchContext, zenodoRecord } from './testing';
import { zenodoAdapter, zenodoRecordId, zenodoSettings } from './zenodo';

let fake: FakeService;
beforeAll(async () => {
  fake = await startFakeService();
});
afterAll(() => fake.close());
beforeEach(() => fake.reset());

const settings = (s: Record<string, unknown>) => zenodoSettings.parse(s);

describe('Zenodo settings', () => {
  it('takes ids, Zenodo DOIs and record addresses; refuses other DOIs with the line', () => {
    const ok = settings({
      records: [
        '1234',
        '10.5281/zenodo.5678',
        'https://doi.org/10.5281/zenodo.9',
        'https://zenodo.org/records/77',
      ],
    });
    expect(ok.records.map(zenodoRecordId)).toEqual(['1234', '5678', '9', '77']);
    const bad = zenodoSettings.safeParse({ records: ['1', '10.1000/xyz'] });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.path).toEqual(['records', 1]);
    expect(zenodoSettings.safeParse({}).error?.issues[0]).toMatchObject({
      path: ['records'],
      message: 'give records, a community or both',
    });
  });

  it('names the chosen lead partner in the file; one the plan lacks fails the run with a clear message', async () => {
    fake.on('GET', '/api/records/1', { body: zenodoRecord(1, 5, 5) });
    const chosen = await zenodoAdapter.fetch(
      fetchContext(fake, settings({ records: ['1'], lead_partner: 'CORPB' })),
    );
    expect(chosen.file?.options?.defaults).toEqual({ lead_partner: 'CORPB' });
    const unknown = await zenodoAdapter.fetch(
      fetchContext(fake, settings({ records: ['1'], lead_partner: 'NOPE' })),
    );
    expect(unknown).toMatchObject({ status: 'failed', errorCode: 'client_error' });
    expect(unknown.message).toContain('"NOPE" is not a partner of the plan');
    expect(unknown.file).toBeUndefined();
  });
});

describe('Zenodo records', () => {
  it('maps each record’s stats to snapshots of its DOI, named as the stats file importer names them', async () => {
    fake.on('GET', '/api/records/1234', { body: zenodoRecord(1234, 40, 12) });
    fake.on('GET', '/api/records/5678', { body: zenodoRecord(5678, 7, 3) });
    const out = await zenodoAdapter.fetch(
      fetchContext(fake, settings({ records: ['1234', '10.5281/zenodo.5678'] })),
    );
    expect(out.status).toBe('ok');
    expect(out.items).toEqual([
      { id: '1234', status: 'found' },
      { id: '5678', status: 'found' },
    ]);
    const rows = csvRows(out.file?.content);
    expect(rows).toContain('10.5281/zenodo.1234 repository views 40 zenodo');
    expect(rows).toContain('10.5281/zenodo.1234 repository downloads 12 zenodo');
    expect(rows).toContain('10.5281/zenodo.1234 repository unique_views 39 zenodo');
    expect(rows).toContain('10.5281/zenodo.1234 repository unique_downloads 11 zenodo');
    expect(rows).toContain('10.5281/zenodo.5678 repository version_views 12 zenodo');
    expect(rows).toHaveLength(16);
    expect(out.file).toMatchObject({
      type: 'metric',
      format: 'metrics-csv',
      name: 'zenodo-2026-12-02.csv',
      options: { defaults: { lead_partner: 'UNIA' }, snapshotDate: '2026-12-02' },
    });
  });

  it('reads InvenioRDM’s nested stats (this_version, all_versions) under the same names', async () => {
    fake.on('GET', '/api/records/7', {
      body: {
        id: 7,
        doi: '10.5281/zenodo.7',
        stats: {
          this_version: { views: 9, unique_views: 8, downloads: 4, unique_downloads: 3, data_volume: 1000 },
          all_versions: {
            views: 19,
            unique_views: 18,
            downloads: 14,
            unique_downloads: 13,
            data_volume: 5000,
          },
        },
      },
    });
    const out = await zenodoAdapter.fetch(fetchContext(fake, settings({ records: ['7'] })));
    const rows = csvRows(out.file?.content);
    expect(rows).toContain('10.5281/zenodo.7 repository views 9 zenodo');
    expect(rows).toContain('10.5281/zenodo.7 repository version_unique_downloads 13 zenodo');
    expect(rows).toContain('10.5281/zenodo.7 repository data_volume 1000 zenodo');
  });

  it('lists a community over its pages (links.next), keeps its sums, and asks a listed member once', async () => {
    fake.on('GET', '/api/records', (req) => {
      const page = Number(req.query.get('page'));
      expect(req.query.get('communities')).toBe('tide-x');
      const next = `${fake.url}/api/records?communities=tide-x&size=25&page=${page + 1}`;
      return page === 1
        ? {
            body: {
              hits: { hits: [zenodoRecord(11, 10, 1), zenodoRecord(12, 20, 2)], total: 3 },
              links: { self: req.path, next },
            },
          }
        : { body: { hits: { hits: [zenodoRecord(13, 30, 3)], total: 3 }, links: { self: req.path } } };
    });
    const out = await zenodoAdapter.fetch(
      fetchContext(fake, settings({ community: 'tide-x', records: ['12'] })),
    );
    expect(out.status).toBe('ok');
    expect(out.items.map((i) => `${i.id}:${i.status}`)).toEqual([
      'community tide-x page 1:found',
      'community tide-x page 2:found',
      '12:found',
    ]);
    expect(fake.requests.map((r) => r.query.get('page'))).toEqual(['1', '2']);
    const rows = csvRows(out.file?.content);
    expect(rows).toContain('10.5281/zenodo.13 repository views 30 zenodo');
    expect(rows).toContain(`${fake.url}/communities/tide-x repository total_views 60 zenodo`);
    expect(rows).toContain(`${fake.url}/communities/tide-x repository total_downloads 6 zenodo`);
  });

  it('keeps the others when one record is missing and one fails: partial, with each item’s status', async () => {
    fake.on('GET', '/api/records/1', { body: zenodoRecord(1, 5, 5) });
    fake.on('GET', '/api/records/2', { status: 404, body: { status: 404, message: 'PID does not exist.' } });
    fake.on('GET', '/api/records/3', { status: 502, body: 'bad gateway' });
    const ctx = fetchContext(fake, settings({ records: ['1', '2', '3'] }));
    const out = await zenodoAdapter.fetch(ctx);
    expect(out.status).toBe('partial');
    expect(out.items.map((i) => `${i.id}:${i.status}`)).toEqual(['1:found', '2:not_found', '3:server_error']);
    expect(out.errorCode).toBe('server_error');
    expect(out.retryAt).toBeInstanceOf(Date);
    expect(csvRows(out.file?.content).every((r) => r.startsWith('10.5281/zenodo.1 '))).toBe(true);
    expect(ctx.waits).toEqual([1000]);
  });

  it('stops at a long 429 and comes back at its Retry-After; every 5xx is a failure to retry', async () => {
    fake.on('GET', /^\/api\/records\/\d+$/, { status: 429, headers: { 'retry-after': '600' } });
    const out = await zenodoAdapter.fetch(fetchContext(fake, settings({ records: ['1', '2'] })));
    expect(out).toMatchObject({ status: 'failed', errorCode: 'rate_limited' });
    expect(out.retryAt?.toISOString()).toBe('2026-12-02T10:10:00.000Z');
    expect(out.items[1]).toMatchObject({ id: '2', status: 'rate_limited' });
    expect(fake.requests).toHaveLength(1);
    expect(out.file).toBeUndefined();

    fake.reset();
    fake.on('GET', /^\/api\/records\/\d+$/, { status: 503, body: 'down' });
    const down = await zenodoAdapter.fetch(fetchContext(fake, settings({ records: ['1', '2'] })));
    expect(down).toMatchObject({ status: 'failed', errorCode: 'server_error' });
    expect(down.retryAt).toBeInstanceOf(Date);
  });

  it('says malformed for a body that is not JSON or lacks the stats, locating the field', async () => {
    fake.on('GET', '/api/records/1', { body: '<html>maintenance</html>' });
    fake.on('GET', '/api/records/2', { body: { id: 2, stats: { views: 'many', downloads: 1 } } });
    fake.on('GET', '/api/records/3', { body: { id: 3 } });
    const out = await zenodoAdapter.fetch(fetchContext(fake, settings({ records: ['1', '2', '3'] })));
    expect(out.status).toBe('failed');
    expect(out.items.map((i) => i.status)).toEqual(['malformed', 'malformed', 'malformed']);
    expect(out.items[1]?.message).toContain('stats.views');
    expect(out.items[2]?.message).toContain('stats');
  });

  it('sends the optional token as a bearer header; a refused token fails the run without showing it', async () => {
    const token = 'zen-TOKEN-123';
    fake.on('GET', /^\/api\/records\/\d+$/, { status: 403, body: { message: `token ${token} refused` } });
    const out = await zenodoAdapter.fetch(
      fetchContext(fake, settings({ records: ['1', '2'] }), { secret: token }),
    );
    expect(out).toMatchObject({ status: 'failed', errorCode: 'unauthorized' });
    expect(fake.requests[0]?.headers.authorization).toBe(`Bearer ${token}`);
    expect(fake.requests[0]?.path).not.toContain(token);
    expect(fake.requests).toHaveLength(1);
    expect(JSON.stringify(out)).not.toContain(token);
  });
});
