/**
 * OpenAIRE's run: the research products linked to the project's grants, paged with cursors (graph.ts), into the
 * suggested outputs inbox (store.ts: one transaction per page), then the publications' link states.
 * - The grants: the plan's (code = grant number, funder = its short name, as src/oai/funding.ts names it for
 *   OpenAIRE), or the settings' `grants` (with the settings' `funder`, else the plan's first grant's funder).
 * - A page that fails (429 with a long Retry-After, 5xx after the client's retries, a malformed body) ends the run:
 *   `failed` when nothing was stored, `partial` when earlier pages were (they stay), with `retryAt` for a retryable
 *   failure (at least RETRY_FLOOR_MS ahead, or what Retry-After asked). Link states are then left as they were: an
 *   incomplete list of the grant's products cannot say a publication is not linked.
 * - Link states: a live publication whose DOI is among the grant's products is `linked` (no request); the others,
 *   at most LINK_CHECKS_PER_RUN a run (never checked first, then oldest), are asked by DOI: `pending` when OpenAIRE
 *   knows the product, `not_found` when it does not.
 * This function does not record the run: its caller does (beginRun / finishRun with the RunEnd returned).
 */
import { authorize, type Actor } from '../../auth/permissions';
import type { Db } from '../../db/client';
import type { Clock } from '../../lib/clock';
import { fundingReference } from '../../oai/funding';
import type { Plan } from '../../plan/schema';
import { RETRYABLE, type SourceResponse } from '../http';
import type { RunEnd } from '../runs';
import type { FetchedItem, SourceEnv } from '../types';
import { grantPage, MAX_PAGES, productsByDoi } from './graph';
import { productDoi, productToInbox, type InboxFields } from './map';
import type { OpenaireSettings } from './settings';
import { publicationsToCheck, saveLinkState, storePage } from './store';

export interface OpenaireRun {
  projectId: string;
  plan: Plan;
  settings: OpenaireSettings;
  env: SourceEnv;
  actor: Actor;
  dryRun: boolean;
  clock: Clock;
}

/** Who settles a waiting suggestion whose DOI became a publication meanwhile (not a person: the page says so). */
export const AUTO_DECIDER = 'openaire:auto';

/** Publications asked about by DOI in one run. */
export const LINK_CHECKS_PER_RUN = 50;
/** The earliest a failed run comes back (a 5xx's short back-off is not worth a new job). */
export const RETRY_FLOOR_MS = 15 * 60 * 1000;

export interface GrantToAsk {
  code: string;
  funder?: string;
}

/**
 * OpenAIRE's funder short name (`relProjectFundingShortName`) of a plan's funder: plans name the European Commission
 * `EC` or in full (src/oai/funding.ts knows it by its short name); any other funder is asked by the plan's text.
 */
export function openaireFunder(funder: string): string {
  const f = funder.trim();
  return /^(EC|European Commission|ERC|European Research Council)$/i.test(f) ? 'EC' : f;
}

/** The grants to ask OpenAIRE about (settings first, else the plan's). */
export function grantsToAsk(plan: Plan, settings: OpenaireSettings): GrantToAsk[] {
  const planGrants = plan.project.grants.map(fundingReference);
  if (settings.grants && settings.grants.length > 0) {
    const first = planGrants[0]?.funderShort;
    const funder = settings.funder ?? (first ? openaireFunder(first) : undefined);
    return settings.grants.map((code) => ({ code, ...(funder ? { funder } : {}) }));
  }
  return planGrants.map((g) => ({
    code: g.awardNumber,
    funder: settings.funder ?? openaireFunder(g.funderShort),
  }));
}

interface Failure {
  errorCode: Exclude<SourceResponse['status'], 'ok'>;
  message: string;
  retryAt?: Date;
}

function failureOf(res: SourceResponse, now: Date): Failure {
  const status = res.status as Failure['errorCode'];
  if (!RETRYABLE.has(status)) return { errorCode: status, message: res.message };
  const floor = now.getTime() + RETRY_FLOOR_MS;
  const asked = res.retryAt?.getTime() ?? 0;
  return { errorCode: status, message: res.message, retryAt: new Date(Math.max(floor, asked)) };
}

/** Runs the OpenAIRE suggestion fetch; answers how the run ended (finishRun's shape). */
export async function runOpenaireSuggest(db: Db, o: OpenaireRun): Promise<RunEnd> {
  authorize(o.actor, 'sources.manage', { projectId: o.projectId });
  const items: FetchedItem[] = [];
  const notes: string[] = [];
  const totals = { items: 0, imported: 0, duplicates: 0, invalid: 0 };
  const grantDois = new Set<string>();
  let failure: Failure | undefined;
  let stored = 0;
  const grants = grantsToAsk(o.plan, o.settings);
  outer: for (const g of grants) {
    let cursor = '*';
    for (let n = 1; ; n++) {
      const id = `grant ${g.code} page ${n}`;
      const answer = await grantPage(o.env, {
        grant: g.code,
        ...(g.funder ? { funder: g.funder } : {}),
        cursor,
      });
      if (!answer.ok) {
        failure = failureOf(answer.response, o.clock.now());
        items.push({ id, status: failure.errorCode, message: failure.message });
        break outer;
      }
      const { page } = answer;
      const mapped = page.products.map(productToInbox);
      const usable = mapped.filter((p): p is InboxFields => p !== undefined);
      for (const p of page.products) {
        const doi = productDoi(p);
        if (doi) grantDois.add(doi);
      }
      const counts = await storePage(db, {
        projectId: o.projectId,
        products: usable,
        now: o.clock.now(),
        decidedBy: AUTO_DECIDER,
        dryRun: o.dryRun,
      });
      stored++;
      totals.items += page.products.length + page.unreadable;
      totals.imported += counts.added;
      totals.duplicates += counts.known + counts.present;
      totals.invalid += page.unreadable + (mapped.length - usable.length);
      items.push({ id, status: 'found', message: `${page.products.length} of ${page.numFound} products` });
      if (!page.nextCursor || page.nextCursor === cursor || page.products.length + page.unreadable === 0)
        break;
      if (n >= MAX_PAGES) {
        notes.push(`grant ${g.code}: stopped after ${MAX_PAGES} pages`);
        break;
      }
      cursor = page.nextCursor;
    }
  }
  if (grants.length === 0) notes.push('the plan has no grant to ask OpenAIRE about');
  let linkFailure: Failure | undefined;
  if (!failure && !o.dryRun) linkFailure = await checkLinks(db, o, grantDois, items);
  const worst = failure ?? linkFailure;
  const status = !worst ? 'ok' : failure && stored === 0 ? 'failed' : 'partial';
  return {
    status,
    ...totals,
    ...(worst
      ? {
          errorCode: worst.errorCode,
          message: worst.message,
          ...(worst.retryAt ? { retryAt: worst.retryAt } : {}),
        }
      : {}),
    details: { items, ...(notes.length > 0 ? { notes } : {}) },
  };
}

/** The publications' link states (see the file's comment); the failure that stopped the checks, if any. */
async function checkLinks(
  db: Db,
  o: OpenaireRun,
  grantDois: ReadonlySet<string>,
  items: FetchedItem[],
): Promise<Failure | undefined> {
  const pubs = await publicationsToCheck(db, o.projectId);
  const now = o.clock.now();
  for (const p of pubs.filter((x) => grantDois.has(x.doi)))
    await saveLinkState(db, { projectId: o.projectId, doi: p.doi, state: 'linked', now });
  const toAsk = pubs.filter((x) => !grantDois.has(x.doi)).slice(0, LINK_CHECKS_PER_RUN);
  for (const p of toAsk) {
    const answer = await productsByDoi(o.env, p.doi);
    if (!answer.ok) {
      const f = failureOf(answer.response, o.clock.now());
      items.push({ id: p.doi, status: f.errorCode, message: f.message });
      // A DOI OpenAIRE's search refuses (client error) is skipped; a service in trouble stops the checks.
      if (f.retryAt || f.errorCode === 'malformed') return f;
      continue;
    }
    const found = answer.page.products.find((x) => productDoi(x) === p.doi) ?? answer.page.products[0];
    await saveLinkState(db, {
      projectId: o.projectId,
      doi: p.doi,
      state: found ? 'pending' : 'not_found',
      ...(found ? { openaireId: found.id } : {}),
      now: o.clock.now(),
    });
    items.push({ id: p.doi, status: found ? 'found' : 'not_found' });
  }
  return undefined;
}
