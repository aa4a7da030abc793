/**
 * The configurable sources by id (issue 25): what the sources page, the CLI and the jobs iterate. A metric source
 * is its adapter from METRIC_ADAPTERS (fetch → a metrics CSV through the one import path); OpenAIRE has its own
 * settings and run (the suggested outputs inbox). A source whose adapter is not built is simply absent.
 */
import type { z } from 'zod';
import { METRIC_ADAPTERS } from './metrics';
import { openaireFields, openaireSettings } from './openaire/settings';
import { METRIC_SOURCE_IDS, SOURCE_IDS, type SourceAdapter, type SourceField, type SourceId } from './types';

export interface SourceDescriptor {
  id: SourceId;
  /** `metric`: an adapter's file through importFetched; `openaire`: runOpenaireSuggest. */
  kind: 'metric' | 'openaire';
  fields: readonly SourceField[];
  settings: z.ZodType<unknown>;
  secret: SourceAdapter['secret'];
  secretLabel?: string;
  /** Metric sources only. */
  adapter?: SourceAdapter<unknown>;
}

/** Adapters by id, as the run service and tests pass them (tests inject their own). */
export type AdapterMap = Partial<Record<SourceId, SourceAdapter<unknown>>>;

/**
 * Tests' hook: adapters used instead of METRIC_ADAPTERS wherever none are passed (the page, the jobs, the CLI run
 * them from the registry). Null in the app.
 */
export const adapterOverride: { current: AdapterMap | null } = { current: null };

const defaultAdapters = (): AdapterMap => adapterOverride.current ?? (METRIC_ADAPTERS as AdapterMap);

export const openaireDescriptor: SourceDescriptor = {
  id: 'openaire',
  kind: 'openaire',
  fields: openaireFields,
  settings: openaireSettings as z.ZodType<unknown>,
  secret: 'none',
};

const fromAdapter = (a: SourceAdapter<unknown>): SourceDescriptor => ({
  id: a.id,
  kind: 'metric',
  fields: a.fields,
  settings: a.settings,
  secret: a.secret,
  ...(a.secretLabel ? { secretLabel: a.secretLabel } : {}),
  adapter: a,
});

/** The descriptors in SOURCE_IDS order: OpenAIRE and every metric adapter given (default: METRIC_ADAPTERS). */
export function sourceDescriptors(adapters: AdapterMap = defaultAdapters()): SourceDescriptor[] {
  const out: SourceDescriptor[] = [];
  for (const id of SOURCE_IDS) {
    if (id === 'openaire') out.push(openaireDescriptor);
    else {
      const a = adapters[id];
      if (a) out.push(fromAdapter(a));
    }
  }
  return out;
}

/** One source's descriptor, or undefined when it is unknown or its adapter is not built. */
export function sourceDescriptor(
  id: string,
  adapters: AdapterMap = defaultAdapters(),
): SourceDescriptor | undefined {
  return sourceDescriptors(adapters).find((d) => d.id === id);
}

export const isMetricSource = (id: string): boolean => (METRIC_SOURCE_IDS as readonly string[]).includes(id);
