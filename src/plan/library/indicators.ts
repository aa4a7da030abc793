/**
 * The indicator library: common communication, dissemination and exploitation indicators a new plan's KPIs are made
 * from (`herald init`, the wizard at /projects/new). Every measure uses only the record types, fields and values of
 * the KPI engine (RECORD_FIELDS in src/plan/schema.ts; indicators.test.ts checks each against the plan checks and the
 * engine's SQL compiler). Targets (whole project, per size) and thresholds are Herald defaults, not funder rules: no
 * source gives them. Shares (the open-access share) are counts here: the engine has no ratio measure.
 */
import { COMMUNICATION_INDICATORS } from './communication';
import { DISSEMINATION_INDICATORS } from './dissemination';
import type { Indicator, ProjectSize } from './types';

export const INDICATORS: readonly Indicator[] = [...COMMUNICATION_INDICATORS, ...DISSEMINATION_INDICATORS];

const ORDER: readonly ProjectSize[] = ['small', 'medium', 'large'];

/** The library's indicator `id`, if any. */
export const indicatorById = (id: string): Indicator | undefined => INDICATORS.find((i) => i.id === id);

/** The default (core) indicators of a project of `size`, in library order. */
export function coreIndicators(size: ProjectSize): Indicator[] {
  return INDICATORS.filter((i) => i.coreFrom !== null && ORDER.indexOf(i.coreFrom) <= ORDER.indexOf(size));
}
