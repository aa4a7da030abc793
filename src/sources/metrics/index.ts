/** The metric-snapshot adapters by source id (Zenodo, Matomo, Plausible, Umami, YouTube). */
import type { MetricSourceId, SourceAdapter } from '../types';

// Filled by the adapters (zenodo.ts, matomo.ts, plausible.ts, umami.ts, youtube.ts).
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const METRIC_ADAPTERS: Partial<Record<MetricSourceId, SourceAdapter<any>>> = {};
