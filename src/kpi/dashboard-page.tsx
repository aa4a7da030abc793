/**
 * GET /p/:id/dashboard: the default view's body (everything below the frame) rendered once per figure key and kept
 * in an in-process cache, so a request whose figures did not change costs the session and ONE key lookup (no payload)
 * and renders only the per-user frame. The key is exact: the cached row's own key and computation time, the current
 * audit head, plan version and date, so a write shows up on the very next request ("as of …" until refreshed).
 */
import type { Context } from 'hono';
import { authorize, can } from '../auth/permissions';
import { viewCtx } from '../ui/context';
import type { AppEnv } from '../web/env';
import { BodyCache } from './body-cache';
import { dashboardView, isPeriodView } from './dashboard-view';
import {
  DEFAULT_VARIANT,
  freshnessOf,
  lookupFigures,
  type FigureLookup,
  type Freshness,
} from './figure-cache';
import { DashboardBody, DashboardFrame, type DashboardQueryView } from './views/dashboard';

type C = Context<AppEnv>;

interface BodyMeta {
  acronym: string;
  source: Freshness;
}

/** One cache per app (its deps): two apps in one process (tests) never share bodies. */
const caches = new WeakMap<object, BodyCache<BodyMeta>>();

const cacheOf = (c: C): BodyCache<BodyMeta> => {
  let cache = caches.get(c.var.deps);
  if (!cache) {
    cache = new BodyCache<BodyMeta>();
    caches.set(c.var.deps, cache);
  }
  return cache;
};

/** What the body varies on besides the figures: the project, the view, the language, the right to close years. */
const scopeOf = (o: { projectId: string; lang: string; canCloseYears: boolean }): string =>
  [o.projectId, DEFAULT_VARIANT, o.lang, o.canCloseYears ? 'close' : 'read'].join('\u0000');

/**
 * The figures' version: the cached row's key and computation time (its content) and the current key (whether the
 * page says "as of … recalculating"). Undefined when the row is unusable (the page is computed live).
 */
function versionOf(l: FigureLookup | undefined): string | undefined {
  const r = l?.row;
  if (!l || !r || freshnessOf(l) === 'missing') return undefined;
  const { current } = l;
  return [
    l.planHash,
    current.planVersion,
    current.auditSeq,
    current.asOf,
    r.key.planVersion,
    r.key.auditSeq,
    r.key.asOf,
    r.computedAt.getTime(),
  ].join('|');
}

export async function dashboardPage(c: C, query: DashboardQueryView): Promise<Response> {
  const projectId = c.req.param('id') ?? '';
  const { actor, lang, clock } = c.var;
  const { db } = c.var.deps.database;
  authorize(actor, 'record.read', { projectId });
  const ctx = viewCtx(c);
  const canCloseYears = can(actor, 'year.close', { projectId });
  const scope = scopeOf({ projectId, lang, canCloseYears });
  const cache = cacheOf(c);
  const period = isPeriodView({ year: query.year, from: query.from, at: query.to });
  const respond = (o: {
    acronym: string;
    body: string;
    source: Freshness;
    cached: 'hit' | 'miss' | 'none';
  }) =>
    c.html(<DashboardFrame ctx={ctx} projectId={projectId} acronym={o.acronym} body={o.body} />, 200, {
      'x-herald-figures': o.source,
      'x-herald-body': o.cached,
    });

  if (!period) {
    // The key alone: no payload, no charts.
    const peek = await lookupFigures(db, { projectId, today: clock.today(), payload: false });
    const version = versionOf(peek);
    const hit = version ? cache.get(scope, version) : undefined;
    if (hit) return respond({ ...hit.meta, body: hit.fill(c.var.csrfToken), cached: 'hit' });
  }

  const view = await dashboardView(db, {
    actor,
    projectId,
    lang,
    year: query.year,
    from: query.from,
    at: query.to,
    clock,
  });
  const body = await (
    <DashboardBody
      ctx={ctx}
      projectId={projectId}
      d={view.d}
      charts={view.charts}
      query={query}
      staleSince={view.staleSince}
    />
  ).toString();
  const acronym = view.d.report.plan.project.acronym;
  const version = period ? undefined : versionOf(view.lookup);
  const stored =
    version !== undefined &&
    cache.set(scope, version, body, { hole: c.var.csrfToken, meta: { acronym, source: view.source } });
  return respond({ acronym, body, source: view.source, cached: stored ? 'miss' : 'none' });
}
