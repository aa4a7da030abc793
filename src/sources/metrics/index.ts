/** The metric-snapshot adapters by source id (Zenodo, Matomo, Plausible, Umami, YouTube). */
import type { MetricSourceId, SourceAdapter } from '../types';
import { matomoAdapter } from './matomo';
import { plausibleAdapter } from './plausible';
import { umamiAdapter } from './umami';
import { youtubeAdapter } from './youtube';
import { zenodoAdapter } from './zenodo';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const METRIC_ADAPTERS: Partial<Record<MetricSourceId, SourceAdapter<any>>> = {
  zenodo: zenodoAdapter,
  matomo: matomoAdapter,
  plausible: plausibleAdapter,
  umami: umamiAdapter,
  youtube: youtubeAdapter,
};
