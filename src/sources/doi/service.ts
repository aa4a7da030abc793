/**
 * "Add a publication by DOI", the use case the form, the API and the CLI share: who may (whoever may create
 * publications: `record.create`, for the actor's partners as the import pages do), then the lookup. What is found
 * becomes a CSL-JSON file that the callers hand to the one import path (an upload of the import pages, or
 * importFetched), so previews, commits, duplicates, the container-DOI guard, title conflicts and audit are a file
 * import's. Asking nothing of anyone before the permission is checked.
 */
import type { Actor } from '../../auth/permissions';
import type { Db } from '../../db/client';
import { importablePartners } from '../../importers/commit';
import type { Clock } from '../../lib/clock';
import { sourceEnv, type SourceDeps } from '../env';
import { lookupDois, type DoiLookup } from './lookup';

export interface DoiImportRequest {
  actor: Actor;
  projectId: string;
  dois: readonly string[];
  /** The lead partner of items whose affiliations name none (a partner editor's own partner always). */
  partner?: string;
  clock: Clock;
  deps?: SourceDeps;
}

/** The partner a request's items default to: the actor's own when limited to one, else the one asked for. */
export function leadPartnerFor(actor: Actor, projectId: string, asked?: string): string | undefined {
  const allowed = importablePartners(actor, projectId);
  if (allowed === 'all') return asked || undefined;
  if (asked && allowed.has(asked)) return asked;
  return [...allowed][0];
}

/** Checks the actor may add publications, then looks the DOIs up (Crossref, then DataCite). */
export async function lookupForProject(db: Db, req: DoiImportRequest): Promise<DoiLookup> {
  const partner = leadPartnerFor(req.actor, req.projectId, req.partner);
  const env = sourceEnv({ db, clock: req.clock, ...(req.deps ? { deps: req.deps } : {}) });
  return lookupDois(env, req.dois, {
    today: req.clock.today(),
    ...(partner ? { defaults: { lead_partner: partner } } : {}),
  });
}
