/**
 * The CERIF stand-in schema (test/fixtures/xsd/cerif-subset) that every CERIF payload of the OAI-PMH tests is
 * validated against: it accepts what Herald writes and rejects the mistakes the OpenAIRE profile rejects (missing
 * xml:lang, a nested Publication without its Type, an Author without a Person or OrgUnit, elements out of order,
 * values outside the vocabularies or the identifier patterns).
 */
import { describe, expect, it } from 'vitest';
import { cerifErrors, cerifPayloads } from '../../test/oai-xml';
import { xmlDocument } from '../lib/xml';
import { eventCerif, fundingCerif, orgUnitCerif, personCerif, projectCerif } from './cerif';
import type { Grant, Partner, Project } from '../plan/schema';

const NS = 'https://www.openaire.eu/cerif-profile/1.1/';
const PUB_TYPE = `<Type xmlns="https://www.openaire.eu/cerif-profile/vocab/COAR_Publication_Types">http://purl.org/coar/resource_type/c_6501</Type>`;
const pub = (body: string) => `<Publication xmlns="${NS}" id="Publications/1">${body}</Publication>`;
const errorsOf = async (xml: string) => cerifErrors([{ name: 'doc', xml }]);

describe('the CERIF stand-in schema', () => {
  it('accepts a publication with a venue, an unidentified author and an embargo', async () => {
    const xml = pub(
      `${PUB_TYPE}<Title xml:lang="und">T</Title><PublishedIn><Publication>${PUB_TYPE.replace('c_6501', 'c_0640')}` +
        `<Title xml:lang="und">J</Title><ISSN>0960-1481</ISSN></Publication></PublishedIn>` +
        `<PublicationDate>2024</PublicationDate><DOI>10.1234/x</DOI><Authors><Author><DisplayName>A</DisplayName>` +
        `<Person/><Affiliation><OrgUnit id="OrgUnits/A"/></Affiliation></Author></Authors>` +
        `<Access xmlns="http://purl.org/coar/access_right" endDate="2030-01-01">http://purl.org/coar/access_right/c_f1cf</Access>`,
    );
    expect(await errorsOf(xml)).toEqual([]);
  });

  it.each([
    [
      'a Title without xml:lang',
      pub(`${PUB_TYPE}<Title>T</Title>`),
      "'{http://www.w3.org/XML/1998/namespace}lang' is required",
    ],
    [
      'a venue without its Type',
      pub(`${PUB_TYPE}<PublishedIn><Publication><Title xml:lang="en">J</Title></Publication></PublishedIn>`),
      'Expected is ( {https://www.openaire.eu/cerif-profile/vocab/COAR_Publication_Types}Type )',
    ],
    [
      'an Author with a name only',
      pub(`${PUB_TYPE}<Authors><Author><DisplayName>A</DisplayName></Author></Authors>`),
      'Missing child element(s)',
    ],
    [
      'an Affiliation without a Person',
      pub(`${PUB_TYPE}<Authors><Author><Affiliation><OrgUnit/></Affiliation></Author></Authors>`),
      'Affiliation',
    ],
    [
      'elements out of order',
      pub(`${PUB_TYPE}<DOI>10.1234/x</DOI><Title xml:lang="en">T</Title>`),
      'This element is not expected',
    ],
    ['a DOI with its resolver', pub(`${PUB_TYPE}<DOI>https://doi.org/10.1234/x</DOI>`), 'DOI'],
    ['a type outside the vocabulary', pub(PUB_TYPE.replace('c_6501', 'c_xxxx')), 'enumeration'],
    [
      'an access right outside the vocabulary',
      pub(`${PUB_TYPE}<Access xmlns="http://purl.org/coar/access_right">open</Access>`),
      'enumeration',
    ],
    [
      'an ORCID outside the blocks ORCID assigns',
      `<Person xmlns="${NS}"><ORCID>https://orcid.org/1234-5678-9012-3456</ORCID></Person>`,
      'ORCID',
    ],
    [
      'an element the subset does not know',
      pub(`${PUB_TYPE}<Colour>red</Colour>`),
      'This element is not expected',
    ],
  ])('rejects %s', async (_, xml, message) => {
    const errors = await errorsOf(xml);
    expect(errors.join('\n')).toContain(message);
  });

  it('accepts the plan entities as cerif.ts writes them, with and without an award URI', async () => {
    const partners: Partner[] = [
      { code: 'UNIA', name: { en: 'University A', ja: '大学A' } } as Partner,
      { code: 'CORPB', name: 'Corp B' } as Partner,
    ];
    const withUri = {
      funder: 'EC',
      programme: 'H2020',
      number: '814917',
      doi: '10.3030/814917',
    } as unknown as Grant;
    const withoutUri = { funder: 'JST', number: 'JPMJ-1' } as unknown as Grant;
    const project = {
      acronym: 'Tide-X',
      title: 'Tidal energy',
      start_date: '2024-01-01',
      duration_months: 24,
      coordinator: 'UNIA',
      grants: [withUri, withoutUri],
      description: { short: 'Short.' },
    } as unknown as Project;
    const docs = [
      projectCerif('tide-x', project, partners),
      fundingCerif('ec-814917', withUri, project),
      fundingCerif('jst-1', withoutUri, project),
      orgUnitCerif(partners[0]!),
      personCerif(
        {
          id: 'ana',
          name: 'Ana Silva',
          family_names: 'Silva',
          orcid: '0000-0002-1825-0097',
          partner: 'UNIA',
        } as never,
        partners[0],
      ),
      eventCerif({
        id: 'e1',
        kind: 'workshop',
        name: 'W',
        city: 'Oslo',
        country: 'NO',
        startDate: '2024-05-01',
        endDate: null,
        description: 'D',
      } as never),
    ].map((f, i) => ({ name: `entity-${i}`, xml: xmlDocument(f) }));
    expect(await cerifErrors(docs)).toEqual([]);
    expect(docs[1]!.xml).toContain('IdentifierTypes#URL');
    expect(docs[2]!.xml).not.toContain('IdentifierTypes#URL');
  });

  it('finds each CERIF payload of a response', () => {
    const body = pub(PUB_TYPE);
    expect(
      cerifPayloads(`<OAI-PMH><metadata>${body}</metadata><metadata>${body}</metadata></OAI-PMH>`),
    ).toHaveLength(2);
  });
});
