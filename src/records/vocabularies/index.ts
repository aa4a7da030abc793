/** The funder vocabulary of a programme: `vocabularyFor('H2020')`; unknown programmes get Horizon Europe's. */
import { h2020 } from './h2020';
import { horizonEurope } from './horizon-europe';
import type { FunderVocabulary } from './types';

export type { ActivityStatus, FunderVocabulary, PublicationType } from './types';
export { h2020 } from './h2020';
export { horizonEurope, HORIZON_EUROPE_CHANNELS } from './horizon-europe';

const key = (programme: string) => programme.toUpperCase().replace(/[^A-Z0-9]/g, '');

const BY_PROGRAMME: Record<string, FunderVocabulary> = {
  H2020: h2020,
  HORIZON2020: h2020,
  HORIZONEUROPE: horizonEurope,
  HE: horizonEurope,
};

/** The vocabulary of `programme` (`H2020`, `HORIZON_EUROPE`, or a spelling of them); Horizon Europe's otherwise. */
export function vocabularyFor(programme: string | undefined): FunderVocabulary {
  return BY_PROGRAMME[key(programme ?? '')] ?? horizonEurope;
}

/** The audiences allowed for an activity of `category`. */
export function audiencesFor(
  vocabulary: FunderVocabulary,
  category: 'communication' | 'dissemination',
): readonly string[] {
  return category === 'dissemination' ? vocabulary.disseminationAudiences : vocabulary.communicationAudiences;
}
