/**
 * Harvesting over time: resumption tokens (keyset pages, completeListSize, cursor, the empty last token; tampered,
 * foreign or stale tokens refused), from/until at the declared granularity, deleted records as persistent deleted
 * headers, pending import rows never served, hostile text still well-formed and schema-valid, and a person's consent
 * withdrawn by a new plan version turning their record into a deleted header with no name anywhere.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuthTestApp, PARTNER_A, PROJECT, type AuthTestApp } from '../../test/auth-helpers';
import { eventInput, publicationInput } from '../../test/factories/records';
import { importHarvestPlan } from '../../test/factories/oai';
import {
  errorCode,
  resumption,
  schemaErrors,
  SeenResponses,
  texts,
  wellFormedErrors,
} from '../../test/oai-xml';
import { systemActor } from '../auth/permissions';
import { events, publications } from '../db/schema';
import { newId } from '../lib/ids';
import { createRecord, deleteRecord } from '../records/service';
import { oaiResponse } from './service';
import { tokenSecret } from './token';

let t: AuthTestApp;
const system = systemActor('oai-harvest-test');
const keyFile = join(mkdtempSync(join(tmpdir(), 'herald-key-')), 'key.pem');
const ids: Record<string, string> = {};
/** Every response, validated together at the end (one xmllint run). */
const seen = new SeenResponses();
const HOSTILE = 'Tides \u0001\u000B of ]]> <b>&amp;</b> "quoted" \'single\' \uFFFE end';

const call = async (query: string, pageSize?: number) => {
  const xml = await oaiResponse(
    {
      db: t.db,
      projectId: PROJECT,
      baseUrl: `http://localhost/p/${PROJECT}/oai`,
      secret: tokenSecret(keyFile),
      now: new Date('2025-03-01T12:00:00Z'),
      pageSize,
    },
    new URLSearchParams(query),
  );
  expect(xml).toBeDefined();
  return seen.add(query, xml!);
};

/** Every page of a list, following tokens; checks each page against the schema. */
async function harvest(query: string, pageSize: number) {
  const pages: string[] = [];
  let xml = await call(query, pageSize);
  for (;;) {
    pages.push(xml);
    const token = resumption(xml);
    if (!token?.token) break;
    const verb = new URLSearchParams(query).get('verb');
    xml = await call(`verb=${verb}&resumptionToken=${encodeURIComponent(token.token)}`, pageSize);
  }
  return pages;
}

beforeAll(async () => {
  t = await createAuthTestApp({ keyFile });
  await importHarvestPlan(t.db);
  for (const n of [1, 2, 3]) {
    const r = await createRecord(t.db, {
      actor: system,
      projectId: PROJECT,
      kind: 'publication',
      input: publicationInput({ title: `Paper ${n}`, doi: `10.1234/p${n}` }),
    });
    ids[`p${n}`] = r.id;
  }
  ids.gone = (
    await createRecord(t.db, {
      actor: system,
      projectId: PROJECT,
      kind: 'publication',
      input: publicationInput({ title: 'Withdrawn paper', doi: '10.1234/gone' }),
    })
  ).id;
  await deleteRecord(t.db, { actor: system, projectId: PROJECT, kind: 'publication', id: ids.gone });
  // Written around validation on purpose: the writer must stay well-formed whatever a row holds.
  const [hostile] = await t.db
    .insert(publications)
    .values({
      projectId: PROJECT,
      leadPartner: PARTNER_A,
      createdBy: 'test',
      updatedBy: 'test',
      type: 'other',
      title: HOSTILE,
      authors: [{ name: 'Nobody <x@y> & co' }],
      year: 2024,
      openAccess: 'unknown',
    })
    .returning({ id: publications.id });
  ids.hostile = hostile!.id;
  await t.db.insert(events).values({
    projectId: PROJECT,
    leadPartner: PARTNER_A,
    createdBy: 'test',
    updatedBy: 'test',
    name: 'Pending import row',
    kind: 'conference',
    city: 'Lisbon',
    country: 'PT',
    startDate: '2024-04-01',
    status: 'attended',
    pendingBatch: newId(),
  });
}, 120_000);
afterAll(async () => {
  await t?.close();
});

describe('resumption tokens', () => {
  it('pages through the whole list by keyset: sizes, cursors, the empty last token, no repeats', async () => {
    const whole = await call('verb=ListIdentifiers&metadataPrefix=oai_cerif_openaire', 1000);
    const all = texts(whole, 'identifier');
    expect(resumption(whole)).toBeUndefined();
    const pages = await harvest('verb=ListIdentifiers&metadataPrefix=oai_cerif_openaire', 2);
    expect(pages.length).toBe(Math.ceil(all.length / 2));
    expect(pages.flatMap((p) => texts(p, 'identifier'))).toEqual(all);
    pages.forEach((page, i) => {
      const token = resumption(page)!;
      expect(token.size).toBe(all.length);
      expect(token.cursor).toBe(i * 2);
      expect(token.token === '').toBe(i === pages.length - 1);
    });
  }, 120_000);

  it('ListRecords pages carry whole records of the set asked for', async () => {
    const pages = await harvest('verb=ListRecords&metadataPrefix=oai_dc&set=openaire_cris_publications', 2);
    const titles = pages.flatMap((p) => texts(p, 'dc:title'));
    expect(titles).toEqual(expect.arrayContaining(['Paper 1', 'Paper 2', 'Paper 3']));
    expect(pages.flatMap((p) => texts(p, 'identifier'))).toHaveLength(5);
  }, 120_000);

  it('refuses a tampered token, a token of another project or key, and arguments beside a token', async () => {
    const first = resumption(await call('verb=ListIdentifiers&metadataPrefix=oai_cerif_openaire', 2))!.token;
    const [body, mac] = first.split('.');
    const flipped = `${body!.slice(0, -1)}${body!.endsWith('A') ? 'B' : 'A'}.${mac}`;
    for (const token of [flipped, `${body}.${mac!.slice(1)}A`, 'x'.repeat(50)])
      expect(errorCode(await call(`verb=ListIdentifiers&resumptionToken=${encodeURIComponent(token)}`))).toBe(
        'badResumptionToken',
      );
    const otherKey = tokenSecret(join(mkdtempSync(join(tmpdir(), 'herald-key-')), 'key.pem'));
    const foreign = await oaiResponse(
      {
        db: t.db,
        projectId: PROJECT,
        baseUrl: 'http://x/oai',
        secret: otherKey,
        now: new Date(),
        pageSize: 2,
      },
      new URLSearchParams(`verb=ListIdentifiers&resumptionToken=${encodeURIComponent(first)}`),
    );
    expect(errorCode(foreign!)).toBe('badResumptionToken');
    expect(errorCode(await call(`verb=ListIdentifiers&metadataPrefix=oai_dc&resumptionToken=${first}`))).toBe(
      'badArgument',
    );
  });
});

describe('selective harvesting by date', () => {
  it('from and until are inclusive at second and day granularity', async () => {
    const xml = await call(
      `verb=GetRecord&metadataPrefix=oai_dc&identifier=oai:localhost:${PROJECT}/Publications/${ids.p2}`,
    );
    const stamp = texts(xml, 'datestamp')[0]!;
    const at = (q: string) =>
      call(`verb=ListIdentifiers&metadataPrefix=oai_dc&set=openaire_cris_publications&${q}`);
    expect(texts(await at(`from=${stamp}&until=${stamp}`), 'identifier')).toContain(
      `oai:localhost:${PROJECT}/Publications/${ids.p2}`,
    );
    const day = stamp.slice(0, 10);
    expect(texts(await at(`from=${day}&until=${day}`), 'identifier')).toHaveLength(5);
    const next = new Date(Date.parse(stamp) + 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
    expect(texts(await at(`from=${next}`), 'identifier')).not.toContain(
      `oai:localhost:${PROJECT}/Publications/${ids.p2}`,
    );
    expect(errorCode(await at('until=2000-01-01'))).toBe('noRecordsMatch');
  });
});

describe('what is served', () => {
  it('a deleted record is a deleted header without metadata, in lists and GetRecord', async () => {
    const id = `oai:localhost:${PROJECT}/Publications/${ids.gone}`;
    const xml = await call(`verb=GetRecord&metadataPrefix=oai_cerif_openaire&identifier=${id}`);
    expect(xml).toContain('<header status="deleted">');
    expect(xml).not.toContain('<metadata>');
    expect(xml).not.toContain('Withdrawn paper');
    const list = await call('verb=ListRecords&metadataPrefix=oai_dc&set=openaire_cris_publications', 1000);
    expect(list).toMatch(new RegExp(`<header status="deleted"><identifier>${id}</identifier>`));
  });

  it('rows of a pending import are never served', async () => {
    const xml = await call(
      'verb=ListRecords&metadataPrefix=oai_cerif_openaire&set=openaire_cris_events',
      1000,
    );
    expect(errorCode(xml)).toBe('noRecordsMatch');
  });

  it('hostile text stays well-formed and valid: control characters dropped, markup escaped', async () => {
    const id = `oai:localhost:${PROJECT}/Publications/${ids.hostile}`;
    for (const prefix of ['oai_dc', 'oai_cerif_openaire']) {
      const xml = await call(`verb=GetRecord&metadataPrefix=${prefix}&identifier=${id}`);
      for (const ch of ['\u0001', '\u000B', '\uFFFE']) expect(xml.includes(ch)).toBe(false);
      expect(xml).toContain(
        'Tides  of ]]&gt; &lt;b&gt;&amp;amp;&lt;/b&gt; &quot;quoted&quot; &apos;single&apos;  end',
      );
      expect(xml).toContain('Nobody &lt;x@y&gt; &amp; co');
    }
  });

  it('withdrawn consent: a deleted header for the person, and their name as a display name only', async () => {
    await importHarvestPlan(t.db, { consentAna: false });
    const person = await call(
      `verb=GetRecord&metadataPrefix=oai_cerif_openaire&identifier=oai:localhost:${PROJECT}/Persons/ana-silva`,
    );
    expect(person).toContain('<header status="deleted">');
    expect(person).not.toContain('Silva');
    const paper = await call(
      `verb=GetRecord&metadataPrefix=oai_cerif_openaire&identifier=oai:localhost:${PROJECT}/Publications/${ids.p1}`,
    );
    // Every Author holds a Person (the schema wants one): unidentified, empty, for a non-consenting author.
    expect(paper).not.toContain('<Person ');
    expect(paper.match(/<Person\/>/g)).toHaveLength(2);
    expect(paper).not.toContain('ORCID');
    expect(texts(paper, 'DisplayName')).toEqual(['Silva, Ana', 'Berg, Ola']);
    const persons = await call(
      'verb=ListIdentifiers&metadataPrefix=oai_cerif_openaire&set=openaire_cris_persons',
    );
    expect(texts(persons, 'identifier')).toEqual([`oai:localhost:${PROJECT}/Persons/ana-silva`]);
  });
});

describe('the route pages at 100 items', () => {
  it('returns a token the route accepts back, over GET', async () => {
    await t.db.insert(events).values(
      Array.from({ length: 120 }, (_, i) => ({
        ...{ projectId: PROJECT, leadPartner: PARTNER_A, createdBy: 'test', updatedBy: 'test' },
        name: `Event ${i}`,
        kind: eventInput().kind,
        city: 'Porto',
        country: 'PT',
        startDate: '2024-05-01',
        status: 'attended',
      })),
    );
    const get = async (q: string) => (await t.app.request(`/p/${PROJECT}/oai?${q}`)).text();
    const first = await get(
      'verb=ListIdentifiers&metadataPrefix=oai_cerif_openaire&set=openaire_cris_events',
    );
    expect(texts(first, 'identifier')).toHaveLength(100);
    const token = resumption(first)!;
    expect(token).toMatchObject({ size: 120, cursor: 0 });
    const second = await get(`verb=ListIdentifiers&resumptionToken=${encodeURIComponent(token.token)}`);
    seen.add('route page 2', second);
    expect(texts(second, 'identifier')).toHaveLength(20);
    expect(resumption(second)).toEqual({ token: '', size: 120, cursor: 100 });
  });
});

describe('every response above', () => {
  it('is well-formed and valid against the OAI-PMH schema (hostile text included)', async () => {
    expect(seen.docs.length).toBeGreaterThan(20);
    expect(await wellFormedErrors(seen.docs)).toEqual([]);
    expect(await schemaErrors(seen.docs)).toEqual([]);
  }, 120_000);
});
