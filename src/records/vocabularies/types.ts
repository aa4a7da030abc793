/** Shape of a funder's reporting vocabulary (one module per programme, strings verbatim from the Portal forms). */
import type { ACTIVITY_STATUSES, PUBLICATION_TYPES } from '../../plan/schema';

export type ActivityStatus = (typeof ACTIVITY_STATUSES)[number];
export type PublicationType = (typeof PUBLICATION_TYPES)[number];

export interface FunderVocabulary {
  /** Programme code as a plan names it (`H2020`, `HORIZON_EUROPE`). */
  programme: string;
  /** Activity type (exactly one per activity). */
  activityTypes: readonly string[];
  /** Target audiences of a dissemination activity (several). */
  disseminationAudiences: readonly string[];
  /** Target audiences of a communication activity (several). */
  communicationAudiences: readonly string[];
  /** Communication channels (several). */
  channels: readonly string[];
  statuses: readonly ActivityStatus[];
  /** The funder's publication type labels. */
  publicationTypes: readonly string[];
  /** Herald's publication type → the funder's label, for exports. */
  publicationTypeLabels: Readonly<Record<PublicationType, string>>;
}
