/** The shape of the indicator library (src/plan/library/indicators.ts): what a new plan's KPIs are made from. */
import type { Comparator, Measure } from '../schema';

export const PROJECT_SIZES = ['small', 'medium', 'large'] as const;
export type ProjectSize = (typeof PROJECT_SIZES)[number];

export const INDICATOR_CATEGORIES = ['communication', 'dissemination', 'exploitation'] as const;
export type IndicatorCategory = (typeof INDICATOR_CATEGORIES)[number];

export interface Bilingual {
  en: string;
  ja: string;
}

/**
 * The bands of an indicator's value as fractions of its target, each band's lower bound: `value / target ≥ good`
 * is good, `≥ warning` is a warning, below it (down to `poor`, always 0) is poor.
 */
export interface Thresholds {
  good: number;
  warning: number;
  poor: number;
}

export interface Indicator {
  /** kebab-case: the KPI id it becomes in a plan. */
  id: string;
  category: IndicatorCategory;
  name: Bilingual;
  /** What is counted, in words (the KPI note of a plan made from it). */
  definition: Bilingual;
  /** The plan measure, using only the record types, fields and values of the KPI engine (RECORD_FIELDS). */
  measure: Measure;
  comparator: Comparator;
  /** Plural noun of what is counted (`newsletters`, `views`). */
  unit: string;
  /** Suggested target over the whole project, per project size. */
  targets: Record<ProjectSize, number>;
  thresholds: Thresholds;
  /** The smallest project size whose default (core) set includes it; null: offered, never a default. */
  coreFrom: ProjectSize | null;
  /** Where the targets and thresholds come from: "Herald default" unless a source is cited. */
  source: string;
}
