/** The indicator library's row helper: Herald default thresholds and the row → Indicator mapping. */
import type { Filter, Measure } from '../schema';
import type { Bilingual, Indicator, IndicatorCategory, ProjectSize, Thresholds } from './types';

export const HERALD_DEFAULT = 'Herald default';
/** Herald default bands: good from 90 % of the target, warning from 50 %, poor below. */
const STANDARD: Thresholds = { good: 0.9, warning: 0.5, poor: 0 };
/** Snapshots that grow late in a project (followers, views, downloads): warning from 40 %. */
const SNAPSHOT: Thresholds = { good: 0.9, warning: 0.4, poor: 0 };

interface Row {
  id: string;
  category: IndicatorCategory;
  name: Bilingual;
  definition: Bilingual;
  measure: Measure;
  unit: string;
  targets: [small: number, medium: number, large: number];
  coreFrom: ProjectSize | null;
  thresholds?: Thresholds;
}

export const row = (r: Row): Indicator => ({
  id: r.id,
  category: r.category,
  name: r.name,
  definition: r.definition,
  measure: r.measure,
  comparator: '>=',
  unit: r.unit,
  targets: { small: r.targets[0], medium: r.targets[1], large: r.targets[2] },
  thresholds: r.thresholds ?? (r.measure.kind === 'latest_sum' ? SNAPSHOT : STANDARD),
  coreFrom: r.coreFrom,
  source: HERALD_DEFAULT,
});

export const delivered: Filter = { status: 'Delivered' };
export const tookPlace: Filter = { status: 'attended' };
export const organised: Filter = {
  roles: { contains_any: ['organiser', 'co_organiser'] },
  status: 'attended',
};
