/** The deliverables tab's rows: the plan's deliverables joined with their status rows (SQL), in the plan's order. */
import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { queryRows } from '../../kpi/engine';
import type { Plan } from '../../plan/schema';
import { monthEnd } from '../../plan/time';

/**
 * The plan's deliverables with their status as cells read (`code` as id, `title`); only those whose status changed
 * after `since` when given (a deliverable never set is unchanged).
 */
export async function deliverableRows(
  db: Db,
  opts: { projectId: string; plan: Plan; since: Date | null },
): Promise<Record<string, unknown>[]> {
  const rows = await queryRows(
    db,
    sql`SELECT code, status, submitted_on::text AS submitted_on, approved_on::text AS approved_on, justification,
               updated_at
          FROM deliverable_status WHERE project_id = ${opts.projectId}
          ${opts.since ? sql`AND updated_at > ${opts.since.toISOString()}::timestamptz` : sql``}`,
  );
  const byCode = new Map(rows.map((r) => [String(r.code), r]));
  const start = opts.plan.project.start_date;
  return opts.plan.work_packages.flatMap((wp) =>
    wp.deliverables.flatMap((d) => {
      const r = byCode.get(d.code);
      if (opts.since && !r) return [];
      return [
        {
          id: d.code,
          code: d.code,
          title: d.title,
          wp: wp.code,
          due_date: monthEnd(start, d.due_month),
          status: r?.status ?? 'Pending',
          submitted_on: r?.submitted_on ?? null,
          approved_on: r?.approved_on ?? null,
          justification: r?.justification ?? null,
        },
      ];
    }),
  );
}
