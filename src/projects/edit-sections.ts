/**
 * The row forms of the plan's list sections (issue 24): each section's columns. A column not listed is kept as it
 * was (a partner's channels, an audience's channel texts); a new row starts empty and the plan check says what it
 * lacks, at its path.
 */
import { ACTIVITY_KINDS, CHANNEL_KINDS, PARTNER_KINDS, SECTORS, TIMELINE_KINDS } from '../plan/schema';
import type { PlanSection } from './edit-service';
import type { Column, RowSection } from './edit-rows';

const c = (key: string, kind: Column['kind'] = 'text', more: Partial<Column> = {}): Column => ({
  key,
  kind,
  ...more,
});
const optional = (key: string, kind: Column['kind'] = 'text'): Column => c(key, kind, { optional: true });
const oneOf = (key: string, options: readonly string[], opt = false): Column =>
  c(key, 'enum', { options, optional: opt });

export const ROW_SECTIONS = {
  partners: {
    lists: [
      {
        key: 'partners',
        columns: [
          c('number', 'number'),
          c('code'),
          c('name', 'localized'),
          c('country'),
          c('region'),
          oneOf('kind', PARTNER_KINDS),
          oneOf('sector', SECTORS),
          c('aliases', 'lines'),
        ],
      },
    ],
  },
  audiences: {
    lists: [
      {
        key: 'audiences',
        columns: [
          c('id'),
          c('name', 'localized'),
          c('who', 'localized'),
          c('benefit', 'localized'),
          c('channels', 'localizedLines'),
        ],
      },
    ],
  },
  key_messages: {
    lists: [
      {
        key: 'key_messages',
        columns: [c('id'), oneOf('audience', ['general', 'technical']), c('text', 'localized')],
      },
    ],
  },
  channels: {
    lists: [
      {
        key: 'channels',
        columns: [
          c('id'),
          oneOf('kind', CHANNEL_KINDS),
          optional('handle'),
          c('url'),
          c('label', 'localized'),
          c('responsible', 'codes'),
          optional('note'),
        ],
      },
    ],
  },
  cadence: {
    lists: [
      {
        key: 'cadence',
        columns: [
          oneOf('kind', ACTIVITY_KINDS),
          optional('per_year', 'number'),
          optional('total', 'number'),
          c('estimated', 'bool'),
          optional('text', 'localized'),
          optional('note'),
        ],
      },
    ],
  },
  events: {
    fields: [optional('videos', 'localized'), optional('planned_note', 'localized')],
    lists: [
      {
        key: 'types',
        columns: [
          c('id'),
          oneOf('category', ['external', 'internal']),
          c('label', 'localized'),
          c('event_kinds', 'codes'),
          c('roles', 'codes'),
        ],
      },
      {
        key: 'planned',
        columns: [
          c('id'),
          c('name', 'localized'),
          c('city'),
          c('country'),
          c('start_date'),
          optional('end_date'),
          oneOf('date_precision', ['day', 'month']),
          c('partners', 'codes'),
          optional('website'),
          optional('note'),
        ],
      },
    ],
  },
  synergies: {
    fields: [
      c('initiatives', 'localized'),
      optional('communication_kit', 'localized'),
      optional('standardisation', 'localized'),
    ],
    lists: [
      {
        key: 'standard_bodies',
        columns: [
          c('id'),
          c('name'),
          c('description', 'localized'),
          c('partners', 'codes'),
          c('involvement', 'localized'),
          optional('website'),
          c('inferred', 'bool'),
          optional('inference_note'),
        ],
      },
    ],
  },
  work_packages: {
    lists: [
      {
        key: 'work_packages',
        columns: [c('code'), c('title', 'localized'), c('key_elements', 'localizedLines')],
        child: {
          key: 'deliverables',
          columns: [
            c('code'),
            c('title'),
            c('due_month', 'number'),
            oneOf('dissemination_level', ['PU', 'CO', 'CI', 'SEN']),
            optional('type'),
            c('plans', 'kpiCounts'),
          ],
        },
      },
    ],
  },
  timeline: {
    lists: [
      {
        key: 'timeline',
        columns: [
          c('id'),
          c('label', 'localized'),
          oneOf('kind', TIMELINE_KINDS, true),
          c('responsible', 'codes'),
          c('months', 'months'),
          c('estimated', 'bool'),
          optional('estimate_reason'),
        ],
      },
    ],
  },
} satisfies Partial<Record<PlanSection, RowSection>>;

export type RowSectionName = keyof typeof ROW_SECTIONS;

/** Every column key of every row form (each has a label in the catalogs: a unit test checks it). */
export const columnKeys = (): string[] => {
  const keys = new Set<string>();
  const add = (cols: readonly Column[]) => cols.forEach((x) => keys.add(x.key));
  for (const s of Object.values(ROW_SECTIONS) as RowSection[]) {
    add(s.fields ?? []);
    for (const l of s.lists) {
      add(l.columns);
      if (l.child) add(l.child.columns);
    }
  }
  return [...keys];
};
