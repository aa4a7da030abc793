/** Horizon Europe reporting vocabularies, verbatim from copies of the Funding & Tenders Portal forms. */
import { ACTIVITY_STATUSES } from '../../plan/schema';
import { PUBLICATION_TYPE_LABELS, PUBLICATION_TYPE_LIST } from './publication-types';
import type { FunderVocabulary } from './types';

/** Communication channels (several per communication activity). */
export const HORIZON_EUROPE_CHANNELS = [
  'Event (conference, meeting, workshop, internet debate, round table, group discussion, etc)',
  'Exhibition',
  'Interview',
  'Media article',
  'Newsletter',
  'Other',
  'Press release',
  'Print materials (brochure, leaflet, posters, stickers, etc)',
  'Social media',
  'TV/Radio campaign',
  'Video',
  'Website',
] as const;

export const horizonEurope: FunderVocabulary = {
  programme: 'HORIZON_EUROPE',
  activityTypes: [
    'Clustering activities',
    'Collaboration with EU-funded projects',
    'Conferences',
    'Education and training events',
    'Meetings',
    'Other',
    'Other scientific collaboration',
    // Appears in the live Portal only.
    'Other scientific cooperation',
  ],
  disseminationAudiences: [
    'Industry, business partners',
    'Innovators',
    'EU institutions',
    'National authorities',
    'Regional authorities',
    'Local authorities',
    'Civil society',
    'Citizens',
    'Research communities',
    'Specific end user communities',
    'International organization',
    'Other',
    'Investors',
  ],
  // Note `Civil authorities`, not `Civil society`.
  communicationAudiences: [
    'Industry, business partners',
    'Innovators',
    'Investors',
    'EU institutions',
    'National authorities',
    'Regional authorities',
    'Local authorities',
    'Civil authorities',
    'Citizens',
    'Research communities',
  ],
  channels: HORIZON_EUROPE_CHANNELS,
  statuses: ACTIVITY_STATUSES,
  // The reference lists no Horizon Europe publication types (the Portal fills publications from the DOI):
  // the H2020 labels are used until confirmed.
  publicationTypes: PUBLICATION_TYPE_LIST,
  publicationTypeLabels: PUBLICATION_TYPE_LABELS,
};
