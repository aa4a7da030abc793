/**
 * OAI-PMH 2.0 (http://www.openarchives.org/OAI/openarchivesprotocol.html): the verbs, their arguments and the
 * protocol's errors, parsed from a request's arguments (query string or form body) without touching the database.
 * A request breaks the protocol → an `OaiError` with one of the spec's error codes.
 */

export const VERBS = [
  'Identify',
  'ListMetadataFormats',
  'ListSets',
  'GetRecord',
  'ListIdentifiers',
  'ListRecords',
] as const;
export type Verb = (typeof VERBS)[number];

export const OAI_ERROR_CODES = [
  'badArgument',
  'badResumptionToken',
  'badVerb',
  'cannotDisseminateFormat',
  'idDoesNotExist',
  'noRecordsMatch',
  'noMetadataFormats',
  'noSetHierarchy',
] as const;
export type OaiErrorCode = (typeof OAI_ERROR_CODES)[number];

/** A protocol error: answered as `<error code="…">` with HTTP 200, as the protocol requires. */
export class OaiError extends Error {
  constructor(
    readonly code: OaiErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** The metadata formats, each with its schema and namespace (OpenAIRE Guidelines for CRIS Managers 1.1.1). */
export const FORMATS = {
  oai_cerif_openaire: {
    schema: 'https://www.openaire.eu/schema/cris/1.1.1/openaire-cerif-profile.xsd',
    namespace: 'https://www.openaire.eu/cerif-profile/1.1/',
  },
  oai_dc: {
    schema: 'http://www.openarchives.org/OAI/2.0/oai_dc.xsd',
    namespace: 'http://www.openarchives.org/OAI/2.0/oai_dc/',
  },
} as const;
export type MetadataPrefix = keyof typeof FORMATS;
export const isPrefix = (p: string): p is MetadataPrefix => Object.hasOwn(FORMATS, p);

/** The nine sets of the CRIS guidelines, in their order; all are listed even when empty. */
export const SETS = [
  ['openaire_cris_publications', 'OpenAIRE_CRIS_publications'],
  ['openaire_cris_products', 'OpenAIRE_CRIS_products'],
  ['openaire_cris_patents', 'OpenAIRE_CRIS_patents'],
  ['openaire_cris_persons', 'OpenAIRE_CRIS_persons'],
  ['openaire_cris_orgunits', 'OpenAIRE_CRIS_orgunits'],
  ['openaire_cris_projects', 'OpenAIRE_CRIS_projects'],
  ['openaire_cris_funding', 'OpenAIRE_CRIS_funding'],
  ['openaire_cris_events', 'OpenAIRE_CRIS_events'],
  ['openaire_cris_equipments', 'OpenAIRE_CRIS_equipments'],
] as const;
export type SetSpec = (typeof SETS)[number][0];

/** setSpec syntax of the OAI-PMH schema (setSpecType). */
const SET_SPEC = /^[A-Za-z0-9\-_.!~*'()]+(?::[A-Za-z0-9\-_.!~*'()]+)*$/;
/** metadataPrefix syntax of the OAI-PMH schema (metadataPrefixType). */
const PREFIX = /^[A-Za-z0-9\-_.!~*'()]+$/;

/** A UTC datestamp at day or second granularity, as the protocol writes them. */
export interface Datestamp {
  at: Date;
  granularity: 'day' | 'second';
}

/** `YYYY-MM-DD` or `YYYY-MM-DDThh:mm:ssZ`, a real calendar date and time; else undefined. */
export function parseDatestamp(value: string): Datestamp | undefined {
  const day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  const second = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})Z$/.exec(value);
  const m = day ?? second;
  if (!m) return undefined;
  const at = new Date(day ? `${value}T00:00:00Z` : value);
  if (Number.isNaN(at.getTime())) return undefined;
  const back = at.toISOString().replace(/\.\d{3}Z$/, 'Z');
  if ((day ? back.slice(0, 10) : back) !== value) return undefined; // 2024-02-30 rolls over: refused
  return { at, granularity: day ? 'day' : 'second' };
}

/** A time as the repository's datestamp (second granularity, UTC, fractions dropped). */
export const formatDatestamp = (at: Date): string => at.toISOString().replace(/\.\d{3}Z$/, 'Z');

/** What a list request asks for, from its arguments or its resumption token. */
export interface ListQuery {
  prefix: MetadataPrefix;
  set?: string;
  /** Inclusive lower bound. */
  from?: Date;
  /** Exclusive upper bound (the `until` argument's last second or day, plus one). */
  before?: Date;
}

export type OaiRequest =
  | { verb: 'Identify' }
  | { verb: 'ListMetadataFormats'; identifier?: string }
  | { verb: 'ListSets'; resumptionToken?: string }
  | { verb: 'GetRecord'; identifier: string; prefix: string }
  | { verb: 'ListIdentifiers' | 'ListRecords'; resumptionToken: string }
  | { verb: 'ListIdentifiers' | 'ListRecords'; query: Omit<ListQuery, 'prefix'>; prefix: string };

const ALLOWED: Record<Verb, readonly string[]> = {
  Identify: [],
  ListMetadataFormats: ['identifier'],
  ListSets: ['resumptionToken'],
  GetRecord: ['identifier', 'metadataPrefix'],
  ListIdentifiers: ['metadataPrefix', 'from', 'until', 'set', 'resumptionToken'],
  ListRecords: ['metadataPrefix', 'from', 'until', 'set', 'resumptionToken'],
};

/** The arguments echoed in the response's `<request>`, or null when the request was refused as badVerb/badArgument. */
export type EchoedArgs = Record<string, string> | null;

/** The request's verb and arguments checked against the protocol; every argument appears at most once. */
export function parseRequest(params: URLSearchParams): OaiRequest {
  const verbs = params.getAll('verb');
  if (verbs.length !== 1)
    throw new OaiError('badVerb', verbs.length ? 'The verb argument is repeated.' : 'No verb.');
  const verb = verbs[0]!;
  if (!(VERBS as readonly string[]).includes(verb)) throw new OaiError('badVerb', `Illegal verb "${verb}".`);
  const v = verb as Verb;
  const args = new Map<string, string>();
  for (const [key, value] of params) {
    if (key === 'verb') continue;
    if (!ALLOWED[v].includes(key)) throw new OaiError('badArgument', `Illegal argument "${key}" for ${v}.`);
    if (args.has(key)) throw new OaiError('badArgument', `The argument "${key}" is repeated.`);
    args.set(key, value);
  }
  const token = args.get('resumptionToken');
  if (token !== undefined && args.size > 1)
    throw new OaiError('badArgument', 'resumptionToken is an exclusive argument.');
  switch (v) {
    case 'Identify':
      return { verb: v };
    case 'ListMetadataFormats':
      return { verb: v, identifier: args.get('identifier') };
    case 'ListSets':
      return { verb: v, resumptionToken: token };
    case 'GetRecord': {
      const identifier = args.get('identifier');
      const prefix = args.get('metadataPrefix');
      if (identifier === undefined || prefix === undefined)
        throw new OaiError('badArgument', 'GetRecord needs identifier and metadataPrefix.');
      checkPrefix(prefix);
      return { verb: v, identifier, prefix };
    }
    default: {
      if (token !== undefined) return { verb: v, resumptionToken: token };
      const prefix = args.get('metadataPrefix');
      if (prefix === undefined) throw new OaiError('badArgument', `${v} needs metadataPrefix.`);
      checkPrefix(prefix);
      return { verb: v, prefix, query: listRange(args) };
    }
  }
}

function checkPrefix(prefix: string) {
  if (!PREFIX.test(prefix)) throw new OaiError('badArgument', 'metadataPrefix has an illegal syntax.');
}

function listRange(args: Map<string, string>): Omit<ListQuery, 'prefix'> {
  const set = args.get('set');
  if (set !== undefined && !SET_SPEC.test(set))
    throw new OaiError('badArgument', 'set has an illegal syntax.');
  const date = (name: 'from' | 'until') => {
    const raw = args.get(name);
    if (raw === undefined) return undefined;
    const parsed = parseDatestamp(raw);
    if (!parsed)
      throw new OaiError('badArgument', `${name} is not a datestamp (YYYY-MM-DD or YYYY-MM-DDThh:mm:ssZ).`);
    return parsed;
  };
  const from = date('from');
  const until = date('until');
  if (from && until && from.granularity !== until.granularity)
    throw new OaiError('badArgument', 'from and until have different granularities.');
  if (from && until && from.at > until.at) throw new OaiError('badArgument', 'from is later than until.');
  const before = until
    ? new Date(until.at.getTime() + (until.granularity === 'day' ? 86_400_000 : 1000))
    : undefined;
  return { set, from: from?.at, before };
}
