/**
 * The DOI lookup against a loopback fake of Crossref and DataCite (answers built from their documented CSL-JSON):
 * mapping, not found, 429 with Retry-After, 5xx then success, a malformed body, the network down, the cache, the
 * mailto User-Agent.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../test/db';
import type { Database } from '../../db/client';
import { sourceCache } from '../../db/schema';
import { parseCslJson } from '../../importers/csl';
import { fixedClock } from '../../lib/clock';
import { sourceEnv } from '../env';
import { recordingSleep, startFakeService, type FakeService } from '../testing/fake-service';
import { lookupDois } from './lookup';
import { CSL, crossrefArticle, crossrefPath, datacitePath, serveDois } from './testing/recordings';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

let fake: FakeService;
let database: Database;
const clock = fixedClock('2026-12-02T10:00:00Z');

beforeAll(async () => {
  fake = await startFakeService();
  database = await createTestDatabase();
});
afterAll(async () => {
  await fake.close();
  await database.close();
});
beforeEach(async () => {
  fake.reset();
  await database.db.delete(sourceCache);
});

const envOf = (o: { sleep?: (ms: number) => Promise<void>; url?: string } = {}) =>
  sourceEnv({
    db: database.db,
    clock,
    deps: {
      endpoints: { crossref: o.url ?? fake.url, datacite: o.url ?? fake.url },
      contact: 'dissemination@example.org',
      sleep: o.sleep ?? recordingSleep().sleep,
    },
  });

const ARTICLE = '10.1016/j.oceaneng.2025.118';
const DATASET = '10.5281/zenodo.8226636';
const NOWHERE = '10.9999/nothing';

describe('lookupDois', () => {
  it('maps a Crossref article and a DataCite dataset; neither knowing a DOI is not_found', async () => {
    serveDois(fake, {
      crossref: { [ARTICLE]: 'Tidal <i>energy</i> in small harbours' },
      datacite: { [DATASET]: 'Harbour sensor readings' },
    });
    const out = await lookupDois(envOf(), [ARTICLE, DATASET, NOWHERE], {
      today: '2026-12-02',
      defaults: { lead_partner: 'UNIA' },
    });
    expect(out.items).toEqual([
      { id: ARTICLE, status: 'found', agency: 'crossref', title: 'Tidal energy in small harbours' },
      { id: DATASET, status: 'found', agency: 'datacite', title: 'Harbour sensor readings' },
      { id: NOWHERE, status: 'not_found', message: `${NOWHERE}: neither Crossref nor DataCite knows it` },
    ]);
    expect(out.status).toBe('ok');
    // Crossref first, DataCite only on its 404; content negotiation for CSL-JSON both times.
    expect(fake.requests.map((r) => r.path)).toEqual([
      crossrefPath(ARTICLE),
      crossrefPath(DATASET),
      datacitePath(DATASET),
      crossrefPath(NOWHERE),
      datacitePath(NOWHERE),
    ]);
    for (const r of fake.requests) expect(r.headers.accept).toBe(CSL);
    expect(fake.requests[0]?.headers['user-agent']).toContain('mailto:dissemination@example.org');

    expect(out.file).toMatchObject({
      type: 'publication',
      format: 'csl-json',
      name: 'doi-lookup-2026-12-02.json',
      options: { defaults: { lead_partner: 'UNIA' } },
    });
    // What the CSL importer makes of the file: the rows a file import would have.
    const dir = await mkdtemp(join(tmpdir(), 'doi-test-'));
    await writeFile(join(dir, 'f.json'), out.file?.content ?? '');
    const parsed = await parseCslJson(join(dir, 'f.json'), { defaults: { lead_partner: 'UNIA' } });
    const rows = [];
    for await (const batch of parsed.batches) rows.push(...batch);
    expect(rows.map((r) => r.input)).toEqual([
      expect.objectContaining({
        type: 'journal_article',
        title: 'Tidal energy in small harbours',
        doi: ARTICLE,
        venue: 'Ocean Engineering',
        publisher: 'Elsevier BV',
        volume: '311',
        pages: '118-131',
        date: '2025-03-15',
        issn: '0029-8018',
        peer_reviewed: true,
        open_access: 'gold',
        licence: 'CC-BY-4.0',
        lead_partner: 'UNIA',
        authors: [{ name: 'Silva, Ana' }, { name: 'Sato, Kenji' }],
      }),
      expect.objectContaining({
        type: 'other',
        title: 'Harbour sensor readings',
        doi: DATASET,
        publisher: 'Zenodo',
        date: '2024-06-01',
        date_precision: 'month',
        authors: [{ name: 'Silva, Ana' }, { name: 'Tide-X Consortium' }],
      }),
    ]);
    expect(rows.every((r) => r.errors.length === 0)).toBe(true);
  });

  it('waits for a short Retry-After on 429; a long one is rate_limited with a time to retry', async () => {
    fake.on('GET', crossrefPath(ARTICLE), [
      { status: 429, headers: { 'retry-after': '2' }, body: { message: 'slow down' } },
      crossrefArticle(ARTICLE, 'A'),
    ]);
    const { sleep, waits } = recordingSleep();
    const ok = await lookupDois(envOf({ sleep }), [ARTICLE], { today: '2026-12-02' });
    expect(ok.items[0]?.status).toBe('found');
    expect(waits).toContain(2000);

    fake.on('GET', crossrefPath(DATASET), { status: 429, headers: { 'retry-after': '3600' } });
    const later = await lookupDois(envOf(), [DATASET], { today: '2026-12-02' });
    expect(later.items[0]).toMatchObject({ status: 'rate_limited' });
    expect(later.items[0]?.retryAt?.toISOString()).toBe('2026-12-02T11:00:00.000Z');
    expect(later).toMatchObject({ status: 'failed', errorCode: 'rate_limited' });
    expect(later.file).toBeUndefined();
    // DataCite is not asked while Crossref cannot say whether it knows the DOI.
    expect(fake.requests.some((r) => r.path.startsWith('/dois/'))).toBe(false);
  });

  it('retries a 5xx and takes the answer that follows', async () => {
    fake.on('GET', crossrefPath(ARTICLE), [{ status: 503, body: 'busy' }, crossrefArticle(ARTICLE, 'A')]);
    const { sleep, waits } = recordingSleep();
    const out = await lookupDois(envOf({ sleep }), [ARTICLE], { today: '2026-12-02' });
    expect(out.items[0]?.status).toBe('found');
    expect(waits).toContain(1000);
  });

  it('says malformed for an answer that is not CSL-JSON, and keeps the other DOIs (partial)', async () => {
    serveDois(fake, { crossref: { [ARTICLE]: 'A' } });
    fake.on('GET', crossrefPath(DATASET), { body: '<html>maintenance</html>' });
    fake.on('GET', crossrefPath(NOWHERE), { body: ['not', 'an', 'item'] });
    const out = await lookupDois(envOf(), [ARTICLE, DATASET, NOWHERE], { today: '2026-12-02' });
    expect(out.items.map((i) => i.status)).toEqual(['found', 'malformed', 'malformed']);
    expect(out.status).toBe('partial');
    expect(JSON.parse(out.file?.content ?? '[]')).toHaveLength(1);
  });

  it('says network for a service that does not answer, with a time to retry', async () => {
    const closed = await startFakeService();
    const url = closed.url;
    await closed.close();
    const out = await lookupDois(envOf({ url }), [ARTICLE, DATASET], { today: '2026-12-02' });
    expect(out.items.map((i) => i.status)).toEqual(['network', 'network']);
    expect(out.items[0]?.retryAt).toBeInstanceOf(Date);
    expect(out).toMatchObject({ status: 'failed', errorCode: 'network' });
    expect(out.retryAt).toBeInstanceOf(Date);
  });

  it('keeps answers: a second lookup asks nothing (found for 30 days, not found for a day)', async () => {
    serveDois(fake, { crossref: { [ARTICLE]: 'A' } });
    await lookupDois(envOf(), [ARTICLE, NOWHERE], { today: '2026-12-02' });
    expect(fake.requests).toHaveLength(3);
    const again = await lookupDois(envOf(), [ARTICLE, NOWHERE], { today: '2026-12-02' });
    expect(again.items.map((i) => i.status)).toEqual(['found', 'not_found']);
    expect(fake.requests).toHaveLength(3);
    clock.advance(2 * 24 * 60 * 60 * 1000);
    try {
      await lookupDois(envOf(), [ARTICLE, NOWHERE], { today: '2026-12-04' });
      // The not-found answers expired (asked again at both services); the article's is still kept.
      expect(fake.requests).toHaveLength(5);
    } finally {
      clock.set('2026-12-02T10:00:00Z');
    }
  });
});
