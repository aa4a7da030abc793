/**
 * What the funder's Portal requires of each record, per programme, as data: the fields a pre-flight finds empty.
 * Columns the database already requires (title, dates, type, status, lead partner) are not listed.
 */
import type { RecordType } from '../plan/schema';

/** How a field counts as missing: `text` null or blank, `list` empty, `value` null. */
export type Emptiness = 'text' | 'list' | 'value';

export interface MandatoryField {
  kind: RecordType;
  /** The record field (= its column, as in RECORD_FIELDS). */
  field: string;
  test: Emptiness;
  /** Required only for records whose `field` holds one of `values` (e.g. communication activities). */
  when?: { field: string; values: readonly string[] };
}

const PEER_REVIEWED_TYPES = ['journal_article', 'conference_paper'] as const;

/** H2020 periodic report: activities (audiences, persons reached, countries), Table 4 events, publications. */
const H2020: readonly MandatoryField[] = [
  { kind: 'activity', field: 'audiences', test: 'list' },
  { kind: 'activity', field: 'persons_reached', test: 'value' },
  { kind: 'activity', field: 'countries', test: 'list' },
  { kind: 'event', field: 'participants', test: 'value' },
  { kind: 'publication', field: 'publisher', test: 'text' },
  { kind: 'publication', field: 'doi', test: 'text', when: { field: 'type', values: PEER_REVIEWED_TYPES } },
  { kind: 'publication', field: 'issn', test: 'text', when: { field: 'type', values: ['journal_article'] } },
];

/** Horizon Europe continuous reporting: the communication and dissemination forms; publications by DOI. */
const HORIZON_EUROPE: readonly MandatoryField[] = [
  { kind: 'activity', field: 'audiences', test: 'list' },
  {
    kind: 'activity',
    field: 'description',
    test: 'text',
    when: { field: 'category', values: ['dissemination'] },
  },
  {
    kind: 'activity',
    field: 'channels',
    test: 'list',
    when: { field: 'category', values: ['communication'] },
  },
  {
    kind: 'activity',
    field: 'outcome',
    test: 'text',
    when: { field: 'category', values: ['communication'] },
  },
  { kind: 'event', field: 'participants', test: 'value' },
  { kind: 'publication', field: 'doi', test: 'text' },
];

/** The mandatory fields of a programme (`H2020` | `HORIZON_EUROPE`, as vocabularyFor names them). */
export const MANDATORY_FIELDS: Readonly<Record<string, readonly MandatoryField[]>> = {
  H2020,
  HORIZON_EUROPE,
};
