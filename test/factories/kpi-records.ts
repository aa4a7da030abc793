/**
 * Records for many projects at once (KPI flatness tests): per project, `perType` rows of each record type in one
 * INSERT … SELECT generate_series per table, some of them written by a committed import batch, snapshots of a
 * source with a later complete export, and manual KPI values. Rows of one project are written together.
 */
import { sql } from 'drizzle-orm';
import type { Db } from '../../src/db/client';

export interface SeedKpiRecords {
  projectIds: readonly string[];
  perType: number;
  /** Committed import batches per project (the first holds every 7th row; one is a complete export). */
  batches?: number;
  /** The code manual values are entered for (default `government-invitations`). */
  manualKpi?: string;
}

export async function seedKpiRecords(db: Db, o: SeedKpiRecords): Promise<void> {
  const ids = sql`${`{${o.projectIds.join(',')}}`}::text[]`;
  const batches = o.batches ?? 3;
  await db.execute(sql`
    insert into import_batches (project_id, record_type, format, file_name, sha256, rows, imported, duplicates,
                                invalid, actor_id, state, complete_source, complete_as_of, created_at)
    select p, 'metric', 'zenodo-stats', 'f' || b || '.csv', p || '-' || b, 0, 0, 0, 0, 'cli:test', 'committed',
           case when b = 2 then 'zenodo' end, case when b = 2 then date '2020-06-30' end,
           timestamptz '2024-01-01 00:00Z' + b * interval '1 hour'
      from unnest(${ids}) p, generate_series(1, ${batches}) b
     order by p, b`);
  // Every 7th row of a project was written by its first batch (committed, so it counts).
  const rows = sql`select p, i, 'CORP' as lead,
           case when i % 7 = 0 then (select ib.id from import_batches ib where ib.project_id = p
                                     order by ib.created_at limit 1) end as batch,
           date '2018-07-01' + ((i * 7919) % 1095) as d
      from unnest(${ids}) p, generate_series(1, ${o.perType}) i`;
  const cols = sql.raw('project_id, lead_partner, created_by, updated_by, pending_batch');
  const common = sql.raw(`p, lead, 'test', 'test', batch`);
  await db.execute(sql`insert into activities (${cols}, title, start_date, kind, type, status, persons_reached)
    select ${common}, 'A' || i, d, (array['article','press_release','newsletter','blog_post'])[1 + (i % 4)], 'Other',
           (array['Delivered','Ongoing'])[1 + (i % 2)], (i * 37) % 120 from (${rows}) r order by p, i`);
  await db.execute(sql`insert into events (${cols}, name, kind, city, country, start_date, roles, participants, status,
                                           international, joint_with_other_projects)
    select ${common}, 'E' || i, (array['workshop','training','exhibition','contest','concertation','e_consultation'])[1 + (i % 6)],
           'Tokyo', 'JP', d, case i % 3 when 0 then array['booth'] when 1 then array['organiser'] else array['co_organiser'] end,
           10 + (i % 60), (array['attended','planned'])[1 + (i % 2)], i % 2 = 0, i % 5 = 0 from (${rows}) r order by p, i`);
  await db.execute(sql`insert into publications (${cols}, type, title, year, date, open_access, joint_eu_jp)
    select ${common}, (array['conference_paper','journal_article'])[1 + (i % 2)], 'P' || i, 2018 + (i % 3), d, 'green',
           i % 4 = 0 from (${rows}) r order by p, i`);
  await db.execute(sql`insert into synergies (${cols}, initiative, kind, date)
    select ${common}, 'Body ' || (i % 7), (array['standardisation','consultation','replication'])[1 + (i % 3)], d
      from (${rows}) r order by p, i`);
  await db.execute(sql`insert into metric_snapshots (${cols}, channel, channel_kind, channel_scope, metric, value, date, data_source)
    select ${common}, 'ch-' || (i % 6), (array['twitter','youtube','website','repository'])[1 + (i % 4)],
           (array['project','partner'])[1 + (i % 2)], (array['followers','views','downloads'])[1 + (i % 3)], i * 1.5, d,
           case when i % 4 = 0 then 'zenodo' else 'manual' end from (${rows}) r order by p, i`);
  await db.execute(sql`insert into kpi_manual_values (project_id, lead_partner, created_by, updated_by, kpi_code, value, date, evidence)
    select p, 'CORP', 'test', 'test', ${o.manualKpi ?? 'government-invitations'}, i, date '2018-09-01' + i * 40, 'letter.pdf'
      from unnest(${ids}) p, generate_series(1, 3) i order by p, i`);
}
