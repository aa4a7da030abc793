/**
 * KPI status and forecast, from the pace so far. The method (shown in the UI):
 * - forecast = value ÷ months elapsed × project duration (a straight line from zero at the start);
 * - expected now = target × months elapsed ÷ duration;
 * - achieved: the target is met (every part too);
 * - on track: the forecast meets the target, or not even one unit is expected yet;
 * - at risk: the forecast reaches at least 75 % of the target, or the value at least half of what is expected now;
 * - behind: otherwise, and always once the project has ended without meeting the target.
 * Indicators that are snapshots (followers, views) are forecast the same way.
 */
import type { Comparator } from '../plan/schema';

export const KPI_STATUSES = ['achieved', 'on_track', 'at_risk', 'behind'] as const;
export type KpiStatus = (typeof KPI_STATUSES)[number];

export const AT_RISK_FORECAST_SHARE = 0.75;
export const AT_RISK_EXPECTED_SHARE = 0.5;

export const meets = (value: number, target: number, comparator: Comparator): boolean =>
  comparator === '>' ? value > target : value >= target;

export interface Assessment {
  met: boolean;
  status: KpiStatus;
  /** Projected value at the project end; equals the value once the project has ended. */
  forecast: number;
  /** What a straight line to the target would have reached by now. */
  expected: number;
}

export function assess(opts: {
  value: number;
  target: number;
  comparator: Comparator;
  elapsedMonths: number;
  durationMonths: number;
}): Assessment {
  const { value, target, comparator, elapsedMonths, durationMonths } = opts;
  const share = durationMonths > 0 ? Math.min(1, Math.max(0, elapsedMonths / durationMonths)) : 1;
  const forecast = share > 0 ? round(value / share) : value;
  const expected = round(target * share);
  const met = meets(value, target, comparator);
  let status: KpiStatus;
  if (met) status = 'achieved';
  else if (share >= 1) status = 'behind';
  else if (meets(forecast, target, comparator) || expected < 1) status = 'on_track';
  else if (forecast >= AT_RISK_FORECAST_SHARE * target || value >= AT_RISK_EXPECTED_SHARE * expected)
    status = 'at_risk';
  else status = 'behind';
  return { met, status, forecast, expected };
}

/** The worse of two statuses (a KPI is no better than its worst part). */
export function worst(a: KpiStatus, b: KpiStatus): KpiStatus {
  return KPI_STATUSES.indexOf(a) >= KPI_STATUSES.indexOf(b) ? a : b;
}

const round = (n: number): number => Math.round(n * 100) / 100;
