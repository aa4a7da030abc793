/**
 * How the server, the worker, the CLI and the tests give adapters their SourceEnv: the endpoints (defaults, or the
 * HERALD_*_URL overrides), the contact for the User-Agent, the HTTP policy, the cache's database, and the waits.
 */
import type { Config } from '../config';
import type { Db } from '../db/client';
import type { Clock } from '../lib/clock';
import { SourceHttp, type HttpPolicy } from './http';
import { DEFAULT_ENDPOINTS, type SourceEndpoints, type SourceEnv } from './types';

/** What AppDeps and JobDeps carry for live sources (all optional: the defaults reach the real services). */
export interface SourceDeps {
  endpoints?: Partial<SourceEndpoints>;
  /** `mailto:` contact (HERALD_CONTACT_EMAIL). */
  contact?: string;
  policy?: Partial<HttpPolicy>;
  /** Waits between attempts and for the rate limit (tests: record and return at once). */
  sleep?: (ms: number) => Promise<void>;
  fetch?: typeof fetch;
}

/** The SourceDeps the configuration names. */
export function sourceDepsOf(
  c: Pick<
    Config,
    | 'HERALD_CONTACT_EMAIL'
    | 'HERALD_CROSSREF_URL'
    | 'HERALD_DATACITE_URL'
    | 'HERALD_OPENAIRE_URL'
    | 'HERALD_ZENODO_URL'
    | 'HERALD_YOUTUBE_URL'
  >,
): SourceDeps {
  const endpoints: Partial<SourceEndpoints> = {
    ...(c.HERALD_CROSSREF_URL ? { crossref: c.HERALD_CROSSREF_URL } : {}),
    ...(c.HERALD_DATACITE_URL ? { datacite: c.HERALD_DATACITE_URL } : {}),
    ...(c.HERALD_OPENAIRE_URL ? { openaire: c.HERALD_OPENAIRE_URL } : {}),
    ...(c.HERALD_ZENODO_URL ? { zenodo: c.HERALD_ZENODO_URL } : {}),
    ...(c.HERALD_YOUTUBE_URL ? { youtube: c.HERALD_YOUTUBE_URL } : {}),
  };
  return { endpoints, ...(c.HERALD_CONTACT_EMAIL ? { contact: c.HERALD_CONTACT_EMAIL } : {}) };
}

const trimSlash = (u: string): string => u.replace(/\/+$/, '');

/** A SourceEnv for one use case or job run (its own rate-limit slots; the cache in `db`). */
export function sourceEnv(o: { db?: Db; clock: Clock; deps?: SourceDeps }): SourceEnv {
  const merged = { ...DEFAULT_ENDPOINTS, ...o.deps?.endpoints };
  const endpoints = Object.fromEntries(
    Object.entries(merged).map(([k, v]) => [k, trimSlash(v)]),
  ) as unknown as SourceEndpoints;
  return {
    clock: o.clock,
    endpoints,
    http: new SourceHttp({
      clock: o.clock,
      ...(o.db ? { db: o.db } : {}),
      ...(o.deps?.contact ? { contact: o.deps.contact } : {}),
      ...(o.deps?.policy ? { policy: o.deps.policy } : {}),
      ...(o.deps?.sleep ? { sleep: o.deps.sleep } : {}),
      ...(o.deps?.fetch ? { fetch: o.deps.fetch } : {}),
    }),
  };
}
