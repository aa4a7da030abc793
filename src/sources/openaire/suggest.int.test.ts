/**
 * OpenAIRE's run against a loopback fake of the Graph API (graph-fixtures.ts, from the documented format): cursor
 * paging over three pages, the inbox rows and their CSL items, a rejection remembered across runs, 429 with a long
 * Retry-After, 5xx, a malformed page, pages kept when a later one fails, and the publications' link states.
 */
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../test/db';
import { makePlan } from '../../../test/factories/plan';
import { recordInput } from '../../../test/factories/records';
import { systemActor } from '../../auth/permissions';
import type { Database } from '../../db/client';
import { openaireLinkChecks, sourceCache, suggestedOutputs } from '../../db/schema';
import { fixedClock } from '../../lib/clock';
import type { Plan } from '../../plan/schema';
import { importPlan } from '../../projects/service';
import { createRecord } from '../../records/service';
import { sourceEnv } from '../env';
import { recordingSleep, startFakeService, type FakeService } from '../testing/fake-service';
import { rejectSuggestion } from './inbox-service';
import { grantsToAsk, runOpenaireSuggest, type OpenaireRun } from './suggest';
import { product, PRODUCTS_PATH, searchPage, serveGraph } from './testing/graph-fixtures';

const PROJECT = 'tide-x';
const GRANT = '101000001';
const clock = fixedClock('2026-12-02T10:00:00Z');
const actor = systemActor('test');
let fake: FakeService;
let database: Database;
let plan: Plan;

beforeAll(async () => {
  fake = await startFakeService();
  database = await createTestDatabase();
  plan = makePlan();
  await importPlan(database.db, {
    plan,
    sourceText: JSON.stringify(plan),
    sourceName: 'p.yaml',
    actor: 'cli:test',
  });
});
afterAll(async () => {
  await fake.close();
  await database.close();
});
beforeEach(async () => {
  fake.reset();
  await database.db.delete(sourceCache);
});

function run(o: Partial<OpenaireRun> = {}) {
  const { sleep } = recordingSleep();
  const env = sourceEnv({
    db: database.db,
    clock,
    deps: { endpoints: { openaire: fake.url }, sleep, policy: { ratePerSecond: 0 } },
  });
  return runOpenaireSuggest(database.db, {
    projectId: PROJECT,
    plan,
    settings: {},
    env,
    actor,
    dryRun: false,
    clock,
    ...o,
  });
}

const rows = (status?: string) =>
  database.db
    .select()
    .from(suggestedOutputs)
    .where(
      and(eq(suggestedOutputs.projectId, PROJECT), status ? eq(suggestedOutputs.status, status) : undefined),
    );

const five = [1, 2, 3, 4, 5].map((n) => product({ n }));

describe('the grant', () => {
  it('is asked as OpenAIRE names it: the grant number and the funder short name', () => {
    expect(grantsToAsk(plan, {})).toEqual([{ code: GRANT, funder: 'EC' }]);
    expect(grantsToAsk(plan, { grants: ['X1'], funder: 'FCT' })).toEqual([{ code: 'X1', funder: 'FCT' }]);
  });
});

describe('runOpenaireSuggest', () => {
  it('follows nextCursor over three pages, stops at the end, and fills the inbox', async () => {
    serveGraph(fake, { grant: GRANT, products: five, perPage: 2 });
    const end = await run();
    expect(end).toMatchObject({ status: 'ok', items: 5, imported: 5, duplicates: 0, invalid: 0 });
    const asked = fake.requests.filter((r) => r.path === PRODUCTS_PATH && r.query.get('relProjectCode'));
    expect(asked.map((r) => r.query.get('cursor'))).toEqual(['*', 'c2', 'c3']);
    expect(asked[0]?.query.get('relProjectFundingShortName')).toBe('EC');
    expect(asked[0]?.query.get('pageSize')).toBe('100');
    const inbox = await rows('suggested');
    expect(inbox).toHaveLength(5);
    const one = inbox.find((r) => r.doi === '10.5281/tide.1');
    expect(one).toMatchObject({
      doi: '10.5281/tide.1',
      title: 'Tidal result number 1',
      productType: 'publication',
      publishedOn: '2025-03-14',
    });
    expect(one?.item).toEqual({
      id: one?.externalId,
      type: 'article-journal',
      title: 'Tidal result number 1',
      author: [
        { family: 'Tanaka', given: 'Kenji' },
        { family: 'Silva', given: 'Ana' },
      ],
      'container-title': 'Journal of Tides',
      publisher: 'Ocean Press',
      volume: '12',
      issue: '3',
      page: '101-110',
      issued: { 'date-parts': [[2025, 3, 14]] },
      DOI: '10.5281/tide.1',
      ISSN: '0960-1481',
      URL: 'https://doi.org/10.5281/tide.1',
      license: 'CC-BY-4.0',
      note: 'Open access: gold',
    });
  });

  it('remembers a rejection across runs, and a dry run writes nothing', async () => {
    const first = (await rows('suggested')).find((r) => r.doi === '10.5281/tide.1');
    await rejectSuggestion(database.db, {
      actor,
      projectId: PROJECT,
      suggestionId: first?.id as number,
      reason: 'not ours',
      clock,
    });
    serveGraph(fake, { grant: GRANT, products: [...five, product({ n: 6 })], perPage: 2 });
    const dry = await run({ dryRun: true });
    expect(dry).toMatchObject({ status: 'ok', items: 6, imported: 1, duplicates: 5 });
    expect(await rows()).toHaveLength(5);
    const end = await run();
    expect(end).toMatchObject({ status: 'ok', items: 6, imported: 1, duplicates: 5 });
    const again = (await rows()).find((r) => r.id === first?.id);
    expect(again).toMatchObject({ status: 'rejected', reason: 'not ours', decidedBy: 'test' });
    expect(await rows('suggested')).toHaveLength(5);
  });

  it('keeps the pages stored when a later one is rate limited, and says when to retry', async () => {
    fake.on('GET', PRODUCTS_PATH, (req) =>
      req.query.get('cursor') === '*'
        ? searchPage([product({ n: 101 })], { numFound: 2, nextCursor: 'next' })
        : { status: 429, headers: { 'retry-after': '3600' }, body: { message: 'Too many requests' } },
    );
    const end = await run({ settings: { grants: ['G-429'] } });
    expect(end).toMatchObject({ status: 'partial', errorCode: 'rate_limited', imported: 1 });
    expect(end.retryAt?.toISOString()).toBe('2026-12-02T11:00:00.000Z');
    expect(end.details?.items?.map((i) => i.status)).toEqual(['found', 'rate_limited']);
    expect((await rows()).some((r) => r.externalId.endsWith('101'))).toBe(true);
  });

  it('fails on a 5xx after the retries, with a time to retry and nothing stored', async () => {
    fake.on('GET', PRODUCTS_PATH, { status: 502, body: 'bad gateway' });
    const before = (await rows()).length;
    const end = await run({ settings: { grants: ['G-502'] } });
    expect(end).toMatchObject({ status: 'failed', errorCode: 'server_error', items: 0 });
    expect(end.retryAt?.getTime()).toBeGreaterThanOrEqual(clock.now().getTime() + 15 * 60 * 1000);
    expect(fake.requests).toHaveLength(3);
    expect(await rows()).toHaveLength(before);
  });

  it('fails on a malformed page (not JSON, or JSON without the header)', async () => {
    fake.on('GET', PRODUCTS_PATH, {
      status: 200,
      headers: { 'content-type': 'application/json' },
      body: '{"hea',
    });
    expect(await run({ settings: { grants: ['G-bad'] } })).toMatchObject({
      status: 'failed',
      errorCode: 'malformed',
    });
    fake.on('GET', PRODUCTS_PATH, { body: { results: 'nope' } });
    const end = await run({ settings: { grants: ['G-bad2'] } });
    expect(end).toMatchObject({ status: 'failed', errorCode: 'malformed' });
    expect(end.retryAt).toBeUndefined();
  });

  it('stops when the cursor does not move, or a page comes back empty', async () => {
    fake.on('GET', PRODUCTS_PATH, (req) =>
      searchPage([product({ n: req.query.get('cursor') === '*' ? 301 : 302 })], { nextCursor: 'same' }),
    );
    expect(await run({ settings: { grants: ['G-stuck'] } })).toMatchObject({ status: 'ok', items: 2 });
    expect(fake.requests.map((r) => r.query.get('cursor'))).toEqual(['*', 'same']);
    fake.reset();
    fake.on('GET', PRODUCTS_PATH, searchPage([], { numFound: 0, nextCursor: 'more' }));
    expect(await run({ settings: { grants: ['G-empty'] } })).toMatchObject({ status: 'ok', items: 0 });
    expect(fake.requests).toHaveLength(1);
  });

  it('leaves out a product without an id or a title and counts it', async () => {
    fake.on('GET', PRODUCTS_PATH, searchPage([{ mainTitle: 'no id' }, product({ n: 201, title: '' })]));
    expect(await run({ settings: { grants: ['G-odd'] } })).toMatchObject({
      status: 'ok',
      items: 2,
      imported: 0,
      invalid: 2,
    });
  });
});

describe('link states', () => {
  it('linked when among the grant products, else pending (known) or not found, by DOI', async () => {
    const make = (doi: string, title: string) =>
      createRecord(database.db, {
        actor,
        projectId: PROJECT,
        kind: 'publication',
        input: recordInput('publication', { doi, title }),
      });
    await make('10.5281/tide.2', 'Tidal result number 2');
    await make('10.1016/known.1', 'Known elsewhere');
    await make('10.1016/unknown.1', 'Unknown to OpenAIRE');
    serveGraph(fake, {
      grant: GRANT,
      products: five,
      known: [product({ n: 900, doi: '10.1016/known.1', title: 'Known elsewhere' })],
    });
    const end = await run();
    expect(end.status).toBe('ok');
    const states = await database.db
      .select()
      .from(openaireLinkChecks)
      .where(eq(openaireLinkChecks.projectId, PROJECT));
    expect(Object.fromEntries(states.map((s) => [s.doi, s.state]))).toEqual({
      '10.5281/tide.2': 'linked',
      '10.1016/known.1': 'pending',
      '10.1016/unknown.1': 'not_found',
    });
    const lookups = fake.requests.filter((r) => r.query.get('pid'));
    expect(lookups.map((r) => r.query.get('pid')).sort()).toEqual(['10.1016/known.1', '10.1016/unknown.1']);
    // The publication already there is not suggested again; its waiting suggestion is settled as accepted.
    const settled = (await rows()).find((r) => r.doi === '10.5281/tide.2');
    expect(settled?.status).toBe('accepted');
    expect(settled?.recordId).toBeTruthy();
    expect(settled?.decidedBy).toBe('openaire:auto');
  });
});
