/**
 * The funder Portal's tabs as data, per programme: which records each tab lists, its columns in the Portal's order
 * with their header strings, how each cell maps Herald's value to the Portal's vocabulary, and the length limits.
 */
import type { OpenAccessRoute } from '../../records/schema';

// CAVEAT (as for src/records/vocabularies/h2020.ts): the H2020 column lists come from the reference's recollection of
// the periodic report template, and the header strings of both programmes follow its field names; they are data so
// a user can correct them without a code change. H2020 fields Herald does not record (place of an activity, a
// publication's place and processing charges) are left out rather than exported empty.

/** How a cell is made from its record field. */
export type CellMap =
  /** The text as stored (a number or date as text). */
  | 'text'
  /** The activity's type: must be one of the programme's activity types. */
  | 'activity_type'
  /** Target audiences: each one of the programme's list for the activity's category. */
  | 'audiences'
  /** Communication channels: each one of the programme's channels. */
  | 'channels'
  /** The activity's status: one of the programme's statuses. */
  | 'status'
  /** Herald's publication type → the programme's label. */
  | 'publication_type'
  /** Open access (yes/no) from Herald's route. */
  | 'open_access'
  /** The open-access route's label (`Green OA`, `Gold OA`), empty when not open. */
  | 'oa_route'
  /** A boolean as `Yes` / `No`. */
  | 'yes_no'
  /** Authors as `Name; Name`. */
  | 'authors'
  /** A list joined with `; `. */
  | 'list'
  /** Herald's deliverable status → the Portal's (DELIVERABLE_STATUSES). */
  | 'deliverable_status';

export interface PortalColumn {
  /** The Portal's field name, verbatim (the CSV/XLSX header). */
  header: string;
  /** The record's column (as in RECORD_FIELDS). */
  field: string;
  map: CellMap;
  /** The Portal's length limit in characters: a longer value is a finding, never truncated. */
  maxLength?: number;
}

export type PortalKind = 'activity' | 'publication' | 'deliverable';

export interface PortalTab {
  /** The `tab` query value. */
  id: string;
  kind: PortalKind;
  /** Only activities of this category (Horizon Europe has a form for each). */
  category?: 'communication' | 'dissemination';
  columns: readonly PortalColumn[];
}

/** Open-access route → the Portal's (yes/no, route label). Hybrid is gold open access in the Portal's terms. */
export const OA_ROUTES: Readonly<Record<OpenAccessRoute, { open: boolean; route: string }>> = {
  gold: { open: true, route: 'Gold OA' },
  hybrid: { open: true, route: 'Gold OA' },
  green: { open: true, route: 'Green OA' },
  closed: { open: false, route: '' },
  unknown: { open: false, route: '' },
};

/**
 * Herald's deliverable status → the Portal's (`Pending` → `Draft` → `Submitted`; the Portal shows approval as a date,
 * not a status, so `Approved` is `Submitted` with its approval date).
 */
export const DELIVERABLE_STATUSES: Readonly<Record<string, string>> = {
  Pending: 'Pending',
  Draft: 'Draft',
  Submitted: 'Submitted',
  Approved: 'Submitted',
};

/** The deliverables tab: the same fields under both programmes. */
const DELIVERABLES_TAB: PortalTab = {
  id: 'deliverables',
  kind: 'deliverable',
  columns: [
    { header: 'Deliverable number', field: 'code', map: 'text' },
    { header: 'Deliverable title', field: 'title', map: 'text' },
    { header: 'WP number', field: 'wp', map: 'text' },
    { header: 'Due date', field: 'due_date', map: 'text' },
    { header: 'Status', field: 'status', map: 'deliverable_status' },
    { header: 'Delivery date', field: 'submitted_on', map: 'text' },
    { header: 'Approval date', field: 'approved_on', map: 'text' },
    { header: 'Justification for late delivery', field: 'justification', map: 'text' },
  ],
};

export const YES = 'Yes';
export const NO = 'No';

const H2020_TABS: readonly PortalTab[] = [
  {
    id: 'activities',
    kind: 'activity',
    columns: [
      { header: 'Type of activity', field: 'type', map: 'activity_type' },
      { header: 'Lead beneficiary', field: 'lead_partner', map: 'text' },
      { header: 'Title', field: 'title', map: 'text' },
      { header: 'Date', field: 'start_date', map: 'text' },
      { header: 'Type of audience', field: 'audiences', map: 'audiences' },
      { header: 'Estimated number of persons reached', field: 'persons_reached', map: 'text' },
      { header: 'Countries addressed', field: 'countries', map: 'list' },
      { header: 'Joint with other projects', field: 'joint_with_other_projects', map: 'yes_no' },
    ],
  },
  {
    id: 'publications',
    kind: 'publication',
    columns: [
      { header: 'Type of publication', field: 'type', map: 'publication_type' },
      { header: 'DOI', field: 'doi', map: 'text' },
      { header: 'Title', field: 'title', map: 'text' },
      { header: 'Authors', field: 'authors', map: 'authors' },
      { header: 'Title of the journal or equivalent', field: 'venue', map: 'text' },
      { header: 'Number, date or frequency', field: 'issue', map: 'text' },
      { header: 'Publisher', field: 'publisher', map: 'text' },
      { header: 'Year of publication', field: 'year', map: 'text' },
      { header: 'Relevant pages', field: 'pages', map: 'text' },
      { header: 'ISBN', field: 'isbn', map: 'text' },
      { header: 'ISSN or eISSN', field: 'issn', map: 'text' },
      { header: 'Peer-reviewed', field: 'peer_reviewed', map: 'yes_no' },
      { header: 'Open access', field: 'open_access', map: 'open_access' },
      { header: 'Type of open access', field: 'open_access', map: 'oa_route' },
      { header: 'Repository link', field: 'repository_url', map: 'text' },
      { header: 'Link to publication', field: 'url', map: 'text' },
      { header: 'Joint public/private publication', field: 'joint_public_private', map: 'yes_no' },
    ],
  },
  DELIVERABLES_TAB,
];

const HORIZON_EUROPE_TABS: readonly PortalTab[] = [
  {
    id: 'dissemination',
    kind: 'activity',
    category: 'dissemination',
    columns: [
      { header: 'Name', field: 'title', map: 'text' },
      // "Objective of the activity with reference to a project output": 200 characters at most.
      { header: 'Description', field: 'description', map: 'text', maxLength: 200 },
      { header: 'Type', field: 'type', map: 'activity_type' },
      { header: 'Target audience', field: 'audiences', map: 'audiences' },
      { header: 'Status', field: 'status', map: 'status' },
    ],
  },
  {
    id: 'communication',
    kind: 'activity',
    category: 'communication',
    columns: [
      { header: 'Name', field: 'title', map: 'text' },
      { header: 'Description', field: 'description', map: 'text' },
      { header: 'Target audience', field: 'audiences', map: 'audiences' },
      { header: 'Channels', field: 'channels', map: 'channels' },
      { header: 'Outcome', field: 'outcome', map: 'text' },
      { header: 'Status', field: 'status', map: 'status' },
    ],
  },
  {
    id: 'publications',
    kind: 'publication',
    columns: [
      { header: 'DOI', field: 'doi', map: 'text' },
      { header: 'Title', field: 'title', map: 'text' },
      { header: 'Authors', field: 'authors', map: 'authors' },
      { header: 'Journal or equivalent', field: 'venue', map: 'text' },
      { header: 'Year', field: 'year', map: 'text' },
      { header: 'Type of publication', field: 'type', map: 'publication_type' },
      { header: 'Peer-reviewed', field: 'peer_reviewed', map: 'yes_no' },
      { header: 'Open access', field: 'open_access', map: 'open_access' },
      { header: 'Repository link', field: 'repository_url', map: 'text' },
    ],
  },
  DELIVERABLES_TAB,
];

/** The Portal's tabs per programme (`H2020` | `HORIZON_EUROPE`, as vocabularyFor names them). */
export const PORTAL_TABS: Readonly<Record<string, readonly PortalTab[]>> = {
  H2020: H2020_TABS,
  HORIZON_EUROPE: HORIZON_EUROPE_TABS,
};

/** Every tab id of any programme (the `tab` parameter's values). */
export const PORTAL_TAB_IDS = [
  'activities',
  'dissemination',
  'communication',
  'publications',
  'deliverables',
] as const;

/** The programmes' names as people write them (in texts; the codes stay in data). */
export const PROGRAMME_NAMES: Readonly<Record<string, string>> = {
  H2020: 'Horizon 2020',
  HORIZON_EUROPE: 'Horizon Europe',
};
