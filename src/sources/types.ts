/**
 * What a live-source adapter is (issue 25). An adapter asks one outside service through SourceHttp and answers with
 * a FetchOutcome: the file the existing importers read (CSL-JSON for publications, the metrics CSV for snapshots),
 * its per-item statuses, and the failure if any. src/sources/import-path.ts hands that file to the importers'
 * preview or commit, so previews, all-or-nothing commits, duplicates and audit are the file import's own.
 */
import type { z } from 'zod';
import type { Plan } from '../plan/schema';
import type { Clock } from '../lib/clock';
import type { FetchStatus, SourceHttp } from './http';

/** The sources a project can configure (the DOI lookup needs no configuration). */
export const SOURCE_IDS = ['openaire', 'zenodo', 'matomo', 'plausible', 'umami', 'youtube'] as const;
export type SourceId = (typeof SOURCE_IDS)[number];

export const METRIC_SOURCE_IDS = ['zenodo', 'matomo', 'plausible', 'umami', 'youtube'] as const;
export type MetricSourceId = (typeof METRIC_SOURCE_IDS)[number];

/** The public services' addresses: the defaults, HERALD_*_URL overrides (tests point them at a loopback fake). */
export interface SourceEndpoints {
  crossref: string;
  datacite: string;
  openaire: string;
  zenodo: string;
  youtube: string;
}

export const DEFAULT_ENDPOINTS: SourceEndpoints = {
  crossref: 'https://api.crossref.org',
  datacite: 'https://api.datacite.org',
  openaire: 'https://api.openaire.eu/graph',
  zenodo: 'https://zenodo.org',
  youtube: 'https://www.googleapis.com/youtube/v3',
};

/** What every adapter run gets. */
export interface SourceEnv {
  http: SourceHttp;
  clock: Clock;
  endpoints: SourceEndpoints;
}

/** One thing a source was asked about (a DOI, a Zenodo record, a video, a page of results) and how it went. */
export interface FetchedItem {
  /** What was asked: the DOI, the record id, `page 3`, … */
  id: string;
  /** `found` or a FetchStatus other than ok. */
  status: 'found' | Exclude<FetchStatus, 'ok'>;
  /** English, without secrets. */
  message?: string;
}

/** The file an adapter produced for the importers. */
export interface FetchedFile {
  type: 'publication' | 'metric';
  format: 'csl-json' | 'metrics-csv';
  /** What the import batch calls it, e.g. `zenodo-2026-12-02.csv`. */
  name: string;
  content: string;
  /** Importer options: `defaults` (lead_partner…), `snapshotDate`, `completeExport`. */
  options?: {
    defaults?: Record<string, unknown>;
    snapshotDate?: string;
    completeExport?: boolean;
    channelScope?: 'project' | 'partner';
  };
}

export interface FetchOutcome {
  /** ok: every item answered; partial: some failed, the rest is in `file`; failed: nothing usable. */
  status: 'ok' | 'partial' | 'failed';
  /** Absent when nothing was fetched (failed) or there is nothing to import. */
  file?: FetchedFile;
  items: FetchedItem[];
  /** The run's failure (the worst retryable one when partial). */
  errorCode?: Exclude<FetchStatus, 'ok'>;
  message?: string;
  retryAt?: Date;
}

/**
 * One field of a source's settings form (the sources page renders them; the settings schema checks them). `lines`:
 * one value per line, stored as a string array; `choice`: one of `options`. Labels and hints are i18n keys (en + ja).
 */
export interface SourceField {
  name: string;
  kind: 'url' | 'text' | 'lines' | 'number' | 'partner' | 'choice';
  /** `choice`: the values offered, each with the i18n key of its label (an empty choice means "automatic"). */
  options?: readonly { value: string; label: string }[];
  required: boolean;
  label: string;
  hint?: string;
  /** Shown in the empty input. */
  placeholder?: string;
}

/** An adapter of a configured source. */
export interface SourceAdapter<S = unknown> {
  id: SourceId;
  /** The settings form's fields, in order (never the credential: the page adds its write-only field). */
  fields: readonly SourceField[];
  /** i18n key of the credential's label (API key, token…) when `secret` is not `none`. */
  secretLabel?: string;
  /** Its settings (base URL, ids…): validated when saved and when run. Never a credential. */
  settings: z.ZodType<S>;
  /** Whether it needs a credential (API key, token). */
  secret: 'required' | 'optional' | 'none';
  fetch(ctx: FetchContext<S>): Promise<FetchOutcome>;
}

export interface FetchContext<S> {
  env: SourceEnv;
  projectId: string;
  plan: Plan;
  settings: S;
  /** The opened credential, for the requests that need it only; pass it in SourceRequest.secrets. */
  secret?: string;
  /** Today (the clock's): the snapshots' date. */
  today: string;
}

/** Combines item statuses into the outcome's status. */
export function outcomeStatus(items: readonly FetchedItem[], imported: boolean): FetchOutcome['status'] {
  const failed = items.filter((i) => i.status !== 'found' && i.status !== 'not_found').length;
  if (failed === 0) return 'ok';
  return imported && failed < items.length ? 'partial' : 'failed';
}
