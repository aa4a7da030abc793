/**
 * Portfolio fixtures without plans: many projects (with partners and cached figures) in one INSERT … SELECT
 * generate_series each, cached dashboard figures (`figure_cache` rows, as the cache job would write them), portfolios.
 */
import { sql } from 'drizzle-orm';
import type { Db } from '../../src/db/client';
import { figureCache, portfolioMembers, portfolios } from '../../src/db/schema';

export interface SeedProjects {
  /** Ids are `<prefix>-0001` …, acronyms `<PREFIX>-0001` … (so acronym order = number order). */
  prefix: string;
  count: number;
  /** Projects whose number is even get this programme, odd ones `HORIZON_EUROPE`. */
  evenProgramme?: string;
  /** Also cache figures for each project (fresh for `today` when the chain is empty): worst status cycles. */
  figuresAsOf?: string;
}

/** `count` projects with an (empty) audit head, each with two partners (`P<n>A` "<prefix> Lab <n>", `CORP` "Shared Corp"). */
export async function seedProjects(db: Db, o: SeedProjects): Promise<string[]> {
  const even = o.evenProgramme ?? 'HORIZON_EUROPE';
  await db.execute(sql`
    insert into projects (id, acronym, title, programme, start_date, duration_months, current_version)
    select ${o.prefix} || '-' || lpad(g::text, 4, '0'), upper(${o.prefix}) || '-' || lpad(g::text, 4, '0'),
           'Project ' || g, case when g % 2 = 0 then ${even} else 'HORIZON_EUROPE' end, '2024-01-01', 36, 1
      from generate_series(1, ${o.count}) g`);
  await db.execute(sql`
    insert into partners (project_id, code, number, name, country, region, kind, sector)
    select ${o.prefix} || '-' || lpad(g::text, 4, '0'), v.code || case when v.n = 1 then g::text else '' end, v.n,
           case when v.n = 1 then ${o.prefix} || ' Lab ' || g else 'Shared Corp' end, 'PT', 'EU', 'university', 'public'
      from generate_series(1, ${o.count}) g, (values (1, 'P'), (2, 'CORP')) v(n, code)`);
  // Every project has an audit chain: its head, as appendAudit keeps it (entries themselves are not needed here).
  await db.execute(sql`
    insert into audit_heads (chain, seq, hash)
    select ${o.prefix} || '-' || lpad(g::text, 4, '0'), 0, repeat('0', 64) from generate_series(1, ${o.count}) g`);
  if (o.figuresAsOf) {
    await db.execute(sql`
      insert into figure_cache (project_id, variant, audit_seq, plan_version, as_of, computed_at, payload,
                                status_counts, worst_status)
      select ${o.prefix} || '-' || lpad(g::text, 4, '0'), '', 0, 1, ${o.figuresAsOf}, now(), '{}'::jsonb,
             jsonb_build_object((array['behind','at_risk','on_track','achieved'])[1 + g % 4], 1),
             (array['behind','at_risk','on_track','achieved'])[1 + g % 4]
        from generate_series(1, ${o.count}) g`);
  }
  return Array.from({ length: o.count }, (_, i) => `${o.prefix}-${String(i + 1).padStart(4, '0')}`);
}

export interface FigureRow {
  projectId: string;
  auditSeq?: number;
  planVersion?: number;
  asOf: string;
  computedAt?: Date;
  statusCounts?: Record<string, number>;
  worstStatus?: string | null;
}

/** A cached dashboard row for a project's default view (replacing any). */
export async function insertFigures(db: Db, f: FigureRow): Promise<void> {
  const values = {
    projectId: f.projectId,
    variant: '',
    auditSeq: f.auditSeq ?? 0,
    planVersion: f.planVersion ?? 1,
    asOf: f.asOf,
    computedAt: f.computedAt ?? new Date(`${f.asOf}T06:00:00Z`),
    payload: {},
    statusCounts: f.statusCounts ?? {},
    worstStatus: f.worstStatus ?? null,
  };
  await db
    .insert(figureCache)
    .values(values)
    .onConflictDoUpdate({ target: [figureCache.projectId, figureCache.variant], set: values });
}

/** A portfolio holding `projectIds`, with `members` (user id → role); straight rows, no audit. */
export async function seedPortfolio(
  db: Db,
  o: { id: string; projectIds: readonly string[]; members?: Record<string, 'coordinator' | 'viewer'> },
): Promise<void> {
  await db.insert(portfolios).values({ id: o.id, name: o.id, kind: 'agency' });
  if (o.projectIds.length) {
    await db.execute(sql`
      insert into portfolio_projects (portfolio_id, project_id)
      select ${o.id}, unnest(${`{${o.projectIds.join(',')}}`}::text[])`);
  }
  for (const [userId, role] of Object.entries(o.members ?? {})) {
    await db.insert(portfolioMembers).values({ portfolioId: o.id, userId, role });
  }
}
