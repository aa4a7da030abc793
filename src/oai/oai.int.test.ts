/**
 * The OAI-PMH endpoint through the app: every verb and every reachable protocol error, each response validated with
 * libxml2 against the vendored OAI-PMH schema (oai_dc records against oai_dc.xsd too). A project whose plan does not
 * turn the endpoint on is a 404; POST works without a session or CSRF token; the request echo follows the spec.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuthTestApp, PARTNER_A, PROJECT, type AuthTestApp } from '../../test/auth-helpers';
import { importHarvestPlan } from '../../test/factories/oai';
import { publicationInput, eventInput } from '../../test/factories/records';
import {
  errorCode,
  requestAttrs,
  schemaErrors,
  SeenResponses,
  texts,
  wellFormedErrors,
} from '../../test/oai-xml';
import { systemActor } from '../auth/permissions';
import { fixedClock } from '../lib/clock';
import { createRecord } from '../records/service';
import { SETS } from './protocol';

let t: AuthTestApp;
const system = systemActor('oai-test');
const BASE = `http://localhost/p/${PROJECT}/oai`;
const ids: Record<string, string> = {};
/** Every response, validated together at the end (one xmllint run). */
const seen = new SeenResponses();

const get = async (query: string) => {
  const res = await t.app.request(`/p/${PROJECT}/oai?${query}`);
  return { status: res.status, type: res.headers.get('content-type'), xml: await res.text() };
};

/** A valid response (schema-checked) and its text. */
async function ok(query: string): Promise<string> {
  const res = await get(query);
  expect(res.status).toBe(200);
  expect(res.type).toBe('text/xml; charset=utf-8');
  return seen.add(query, res.xml);
}

async function oaiError(query: string, code: string): Promise<string> {
  const xml = await ok(query);
  expect(errorCode(xml), xml).toBe(code);
  return xml;
}

const idOf = (kind: string, id: string) => `oai:localhost:${PROJECT}/${kind}/${id}`;

beforeAll(async () => {
  t = await createAuthTestApp({ clock: fixedClock('2025-03-01T12:00:00.250Z') });
}, 120_000);
afterAll(async () => {
  await t?.close();
});

describe('a project without the endpoint', () => {
  it('answers 404 like a project that does not exist, for GET and POST', async () => {
    expect((await get('verb=Identify')).status).toBe(404);
    expect((await t.app.request('/p/no-such-project/oai?verb=Identify')).status).toBe(404);
    expect((await t.app.request(`/p/${PROJECT}/oai`, { method: 'POST' })).status).toBe(404);
  });

  it('the overview says how to turn it on, in English and Japanese', async () => {
    const en = await (await t.app.request(`/p/${PROJECT}?lang=en`)).text();
    expect(en).toContain('Set harvesting.oai_pmh (and admin_email) in the plan');
    expect(en).not.toContain(`/p/${PROJECT}/oai"`);
    const ja = await (await t.app.request(`/p/${PROJECT}?lang=ja`)).text();
    expect(ja).toContain('ハーベスティング（OAI-PMH）');
  });
});

describe('the six verbs', () => {
  beforeAll(async () => {
    await importHarvestPlan(t.db);
    ids.paper = (
      await createRecord(t.db, {
        actor: system,
        projectId: PROJECT,
        kind: 'publication',
        input: publicationInput(),
      })
    ).id;
    ids.event = (
      await createRecord(t.db, { actor: system, projectId: PROJECT, kind: 'event', input: eventInput() })
    ).id;
  }, 120_000);

  it('the overview shows the base URL to give a repository', async () => {
    const en = await (await t.app.request(`/p/${PROJECT}?lang=en`)).text();
    expect(en).toContain(`value="${BASE}"`);
    expect(en).toContain('register it with OpenAIRE');
    const ja = await (await t.app.request(`/p/${PROJECT}?lang=ja`)).text();
    expect(ja).toContain(`value="${BASE}"`);
    expect(ja).toContain('OpenAIRE に登録してください');
  });

  it('Identify: repository, base URL, persistent deletions, second granularity, admin mail', async () => {
    const xml = await ok('verb=Identify');
    expect(requestAttrs(xml)).toBe('verb="Identify"');
    expect(texts(xml, 'responseDate')).toEqual(['2025-03-01T12:00:00Z']);
    expect(texts(xml, 'baseURL')).toEqual([BASE]);
    expect(texts(xml, 'request')).toEqual([BASE]);
    expect(texts(xml, 'protocolVersion')).toEqual(['2.0']);
    expect(texts(xml, 'adminEmail')).toEqual(['coordinator@tide-x.example']);
    expect(texts(xml, 'deletedRecord')).toEqual(['persistent']);
    expect(texts(xml, 'granularity')).toEqual(['YYYY-MM-DDThh:mm:ssZ']);
    expect(texts(xml, 'earliestDatestamp')[0]).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
  });

  it('ListMetadataFormats: both formats; per item only those it has', async () => {
    expect(texts(await ok('verb=ListMetadataFormats'), 'metadataPrefix')).toEqual([
      'oai_cerif_openaire',
      'oai_dc',
    ]);
    const paper = await ok(`verb=ListMetadataFormats&identifier=${idOf('Publications', ids.paper!)}`);
    expect(texts(paper, 'metadataPrefix')).toEqual(['oai_cerif_openaire', 'oai_dc']);
    expect(texts(paper, 'metadataNamespace')).toContain('https://www.openaire.eu/cerif-profile/1.1/');
    const org = await ok(`verb=ListMetadataFormats&identifier=${idOf('OrgUnits', PARTNER_A)}`);
    expect(texts(org, 'metadataPrefix')).toEqual(['oai_cerif_openaire']);
    await oaiError(`verb=ListMetadataFormats&identifier=${idOf('OrgUnits', 'NOPE')}`, 'idDoesNotExist');
  });

  it('ListSets: the nine openaire_cris sets, empty ones included', async () => {
    const xml = await ok('verb=ListSets');
    expect(texts(xml, 'setSpec')).toEqual(SETS.map(([spec]) => spec));
    expect(texts(xml, 'setSpec')).toEqual([
      'openaire_cris_publications',
      'openaire_cris_products',
      'openaire_cris_patents',
      'openaire_cris_persons',
      'openaire_cris_orgunits',
      'openaire_cris_projects',
      'openaire_cris_funding',
      'openaire_cris_events',
      'openaire_cris_equipments',
    ]);
    expect(texts(xml, 'setName')[0]).toBe('OpenAIRE_CRIS_publications');
    await oaiError('verb=ListSets&resumptionToken=abc', 'badResumptionToken');
  });

  it('GetRecord in oai_dc: creators, the funding reference with the award URI, access rights', async () => {
    const xml = await ok(
      `verb=GetRecord&metadataPrefix=oai_dc&identifier=${idOf('Publications', ids.paper!)}`,
    );
    expect(texts(xml, 'dc:title')).toEqual(['Tidal power for coastal micro-grids']);
    expect(texts(xml, 'dc:creator')).toEqual(['Silva, Ana', 'Berg, Ola']);
    expect(texts(xml, 'dc:relation')).toEqual(
      expect.arrayContaining([
        'info:eu-repo/grantAgreement/EC/H2020/814917',
        'https://doi.org/10.3030/814917',
      ]),
    );
    expect(texts(xml, 'dc:rights')).toContain('info:eu-repo/semantics/openAccess');
    expect(texts(xml, 'setSpec')).toEqual(['openaire_cris_publications']);
  });

  it('GetRecord in CERIF: consenting authors as Persons, others by name only; funder, stream, award', async () => {
    const xml = await ok(
      `verb=GetRecord&metadataPrefix=oai_cerif_openaire&identifier=${idOf('Publications', ids.paper!)}`,
    );
    expect(xml).toContain(
      `<Publication xmlns="https://www.openaire.eu/cerif-profile/1.1/" id="Publications/${ids.paper}">`,
    );
    expect(texts(xml, 'DisplayName')).toEqual(['Silva, Ana', 'Berg, Ola']);
    expect(xml).toContain('<Person id="Persons/ana-silva">');
    expect(texts(xml, 'ORCID')).toEqual(['https://orcid.org/0000-0002-1825-0097']);
    expect(xml).not.toContain('ola-berg');
    expect(texts(xml, 'FamilyNames')).toEqual(['Silva']);
    expect(texts(xml, 'Identifier')).toEqual(
      expect.arrayContaining([
        '814917',
        'https://doi.org/10.3030/814917',
        'https://doi.org/10.13039/501100000780',
      ]),
    );
    expect(xml).toContain('IdentifierTypes#FinanceID">814917</Identifier>');
    expect(xml).toContain('IdentifierTypes#FundRefID">https://doi.org/10.13039/501100000780</Identifier>');
    expect(texts(xml, 'Name')).toContain('European Commission');
    expect(texts(xml, 'Acronym')).toContain('H2020');
    expect(texts(xml, 'Type')).toContain('http://purl.org/coar/resource_type/c_6501');
    expect(texts(xml, 'Access')).toEqual(['http://purl.org/coar/access_right/c_abf2']);
  });

  it('GetRecord of each plan entity and of an event', async () => {
    const project = await ok(
      `verb=GetRecord&metadataPrefix=oai_cerif_openaire&identifier=${idOf('Projects', PROJECT)}`,
    );
    expect(texts(project, 'Acronym')[0]).toBe('Tide-X');
    expect(texts(project, 'EndDate')).toContain('2025-12-31');
    const funding = await ok(
      `verb=GetRecord&metadataPrefix=oai_cerif_openaire&identifier=${idOf('Fundings', 'ec-814917')}`,
    );
    expect(texts(funding, 'setSpec')).toEqual(['openaire_cris_funding']);
    const org = await ok(
      `verb=GetRecord&metadataPrefix=oai_cerif_openaire&identifier=${idOf('OrgUnits', PARTNER_A)}`,
    );
    expect(texts(org, 'Name')).toEqual(['University A']);
    const person = await ok(
      `verb=GetRecord&metadataPrefix=oai_cerif_openaire&identifier=${idOf('Persons', 'ana-silva')}`,
    );
    expect(texts(person, 'ORCID')).toEqual(['https://orcid.org/0000-0002-1825-0097']);
    await oaiError(
      `verb=GetRecord&metadataPrefix=oai_cerif_openaire&identifier=${idOf('Persons', 'ola-berg')}`,
      'idDoesNotExist',
    );
    const event = await ok(`verb=GetRecord&metadataPrefix=oai_dc&identifier=${idOf('Events', ids.event!)}`);
    expect(texts(event, 'dc:type')).toEqual(['Event']);
  });

  it('ListIdentifiers and ListRecords: every item of a set, headers or whole records', async () => {
    const heads = await ok(
      'verb=ListIdentifiers&metadataPrefix=oai_cerif_openaire&set=openaire_cris_orgunits',
    );
    expect(texts(heads, 'identifier')).toEqual([idOf('OrgUnits', 'CORPB'), idOf('OrgUnits', PARTNER_A)]);
    const all = await ok('verb=ListRecords&metadataPrefix=oai_cerif_openaire');
    expect(texts(all, 'setSpec')).toEqual(
      expect.arrayContaining(['openaire_cris_projects', 'openaire_cris_funding', 'openaire_cris_persons']),
    );
    const dc = await ok('verb=ListRecords&metadataPrefix=oai_dc');
    expect(new Set(texts(dc, 'setSpec'))).toEqual(
      new Set(['openaire_cris_projects', 'openaire_cris_publications', 'openaire_cris_events']),
    );
  });
});

describe('protocol errors', () => {
  it('badVerb: none, unknown, repeated; the request echo carries no attributes', async () => {
    for (const q of ['', 'verb=Frobnicate', 'verb=Identify&verb=Identify']) {
      const xml = await oaiError(q, 'badVerb');
      expect(requestAttrs(xml)).toBe('');
    }
  });

  it('badArgument: illegal, repeated, missing or malformed arguments, bad dates', async () => {
    for (const q of [
      'verb=Identify&foo=1',
      'verb=ListRecords',
      'verb=GetRecord&metadataPrefix=oai_dc',
      'verb=ListRecords&metadataPrefix=oai_dc&metadataPrefix=oai_dc',
      'verb=ListRecords&metadataPrefix=oai_dc&from=2024-02-30',
      'verb=ListRecords&metadataPrefix=oai_dc&from=2024-01-01&until=2024-01-01T00:00:00Z',
      'verb=ListRecords&metadataPrefix=oai_dc&from=2024-02-01&until=2024-01-01',
      'verb=ListRecords&metadataPrefix=oai_dc&set=not%20a%20set',
      'verb=ListRecords&metadataPrefix=oai_dc&resumptionToken=x',
      'verb=ListRecords&metadataPrefix=oai%20dc',
    ]) {
      const xml = await oaiError(q, 'badArgument');
      expect(requestAttrs(xml), q).toBe('');
    }
  });

  it('cannotDisseminateFormat, idDoesNotExist, noRecordsMatch, badResumptionToken', async () => {
    const unknown = await oaiError('verb=ListRecords&metadataPrefix=marc21', 'cannotDisseminateFormat');
    expect(requestAttrs(unknown)).toBe('verb="ListRecords" metadataPrefix="marc21"');
    await oaiError(
      `verb=GetRecord&metadataPrefix=oai_dc&identifier=${idOf('OrgUnits', PARTNER_A)}`,
      'cannotDisseminateFormat',
    );
    await oaiError('verb=GetRecord&metadataPrefix=oai_dc&identifier=oai:elsewhere:x/y', 'idDoesNotExist');
    await oaiError(
      `verb=GetRecord&metadataPrefix=oai_dc&identifier=${idOf('Publications', '00000000-0000-4000-8000-000000000000')}`,
      'idDoesNotExist',
    );
    await oaiError(
      'verb=ListRecords&metadataPrefix=oai_cerif_openaire&set=openaire_cris_patents',
      'noRecordsMatch',
    );
    await oaiError('verb=ListRecords&metadataPrefix=oai_dc&set=openaire_cris_persons', 'noRecordsMatch');
    await oaiError('verb=ListIdentifiers&metadataPrefix=oai_dc&from=2999-01-01', 'noRecordsMatch');
    await oaiError('verb=ListRecords&resumptionToken=bm90LWEtdG9rZW4', 'badResumptionToken');
  });
});

describe('POST', () => {
  it('takes the arguments from a form body, without a session or CSRF token', async () => {
    const res = await t.app.request(`/p/${PROJECT}/oai`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'verb=ListSets',
    });
    expect(res.status).toBe(200);
    const xml = seen.add('POST ListSets', await res.text());
    expect(texts(xml, 'setSpec')).toHaveLength(9);
  });
});

describe('every response above', () => {
  it('is well-formed and valid against the OAI-PMH schema (oai_dc records against oai_dc.xsd)', async () => {
    expect(seen.docs.length).toBeGreaterThan(30);
    expect(await wellFormedErrors(seen.docs)).toEqual([]);
    expect(await schemaErrors(seen.docs)).toEqual([]);
  }, 120_000);
});
