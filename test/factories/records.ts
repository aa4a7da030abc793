/** Valid record inputs of each type (partners UNIA / CORPB of the plan factory, Horizon Europe), with overrides. */
import type { RecordType } from '../../src/plan/schema';
import type {
  ActivityInput,
  EventInput,
  MetricInput,
  PublicationInput,
  RecordInputs,
  SynergyInput,
} from '../../src/records/schema';
import type { ValidationContext } from '../../src/records/apply-context';
import { vocabularyFor } from '../../src/records/vocabularies';

export function activityInput(overrides: Partial<ActivityInput> = {}): ActivityInput {
  return {
    lead_partner: 'UNIA',
    partners: ['CORPB'],
    title: 'Press release on the first tidal pilot',
    description: 'Announces the pilot in Porto',
    start_date: '2024-03-15',
    kind: 'press_release',
    category: 'communication',
    type: 'Other',
    audiences: ['Citizens', 'Industry, business partners'],
    channels: ['Press release'],
    status: 'Delivered',
    persons_reached: 1200,
    countries: ['PT'],
    links: ['https://tide-x.example.org/news/pilot'],
    joint_with_other_projects: false,
    ...overrides,
  };
}

export function eventInput(overrides: Partial<EventInput> = {}): EventInput {
  return {
    lead_partner: 'UNIA',
    partners: ['CORPB'],
    name: 'Ocean Energy Europe 2024',
    kind: 'conference',
    city: 'Lisbon',
    country: 'PT',
    start_date: '2024-06-10',
    end_date: '2024-06-12',
    website: 'https://oee.example.org',
    roles: ['presentation', 'booth'],
    participants: 300,
    international: true,
    status: 'attended',
    ...overrides,
  };
}

export function publicationInput(overrides: Partial<PublicationInput> = {}): PublicationInput {
  return {
    lead_partner: 'UNIA',
    type: 'journal_article',
    title: 'Tidal power for coastal micro-grids',
    authors: [
      { name: 'Silva, Ana', affiliation: 'University A', partner: 'UNIA' },
      { name: 'Berg, Ola', partner: 'CORPB' },
    ],
    venue: 'Renewable Energy',
    publisher: 'Elsevier',
    volume: '210',
    pages: '1-12',
    year: 2024,
    date: '2024-05-02',
    doi: '10.1016/j.renene.2024.000001',
    issn: '0960-1481',
    peer_reviewed: true,
    open_access: 'gold',
    acknowledges_grant: true,
    ...overrides,
  };
}

export function synergyInput(overrides: Partial<SynergyInput> = {}): SynergyInput {
  return {
    lead_partner: 'CORPB',
    initiative: 'Blue Grid Alliance',
    kind: 'project',
    date: '2024-04-20',
    description: 'Joint workshop on grid codes',
    ...overrides,
  };
}

export function metricInput(overrides: Partial<MetricInput> = {}): MetricInput {
  return {
    lead_partner: 'UNIA',
    channel: 'https://www.youtube.com/@tide-x',
    channel_kind: 'youtube',
    channel_scope: 'project',
    metric: 'views',
    value: 1520,
    date: '2024-06-30',
    source: 'manual',
    ...overrides,
  };
}

const FACTORIES: { [T in RecordType]: (o?: Partial<RecordInputs[T]>) => RecordInputs[T] } = {
  activity: activityInput,
  event: eventInput,
  publication: publicationInput,
  synergy: synergyInput,
  metric: metricInput,
};

/** A valid input of any record type. */
export function recordInput<T extends RecordType>(
  type: T,
  overrides: Partial<RecordInputs[T]> = {},
): RecordInputs[T] {
  return FACTORIES[type](overrides);
}

/** Validation context of the plan factory's project (Tide-X: UNIA, CORPB; 2024-01-01 … 2025-12-31). */
export function validationContext(overrides: Partial<ValidationContext> = {}): ValidationContext {
  return {
    partners: new Map([
      ['unia', 'UNIA'],
      ['university a', 'UNIA'],
      ['corpb', 'CORPB'],
      ['corp b', 'CORPB'],
    ]),
    vocabulary: vocabularyFor('HORIZON_EUROPE'),
    projectStart: '2024-01-01',
    projectEnd: '2025-12-31',
    ...overrides,
  };
}
