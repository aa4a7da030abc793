/**
 * A project's OAI-PMH 2.0 repository: the six verbs over the project's items in `oai_cerif_openaire` and `oai_dc`.
 * Reads only. Protocol errors are `<error>` answers (HTTP 200); a project without a plan, or whose plan does not
 * turn the endpoint on (`harvesting.oai_pmh`), has no repository (undefined: the route answers 404).
 *
 * Deleted records: `persistent`. Herald never forgets a deletion: records are soft-deleted and kept, and the plan's
 * entities keep their history in every stored plan version, so a harvester that comes back years later still learns
 * of every withdrawal. (`transient` would only be right if some deletions could be lost.)
 */
import type { Db } from '../db/client';
import { isoDate } from '../plan/time';
import { xmlDocument, xmlElement as el, type XmlChild, type XmlFragment } from '../lib/xml';
import { eventCerif, fundingCerif, orgUnitCerif, personCerif, projectCerif, publicationCerif } from './cerif';
import { eventDc, projectDc, publicationDc } from './dc';
import { findItem, formatsOf, identifierOf, listFrom, listSize, SET_OF, type Item, type Repo } from './items';
import { loadPlanHistory, nameKey } from './plan-items';
import {
  FORMATS,
  formatDatestamp,
  isPrefix,
  OaiError,
  parseRequest,
  SETS,
  type ListQuery,
  type MetadataPrefix,
  type OaiRequest,
} from './protocol';
import { earliestRecordStamp } from './record-items';
import { decodeToken, encodeToken } from './token';
import { projectEnd } from '../plan/time';

/** Items per ListRecords / ListIdentifiers page. */
export const OAI_PAGE_SIZE = 100;

export interface OaiOptions {
  db: Db;
  projectId: string;
  /** The endpoint's address (`<base>/p/<id>/oai`): the response's `<request>` and Identify's baseURL. */
  baseUrl: string;
  /** The resumption tokens' HMAC secret (token.ts tokenSecret). */
  secret: Buffer;
  now: Date;
  pageSize?: number;
}

const OAI_NS = 'http://www.openarchives.org/OAI/2.0/';

function envelope(opts: OaiOptions, echo: Record<string, string> | null, body: XmlChild): string {
  return xmlDocument(
    el(
      'OAI-PMH',
      {
        xmlns: OAI_NS,
        'xmlns:xsi': 'http://www.w3.org/2001/XMLSchema-instance',
        'xsi:schemaLocation': `${OAI_NS} http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd`,
      },
      el('responseDate', null, formatDatestamp(opts.now)),
      el('request', echo, opts.baseUrl),
      body,
    ),
  );
}

/** The response to one request, or undefined when the project has no repository. */
export async function oaiResponse(opts: OaiOptions, params: URLSearchParams): Promise<string | undefined> {
  const history = await loadPlanHistory(opts.db, opts.projectId);
  if (!history?.current.enabled) return undefined;
  let host = 'herald';
  try {
    host = new URL(opts.baseUrl).hostname || host;
  } catch {
    /* keep the default */
  }
  const repo: Repo = { db: opts.db, projectId: opts.projectId, host, history };
  let request: OaiRequest;
  try {
    request = parseRequest(params);
  } catch (e) {
    if (e instanceof OaiError) return envelope(opts, null, errorElement(e));
    throw e;
  }
  const echo: Record<string, string> = {};
  for (const [k, v] of params) echo[k] = v;
  try {
    return envelope(opts, echo, await answer(opts, repo, request));
  } catch (e) {
    if (!(e instanceof OaiError)) throw e;
    // badArgument: the request element carries the base URL only (OAI-PMH 3.6).
    return envelope(opts, e.code === 'badArgument' ? null : echo, errorElement(e));
  }
}

const errorElement = (e: OaiError) => el('error', { code: e.code }, e.message);

async function answer(opts: OaiOptions, repo: Repo, request: OaiRequest): Promise<XmlFragment> {
  switch (request.verb) {
    case 'Identify':
      return identify(opts, repo);
    case 'ListMetadataFormats': {
      let prefixes: MetadataPrefix[] = ['oai_cerif_openaire', 'oai_dc'];
      if (request.identifier !== undefined) {
        const item = await findItem(repo, request.identifier);
        if (!item) throw new OaiError('idDoesNotExist', 'No item has this identifier.');
        prefixes = formatsOf(item.kind);
        if (prefixes.length === 0)
          throw new OaiError('noMetadataFormats', 'The item has no metadata formats.');
      }
      return el(
        'ListMetadataFormats',
        null,
        prefixes.map((p) =>
          el(
            'metadataFormat',
            null,
            el('metadataPrefix', null, p),
            el('schema', null, FORMATS[p].schema),
            el('metadataNamespace', null, FORMATS[p].namespace),
          ),
        ),
      );
    }
    case 'ListSets':
      if (request.resumptionToken !== undefined)
        throw new OaiError('badResumptionToken', 'This repository issues no resumption tokens for ListSets.');
      return el(
        'ListSets',
        null,
        SETS.map(([spec, name]) => el('set', null, el('setSpec', null, spec), el('setName', null, name))),
      );
    case 'GetRecord': {
      if (!isPrefix(request.prefix))
        throw new OaiError('cannotDisseminateFormat', `The format "${request.prefix}" is not supported.`);
      const item = await findItem(repo, request.identifier);
      if (!item) throw new OaiError('idDoesNotExist', 'No item has this identifier.');
      if (!formatsOf(item.kind).includes(request.prefix))
        throw new OaiError('cannotDisseminateFormat', `This item is not available as "${request.prefix}".`);
      return el('GetRecord', null, record(opts, repo, item, request.prefix));
    }
    default:
      return list(opts, repo, request);
  }
}

async function identify(opts: OaiOptions, repo: Repo): Promise<XmlFragment> {
  const { current } = repo.history;
  let earliest = repo.history.items.reduce(
    (min, i) => (i.datestamp < min ? i.datestamp : min),
    repo.history.earliest,
  );
  const records = await earliestRecordStamp(repo.db, repo.projectId);
  if (records && records < earliest) earliest = records;
  return el(
    'Identify',
    null,
    el('repositoryName', null, `${current.project.acronym}: ${current.project.title}`),
    el('baseURL', null, opts.baseUrl),
    el('protocolVersion', null, '2.0'),
    el('adminEmail', null, current.adminEmail ?? ''),
    el('earliestDatestamp', null, formatDatestamp(earliest)),
    el('deletedRecord', null, 'persistent'),
    el('granularity', null, 'YYYY-MM-DDThh:mm:ssZ'),
  );
}

function header(repo: Repo, item: Item): XmlFragment {
  return el(
    'header',
    item.deleted ? { status: 'deleted' } : null,
    el('identifier', null, identifierOf(repo, item)),
    el('datestamp', null, formatDatestamp(item.datestamp)),
    el('setSpec', null, SET_OF[item.kind]),
  );
}

function record(opts: OaiOptions, repo: Repo, item: Item, prefix: MetadataPrefix): XmlFragment {
  return el(
    'record',
    null,
    header(repo, item),
    item.deleted ? null : el('metadata', null, metadata(opts, repo, item, prefix)),
  );
}

function metadata(opts: OaiOptions, repo: Repo, item: Item, prefix: MetadataPrefix): XmlFragment | null {
  const { project, partners, people } = repo.history.current;
  const today = isoDate(opts.now);
  const dc = prefix === 'oai_dc';
  switch (item.kind) {
    case 'project':
      return dc
        ? projectDc(project, {
            startDate: project.start_date,
            endDate: projectEnd(project.start_date, project.duration_months),
          })
        : projectCerif(repo.projectId, project, partners);
    case 'funding':
      return item.grant ? fundingCerif(item.id, item.grant, project) : null;
    case 'orgunit':
      return item.partner ? orgUnitCerif(item.partner) : null;
    case 'person':
      return item.person ? personCerif(item.person, item.partner) : null;
    case 'publication':
      return dc
        ? publicationDc(item.row, { grants: project.grants, today })
        : publicationCerif(item.row, {
            projectId: repo.projectId,
            project,
            partners,
            people: new Map(people.filter((p) => p.consent).map((p) => [nameKey(p.name), p])),
            nameKey,
            today,
          });
    case 'event':
      return dc ? eventDc(item.row) : eventCerif(item.row);
  }
}

async function list(
  opts: OaiOptions,
  repo: Repo,
  request: Extract<OaiRequest, { verb: 'ListIdentifiers' | 'ListRecords' }>,
): Promise<XmlFragment> {
  const pageSize = opts.pageSize ?? OAI_PAGE_SIZE;
  let query: ListQuery;
  let position = { stage: 0, after: null as string | null, cursor: 0, total: 0 };
  const resumed = 'resumptionToken' in request;
  if (resumed) {
    const state = decodeToken(opts.secret, repo.projectId, request.resumptionToken);
    query = state.query;
    position = state;
  } else {
    if (!isPrefix(request.prefix))
      throw new OaiError('cannotDisseminateFormat', `The format "${request.prefix}" is not supported.`);
    query = { prefix: request.prefix, ...request.query };
    position.total = await listSize(repo, query);
  }
  const page = await listFrom(repo, {
    query,
    stage: position.stage,
    after: position.after,
    limit: pageSize + 1,
  });
  if (page.length === 0) {
    if (resumed) throw new OaiError('badResumptionToken', 'The list this token continues has changed.');
    throw new OaiError('noRecordsMatch', 'No items match the request.');
  }
  const shown = page.slice(0, pageSize);
  const more = page.length > pageSize;
  const last = shown[shown.length - 1]!;
  const tokenAttrs = {
    completeListSize: Math.max(position.total, position.cursor + shown.length),
    cursor: position.cursor,
  };
  const token = more
    ? el(
        'resumptionToken',
        tokenAttrs,
        encodeToken(opts.secret, {
          projectId: repo.projectId,
          query,
          stage: last.stage,
          after: last.item.id,
          cursor: position.cursor + shown.length,
          total: position.total,
        }),
      )
    : resumed
      ? el('resumptionToken', tokenAttrs)
      : null;
  const verb = request.verb;
  return el(
    verb,
    null,
    shown.map(({ item }) =>
      verb === 'ListRecords' ? record(opts, repo, item, query.prefix) : header(repo, item),
    ),
    token,
  );
}
