/**
 * OpenAIRE CERIF XML (Guidelines for CRIS Managers 1.1.x, namespace https://www.openaire.eu/cerif-profile/1.1/):
 * Publication, Event, Project, Funding, OrgUnit and Person, their elements in the schema's order. Vocabularies: COAR
 * resource types (publications), COAR access rights, OpenAIRE funding types, CERIF event types. A publication's
 * author is a Person entity only when that person consented (the plan's `harvesting.people`); otherwise the author
 * is their display name alone, which is the publication's own public metadata, with an empty, unidentified `<Person/>`
 * (the schema wants a Person or an OrgUnit in every Author, and an Affiliation only after a Person).
 * Schema rules kept here (test/oai-xml.ts checks them): every multilingual string (Title, Name, Abstract, Description)
 * carries xml:lang, `und` where the language is not recorded; a nested Publication (the venue) starts with its Type.
 */
import { xmlElement as el, xmlOptional as opt, type XmlChild, type XmlFragment } from '../lib/xml';
import { localize, type Grant, type HarvestPerson, type Partner, type Project } from '../plan/schema';
import { projectEnd } from '../plan/time';
import { fundingReference } from './funding';
import { grantId } from './plan-items';
import { FORMATS } from './protocol';
import type { EventRow, PublicationRow } from './record-items';

export const CERIF_NS = FORMATS.oai_cerif_openaire.namespace;
const COAR_TYPES_NS = 'https://www.openaire.eu/cerif-profile/vocab/COAR_Publication_Types';
const FUNDING_TYPES_NS = 'https://www.openaire.eu/cerif-profile/vocab/OpenAIRE_Funding_Types';
const ACCESS_NS = 'http://purl.org/coar/access_right';
const ID_TYPES = 'https://w3id.org/cerif/vocab/IdentifierTypes';

/** The venue (PublishedIn) of each publication type, as a COAR publication type: journal, proceedings, book, text. */
const VENUE_TYPES: Record<string, string> = {
  journal_article: 'http://purl.org/coar/resource_type/c_0640',
  conference_paper: 'http://purl.org/coar/resource_type/c_f744',
  book_chapter: 'http://purl.org/coar/resource_type/c_2f33',
};
const TEXT_TYPE = 'http://purl.org/coar/resource_type/c_18cf';
/** xml:lang of strings whose language is not recorded (BCP 47 "undetermined"). */
const UNDETERMINED = 'und';

const COAR_TYPES: Record<string, string> = {
  journal_article: 'http://purl.org/coar/resource_type/c_6501',
  conference_paper: 'http://purl.org/coar/resource_type/c_5794',
  book_chapter: 'http://purl.org/coar/resource_type/c_3248',
  book: 'http://purl.org/coar/resource_type/c_2f33',
  thesis: 'http://purl.org/coar/resource_type/c_46ec',
  other: 'http://purl.org/coar/resource_type/c_1843',
};

const EVENT_TYPES: Record<string, string> = {
  conference: 'Conference',
  workshop: 'Workshop',
  exhibition: 'Exhibition',
  training: 'Training',
};

/** Local ids of the entities, as used in identifiers and `id` attributes. */
export const entityRef = {
  project: (id: string) => `Projects/${id}`,
  funding: (id: string) => `Fundings/${id}`,
  orgunit: (code: string) => `OrgUnits/${code}`,
  person: (id: string) => `Persons/${id}`,
  publication: (id: string) => `Publications/${id}`,
  event: (id: string) => `Events/${id}`,
};

/** The root entity of a record: the profile's namespace declared on it. */
const root = (name: string, id: string, ...children: XmlChild[]) =>
  el(name, { xmlns: CERIF_NS, id }, ...children);

function orgUnitBody(p: Partner): XmlChild[] {
  return [
    el('Acronym', null, p.code),
    el('Name', { 'xml:lang': 'en' }, localize(p.name, 'en')),
    typeof p.name === 'object' && p.name.ja ? el('Name', { 'xml:lang': 'ja' }, p.name.ja) : null,
  ];
}

export const orgUnitCerif = (p: Partner): XmlFragment =>
  root('OrgUnit', entityRef.orgunit(p.code), orgUnitBody(p));

function personBody(person: HarvestPerson, partner: Partner | undefined): XmlChild[] {
  return [
    el(
      'PersonName',
      null,
      opt('FamilyNames', person.family_names ?? person.name),
      opt('FirstNames', person.first_names),
    ),
    person.orcid ? el('ORCID', null, `https://orcid.org/${person.orcid}`) : null,
    partner
      ? el('Affiliation', null, el('OrgUnit', { id: entityRef.orgunit(partner.code) }, orgUnitBody(partner)))
      : null,
  ];
}

export const personCerif = (person: HarvestPerson, partner: Partner | undefined): XmlFragment =>
  root('Person', entityRef.person(person.id), personBody(person, partner));

function funderOrgUnit(grant: Grant): XmlFragment {
  const ref = fundingReference(grant);
  return el(
    'OrgUnit',
    null,
    el('Acronym', null, ref.funderShort),
    el('Name', { 'xml:lang': 'en' }, ref.funderName),
    ref.funderIdentifier ? el('Identifier', { type: `${ID_TYPES}#FundRefID` }, ref.funderIdentifier) : null,
  );
}

/** The grant as a Funding (type Contract): award number, award URI, funder, and the programme it is part of. */
function fundingBody(grant: Grant, project: Project): XmlChild[] {
  const ref = fundingReference(grant);
  return [
    el('Type', { xmlns: FUNDING_TYPES_NS }, `${FUNDING_TYPES_NS}#Contract`),
    el(
      'Name',
      { 'xml:lang': 'en' },
      ref.awardTitle ?? `${ref.funderName} grant ${ref.awardNumber} (${project.acronym})`,
    ),
    el('Identifier', { type: `${ID_TYPES}#FinanceID` }, ref.awardNumber),
    ref.awardUri ? el('Identifier', { type: `${ID_TYPES}#URL` }, ref.awardUri) : null,
    el('Funder', null, funderOrgUnit(grant)),
    ref.fundingStream
      ? el(
          'PartOf',
          null,
          el(
            'Funding',
            null,
            el('Type', { xmlns: FUNDING_TYPES_NS }, `${FUNDING_TYPES_NS}#FundingProgramme`),
            el('Acronym', null, ref.fundingStream),
          ),
        )
      : null,
  ];
}

export const fundingCerif = (localId: string, grant: Grant, project: Project): XmlFragment =>
  root('Funding', entityRef.funding(localId), fundingBody(grant, project));

function projectBody(project: Project, partners: readonly Partner[], full: boolean): XmlChild[] {
  return [
    el('Acronym', null, project.acronym),
    el('Title', { 'xml:lang': 'en' }, project.title),
    project.grants.map((g) => el('Identifier', { type: `${ID_TYPES}#ProjectReference` }, g.number)),
    el('StartDate', null, project.start_date),
    el('EndDate', null, projectEnd(project.start_date, project.duration_months)),
    full && partners.length > 0
      ? el(
          'Consortium',
          null,
          // The schema's sequence: every Coordinator before every Partner.
          [
            ...partners.filter((p) => p.code === project.coordinator),
            ...partners.filter((p) => p.code !== project.coordinator),
          ].map((p) =>
            el(
              p.code === project.coordinator ? 'Coordinator' : 'Partner',
              null,
              el('OrgUnit', { id: entityRef.orgunit(p.code) }, orgUnitBody(p)),
            ),
          ),
        )
      : null,
    project.grants.map((g) =>
      el(
        'Funded',
        null,
        el('By', null, funderOrgUnit(g)),
        el('As', null, el('Funding', { id: entityRef.funding(grantId(g)) }, fundingBody(g, project))),
      ),
    ),
    full ? el('Abstract', { 'xml:lang': 'en' }, localize(project.description.short, 'en')) : null,
    el('OAMandate', { mandated: 'true' }),
  ];
}

export const projectCerif = (
  projectId: string,
  project: Project,
  partners: readonly Partner[],
): XmlFragment => root('Project', entityRef.project(projectId), projectBody(project, partners, true));

export interface PublicationContext {
  projectId: string;
  project: Project;
  partners: readonly Partner[];
  /** Consenting people by normalised name (plan-items' nameKey). */
  people: ReadonlyMap<string, HarvestPerson>;
  nameKey: (name: string) => string;
  today: string;
}

function accessOf(p: PublicationRow, today: string): XmlFragment | null {
  const right =
    p.embargoEnd && p.embargoEnd > today
      ? 'c_f1cf'
      : p.openAccess === 'closed'
        ? 'c_14cb'
        : ['gold', 'green', 'hybrid'].includes(p.openAccess)
          ? 'c_abf2'
          : null;
  if (!right) return null;
  return el(
    'Access',
    { xmlns: ACCESS_NS, endDate: right === 'c_f1cf' ? (p.embargoEnd ?? undefined) : undefined },
    `http://purl.org/coar/access_right/${right}`,
  );
}

export function publicationCerif(p: PublicationRow, ctx: PublicationContext): XmlFragment {
  const authors = (p.authors as { name: string; partner?: string }[] | null) ?? [];
  const [start, end] = (p.pages ?? '').split(/\s*[-–—]+\s*/);
  const partnerOf = (code?: string) => ctx.partners.find((x) => x.code === code);
  return root(
    'Publication',
    entityRef.publication(p.id),
    el('Type', { xmlns: COAR_TYPES_NS }, COAR_TYPES[p.type] ?? COAR_TYPES.other!),
    el('Title', { 'xml:lang': UNDETERMINED }, p.title),
    p.venue
      ? el(
          'PublishedIn',
          null,
          el(
            'Publication',
            null,
            el('Type', { xmlns: COAR_TYPES_NS }, VENUE_TYPES[p.type] ?? TEXT_TYPE),
            el('Title', { 'xml:lang': UNDETERMINED }, p.venue),
            opt('ISSN', p.issn),
          ),
        )
      : null,
    el('PublicationDate', null, p.date ?? String(p.year)),
    opt('Volume', p.volume),
    opt('Issue', p.issue),
    opt('StartPage', start),
    opt('EndPage', end),
    opt('DOI', p.doi),
    opt('ISBN', p.isbn),
    opt('URL', p.url ?? p.repositoryUrl),
    authors.length > 0
      ? el(
          'Authors',
          null,
          authors.map((a) => {
            const person = ctx.people.get(ctx.nameKey(a.name));
            const partner = partnerOf(a.partner ?? person?.partner);
            return el(
              'Author',
              null,
              el('DisplayName', null, a.name),
              // The schema wants a Person (or an OrgUnit) in every Author: an empty one for a non-consenting author.
              person
                ? el('Person', { id: entityRef.person(person.id) }, personBody(person, undefined))
                : el('Person', null),
              partner
                ? el(
                    'Affiliation',
                    null,
                    el('OrgUnit', { id: entityRef.orgunit(partner.code) }, orgUnitBody(partner)),
                  )
                : null,
            );
          }),
        )
      : null,
    el(
      'OriginatesFrom',
      null,
      el('Project', { id: entityRef.project(ctx.projectId) }, projectBody(ctx.project, ctx.partners, false)),
    ),
    accessOf(p, ctx.today),
  );
}

const EVENT_TYPES_URI = 'https://w3id.org/cerif/vocab/EventTypes';

export function eventCerif(e: EventRow): XmlFragment {
  const type = EVENT_TYPES[e.kind];
  return root(
    'Event',
    entityRef.event(e.id),
    type ? el('Type', { scheme: EVENT_TYPES_URI }, `${EVENT_TYPES_URI}#${type}`) : null,
    el('Name', { 'xml:lang': 'en' }, e.name),
    opt('Place', e.city),
    opt('Country', e.country),
    el('StartDate', null, e.startDate),
    el('EndDate', null, e.endDate ?? e.startDate),
    opt('Description', e.description, { 'xml:lang': 'en' }),
  );
}
