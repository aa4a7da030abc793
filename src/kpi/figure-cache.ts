/**
 * The dashboard's figure cache (`figure_cache`): one statement reads the cached row together with its key's current
 * parts (the project's audit chain head, its plan version and the plan's content hash), so a page whose figures did
 * not change costs one lookup; storing is an upsert that never replaces newer figures with older ones.
 */
import { sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import type { Lang } from '../i18n';
import type { ChartSet } from './dashboard-charts';
import { queryRows } from './engine';
import type { FigurePayload } from './figure-payload';
import type { KpiStatus } from './status';

/** The default view (the whole run up to today). */
export const DEFAULT_VARIANT = '';

/** What the figures depend on: the project's audit chain head, its plan version and the date. */
export interface FigureKey {
  auditSeq: number;
  planVersion: number;
  asOf: string;
}

export interface CachedFigures {
  key: FigureKey;
  computedAt: Date;
  payload: FigurePayload;
  /** The charts in the language asked for (empty when none were stored for it). */
  charts: ChartSet;
}

export interface FigureLookup {
  /** The key the figures would have now. */
  current: FigureKey;
  /** The current plan's content hash (its parsed plan is memoised by it). */
  planHash: string;
  row?: CachedFigures;
}

/** fresh: the row's key is the current one; stale: same plan version, older head or date; missing: none usable. */
export type Freshness = 'fresh' | 'stale' | 'missing';

export function freshnessOf(l: FigureLookup): Freshness {
  const r = l.row;
  if (!r || r.key.planVersion !== l.current.planVersion) return 'missing';
  return r.key.auditSeq === l.current.auditSeq && r.key.asOf === l.current.asOf ? 'fresh' : 'stale';
}

/**
 * THE lookup: the project's plan version and content hash, its audit head and the cached row of `variant` (its
 * charts in `lang` only, or none), in one statement. Undefined when the project has no plan.
 */
export async function lookupFigures(
  db: Db,
  opts: { projectId: string; variant?: string; today: string; lang?: Lang; payload?: boolean },
): Promise<FigureLookup | undefined> {
  const variant = opts.variant ?? DEFAULT_VARIANT;
  const withPayload = opts.payload ?? true;
  const [r] = await queryRows(
    db,
    sql`select p.current_version as "planVersion", v.content_hash as "planHash",
          coalesce(h.seq, 0)::int as "head",
          f.audit_seq as "rowSeq", f.plan_version as "rowPlanVersion", f.as_of as "rowAsOf",
          f.computed_at as "computedAt",
          ${withPayload ? sql`f.payload` : sql`null::jsonb`} as "payload",
          ${opts.lang ? sql`f.charts -> ${opts.lang}` : sql`null::jsonb`} as "charts"
        from projects p
        join plan_versions v on v.project_id = p.id and v.version = p.current_version
        left join audit_heads h on h.chain = p.id
        left join figure_cache f on f.project_id = p.id and f.variant = ${variant}
        where p.id = ${opts.projectId}`,
  );
  if (!r) return undefined;
  const current = { auditSeq: Number(r.head), planVersion: Number(r.planVersion), asOf: opts.today };
  const lookup: FigureLookup = { current, planHash: String(r.planHash) };
  if (r.rowSeq !== null && r.rowSeq !== undefined) {
    lookup.row = {
      key: { auditSeq: Number(r.rowSeq), planVersion: Number(r.rowPlanVersion), asOf: String(r.rowAsOf) },
      computedAt: new Date(r.computedAt as string | Date),
      payload: r.payload as FigurePayload,
      charts: (r.charts ?? {}) as ChartSet,
    };
  }
  return lookup;
}

export interface StoreFigures {
  projectId: string;
  variant?: string;
  key: FigureKey;
  computedAt: Date;
  payload: FigurePayload;
  /** Charts by language. */
  charts: Partial<Record<Lang, ChartSet>>;
  statusCounts: Partial<Record<KpiStatus, number>>;
  worstStatus: KpiStatus | null;
}

/**
 * Upserts the row. A row computed for a later audit head (or plan version) is kept: two refreshes finishing out of
 * order never put the older figures back. Returns whether the row was written.
 */
export async function storeFigures(db: Db, f: StoreFigures): Promise<boolean> {
  const rows = await queryRows(
    db,
    sql`insert into figure_cache as c (project_id, variant, audit_seq, plan_version, as_of, computed_at, payload,
          charts, status_counts, worst_status)
        values (${f.projectId}, ${f.variant ?? DEFAULT_VARIANT}, ${f.key.auditSeq}, ${f.key.planVersion},
          ${f.key.asOf}, ${f.computedAt.toISOString()}::timestamptz, ${JSON.stringify(f.payload)}::jsonb,
          ${JSON.stringify(f.charts)}::jsonb, ${JSON.stringify(f.statusCounts)}::jsonb, ${f.worstStatus})
        on conflict (project_id, variant) do update set
          audit_seq = excluded.audit_seq, plan_version = excluded.plan_version, as_of = excluded.as_of,
          computed_at = excluded.computed_at, payload = excluded.payload, charts = excluded.charts,
          status_counts = excluded.status_counts, worst_status = excluded.worst_status
        where (c.plan_version, c.audit_seq, c.as_of) <= (excluded.plan_version, excluded.audit_seq, excluded.as_of)
        returning 1 as ok`,
  );
  return rows.length > 0;
}

/**
 * Projects whose default figures are missing or stale (another head, plan version or date), in ONE query: what the
 * scheduled sweep refreshes (the date rolling over at midnight, writes made where no hook enqueued a refresh).
 */
export async function projectsNeedingFigures(db: Db, today: string): Promise<string[]> {
  const rows = await queryRows(
    db,
    sql`select p.id from projects p
        join plan_versions v on v.project_id = p.id and v.version = p.current_version
        left join audit_heads h on h.chain = p.id
        left join figure_cache f on f.project_id = p.id and f.variant = ${DEFAULT_VARIANT}
        where f.project_id is null or f.audit_seq <> coalesce(h.seq, 0)
          or f.plan_version <> p.current_version or f.as_of <> ${today}
        order by p.id`,
  );
  return rows.map((r) => String(r.id));
}
