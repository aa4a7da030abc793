/**
 * The pre-flight's brand note (not a finding: neither the seed nor ec-reporting.md makes a checked material
 * mandatory, so it never blocks a submission): the period's activities that have evidence files, split into those
 * with at least one brand-checked file (src/brand/evidence.ts, `brand_checks`) and those without. One SQL query.
 */
import { sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { queryRows } from '../kpi/engine';
import { RECORD_SOURCES } from '../kpi/fields';
import type { Plan } from '../plan/schema';
import type { ReportPeriod } from './model';

export interface BrandNoteActivity {
  id: string;
  title: string;
  /** Evidence files, and how many of them were brand-checked. */
  files: number;
  checked: number;
}

export interface BrandNote {
  checked: BrandNoteActivity[];
  unchecked: BrandNoteActivity[];
}

export async function brandCheckNote(
  db: Db,
  opts: { projectId: string; plan: Plan; period: ReportPeriod },
): Promise<BrandNote> {
  const date = RECORD_SOURCES.activity.date(opts.plan.project.start_date);
  const rows = await queryRows(
    db,
    sql`
      SELECT a.id::text AS id, a.title,
             count(f.id)::int AS files, count(b.file_id)::int AS checked
        FROM activities a
        JOIN evidence_files f
          ON f.project_id = a.project_id AND f.record_type = 'activity' AND f.record_id = a.id
             AND f.deleted_at IS NULL
        LEFT JOIN brand_checks b ON b.project_id = f.project_id AND b.file_id = f.id
       WHERE a.project_id = ${opts.projectId} AND a.deleted_at IS NULL
         AND ${date} BETWEEN ${opts.period.from}::date AND ${opts.period.to}::date
       GROUP BY a.id, a.title
       ORDER BY a.title, a.id`,
  );
  const all = rows.map((r) => ({
    id: String(r.id),
    title: String(r.title),
    files: Number(r.files),
    checked: Number(r.checked),
  }));
  return { checked: all.filter((r) => r.checked > 0), unchecked: all.filter((r) => r.checked === 0) };
}
