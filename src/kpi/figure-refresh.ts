/**
 * Keeping the dashboard's cached figures current: `refreshFigures` computes a project's dashboard once, renders its
 * charts in every language and stores them under the key read BEFORE computing (a write landing meanwhile leaves the
 * row stale, never wrongly fresh); `enqueueFigureRefresh` asks for that in a write's transaction, coalesced.
 */
import type { Db, Tx } from '../db/client';
import { systemActor } from '../auth/permissions';
import { LANGS } from '../i18n';
import type { Clock } from '../lib/clock';
import { enqueue } from '../jobs/queue';
import type { JobDefinition } from '../jobs/define';
import { renderDashboardCharts, type ChartSet } from './dashboard-charts';
import { getDashboard } from './dashboard-service';
import { DEFAULT_VARIANT, freshnessOf, lookupFigures, storeFigures, type FigureKey } from './figure-cache';
import { statusSummary, toPayload } from './figure-payload';

export interface RefreshResult {
  /** fresh: the row already had the current key; stored: new figures; superseded: a newer row was kept. */
  outcome: 'fresh' | 'stored' | 'superseded' | 'no_plan';
  key?: FigureKey;
}

export async function refreshFigures(
  db: Db,
  opts: {
    projectId: string;
    clock: Clock;
    /** Recompute even when the row is fresh. */
    force?: boolean;
    /** Called between computing and storing (tests: a write landing during the computation). */
    beforeStore?: () => Promise<void>;
  },
): Promise<RefreshResult> {
  const { projectId, clock } = opts;
  const today = clock.today();
  // The key first: figures computed after it include at least what it stands for.
  const lookup = await lookupFigures(db, { projectId, today, payload: false });
  if (!lookup) return { outcome: 'no_plan' };
  const key = lookup.current;
  if (!opts.force && freshnessOf(lookup) === 'fresh') return { outcome: 'fresh', key };
  const d = await getDashboard(db, {
    actor: systemActor('job:kpi.refresh-figures'),
    projectId,
    lang: 'en',
    clock,
  });
  if (d.report.planVersion !== key.planVersion) {
    // The plan changed between the key and the computation: store nothing, the next refresh has the new key.
    return { outcome: 'superseded', key };
  }
  const charts: Partial<Record<(typeof LANGS)[number], ChartSet>> = {};
  for (const lang of LANGS)
    charts[lang] = await renderDashboardCharts({
      plan: d.report.plan,
      kpis: d.report.kpis,
      history: d.history,
      lang,
    });
  await opts.beforeStore?.();
  const { counts, worst } = statusSummary(d.report.kpis);
  const stored = await storeFigures(db, {
    projectId,
    variant: DEFAULT_VARIANT,
    key,
    computedAt: clock.now(),
    payload: toPayload(d),
    charts,
    statusCounts: counts,
    worstStatus: worst,
  });
  return { outcome: stored ? 'stored' : 'superseded', key };
}

/**
 * Asks for a refresh of the project's figures: one queued job per project at most (a burst of writes gives one
 * refresh; a job already running may have read its key before this write, so it does not count). Due at once
 * whatever the runner's clock (run_at is the epoch); created_at is the write's time.
 */
export function enqueueFigureRefresh(
  tx: Db | Tx,
  opts: { job: JobDefinition<{ projectId: string }>; projectId: string; at: Date; createdBy: string },
): Promise<{ id: number; created: boolean }> {
  return enqueue(tx, {
    job: opts.job,
    payload: { projectId: opts.projectId },
    projectId: opts.projectId,
    unlessQueued: true,
    runAt: new Date(0),
    createdBy: opts.createdBy,
    clock: { now: () => opts.at, today: () => opts.at.toISOString().slice(0, 10) },
  });
}
