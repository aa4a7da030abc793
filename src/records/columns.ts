/** Spreadsheet columns of each record type: field, cell kind, header aliases, template example; header matching. */
import {
  ACTIVITY_KINDS,
  ACTIVITY_STATUSES,
  EVENT_KINDS,
  EVENT_ROLES,
  EVENT_STATUSES,
  METRIC_CHANNEL_KINDS,
  METRIC_CHANNEL_SCOPES,
  METRIC_NAMES,
  PUBLICATION_TYPES,
  SYNERGY_KINDS,
  type RecordType,
} from '../plan/schema';
import { ACTIVITY_CATEGORIES, OPEN_ACCESS_ROUTES, isFieldOptional } from './schema';
import type { FunderVocabulary } from './vocabularies';
import { normaliseName, type CellKind } from './cells';
import { DATE_PRECISIONS } from './dates';

/** One column of a record spreadsheet. */
export interface ColumnSpec {
  field: string;
  kind: CellKind;
  /** Other header names accepted for this column (matched ignoring case, spaces and punctuation). */
  aliases?: readonly string[];
  /** Closed values, or the funder vocabulary list the values come from. */
  values?: readonly string[] | ((v: FunderVocabulary) => readonly string[]);
  /** Value of the template's example row (`{partner}` and `{partner2}` are replaced by partner codes). */
  example: string;
  /** One-line help for the template's allowed-values sheet. */
  help?: string;
}

const common: ColumnSpec[] = [
  {
    field: 'lead_partner',
    kind: 'code',
    aliases: ['lead', 'lead beneficiary', 'beneficiary', 'partner', 'lead partner code'],
    example: '{partner}',
    help: 'partner code or alias',
  },
  {
    field: 'partners',
    kind: 'list',
    aliases: ['other partners', 'partners involved', 'attending partners'],
    example: '{partner2}',
    help: 'partner codes separated by ;',
  },
  { field: 'wp', kind: 'code', aliases: ['work package', 'workpackage'], example: '' },
  { field: 'deliverable', kind: 'code', aliases: ['deliverable code'], example: '' },
  { field: 'timeline_item', kind: 'code', aliases: ['timeline', 'timeline item id'], example: '' },
  { field: 'kpi', kind: 'code', aliases: ['kpi id'], example: '' },
];

const activity: ColumnSpec[] = [
  {
    field: 'title',
    kind: 'text',
    aliases: ['name', 'activity', 'activity title'],
    example: 'Press release on the pilot launch',
  },
  {
    field: 'description',
    kind: 'text',
    aliases: ['objective', 'summary'],
    example: 'Launch of the first pilot',
  },
  {
    field: 'start_date',
    kind: 'date',
    aliases: ['date', 'start', 'from', 'date from'],
    example: '2024-03-15',
    help: 'YYYY-MM-DD or DD/MM/YYYY',
  },
  { field: 'end_date', kind: 'date', aliases: ['end', 'to', 'date to'], example: '' },
  {
    field: 'kind',
    kind: 'enum',
    values: ACTIVITY_KINDS,
    aliases: ['activity kind'],
    example: 'press_release',
  },
  { field: 'category', kind: 'enum', values: ACTIVITY_CATEGORIES, example: 'communication' },
  {
    field: 'type',
    kind: 'enum',
    values: (v) => v.activityTypes,
    aliases: ['activity type', 'type of activity'],
    example: '{activityType}',
  },
  {
    field: 'audiences',
    kind: 'enum-list',
    values: (v) => [...new Set([...v.communicationAudiences, ...v.disseminationAudiences])],
    aliases: ['audience', 'target audience', 'target audiences'],
    example: '{audience}',
    help: 'several, separated by ;',
  },
  {
    field: 'channels',
    kind: 'enum-list',
    values: (v) => v.channels,
    aliases: ['channel', 'communication channels'],
    example: '{channel}',
    help: 'several, separated by ;',
  },
  { field: 'status', kind: 'enum', values: ACTIVITY_STATUSES, example: 'Delivered' },
  { field: 'outcome', kind: 'text', example: '' },
  {
    field: 'persons_reached',
    kind: 'int',
    aliases: ['reach', 'people reached', 'estimated persons reached', 'estimated number of persons reached'],
    example: '1200',
  },
  {
    field: 'reach_by_audience',
    kind: 'reach',
    values: (v) => [...new Set([...v.communicationAudiences, ...v.disseminationAudiences])],
    aliases: ['reach per audience', 'persons reached by audience'],
    example: '',
    help: 'audience: number; ...',
  },
  {
    field: 'countries',
    kind: 'country-list',
    aliases: ['country', 'countries addressed'],
    example: 'ES; JP',
    help: 'ISO 3166-1 alpha-2 codes',
  },
  {
    field: 'links',
    kind: 'url-list',
    aliases: ['link', 'url', 'urls'],
    example: 'https://example.org/news/1',
  },
  {
    field: 'joint_with_other_projects',
    kind: 'bool',
    aliases: ['joint'],
    example: 'no',
  },
];

const event: ColumnSpec[] = [
  { field: 'name', kind: 'text', aliases: ['title', 'event', 'event name'], example: 'IoT Week 2024' },
  {
    field: 'kind',
    kind: 'enum',
    values: EVENT_KINDS,
    aliases: ['event kind', 'event type'],
    example: 'conference',
  },
  { field: 'city', kind: 'text', aliases: ['place', 'location'], example: 'Santander' },
  { field: 'country', kind: 'country', example: 'ES', help: 'ISO 3166-1 alpha-2 code' },
  { field: 'start_date', kind: 'date', aliases: ['date', 'start', 'from'], example: '2024-06-10' },
  { field: 'end_date', kind: 'date', aliases: ['end', 'to'], example: '2024-06-12' },
  { field: 'website', kind: 'text', aliases: ['url', 'link'], example: 'https://iotweek.org' },
  {
    field: 'roles',
    kind: 'enum-list',
    values: EVENT_ROLES,
    aliases: ['role'],
    example: 'presentation; booth',
  },
  { field: 'participants', kind: 'int', aliases: ['attendees', 'number of participants'], example: '300' },
  { field: 'international', kind: 'bool', example: 'yes' },
  { field: 'joint_with_other_projects', kind: 'bool', aliases: ['joint'], example: 'no' },
  { field: 'status', kind: 'enum', values: EVENT_STATUSES, example: 'attended' },
  { field: 'description', kind: 'text', example: '' },
];

const publication: ColumnSpec[] = [
  {
    field: 'type',
    kind: 'enum',
    values: PUBLICATION_TYPES,
    aliases: ['publication type'],
    example: 'journal_article',
  },
  { field: 'title', kind: 'text', example: 'Secure data marketplaces for smart cities' },
  { field: 'title_original', kind: 'text', aliases: ['original title'], example: '' },
  { field: 'source_key', kind: 'text', aliases: ['citation key', 'bibtex key'], example: '' },
  {
    field: 'authors',
    kind: 'authors',
    aliases: ['author', 'author list'],
    example: 'Tanaka, Hiroshi [{partner}]; García, José (University of Cantabria)',
    help: 'Family, Given (affiliation) [partner]; ...',
  },
  {
    field: 'venue',
    kind: 'text',
    aliases: [
      'journal',
      'proceedings',
      'book title',
      'container title',
      'journal/proceedings title',
      'source',
    ],
    example: 'IEEE Access',
  },
  { field: 'publisher', kind: 'text', example: 'IEEE' },
  { field: 'volume', kind: 'text', example: '12' },
  { field: 'issue', kind: 'text', aliases: ['number', 'no'], example: '3' },
  { field: 'pages', kind: 'text', aliases: ['page', 'page range'], example: '100-110' },
  { field: 'year', kind: 'int', aliases: ['publication year'], example: '2024' },
  {
    field: 'date',
    kind: 'partial-date',
    aliases: ['publication date'],
    example: '',
    help: 'YYYY-MM-DD, YYYY-MM or YYYY',
  },
  {
    field: 'date_precision',
    kind: 'enum',
    values: DATE_PRECISIONS,
    aliases: ['precision'],
    example: '',
    help: 'day, month or year (default: from the date)',
  },
  { field: 'doi', kind: 'text', example: '10.1109/ACCESS.2024.0000001' },
  {
    field: 'container_doi',
    kind: 'text',
    aliases: ['proceedings doi', 'volume doi'],
    example: '',
  },
  { field: 'isbn', kind: 'text', example: '' },
  { field: 'issn', kind: 'text', aliases: ['eissn', 'issn/eissn'], example: '2169-3536' },
  { field: 'peer_reviewed', kind: 'bool', aliases: ['peer review'], example: 'yes' },
  {
    field: 'open_access',
    kind: 'enum',
    values: OPEN_ACCESS_ROUTES,
    aliases: ['oa route', 'open access route', 'oa'],
    example: 'gold',
  },
  { field: 'embargo_end', kind: 'date', aliases: ['embargo end date', 'embargo'], example: '' },
  { field: 'repository_url', kind: 'text', aliases: ['repository', 'repository link'], example: '' },
  {
    field: 'licence',
    kind: 'text',
    aliases: ['license', 'licence url', 'license url', 'rights'],
    example: '',
  },
  { field: 'url', kind: 'text', aliases: ['link', 'link to publication'], example: '' },
  {
    field: 'acknowledges_grant',
    kind: 'bool',
    aliases: ['acknowledgement', 'grant acknowledged'],
    example: 'yes',
  },
];

const synergy: ColumnSpec[] = [
  {
    field: 'initiative',
    kind: 'text',
    aliases: ['project', 'initiative name', 'body', 'standardisation body', 'standardization body'],
    example: 'FIWARE Foundation',
  },
  {
    field: 'kind',
    kind: 'enum',
    values: SYNERGY_KINDS,
    aliases: ['kind of collaboration', 'type'],
    example: 'standardisation',
  },
  { field: 'date', kind: 'date', example: '2024-05-02' },
  { field: 'description', kind: 'text', example: 'Contribution to the data models group' },
  { field: 'outcome', kind: 'text', example: '' },
];

const metric: ColumnSpec[] = [
  { field: 'date', kind: 'date', aliases: ['snapshot date', 'day'], example: '2024-06-30' },
  {
    field: 'channel',
    kind: 'text',
    aliases: ['account', 'channel id', 'url', 'handle'],
    example: 'https://www.youtube.com/@example',
  },
  {
    field: 'channel_kind',
    kind: 'enum',
    values: METRIC_CHANNEL_KINDS,
    aliases: ['channel type', 'platform'],
    example: 'youtube',
  },
  {
    field: 'channel_scope',
    kind: 'enum',
    values: METRIC_CHANNEL_SCOPES,
    aliases: ['scope'],
    example: 'project',
  },
  { field: 'metric', kind: 'name', values: METRIC_NAMES, aliases: ['measure', 'name'], example: 'views' },
  { field: 'value', kind: 'number', aliases: ['count', 'total'], example: '1520' },
  { field: 'source', kind: 'text', example: 'csv' },
];

/** Columns of each record type: the type's own fields, then the shared ones. */
export const RECORD_COLUMNS: Record<RecordType, readonly ColumnSpec[]> = {
  activity: [...activity, ...common],
  event: [...event, ...common],
  publication: [...publication, ...common],
  synergy: [...synergy, ...common],
  metric: [...metric, ...common],
};

export function columnsFor(type: RecordType): readonly ColumnSpec[] {
  return RECORD_COLUMNS[type];
}

/** The closed values of a column, resolved against the project's vocabulary. */
export function columnValues(spec: ColumnSpec, vocabulary: FunderVocabulary): readonly string[] | undefined {
  return typeof spec.values === 'function' ? spec.values(vocabulary) : spec.values;
}

/** Columns a file must have: required schema fields without a default, unless `defaults` gives them. */
export function requiredColumns(type: RecordType, defaults: Record<string, unknown> = {}): ColumnSpec[] {
  return columnsFor(type).filter((c) => !isFieldOptional(type, c.field) && defaults[c.field] === undefined);
}

/** The result of matching a header row to a record type's columns. */
export interface HeaderMatch {
  /** Cell index → column. */
  byIndex: Map<number, ColumnSpec>;
  /** Field → the header text as the file writes it. */
  headerOf: Record<string, string>;
  unknown: string[];
  missing: ColumnSpec[];
  /** Fields named by two columns. */
  duplicates: { field: string; headers: string[] }[];
}

/** Matches headers to columns by name (case, spaces and punctuation ignored) and aliases, never by position. */
export function matchHeaders(
  type: RecordType,
  headers: readonly string[],
  defaults: Record<string, unknown> = {},
): HeaderMatch {
  const lookup = new Map<string, ColumnSpec>();
  for (const spec of columnsFor(type))
    for (const name of [spec.field, ...(spec.aliases ?? [])]) lookup.set(normaliseName(name), spec);
  const match: HeaderMatch = { byIndex: new Map(), headerOf: {}, unknown: [], missing: [], duplicates: [] };
  headers.forEach((raw, index) => {
    const header = raw.trim();
    if (header === '') return;
    const spec = lookup.get(normaliseName(header));
    if (!spec) return void match.unknown.push(header);
    const earlier = match.headerOf[spec.field];
    if (earlier !== undefined) {
      const dup = match.duplicates.find((d) => d.field === spec.field);
      if (dup) dup.headers.push(header);
      else match.duplicates.push({ field: spec.field, headers: [earlier, header] });
      return;
    }
    match.byIndex.set(index, spec);
    match.headerOf[spec.field] = header;
  });
  match.missing = requiredColumns(type, defaults).filter((c) => match.headerOf[c.field] === undefined);
  return match;
}
