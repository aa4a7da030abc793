/** Horizon 2020 reporting vocabularies (M-Sec's programme). */
import { ACTIVITY_STATUSES } from '../../plan/schema';
import { HORIZON_EUROPE_CHANNELS } from './horizon-europe';
import { PUBLICATION_TYPE_LABELS, PUBLICATION_TYPE_LIST } from './publication-types';
import type { FunderVocabulary } from './types';

// CAVEAT (from ../shared/reference/ec-reporting.md): these lists are recalled from H2020 practice and were not found
// in a primary source; to confirm against the H2020 periodic report template. They are data so a user can correct
// them without a code change.

const H2020_AUDIENCES = [
  'Scientific Community (higher education, Research)',
  'Industry',
  'Civil Society',
  'General Public',
  'Policy makers',
  'Media',
  'Investors',
  'Customers',
  'Other',
] as const;

export const h2020: FunderVocabulary = {
  programme: 'H2020',
  activityTypes: [
    'Organisation of a Conference',
    'Organisation of Workshops',
    'Press release',
    'Non-scientific and non-peer-reviewed publication (popularised publication)',
    'Exhibition',
    'Flyer',
    'Training',
    'Social Media',
    'Website',
    'Communication Campaign (e.g. Radio, TV)',
    'Participation to a Conference',
    'Participation to a Workshop',
    'Participation to an Event other than a Conference or a Workshop',
    'Video/Film',
    'Brokerage Event',
    'Pitch Event',
    'Trade Fair',
    'Participation in activities organized jointly with other H2020 projects',
    'Other',
  ],
  // H2020 has one target-audience list for dissemination and communication alike.
  disseminationAudiences: H2020_AUDIENCES,
  communicationAudiences: H2020_AUDIENCES,
  // The reference has no H2020 channel list: Horizon Europe's communication channels are reused.
  channels: HORIZON_EUROPE_CHANNELS,
  // The reference gives the status list for Horizon Europe; H2020 activities use the same four values here.
  statuses: ACTIVITY_STATUSES,
  publicationTypes: PUBLICATION_TYPE_LIST,
  publicationTypeLabels: PUBLICATION_TYPE_LABELS,
};
