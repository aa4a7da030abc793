/**
 * Simple Dublin Core (`oai_dc`) for the items that are resources: publications, events and the project. Author names
 * are the publication's public metadata (dc:creator); funding as OpenAIRE's info:eu-repo grant relation plus the
 * award URI; access rights in the info:eu-repo/semantics vocabulary (OpenAIRE literature guidelines).
 */
import { xmlElement, xmlOptional, type XmlChild, type XmlFragment } from '../lib/xml';
import { localize, type Grant, type Project } from '../plan/schema';
import { euRepoGrant, fundingReference } from './funding';
import type { EventRow, PublicationRow } from './record-items';

const DC_TYPES: Record<string, string> = {
  journal_article: 'info:eu-repo/semantics/article',
  conference_paper: 'info:eu-repo/semantics/conferenceObject',
  book_chapter: 'info:eu-repo/semantics/bookPart',
  book: 'info:eu-repo/semantics/book',
  thesis: 'info:eu-repo/semantics/doctoralThesis',
  other: 'info:eu-repo/semantics/other',
};

function dcRoot(children: XmlChild[]): XmlFragment {
  return xmlElement(
    'oai_dc:dc',
    {
      'xmlns:oai_dc': 'http://www.openarchives.org/OAI/2.0/oai_dc/',
      'xmlns:dc': 'http://purl.org/dc/elements/1.1/',
      'xmlns:xsi': 'http://www.w3.org/2001/XMLSchema-instance',
      'xsi:schemaLocation':
        'http://www.openarchives.org/OAI/2.0/oai_dc/ http://www.openarchives.org/OAI/2.0/oai_dc.xsd',
    },
    ...children,
  );
}

const dc = (name: string, value: string | null | undefined) => xmlOptional(`dc:${name}`, value);

/** info:eu-repo access right of a publication, as of `today` (an embargo not yet over is embargoedAccess). */
export function accessRight(
  p: Pick<PublicationRow, 'openAccess' | 'embargoEnd'>,
  today: string,
): string | undefined {
  if (p.embargoEnd && p.embargoEnd > today) return 'info:eu-repo/semantics/embargoedAccess';
  if (p.openAccess === 'gold' || p.openAccess === 'green' || p.openAccess === 'hybrid')
    return 'info:eu-repo/semantics/openAccess';
  if (p.openAccess === 'closed') return 'info:eu-repo/semantics/closedAccess';
  return undefined;
}

const grantRelations = (grants: readonly Grant[]): XmlChild[] =>
  grants.flatMap((g) => {
    const ref = fundingReference(g);
    return [dc('relation', euRepoGrant(ref)), dc('relation', ref.awardUri)];
  });

export function publicationDc(
  p: PublicationRow,
  opts: { grants: readonly Grant[]; today: string },
): XmlFragment {
  const authors = (p.authors as { name: string }[] | null) ?? [];
  return dcRoot([
    dc('title', p.title),
    authors.map((a) => dc('creator', a.name)),
    dc('type', DC_TYPES[p.type] ?? DC_TYPES.other),
    dc('date', p.date ?? String(p.year)),
    dc('publisher', p.publisher),
    dc('source', p.venue),
    dc('identifier', p.doi ? `https://doi.org/${p.doi}` : null),
    dc('identifier', p.url),
    dc('identifier', p.repositoryUrl),
    dc('identifier', p.isbn ? `urn:isbn:${p.isbn}` : null),
    dc('relation', p.issn ? `urn:issn:${p.issn}` : null),
    grantRelations(opts.grants),
    dc('rights', accessRight(p, opts.today)),
    dc('date', p.embargoEnd ? `info:eu-repo/date/embargoEnd/${p.embargoEnd}` : null),
    dc('rights', p.licence),
  ]);
}

export function eventDc(e: EventRow): XmlFragment {
  return dcRoot([
    dc('title', e.name),
    dc('type', 'Event'),
    dc('date', e.endDate && e.endDate !== e.startDate ? `${e.startDate}/${e.endDate}` : e.startDate),
    dc('coverage', [e.city, e.country].filter((x) => x).join(', ')),
    dc('description', e.description),
    dc('identifier', e.website),
  ]);
}

export function projectDc(project: Project, opts: { startDate: string; endDate: string }): XmlFragment {
  return dcRoot([
    dc('title', project.title),
    dc('title', project.acronym),
    dc('type', 'Project'),
    dc('description', localize(project.description.short, 'en')),
    dc('date', `${opts.startDate}/${opts.endDate}`),
    dc('identifier', project.website),
    grantRelations(project.grants),
  ]);
}
