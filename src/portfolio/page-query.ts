/**
 * The portfolio page's one statement: the visible projects (all for an admin, else `id = ANY($ids)` of the actor's
 * effective memberships) with their cached KPI statuses (`figure_cache`, default view) and their audit heads, filtered
 * by programme, worst status and partner organisation, paged by keyset on (acronym, id) with LIMIT. Never a loop.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db/client';

export const WORST_STATUSES = ['behind', 'at_risk', 'on_track', 'achieved'] as const;
export type WorstStatus = (typeof WORST_STATUSES)[number];
/** The status filter: a worst status, or `missing` (no figures computed yet). */
export const STATUS_FILTERS = [...WORST_STATUSES, 'missing'] as const;
export type StatusFilter = (typeof STATUS_FILTERS)[number];

export const PAGE_SIZE = 20;

export interface PortfolioQuery {
  /** null: every project (an instance admin); else the project ids the person may see. */
  projectIds: readonly string[] | null;
  programme?: string;
  status?: StatusFilter;
  /** A partner organisation: its code (exact, case-insensitive) or part of its name (case-insensitive). */
  partner?: string;
  /** Keyset cursors: the project id after which (or before which) the page starts. */
  after?: string;
  before?: string;
  /** Rows per page (default PAGE_SIZE). */
  limit?: number;
}

export interface PortfolioRow {
  id: string;
  acronym: string;
  title: string;
  programme: string;
  currentVersion: number;
  headSeq: number;
  figures: {
    auditSeq: number;
    planVersion: number;
    asOf: string;
    computedAt: Date;
    statusCounts: Record<string, number>;
    worstStatus: string | null;
  } | null;
}

export interface PortfolioPage {
  rows: PortfolioRow[];
  /** Cursors of the neighbouring pages, when there is one. */
  previous?: string;
  next?: string;
}

interface RawRow {
  id: string;
  acronym: string;
  title: string;
  programme: string;
  current_version: number;
  head_seq: number | null;
  audit_seq: number | null;
  plan_version: number | null;
  as_of: string | null;
  computed_at: Date | string | null;
  status_counts: Record<string, number> | null;
  worst_status: string | null;
}

/** `%`, `_` and `\` taken literally inside a LIKE pattern. */
const likeLiteral = (s: string) => s.replace(/[\\%_]/g, (m) => `\\${m}`);

/** The statement itself (exported for EXPLAIN in the tests). `limit + 1` rows tell whether another page follows. */
export function portfolioSql(q: PortfolioQuery): SQL {
  const limit = q.limit ?? PAGE_SIZE;
  const where: SQL[] = [];
  if (q.projectIds !== null) where.push(sql`p.id = any(${toArray(q.projectIds)}::text[])`);
  if (q.programme) where.push(sql`p.programme = ${q.programme}`);
  if (q.status === 'missing') where.push(sql`fc.project_id is null`);
  else if (q.status) where.push(sql`fc.worst_status = ${q.status}`);
  if (q.partner) {
    const code = q.partner.toUpperCase();
    const name = `%${likeLiteral(q.partner)}%`;
    where.push(
      sql`exists (select 1 from partners pa where pa.project_id = p.id and pa.retired_at is null and (upper(pa.code) = ${code} or pa.name ilike ${name}))`,
    );
  }
  const backwards = !q.after && Boolean(q.before);
  const cursor = q.after ?? q.before;
  if (cursor) {
    const cmp = backwards ? sql`<` : sql`>`;
    where.push(sql`(p.acronym, p.id) ${cmp} (select c.acronym, c.id from projects c where c.id = ${cursor})`);
  }
  const dir = backwards ? sql`desc` : sql`asc`;
  const whereSql = where.length ? sql`where ${sql.join(where, sql` and `)}` : sql``;
  return sql`select p.id, p.acronym, p.title, p.programme, p.current_version,
      ah.seq as head_seq, fc.audit_seq, fc.plan_version, fc.as_of, fc.computed_at, fc.status_counts, fc.worst_status
    from projects p
    left join figure_cache fc on fc.project_id = p.id and fc.variant = ''
    left join audit_heads ah on ah.chain = p.id
    ${whereSql}
    order by p.acronym ${dir}, p.id ${dir}
    limit ${limit + 1}`;
}

/** A JS array as one bound parameter: PGlite and node-postgres both take a text[] literal. */
function toArray(ids: readonly string[]): string {
  return `{${ids.map((id) => `"${id.replace(/["\\]/g, (m) => `\\${m}`)}"`).join(',')}}`;
}

const toRow = (r: RawRow): PortfolioRow => ({
  id: r.id,
  acronym: r.acronym,
  title: r.title,
  programme: r.programme,
  currentVersion: Number(r.current_version),
  headSeq: Number(r.head_seq ?? 0),
  figures:
    r.as_of === null
      ? null
      : {
          auditSeq: Number(r.audit_seq),
          planVersion: Number(r.plan_version),
          asOf: r.as_of,
          computedAt: new Date(r.computed_at ?? 0),
          statusCounts: r.status_counts ?? {},
          worstStatus: r.worst_status,
        },
});

/** One page of the portfolio, in acronym order, with the cursors of the previous and next pages. */
export async function portfolioPage(db: Db, q: PortfolioQuery): Promise<PortfolioPage> {
  const limit = q.limit ?? PAGE_SIZE;
  if (q.projectIds !== null && q.projectIds.length === 0) return { rows: [] };
  const result = await db.execute(portfolioSql(q));
  const raw = (result as unknown as { rows?: RawRow[] }).rows ?? (result as unknown as RawRow[]);
  const more = raw.length > limit;
  const backwards = !q.after && Boolean(q.before);
  const rows = raw.slice(0, limit).map(toRow);
  if (backwards) rows.reverse();
  const first = rows[0]?.id;
  const last = rows[rows.length - 1]?.id;
  if (backwards) return { rows, previous: more ? first : undefined, next: last };
  return { rows, previous: q.after ? first : undefined, next: more ? last : undefined };
}

/** Whether cached figures are current: same audit head, same plan version, computed for today. */
export function isFresh(row: PortfolioRow, today: string): boolean {
  const f = row.figures;
  return f !== null && f.auditSeq === row.headSeq && f.planVersion === row.currentVersion && f.asOf === today;
}
