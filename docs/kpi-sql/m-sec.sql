-- The SQL the KPI engine (src/kpi) compiles for plans/m-sec.yaml (project id 'm-sec'),
-- as of the project's last day. Written by `npm run kpi:sql`: do not edit; review its diff.
-- 43 queries. Bound parameters are $1, $2, …; their values follow each query.

-- [1] figures
WITH snap AS MATERIALIZED (SELECT channel, metric, date, updated_at, value, data_source, coalesce((metric = $1::text), false) AND coalesce((channel_kind = $2::text), false) AND true AND date BETWEEN $3::date AND $4::date AS s2, coalesce((metric = $5::text), false) AND coalesce((channel_scope = $6::text), false) AND true AND date BETWEEN $7::date AND $8::date AS s3, coalesce((metric = $9::text), false) AND coalesce((channel_kind IN ($10::text, $11::text)), false) AND true AND date BETWEEN $12::date AND $13::date AS s4
                                       FROM metric_snapshots
                                       WHERE project_id = $14 AND deleted_at IS NULL AND (pending_batch IS NULL OR pending_batch IN (SELECT ib_vis.id FROM import_batches ib_vis WHERE ib_vis.project_id = $15 AND ib_vis.state = 'committed')) AND ((coalesce((metric = $16::text), false) AND coalesce((channel_kind = $17::text), false) AND true AND date BETWEEN $18::date AND $19::date) OR (coalesce((metric = $20::text), false) AND coalesce((channel_scope = $21::text), false) AND true AND date BETWEEN $22::date AND $23::date) OR (coalesce((metric = $24::text), false) AND coalesce((channel_kind IN ($25::text, $26::text)), false) AND true AND date BETWEEN $27::date AND $28::date))) SELECT (SELECT ARRAY[count(*) FILTER (WHERE coalesce((kind IN ($29::text, $30::text)), false) AND coalesce((status = $31::text), false) AND true AND start_date BETWEEN $32::date AND $33::date),
                                         count(*) FILTER (WHERE coalesce((kind = $34::text), false) AND coalesce((status = $35::text), false) AND true AND start_date BETWEEN $36::date AND $37::date)]::double precision[]
                                       FROM activities
                                       WHERE project_id = $38 AND deleted_at IS NULL AND (pending_batch IS NULL OR pending_batch IN (SELECT ib_vis.id FROM import_batches ib_vis WHERE ib_vis.project_id = $39 AND ib_vis.state = 'committed'))
                                       GROUP BY ()) AS t_activity, (SELECT ARRAY[count(*) FILTER (WHERE coalesce(($40::text = ANY(roles)), false) AND coalesce((status = $41::text), false) AND true AND start_date BETWEEN $42::date AND $43::date),
                                         count(*) FILTER (WHERE coalesce((kind = $44::text), false) AND coalesce((roles && ARRAY[$45::text, $46::text]::text[]), false) AND coalesce((international = $47::boolean), false) AND coalesce((status = $48::text), false) AND true AND start_date BETWEEN $49::date AND $50::date),
                                         count(*) FILTER (WHERE coalesce((kind IN ($51::text, $52::text, $53::text, $54::text, $55::text)), false) AND coalesce((roles && ARRAY[$56::text, $57::text]::text[]), false) AND coalesce((status = $58::text), false) AND true AND start_date BETWEEN $59::date AND $60::date),
                                         count(*) FILTER (WHERE coalesce((kind IN ($61::text, $62::text, $63::text, $64::text, $65::text)), false) AND coalesce((roles && ARRAY[$66::text, $67::text]::text[]), false) AND coalesce((status = $68::text), false) AND coalesce((participants BETWEEN $69::double precision AND $70::double precision), false) AND start_date BETWEEN $71::date AND $72::date),
                                         count(*) FILTER (WHERE coalesce((kind = $73::text), false) AND coalesce((status = $74::text), false) AND true AND start_date BETWEEN $75::date AND $76::date),
                                         count(*) FILTER (WHERE coalesce((kind = $77::text), false) AND coalesce((status = $78::text), false) AND coalesce((participants > $79::double precision), false) AND start_date BETWEEN $80::date AND $81::date),
                                         coalesce(sum(participants) FILTER (WHERE coalesce((kind = $82::text), false) AND true AND start_date BETWEEN $83::date AND $84::date), 0)::double precision,
                                         count(*) FILTER (WHERE coalesce((kind = $85::text), false) AND coalesce((status = $86::text), false) AND true AND start_date BETWEEN $87::date AND $88::date),
                                         count(*) FILTER (WHERE coalesce((joint_with_other_projects = $89::boolean), false) AND coalesce((status = $90::text), false) AND true AND start_date BETWEEN $91::date AND $92::date)]::double precision[]
                                       FROM events
                                       WHERE project_id = $93 AND deleted_at IS NULL AND (pending_batch IS NULL OR pending_batch IN (SELECT ib_vis.id FROM import_batches ib_vis WHERE ib_vis.project_id = $94 AND ib_vis.state = 'committed'))
                                       GROUP BY ()) AS t_event, (SELECT ARRAY[count(*) FILTER (WHERE coalesce((type = $95::text), false) AND true AND (CASE WHEN date_precision <> 'day' AND coalesce(date, make_date(year, 1, 1)) < $96::date
                    AND coalesce(date, make_date(year, 1, 1)) + CASE date_precision WHEN 'year' THEN interval '1 year' ELSE interval '1 month' END > $97::date
               THEN $98::date ELSE coalesce(date, make_date(year, 1, 1)) END) BETWEEN $99::date AND $100::date), count(*) FILTER (WHERE coalesce((type = $101::text),
                 false) AND coalesce((joint_eu_jp = $102::boolean),
                 false) AND (CASE WHEN date_precision <> 'day' AND coalesce(date, make_date(year, 1, 1)) < $103::date
                    AND coalesce(date, make_date(year, 1, 1)) + CASE date_precision WHEN 'year' THEN interval '1 year' ELSE interval '1 month' END > $104::date
               THEN $105::date ELSE coalesce(date, make_date(year, 1, 1)) END) BETWEEN $106::date AND $107::date), count(*) FILTER (WHERE coalesce((type = $108::text),
                 false) AND true AND (CASE WHEN date_precision <> 'day' AND coalesce(date, make_date(year, 1, 1)) < $109::date
                    AND coalesce(date, make_date(year, 1, 1)) + CASE date_precision WHEN 'year' THEN interval '1 year' ELSE interval '1 month' END > $110::date
               THEN $111::date ELSE coalesce(date, make_date(year, 1, 1)) END) BETWEEN $112::date AND $113::date)]::double precision[] FROM publications WHERE project_id = $114 AND deleted_at IS NULL AND (pending_batch IS NULL OR pending_batch IN (SELECT ib_vis.id
               FROM import_batches ib_vis
               WHERE ib_vis.project_id = $115 AND ib_vis.state = 'committed')) GROUP BY ()) AS t_publication, (SELECT ARRAY[count(DISTINCT initiative) FILTER (WHERE coalesce((kind = $116::text),
                 false) AND true AND date BETWEEN $117::date AND $118::date), count(*) FILTER (WHERE coalesce((kind = $119::text),
                 false) AND true AND date BETWEEN $120::date AND $121::date), count(DISTINCT initiative) FILTER (WHERE coalesce((kind = $122::text),
                 false) AND true AND date BETWEEN $123::date AND $124::date)]::double precision[] FROM synergies WHERE project_id = $125 AND deleted_at IS NULL AND (pending_batch IS NULL OR pending_batch IN (SELECT ib_vis.id
               FROM import_batches ib_vis
               WHERE ib_vis.project_id = $126 AND ib_vis.state = 'committed')) GROUP BY ()) AS t_synergy, (SELECT ARRAY[coalesce(sum(value), 0)]::double precision[]
             FROM (SELECT DISTINCT ON (channel, metric) * FROM snap WHERE s2
                   ORDER BY channel, metric, date DESC, updated_at DESC) latest
             WHERE NOT EXISTS (SELECT 1 FROM import_batches b
                     WHERE b.project_id = $127 AND b.state = 'committed' AND b.complete_source = latest.data_source
                       AND b.complete_as_of > latest.date AND b.complete_as_of <= $128::date)) AS k2, (SELECT ARRAY[coalesce(sum(value),
                         0)]::double precision[]
             FROM (SELECT DISTINCT ON (channel, metric) * FROM snap WHERE s3
                   ORDER BY channel, metric, date DESC, updated_at DESC) latest
             WHERE NOT EXISTS (SELECT 1 FROM import_batches b
                     WHERE b.project_id = $129 AND b.state = 'committed' AND b.complete_source = latest.data_source
                       AND b.complete_as_of > latest.date AND b.complete_as_of <= $130::date)) AS k3, (SELECT ARRAY[coalesce(sum(value),
                         0)]::double precision[]
             FROM (SELECT DISTINCT ON (channel, metric) * FROM snap WHERE s4
                   ORDER BY channel, metric, date DESC, updated_at DESC) latest
             WHERE NOT EXISTS (SELECT 1 FROM import_batches b
                     WHERE b.project_id = $131 AND b.state = 'committed' AND b.complete_source = latest.data_source
                       AND b.complete_as_of > latest.date AND b.complete_as_of <= $132::date)) AS k4, (SELECT value FROM kpi_manual_values
             WHERE project_id = $133 AND deleted_at IS NULL AND (pending_batch IS NULL OR pending_batch IN (SELECT ib_vis.id FROM import_batches ib_vis WHERE ib_vis.project_id = $134 AND ib_vis.state = 'committed')) AND kpi_code = $135 AND date <= $136::date
             ORDER BY date DESC, created_at DESC LIMIT 1) AS k17;
--   $1 = 'views'
--   $2 = 'youtube'
--   $3 = '2018-07-01'
--   $4 = '2021-06-30'
--   $5 = 'followers'
--   $6 = 'project'
--   $7 = '2018-07-01'
--   $8 = '2021-06-30'
--   $9 = 'downloads'
--   $10 = 'website'
--   $11 = 'repository'
--   $12 = '2018-07-01'
--   $13 = '2021-06-30'
--   $14 = 'm-sec'
--   $15 = 'm-sec'
--   $16 = 'views'
--   $17 = 'youtube'
--   $18 = '2018-07-01'
--   $19 = '2021-06-30'
--   $20 = 'followers'
--   $21 = 'project'
--   $22 = '2018-07-01'
--   $23 = '2021-06-30'
--   $24 = 'downloads'
--   $25 = 'website'
--   $26 = 'repository'
--   $27 = '2018-07-01'
--   $28 = '2021-06-30'
--   $29 = 'article'
--   $30 = 'press_release'
--   $31 = 'Delivered'
--   $32 = '2018-07-01'
--   $33 = '2021-06-30'
--   $34 = 'newsletter'
--   $35 = 'Delivered'
--   $36 = '2018-07-01'
--   $37 = '2021-06-30'
--   $38 = 'm-sec'
--   $39 = 'm-sec'
--   $40 = 'booth'
--   $41 = 'attended'
--   $42 = '2018-07-01'
--   $43 = '2021-06-30'
--   $44 = 'workshop'
--   $45 = 'organiser'
--   $46 = 'co_organiser'
--   $47 = true
--   $48 = 'attended'
--   $49 = '2018-07-01'
--   $50 = '2021-06-30'
--   $51 = 'training'
--   $52 = 'webinar'
--   $53 = 'workshop'
--   $54 = 'hackathon'
--   $55 = 'community'
--   $56 = 'organiser'
--   $57 = 'co_organiser'
--   $58 = 'attended'
--   $59 = '2018-07-01'
--   $60 = '2021-06-30'
--   $61 = 'training'
--   $62 = 'webinar'
--   $63 = 'workshop'
--   $64 = 'hackathon'
--   $65 = 'community'
--   $66 = 'organiser'
--   $67 = 'co_organiser'
--   $68 = 'attended'
--   $69 = 20
--   $70 = 50
--   $71 = '2018-07-01'
--   $72 = '2021-06-30'
--   $73 = 'contest'
--   $74 = 'attended'
--   $75 = '2018-07-01'
--   $76 = '2021-06-30'
--   $77 = 'contest'
--   $78 = 'attended'
--   $79 = 20
--   $80 = '2018-07-01'
--   $81 = '2021-06-30'
--   $82 = 'e_consultation'
--   $83 = '2018-07-01'
--   $84 = '2021-06-30'
--   $85 = 'concertation'
--   $86 = 'attended'
--   $87 = '2018-07-01'
--   $88 = '2021-06-30'
--   $89 = true
--   $90 = 'attended'
--   $91 = '2018-07-01'
--   $92 = '2021-06-30'
--   $93 = 'm-sec'
--   $94 = 'm-sec'
--   $95 = 'conference_paper'
--   $96 = '2018-07-01'
--   $97 = '2018-07-01'
--   $98 = '2018-07-01'
--   $99 = '2018-07-01'
--   $100 = '2021-06-30'
--   $101 = 'conference_paper'
--   $102 = true
--   $103 = '2018-07-01'
--   $104 = '2018-07-01'
--   $105 = '2018-07-01'
--   $106 = '2018-07-01'
--   $107 = '2021-06-30'
--   $108 = 'journal_article'
--   $109 = '2018-07-01'
--   $110 = '2018-07-01'
--   $111 = '2018-07-01'
--   $112 = '2018-07-01'
--   $113 = '2021-06-30'
--   $114 = 'm-sec'
--   $115 = 'm-sec'
--   $116 = 'standardisation'
--   $117 = '2018-07-01'
--   $118 = '2021-06-30'
--   $119 = 'consultation'
--   $120 = '2018-07-01'
--   $121 = '2021-06-30'
--   $122 = 'replication'
--   $123 = '2018-07-01'
--   $124 = '2021-06-30'
--   $125 = 'm-sec'
--   $126 = 'm-sec'
--   $127 = 'm-sec'
--   $128 = '2021-06-30'
--   $129 = 'm-sec'
--   $130 = '2021-06-30'
--   $131 = 'm-sec'
--   $132 = '2021-06-30'
--   $133 = 'm-sec'
--   $134 = 'm-sec'
--   $135 = 'government-invitations'
--   $136 = '2021-06-30'

-- [2] history non-scientific-publications
SELECT (extract(year from age(start_date, $1::date)) * 12 + extract(month from age(start_date, $2::date)))::int + 1 AS m,
  count(*) FILTER (WHERE coalesce((kind IN ($3::text, $4::text)), false) AND coalesce((status = $5::text), false) AND true AND start_date BETWEEN $6::date AND $7::date)::double precision AS v0
          FROM activities
          WHERE project_id = $8 AND deleted_at IS NULL AND (pending_batch IS NULL OR pending_batch IN (SELECT ib_vis.id FROM import_batches ib_vis WHERE ib_vis.project_id = $9 AND ib_vis.state = 'committed')) AND start_date BETWEEN $10::date AND $11::date
          GROUP BY 1;
--   $1 = '2018-07-01'
--   $2 = '2018-07-01'
--   $3 = 'article'
--   $4 = 'press_release'
--   $5 = 'Delivered'
--   $6 = '2018-07-01'
--   $7 = '2021-06-30'
--   $8 = 'm-sec'
--   $9 = 'm-sec'
--   $10 = '2018-07-01'
--   $11 = '2021-06-30'

-- [3] history newsletters
SELECT (extract(year from age(start_date, $1::date)) * 12 + extract(month from age(start_date, $2::date)))::int + 1 AS m,
  count(*) FILTER (WHERE coalesce((kind = $3::text), false) AND coalesce((status = $4::text), false) AND true AND start_date BETWEEN $5::date AND $6::date)::double precision AS v0
          FROM activities
          WHERE project_id = $7 AND deleted_at IS NULL AND (pending_batch IS NULL OR pending_batch IN (SELECT ib_vis.id FROM import_batches ib_vis WHERE ib_vis.project_id = $8 AND ib_vis.state = 'committed')) AND start_date BETWEEN $9::date AND $10::date
          GROUP BY 1;
--   $1 = '2018-07-01'
--   $2 = '2018-07-01'
--   $3 = 'newsletter'
--   $4 = 'Delivered'
--   $5 = '2018-07-01'
--   $6 = '2021-06-30'
--   $7 = 'm-sec'
--   $8 = 'm-sec'
--   $9 = '2018-07-01'
--   $10 = '2021-06-30'

-- [4] history video-views
SELECT $1::int AS k, l.channel, l.metric, l.m, l.value,
                      (extract(year from age((SELECT min(b.complete_as_of) FROM import_batches b
              WHERE b.project_id = $2 AND b.state = 'committed' AND b.complete_source = l.data_source
                AND b.complete_as_of > l.date AND b.complete_as_of <= $3::date), $4::date)) * 12 + extract(month from age((SELECT min(b.complete_as_of)
                FROM import_batches b
              WHERE b.project_id = $5 AND b.state = 'committed' AND b.complete_source = l.data_source
                AND b.complete_as_of > l.date AND b.complete_as_of <= $6::date), $7::date)))::int + 1 AS ends
               FROM (SELECT DISTINCT ON (channel, metric, m) channel, metric, m, value, date, data_source
                     FROM (SELECT *, (extract(year from age(date, $8::date)) * 12 + extract(month from age(date, $9::date)))::int + 1 AS m
                           FROM metric_snapshots
                           WHERE project_id = $10 AND deleted_at IS NULL AND (pending_batch IS NULL OR pending_batch IN (SELECT ib_vis.id FROM import_batches ib_vis WHERE ib_vis.project_id = $11 AND ib_vis.state = 'committed')) AND coalesce((metric = $12::text), false) AND coalesce((channel_kind = $13::text), false) AND true AND date BETWEEN $14::date AND $15::date) s
                     ORDER BY channel, metric, m, date DESC, updated_at DESC) l ORDER BY 1, 2, 3, 4;
--   $1 = 0
--   $2 = 'm-sec'
--   $3 = '2021-06-30'
--   $4 = '2018-07-01'
--   $5 = 'm-sec'
--   $6 = '2021-06-30'
--   $7 = '2018-07-01'
--   $8 = '2018-07-01'
--   $9 = '2018-07-01'
--   $10 = 'm-sec'
--   $11 = 'm-sec'
--   $12 = 'views'
--   $13 = 'youtube'
--   $14 = '2018-07-01'
--   $15 = '2021-06-30'

-- [5] history social-followers
SELECT $1::int AS k, l.channel, l.metric, l.m, l.value,
                      (extract(year from age((SELECT min(b.complete_as_of) FROM import_batches b
              WHERE b.project_id = $2 AND b.state = 'committed' AND b.complete_source = l.data_source
                AND b.complete_as_of > l.date AND b.complete_as_of <= $3::date), $4::date)) * 12 + extract(month from age((SELECT min(b.complete_as_of)
                FROM import_batches b
              WHERE b.project_id = $5 AND b.state = 'committed' AND b.complete_source = l.data_source
                AND b.complete_as_of > l.date AND b.complete_as_of <= $6::date), $7::date)))::int + 1 AS ends
               FROM (SELECT DISTINCT ON (channel, metric, m) channel, metric, m, value, date, data_source
                     FROM (SELECT *, (extract(year from age(date, $8::date)) * 12 + extract(month from age(date, $9::date)))::int + 1 AS m
                           FROM metric_snapshots
                           WHERE project_id = $10 AND deleted_at IS NULL AND (pending_batch IS NULL OR pending_batch IN (SELECT ib_vis.id FROM import_batches ib_vis WHERE ib_vis.project_id = $11 AND ib_vis.state = 'committed')) AND coalesce((metric = $12::text), false) AND coalesce((channel_scope = $13::text), false) AND true AND date BETWEEN $14::date AND $15::date) s
                     ORDER BY channel, metric, m, date DESC, updated_at DESC) l ORDER BY 1, 2, 3, 4;
--   $1 = 0
--   $2 = 'm-sec'
--   $3 = '2021-06-30'
--   $4 = '2018-07-01'
--   $5 = 'm-sec'
--   $6 = '2021-06-30'
--   $7 = '2018-07-01'
--   $8 = '2018-07-01'
--   $9 = '2018-07-01'
--   $10 = 'm-sec'
--   $11 = 'm-sec'
--   $12 = 'followers'
--   $13 = 'project'
--   $14 = '2018-07-01'
--   $15 = '2021-06-30'

-- [6] history deliverables-downloaded
SELECT $1::int AS k, l.channel, l.metric, l.m, l.value,
                      (extract(year from age((SELECT min(b.complete_as_of) FROM import_batches b
              WHERE b.project_id = $2 AND b.state = 'committed' AND b.complete_source = l.data_source
                AND b.complete_as_of > l.date AND b.complete_as_of <= $3::date), $4::date)) * 12 + extract(month from age((SELECT min(b.complete_as_of)
                FROM import_batches b
              WHERE b.project_id = $5 AND b.state = 'committed' AND b.complete_source = l.data_source
                AND b.complete_as_of > l.date AND b.complete_as_of <= $6::date), $7::date)))::int + 1 AS ends
               FROM (SELECT DISTINCT ON (channel, metric, m) channel, metric, m, value, date, data_source
                     FROM (SELECT *, (extract(year from age(date, $8::date)) * 12 + extract(month from age(date, $9::date)))::int + 1 AS m
                           FROM metric_snapshots
                           WHERE project_id = $10 AND deleted_at IS NULL AND (pending_batch IS NULL OR pending_batch IN (SELECT ib_vis.id FROM import_batches ib_vis WHERE ib_vis.project_id = $11 AND ib_vis.state = 'committed')) AND coalesce((metric = $12::text), false) AND coalesce((channel_kind IN ($13::text, $14::text)), false) AND true AND date BETWEEN $15::date AND $16::date) s
                     ORDER BY channel, metric, m, date DESC, updated_at DESC) l ORDER BY 1, 2, 3, 4;
--   $1 = 0
--   $2 = 'm-sec'
--   $3 = '2021-06-30'
--   $4 = '2018-07-01'
--   $5 = 'm-sec'
--   $6 = '2021-06-30'
--   $7 = '2018-07-01'
--   $8 = '2018-07-01'
--   $9 = '2018-07-01'
--   $10 = 'm-sec'
--   $11 = 'm-sec'
--   $12 = 'downloads'
--   $13 = 'website'
--   $14 = 'repository'
--   $15 = '2018-07-01'
--   $16 = '2021-06-30'

-- [7] history exhibition-booths
SELECT (extract(year from age(start_date, $1::date)) * 12 + extract(month from age(start_date, $2::date)))::int + 1 AS m,
  count(*) FILTER (WHERE coalesce(($3::text = ANY(roles)), false) AND coalesce((status = $4::text), false) AND true AND start_date BETWEEN $5::date AND $6::date)::double precision AS v0
          FROM events
          WHERE project_id = $7 AND deleted_at IS NULL AND (pending_batch IS NULL OR pending_batch IN (SELECT ib_vis.id FROM import_batches ib_vis WHERE ib_vis.project_id = $8 AND ib_vis.state = 'committed')) AND start_date BETWEEN $9::date AND $10::date
          GROUP BY 1;
--   $1 = '2018-07-01'
--   $2 = '2018-07-01'
--   $3 = 'booth'
--   $4 = 'attended'
--   $5 = '2018-07-01'
--   $6 = '2021-06-30'
--   $7 = 'm-sec'
--   $8 = 'm-sec'
--   $9 = '2018-07-01'
--   $10 = '2021-06-30'

-- [8] history conference-publications
SELECT (extract(year from age((CASE WHEN date_precision <> 'day' AND coalesce(date, make_date(year, 1, 1)) < $1::date
                    AND coalesce(date, make_date(year, 1, 1)) + CASE date_precision WHEN 'year' THEN interval '1 year' ELSE interval '1 month' END > $2::date
               THEN $3::date ELSE coalesce(date, make_date(year, 1, 1)) END), $4::date)) * 12 + extract(month from age((CASE WHEN date_precision <> 'day' AND coalesce(date, make_date(year, 1, 1)) < $5::date
                    AND coalesce(date, make_date(year, 1, 1)) + CASE date_precision WHEN 'year' THEN interval '1 year' ELSE interval '1 month' END > $6::date
               THEN $7::date ELSE coalesce(date, make_date(year, 1, 1)) END), $8::date)))::int + 1 AS m, count(*) FILTER (WHERE coalesce((type = $9::text), false) AND true AND (CASE WHEN date_precision <> 'day' AND coalesce(date, make_date(year,
                 1,
                 1)) < $10::date
                    AND coalesce(date, make_date(year, 1, 1)) + CASE date_precision WHEN 'year' THEN interval '1 year' ELSE interval '1 month' END > $11::date
               THEN $12::date ELSE coalesce(date, make_date(year, 1, 1)) END) BETWEEN $13::date AND $14::date)::double precision AS v0, count(*) FILTER (WHERE coalesce((type = $15::text),
                 false) AND coalesce((joint_eu_jp = $16::boolean),
                 false) AND (CASE WHEN date_precision <> 'day' AND coalesce(date, make_date(year, 1, 1)) < $17::date
                    AND coalesce(date, make_date(year, 1, 1)) + CASE date_precision WHEN 'year' THEN interval '1 year' ELSE interval '1 month' END > $18::date
               THEN $19::date ELSE coalesce(date, make_date(year, 1, 1)) END) BETWEEN $20::date AND $21::date)::double precision AS v1
          FROM publications
          WHERE project_id = $22 AND deleted_at IS NULL AND (pending_batch IS NULL OR pending_batch IN (SELECT ib_vis.id FROM import_batches ib_vis WHERE ib_vis.project_id = $23 AND ib_vis.state = 'committed')) AND (CASE WHEN date_precision <> 'day' AND coalesce(date, make_date(year, 1, 1)) < $24::date
                    AND coalesce(date, make_date(year, 1, 1)) + CASE date_precision WHEN 'year' THEN interval '1 year' ELSE interval '1 month' END > $25::date
               THEN $26::date ELSE coalesce(date, make_date(year, 1, 1)) END) BETWEEN $27::date AND $28::date GROUP BY 1;
--   $1 = '2018-07-01'
--   $2 = '2018-07-01'
--   $3 = '2018-07-01'
--   $4 = '2018-07-01'
--   $5 = '2018-07-01'
--   $6 = '2018-07-01'
--   $7 = '2018-07-01'
--   $8 = '2018-07-01'
--   $9 = 'conference_paper'
--   $10 = '2018-07-01'
--   $11 = '2018-07-01'
--   $12 = '2018-07-01'
--   $13 = '2018-07-01'
--   $14 = '2021-06-30'
--   $15 = 'conference_paper'
--   $16 = true
--   $17 = '2018-07-01'
--   $18 = '2018-07-01'
--   $19 = '2018-07-01'
--   $20 = '2018-07-01'
--   $21 = '2021-06-30'
--   $22 = 'm-sec'
--   $23 = 'm-sec'
--   $24 = '2018-07-01'
--   $25 = '2018-07-01'
--   $26 = '2018-07-01'
--   $27 = '2018-07-01'
--   $28 = '2021-06-30'

-- [9] history journal-publications
SELECT (extract(year from age((CASE WHEN date_precision <> 'day' AND coalesce(date, make_date(year, 1, 1)) < $1::date
                    AND coalesce(date, make_date(year, 1, 1)) + CASE date_precision WHEN 'year' THEN interval '1 year' ELSE interval '1 month' END > $2::date
               THEN $3::date ELSE coalesce(date, make_date(year, 1, 1)) END), $4::date)) * 12 + extract(month from age((CASE WHEN date_precision <> 'day' AND coalesce(date, make_date(year, 1, 1)) < $5::date
                    AND coalesce(date, make_date(year, 1, 1)) + CASE date_precision WHEN 'year' THEN interval '1 year' ELSE interval '1 month' END > $6::date
               THEN $7::date ELSE coalesce(date, make_date(year, 1, 1)) END), $8::date)))::int + 1 AS m, count(*) FILTER (WHERE coalesce((type = $9::text), false) AND true AND (CASE WHEN date_precision <> 'day' AND coalesce(date, make_date(year,
                 1,
                 1)) < $10::date
                    AND coalesce(date, make_date(year, 1, 1)) + CASE date_precision WHEN 'year' THEN interval '1 year' ELSE interval '1 month' END > $11::date
               THEN $12::date ELSE coalesce(date, make_date(year, 1, 1)) END) BETWEEN $13::date AND $14::date)::double precision AS v0
          FROM publications
          WHERE project_id = $15 AND deleted_at IS NULL AND (pending_batch IS NULL OR pending_batch IN (SELECT ib_vis.id FROM import_batches ib_vis WHERE ib_vis.project_id = $16 AND ib_vis.state = 'committed')) AND (CASE WHEN date_precision <> 'day' AND coalesce(date, make_date(year, 1, 1)) < $17::date
                    AND coalesce(date, make_date(year, 1, 1)) + CASE date_precision WHEN 'year' THEN interval '1 year' ELSE interval '1 month' END > $18::date
               THEN $19::date ELSE coalesce(date, make_date(year, 1, 1)) END) BETWEEN $20::date AND $21::date GROUP BY 1;
--   $1 = '2018-07-01'
--   $2 = '2018-07-01'
--   $3 = '2018-07-01'
--   $4 = '2018-07-01'
--   $5 = '2018-07-01'
--   $6 = '2018-07-01'
--   $7 = '2018-07-01'
--   $8 = '2018-07-01'
--   $9 = 'journal_article'
--   $10 = '2018-07-01'
--   $11 = '2018-07-01'
--   $12 = '2018-07-01'
--   $13 = '2018-07-01'
--   $14 = '2021-06-30'
--   $15 = 'm-sec'
--   $16 = 'm-sec'
--   $17 = '2018-07-01'
--   $18 = '2018-07-01'
--   $19 = '2018-07-01'
--   $20 = '2018-07-01'
--   $21 = '2021-06-30'

-- [10] history international-workshops
SELECT (extract(year from age(start_date, $1::date)) * 12 + extract(month from age(start_date, $2::date)))::int + 1 AS m,
  count(*) FILTER (WHERE coalesce((kind = $3::text), false) AND coalesce((roles && ARRAY[$4::text, $5::text]::text[]), false) AND coalesce((international = $6::boolean), false) AND coalesce((status = $7::text), false) AND true AND start_date BETWEEN $8::date AND $9::date)::double precision AS v0
          FROM events
          WHERE project_id = $10 AND deleted_at IS NULL AND (pending_batch IS NULL OR pending_batch IN (SELECT ib_vis.id FROM import_batches ib_vis WHERE ib_vis.project_id = $11 AND ib_vis.state = 'committed')) AND start_date BETWEEN $12::date AND $13::date
          GROUP BY 1;
--   $1 = '2018-07-01'
--   $2 = '2018-07-01'
--   $3 = 'workshop'
--   $4 = 'organiser'
--   $5 = 'co_organiser'
--   $6 = true
--   $7 = 'attended'
--   $8 = '2018-07-01'
--   $9 = '2021-06-30'
--   $10 = 'm-sec'
--   $11 = 'm-sec'
--   $12 = '2018-07-01'
--   $13 = '2021-06-30'

-- [11] history standardisation-groups
SELECT first AS m, count(*)::double precision AS v0 FROM (
            SELECT min((extract(year from age(date, $1::date)) * 12 + extract(month from age(date, $2::date)))::int + 1) AS first
            FROM synergies
            WHERE project_id = $3 AND deleted_at IS NULL AND (pending_batch IS NULL OR pending_batch IN (SELECT ib_vis.id FROM import_batches ib_vis WHERE ib_vis.project_id = $4 AND ib_vis.state = 'committed')) AND coalesce((kind = $5::text), false) AND true AND date BETWEEN $6::date AND $7::date AND initiative IS NOT NULL
            GROUP BY initiative) firsts GROUP BY 1;
--   $1 = '2018-07-01'
--   $2 = '2018-07-01'
--   $3 = 'm-sec'
--   $4 = 'm-sec'
--   $5 = 'standardisation'
--   $6 = '2018-07-01'
--   $7 = '2021-06-30'

-- [12] history consultations
SELECT (extract(year from age(date, $1::date)) * 12 + extract(month from age(date, $2::date)))::int + 1 AS m,
  count(*) FILTER (WHERE coalesce((kind = $3::text), false) AND true AND date BETWEEN $4::date AND $5::date)::double precision AS v0
          FROM synergies
          WHERE project_id = $6 AND deleted_at IS NULL AND (pending_batch IS NULL OR pending_batch IN (SELECT ib_vis.id FROM import_batches ib_vis WHERE ib_vis.project_id = $7 AND ib_vis.state = 'committed')) AND date BETWEEN $8::date AND $9::date
          GROUP BY 1;
--   $1 = '2018-07-01'
--   $2 = '2018-07-01'
--   $3 = 'consultation'
--   $4 = '2018-07-01'
--   $5 = '2021-06-30'
--   $6 = 'm-sec'
--   $7 = 'm-sec'
--   $8 = '2018-07-01'
--   $9 = '2021-06-30'

-- [13] history training-community-events
SELECT (extract(year from age(start_date, $1::date)) * 12 + extract(month from age(start_date, $2::date)))::int + 1 AS m,
  count(*) FILTER (WHERE coalesce((kind IN ($3::text, $4::text, $5::text, $6::text, $7::text)), false) AND coalesce((roles && ARRAY[$8::text, $9::text]::text[]), false) AND coalesce((status = $10::text), false) AND true AND start_date BETWEEN $11::date AND $12::date)::double precision AS v0,
  count(*) FILTER (WHERE coalesce((kind IN ($13::text, $14::text, $15::text, $16::text, $17::text)), false) AND coalesce((roles && ARRAY[$18::text, $19::text]::text[]), false) AND coalesce((status = $20::text), false) AND coalesce((participants BETWEEN $21::double precision AND $22::double precision), false) AND start_date BETWEEN $23::date AND $24::date)::double precision AS v1
          FROM events
          WHERE project_id = $25 AND deleted_at IS NULL AND (pending_batch IS NULL OR pending_batch IN (SELECT ib_vis.id FROM import_batches ib_vis WHERE ib_vis.project_id = $26 AND ib_vis.state = 'committed')) AND start_date BETWEEN $27::date AND $28::date
          GROUP BY 1;
--   $1 = '2018-07-01'
--   $2 = '2018-07-01'
--   $3 = 'training'
--   $4 = 'webinar'
--   $5 = 'workshop'
--   $6 = 'hackathon'
--   $7 = 'community'
--   $8 = 'organiser'
--   $9 = 'co_organiser'
--   $10 = 'attended'
--   $11 = '2018-07-01'
--   $12 = '2021-06-30'
--   $13 = 'training'
--   $14 = 'webinar'
--   $15 = 'workshop'
--   $16 = 'hackathon'
--   $17 = 'community'
--   $18 = 'organiser'
--   $19 = 'co_organiser'
--   $20 = 'attended'
--   $21 = 20
--   $22 = 50
--   $23 = '2018-07-01'
--   $24 = '2021-06-30'
--   $25 = 'm-sec'
--   $26 = 'm-sec'
--   $27 = '2018-07-01'
--   $28 = '2021-06-30'

-- [14] history online-contest
SELECT (extract(year from age(start_date, $1::date)) * 12 + extract(month from age(start_date, $2::date)))::int + 1 AS m,
  count(*) FILTER (WHERE coalesce((kind = $3::text), false) AND coalesce((status = $4::text), false) AND true AND start_date BETWEEN $5::date AND $6::date)::double precision AS v0,
  count(*) FILTER (WHERE coalesce((kind = $7::text), false) AND coalesce((status = $8::text), false) AND coalesce((participants > $9::double precision), false) AND start_date BETWEEN $10::date AND $11::date)::double precision AS v1
          FROM events
          WHERE project_id = $12 AND deleted_at IS NULL AND (pending_batch IS NULL OR pending_batch IN (SELECT ib_vis.id FROM import_batches ib_vis WHERE ib_vis.project_id = $13 AND ib_vis.state = 'committed')) AND start_date BETWEEN $14::date AND $15::date
          GROUP BY 1;
--   $1 = '2018-07-01'
--   $2 = '2018-07-01'
--   $3 = 'contest'
--   $4 = 'attended'
--   $5 = '2018-07-01'
--   $6 = '2021-06-30'
--   $7 = 'contest'
--   $8 = 'attended'
--   $9 = 20
--   $10 = '2018-07-01'
--   $11 = '2021-06-30'
--   $12 = 'm-sec'
--   $13 = 'm-sec'
--   $14 = '2018-07-01'
--   $15 = '2021-06-30'

-- [15] history e-consultation-citizens
SELECT (extract(year from age(start_date, $1::date)) * 12 + extract(month from age(start_date, $2::date)))::int + 1 AS m,
  coalesce(sum(participants) FILTER (WHERE coalesce((kind = $3::text), false) AND true AND start_date BETWEEN $4::date AND $5::date), 0)::double precision AS v0
          FROM events
          WHERE project_id = $6 AND deleted_at IS NULL AND (pending_batch IS NULL OR pending_batch IN (SELECT ib_vis.id FROM import_batches ib_vis WHERE ib_vis.project_id = $7 AND ib_vis.state = 'committed')) AND start_date BETWEEN $8::date AND $9::date
          GROUP BY 1;
--   $1 = '2018-07-01'
--   $2 = '2018-07-01'
--   $3 = 'e_consultation'
--   $4 = '2018-07-01'
--   $5 = '2021-06-30'
--   $6 = 'm-sec'
--   $7 = 'm-sec'
--   $8 = '2018-07-01'
--   $9 = '2021-06-30'

-- [16] history use-case-replication
SELECT first AS m, count(*)::double precision AS v0 FROM (
            SELECT min((extract(year from age(date, $1::date)) * 12 + extract(month from age(date, $2::date)))::int + 1) AS first
            FROM synergies
            WHERE project_id = $3 AND deleted_at IS NULL AND (pending_batch IS NULL OR pending_batch IN (SELECT ib_vis.id FROM import_batches ib_vis WHERE ib_vis.project_id = $4 AND ib_vis.state = 'committed')) AND coalesce((kind = $5::text), false) AND true AND date BETWEEN $6::date AND $7::date AND initiative IS NOT NULL
            GROUP BY initiative) firsts GROUP BY 1;
--   $1 = '2018-07-01'
--   $2 = '2018-07-01'
--   $3 = 'm-sec'
--   $4 = 'm-sec'
--   $5 = 'replication'
--   $6 = '2018-07-01'
--   $7 = '2021-06-30'

-- [17] history concertation
SELECT (extract(year from age(start_date, $1::date)) * 12 + extract(month from age(start_date, $2::date)))::int + 1 AS m,
  count(*) FILTER (WHERE coalesce((kind = $3::text), false) AND coalesce((status = $4::text), false) AND true AND start_date BETWEEN $5::date AND $6::date)::double precision AS v0
          FROM events
          WHERE project_id = $7 AND deleted_at IS NULL AND (pending_batch IS NULL OR pending_batch IN (SELECT ib_vis.id FROM import_batches ib_vis WHERE ib_vis.project_id = $8 AND ib_vis.state = 'committed')) AND start_date BETWEEN $9::date AND $10::date
          GROUP BY 1;
--   $1 = '2018-07-01'
--   $2 = '2018-07-01'
--   $3 = 'concertation'
--   $4 = 'attended'
--   $5 = '2018-07-01'
--   $6 = '2021-06-30'
--   $7 = 'm-sec'
--   $8 = 'm-sec'
--   $9 = '2018-07-01'
--   $10 = '2021-06-30'

-- [18] history joint-eu-japan-events
SELECT (extract(year from age(start_date, $1::date)) * 12 + extract(month from age(start_date, $2::date)))::int + 1 AS m,
  count(*) FILTER (WHERE coalesce((joint_with_other_projects = $3::boolean), false) AND coalesce((status = $4::text), false) AND true AND start_date BETWEEN $5::date AND $6::date)::double precision AS v0
          FROM events
          WHERE project_id = $7 AND deleted_at IS NULL AND (pending_batch IS NULL OR pending_batch IN (SELECT ib_vis.id FROM import_batches ib_vis WHERE ib_vis.project_id = $8 AND ib_vis.state = 'committed')) AND start_date BETWEEN $9::date AND $10::date
          GROUP BY 1;
--   $1 = '2018-07-01'
--   $2 = '2018-07-01'
--   $3 = true
--   $4 = 'attended'
--   $5 = '2018-07-01'
--   $6 = '2021-06-30'
--   $7 = 'm-sec'
--   $8 = 'm-sec'
--   $9 = '2018-07-01'
--   $10 = '2021-06-30'

-- [19] history government-invitations
SELECT DISTINCT ON (kpi_code, m) kpi_code, m, value
        FROM (SELECT *, (extract(year from age(date, $1::date)) * 12 + extract(month from age(date, $2::date)))::int + 1 AS m FROM kpi_manual_values
              WHERE project_id = $3 AND deleted_at IS NULL AND (pending_batch IS NULL OR pending_batch IN (SELECT ib_vis.id FROM import_batches ib_vis WHERE ib_vis.project_id = $4 AND ib_vis.state = 'committed')) AND kpi_code IN ($5) AND date <= $6::date) s
        ORDER BY kpi_code, m, date DESC, created_at DESC;
--   $1 = '2018-07-01'
--   $2 = '2018-07-01'
--   $3 = 'm-sec'
--   $4 = 'm-sec'
--   $5 = 'government-invitations'
--   $6 = '2021-06-30'

-- [20] drill-down non-scientific-publications
SELECT id, title AS label, start_date AS date, start_date AS recorded,
               'day'::text AS precision, lead_partner, null AS value
        FROM activities
        WHERE project_id = $1 AND deleted_at IS NULL AND (pending_batch IS NULL OR pending_batch IN (SELECT ib_vis.id FROM import_batches ib_vis WHERE ib_vis.project_id = $2 AND ib_vis.state = 'committed')) AND coalesce((kind IN ($3::text, $4::text)), false) AND coalesce((status = $5::text), false) AND true AND start_date BETWEEN $6::date AND $7::date
        ORDER BY start_date DESC, id LIMIT $8;
--   $1 = 'm-sec'
--   $2 = 'm-sec'
--   $3 = 'article'
--   $4 = 'press_release'
--   $5 = 'Delivered'
--   $6 = '2018-07-01'
--   $7 = '2021-06-30'
--   $8 = 500

-- [21] drill-down newsletters
SELECT id, title AS label, start_date AS date, start_date AS recorded,
               'day'::text AS precision, lead_partner, null AS value
        FROM activities
        WHERE project_id = $1 AND deleted_at IS NULL AND (pending_batch IS NULL OR pending_batch IN (SELECT ib_vis.id FROM import_batches ib_vis WHERE ib_vis.project_id = $2 AND ib_vis.state = 'committed')) AND coalesce((kind = $3::text), false) AND coalesce((status = $4::text), false) AND true AND start_date BETWEEN $5::date AND $6::date
        ORDER BY start_date DESC, id LIMIT $7;
--   $1 = 'm-sec'
--   $2 = 'm-sec'
--   $3 = 'newsletter'
--   $4 = 'Delivered'
--   $5 = '2018-07-01'
--   $6 = '2021-06-30'
--   $7 = 500

-- [22] drill-down video-views
SELECT id, label, date, lead_partner, value, (SELECT min(b.complete_as_of) FROM import_batches b
              WHERE b.project_id = $1 AND b.state = 'committed' AND b.complete_source = latest.data_source
                AND b.complete_as_of > latest.date AND b.complete_as_of <= $2::date) AS superseded_on
        FROM (SELECT DISTINCT ON (channel, metric) id, channel || ' · ' || metric AS label, date, lead_partner, value,
                     channel, metric, channel_kind, channel_scope, data_source
              FROM metric_snapshots
              WHERE project_id = $3 AND deleted_at IS NULL AND (pending_batch IS NULL OR pending_batch IN (SELECT ib_vis.id FROM import_batches ib_vis WHERE ib_vis.project_id = $4 AND ib_vis.state = 'committed')) AND coalesce((metric = $5::text), false) AND coalesce((channel_kind = $6::text), false) AND true AND date BETWEEN $7::date AND $8::date
              ORDER BY channel, metric, date DESC, updated_at DESC) latest
        WHERE true
          AND (SELECT min(b.complete_as_of) FROM import_batches b
              WHERE b.project_id = $9 AND b.state = 'committed' AND b.complete_source = latest.data_source
                AND b.complete_as_of > latest.date AND b.complete_as_of <= $10::date) IS NULL
        ORDER BY value DESC, label LIMIT $11;
--   $1 = 'm-sec'
--   $2 = '2021-06-30'
--   $3 = 'm-sec'
--   $4 = 'm-sec'
--   $5 = 'views'
--   $6 = 'youtube'
--   $7 = '2018-07-01'
--   $8 = '2021-06-30'
--   $9 = 'm-sec'
--   $10 = '2021-06-30'
--   $11 = 500

-- [23] drill-down video-views, left out by a complete export
SELECT id, label, date, lead_partner, value, (SELECT min(b.complete_as_of) FROM import_batches b
              WHERE b.project_id = $1 AND b.state = 'committed' AND b.complete_source = latest.data_source
                AND b.complete_as_of > latest.date AND b.complete_as_of <= $2::date) AS superseded_on
        FROM (SELECT DISTINCT ON (channel, metric) id, channel || ' · ' || metric AS label, date, lead_partner, value,
                     channel, metric, channel_kind, channel_scope, data_source
              FROM metric_snapshots
              WHERE project_id = $3 AND deleted_at IS NULL AND (pending_batch IS NULL OR pending_batch IN (SELECT ib_vis.id FROM import_batches ib_vis WHERE ib_vis.project_id = $4 AND ib_vis.state = 'committed')) AND coalesce((metric = $5::text), false) AND coalesce((channel_kind = $6::text), false) AND true AND date BETWEEN $7::date AND $8::date
              ORDER BY channel, metric, date DESC, updated_at DESC) latest
        WHERE true
          AND (SELECT min(b.complete_as_of) FROM import_batches b
              WHERE b.project_id = $9 AND b.state = 'committed' AND b.complete_source = latest.data_source
                AND b.complete_as_of > latest.date AND b.complete_as_of <= $10::date) IS NOT NULL
        ORDER BY value DESC, label LIMIT $11;
--   $1 = 'm-sec'
--   $2 = '2021-06-30'
--   $3 = 'm-sec'
--   $4 = 'm-sec'
--   $5 = 'views'
--   $6 = 'youtube'
--   $7 = '2018-07-01'
--   $8 = '2021-06-30'
--   $9 = 'm-sec'
--   $10 = '2021-06-30'
--   $11 = 500

-- [24] drill-down social-followers
SELECT id, label, date, lead_partner, value, (SELECT min(b.complete_as_of) FROM import_batches b
              WHERE b.project_id = $1 AND b.state = 'committed' AND b.complete_source = latest.data_source
                AND b.complete_as_of > latest.date AND b.complete_as_of <= $2::date) AS superseded_on
        FROM (SELECT DISTINCT ON (channel, metric) id, channel || ' · ' || metric AS label, date, lead_partner, value,
                     channel, metric, channel_kind, channel_scope, data_source
              FROM metric_snapshots
              WHERE project_id = $3 AND deleted_at IS NULL AND (pending_batch IS NULL OR pending_batch IN (SELECT ib_vis.id FROM import_batches ib_vis WHERE ib_vis.project_id = $4 AND ib_vis.state = 'committed')) AND coalesce((metric = $5::text), false) AND coalesce((channel_scope = $6::text), false) AND true AND date BETWEEN $7::date AND $8::date
              ORDER BY channel, metric, date DESC, updated_at DESC) latest
        WHERE true
          AND (SELECT min(b.complete_as_of) FROM import_batches b
              WHERE b.project_id = $9 AND b.state = 'committed' AND b.complete_source = latest.data_source
                AND b.complete_as_of > latest.date AND b.complete_as_of <= $10::date) IS NULL
        ORDER BY value DESC, label LIMIT $11;
--   $1 = 'm-sec'
--   $2 = '2021-06-30'
--   $3 = 'm-sec'
--   $4 = 'm-sec'
--   $5 = 'followers'
--   $6 = 'project'
--   $7 = '2018-07-01'
--   $8 = '2021-06-30'
--   $9 = 'm-sec'
--   $10 = '2021-06-30'
--   $11 = 500

-- [25] drill-down social-followers, left out by a complete export
SELECT id, label, date, lead_partner, value, (SELECT min(b.complete_as_of) FROM import_batches b
              WHERE b.project_id = $1 AND b.state = 'committed' AND b.complete_source = latest.data_source
                AND b.complete_as_of > latest.date AND b.complete_as_of <= $2::date) AS superseded_on
        FROM (SELECT DISTINCT ON (channel, metric) id, channel || ' · ' || metric AS label, date, lead_partner, value,
                     channel, metric, channel_kind, channel_scope, data_source
              FROM metric_snapshots
              WHERE project_id = $3 AND deleted_at IS NULL AND (pending_batch IS NULL OR pending_batch IN (SELECT ib_vis.id FROM import_batches ib_vis WHERE ib_vis.project_id = $4 AND ib_vis.state = 'committed')) AND coalesce((metric = $5::text), false) AND coalesce((channel_scope = $6::text), false) AND true AND date BETWEEN $7::date AND $8::date
              ORDER BY channel, metric, date DESC, updated_at DESC) latest
        WHERE true
          AND (SELECT min(b.complete_as_of) FROM import_batches b
              WHERE b.project_id = $9 AND b.state = 'committed' AND b.complete_source = latest.data_source
                AND b.complete_as_of > latest.date AND b.complete_as_of <= $10::date) IS NOT NULL
        ORDER BY value DESC, label LIMIT $11;
--   $1 = 'm-sec'
--   $2 = '2021-06-30'
--   $3 = 'm-sec'
--   $4 = 'm-sec'
--   $5 = 'followers'
--   $6 = 'project'
--   $7 = '2018-07-01'
--   $8 = '2021-06-30'
--   $9 = 'm-sec'
--   $10 = '2021-06-30'
--   $11 = 500

-- [26] drill-down deliverables-downloaded
SELECT id, label, date, lead_partner, value, (SELECT min(b.complete_as_of) FROM import_batches b
              WHERE b.project_id = $1 AND b.state = 'committed' AND b.complete_source = latest.data_source
                AND b.complete_as_of > latest.date AND b.complete_as_of <= $2::date) AS superseded_on
        FROM (SELECT DISTINCT ON (channel, metric) id, channel || ' · ' || metric AS label, date, lead_partner, value,
                     channel, metric, channel_kind, channel_scope, data_source
              FROM metric_snapshots
              WHERE project_id = $3 AND deleted_at IS NULL AND (pending_batch IS NULL OR pending_batch IN (SELECT ib_vis.id FROM import_batches ib_vis WHERE ib_vis.project_id = $4 AND ib_vis.state = 'committed')) AND coalesce((metric = $5::text), false) AND coalesce((channel_kind IN ($6::text, $7::text)), false) AND true AND date BETWEEN $8::date AND $9::date
              ORDER BY channel, metric, date DESC, updated_at DESC) latest
        WHERE true
          AND (SELECT min(b.complete_as_of) FROM import_batches b
              WHERE b.project_id = $10 AND b.state = 'committed' AND b.complete_source = latest.data_source
                AND b.complete_as_of > latest.date AND b.complete_as_of <= $11::date) IS NULL
        ORDER BY value DESC, label LIMIT $12;
--   $1 = 'm-sec'
--   $2 = '2021-06-30'
--   $3 = 'm-sec'
--   $4 = 'm-sec'
--   $5 = 'downloads'
--   $6 = 'website'
--   $7 = 'repository'
--   $8 = '2018-07-01'
--   $9 = '2021-06-30'
--   $10 = 'm-sec'
--   $11 = '2021-06-30'
--   $12 = 500

-- [27] drill-down deliverables-downloaded, left out by a complete export
SELECT id, label, date, lead_partner, value, (SELECT min(b.complete_as_of) FROM import_batches b
              WHERE b.project_id = $1 AND b.state = 'committed' AND b.complete_source = latest.data_source
                AND b.complete_as_of > latest.date AND b.complete_as_of <= $2::date) AS superseded_on
        FROM (SELECT DISTINCT ON (channel, metric) id, channel || ' · ' || metric AS label, date, lead_partner, value,
                     channel, metric, channel_kind, channel_scope, data_source
              FROM metric_snapshots
              WHERE project_id = $3 AND deleted_at IS NULL AND (pending_batch IS NULL OR pending_batch IN (SELECT ib_vis.id FROM import_batches ib_vis WHERE ib_vis.project_id = $4 AND ib_vis.state = 'committed')) AND coalesce((metric = $5::text), false) AND coalesce((channel_kind IN ($6::text, $7::text)), false) AND true AND date BETWEEN $8::date AND $9::date
              ORDER BY channel, metric, date DESC, updated_at DESC) latest
        WHERE true
          AND (SELECT min(b.complete_as_of) FROM import_batches b
              WHERE b.project_id = $10 AND b.state = 'committed' AND b.complete_source = latest.data_source
                AND b.complete_as_of > latest.date AND b.complete_as_of <= $11::date) IS NOT NULL
        ORDER BY value DESC, label LIMIT $12;
--   $1 = 'm-sec'
--   $2 = '2021-06-30'
--   $3 = 'm-sec'
--   $4 = 'm-sec'
--   $5 = 'downloads'
--   $6 = 'website'
--   $7 = 'repository'
--   $8 = '2018-07-01'
--   $9 = '2021-06-30'
--   $10 = 'm-sec'
--   $11 = '2021-06-30'
--   $12 = 500

-- [28] drill-down exhibition-booths
SELECT id, name AS label, start_date AS date, start_date AS recorded,
               'day'::text AS precision, lead_partner, null AS value
        FROM events
        WHERE project_id = $1 AND deleted_at IS NULL AND (pending_batch IS NULL OR pending_batch IN (SELECT ib_vis.id FROM import_batches ib_vis WHERE ib_vis.project_id = $2 AND ib_vis.state = 'committed')) AND coalesce(($3::text = ANY(roles)), false) AND coalesce((status = $4::text), false) AND true AND start_date BETWEEN $5::date AND $6::date
        ORDER BY start_date DESC, id LIMIT $7;
--   $1 = 'm-sec'
--   $2 = 'm-sec'
--   $3 = 'booth'
--   $4 = 'attended'
--   $5 = '2018-07-01'
--   $6 = '2021-06-30'
--   $7 = 500

-- [29] drill-down conference-publications
SELECT id, title AS label, (CASE WHEN date_precision <> 'day' AND coalesce(date, make_date(year, 1, 1)) < $1::date
                    AND coalesce(date, make_date(year, 1, 1)) + CASE date_precision WHEN 'year' THEN interval '1 year' ELSE interval '1 month' END > $2::date
               THEN $3::date ELSE coalesce(date, make_date(year, 1, 1)) END) AS date, coalesce(date,
                 make_date(year, 1, 1)) AS recorded,
               date_precision AS precision, lead_partner, null AS value
        FROM publications
        WHERE project_id = $4 AND deleted_at IS NULL AND (pending_batch IS NULL OR pending_batch IN (SELECT ib_vis.id FROM import_batches ib_vis WHERE ib_vis.project_id = $5 AND ib_vis.state = 'committed')) AND coalesce((type = $6::text), false) AND true AND (CASE WHEN date_precision <> 'day' AND coalesce(date, make_date(year, 1, 1)) < $7::date
                    AND coalesce(date, make_date(year, 1, 1)) + CASE date_precision WHEN 'year' THEN interval '1 year' ELSE interval '1 month' END > $8::date
               THEN $9::date ELSE coalesce(date, make_date(year, 1, 1)) END) BETWEEN $10::date AND $11::date
        ORDER BY (CASE WHEN date_precision <> 'day' AND coalesce(date, make_date(year, 1, 1)) < $12::date
                    AND coalesce(date, make_date(year, 1, 1)) + CASE date_precision WHEN 'year' THEN interval '1 year' ELSE interval '1 month' END > $13::date
               THEN $14::date ELSE coalesce(date, make_date(year, 1, 1)) END) DESC, id LIMIT $15;
--   $1 = '2018-07-01'
--   $2 = '2018-07-01'
--   $3 = '2018-07-01'
--   $4 = 'm-sec'
--   $5 = 'm-sec'
--   $6 = 'conference_paper'
--   $7 = '2018-07-01'
--   $8 = '2018-07-01'
--   $9 = '2018-07-01'
--   $10 = '2018-07-01'
--   $11 = '2021-06-30'
--   $12 = '2018-07-01'
--   $13 = '2018-07-01'
--   $14 = '2018-07-01'
--   $15 = 500

-- [30] drill-down conference-publications/joint-eu-jp
SELECT id, title AS label, (CASE WHEN date_precision <> 'day' AND coalesce(date, make_date(year, 1, 1)) < $1::date
                    AND coalesce(date, make_date(year, 1, 1)) + CASE date_precision WHEN 'year' THEN interval '1 year' ELSE interval '1 month' END > $2::date
               THEN $3::date ELSE coalesce(date, make_date(year, 1, 1)) END) AS date, coalesce(date,
                 make_date(year, 1, 1)) AS recorded,
               date_precision AS precision, lead_partner, null AS value
        FROM publications
        WHERE project_id = $4 AND deleted_at IS NULL AND (pending_batch IS NULL OR pending_batch IN (SELECT ib_vis.id FROM import_batches ib_vis WHERE ib_vis.project_id = $5 AND ib_vis.state = 'committed')) AND coalesce((type = $6::text), false) AND coalesce((joint_eu_jp = $7::boolean), false) AND (CASE WHEN date_precision <> 'day' AND coalesce(date, make_date(year, 1, 1)) < $8::date
                    AND coalesce(date, make_date(year, 1, 1)) + CASE date_precision WHEN 'year' THEN interval '1 year' ELSE interval '1 month' END > $9::date
               THEN $10::date ELSE coalesce(date, make_date(year, 1, 1)) END) BETWEEN $11::date AND $12::date
        ORDER BY (CASE WHEN date_precision <> 'day' AND coalesce(date, make_date(year, 1, 1)) < $13::date
                    AND coalesce(date, make_date(year, 1, 1)) + CASE date_precision WHEN 'year' THEN interval '1 year' ELSE interval '1 month' END > $14::date
               THEN $15::date ELSE coalesce(date, make_date(year, 1, 1)) END) DESC, id LIMIT $16;
--   $1 = '2018-07-01'
--   $2 = '2018-07-01'
--   $3 = '2018-07-01'
--   $4 = 'm-sec'
--   $5 = 'm-sec'
--   $6 = 'conference_paper'
--   $7 = true
--   $8 = '2018-07-01'
--   $9 = '2018-07-01'
--   $10 = '2018-07-01'
--   $11 = '2018-07-01'
--   $12 = '2021-06-30'
--   $13 = '2018-07-01'
--   $14 = '2018-07-01'
--   $15 = '2018-07-01'
--   $16 = 500

-- [31] drill-down journal-publications
SELECT id, title AS label, (CASE WHEN date_precision <> 'day' AND coalesce(date, make_date(year, 1, 1)) < $1::date
                    AND coalesce(date, make_date(year, 1, 1)) + CASE date_precision WHEN 'year' THEN interval '1 year' ELSE interval '1 month' END > $2::date
               THEN $3::date ELSE coalesce(date, make_date(year, 1, 1)) END) AS date, coalesce(date,
                 make_date(year, 1, 1)) AS recorded,
               date_precision AS precision, lead_partner, null AS value
        FROM publications
        WHERE project_id = $4 AND deleted_at IS NULL AND (pending_batch IS NULL OR pending_batch IN (SELECT ib_vis.id FROM import_batches ib_vis WHERE ib_vis.project_id = $5 AND ib_vis.state = 'committed')) AND coalesce((type = $6::text), false) AND true AND (CASE WHEN date_precision <> 'day' AND coalesce(date, make_date(year, 1, 1)) < $7::date
                    AND coalesce(date, make_date(year, 1, 1)) + CASE date_precision WHEN 'year' THEN interval '1 year' ELSE interval '1 month' END > $8::date
               THEN $9::date ELSE coalesce(date, make_date(year, 1, 1)) END) BETWEEN $10::date AND $11::date
        ORDER BY (CASE WHEN date_precision <> 'day' AND coalesce(date, make_date(year, 1, 1)) < $12::date
                    AND coalesce(date, make_date(year, 1, 1)) + CASE date_precision WHEN 'year' THEN interval '1 year' ELSE interval '1 month' END > $13::date
               THEN $14::date ELSE coalesce(date, make_date(year, 1, 1)) END) DESC, id LIMIT $15;
--   $1 = '2018-07-01'
--   $2 = '2018-07-01'
--   $3 = '2018-07-01'
--   $4 = 'm-sec'
--   $5 = 'm-sec'
--   $6 = 'journal_article'
--   $7 = '2018-07-01'
--   $8 = '2018-07-01'
--   $9 = '2018-07-01'
--   $10 = '2018-07-01'
--   $11 = '2021-06-30'
--   $12 = '2018-07-01'
--   $13 = '2018-07-01'
--   $14 = '2018-07-01'
--   $15 = 500

-- [32] drill-down international-workshops
SELECT id, name AS label, start_date AS date, start_date AS recorded,
               'day'::text AS precision, lead_partner, null AS value
        FROM events
        WHERE project_id = $1 AND deleted_at IS NULL AND (pending_batch IS NULL OR pending_batch IN (SELECT ib_vis.id FROM import_batches ib_vis WHERE ib_vis.project_id = $2 AND ib_vis.state = 'committed')) AND coalesce((kind = $3::text), false) AND coalesce((roles && ARRAY[$4::text, $5::text]::text[]), false) AND coalesce((international = $6::boolean), false) AND coalesce((status = $7::text), false) AND true AND start_date BETWEEN $8::date AND $9::date
        ORDER BY start_date DESC, id LIMIT $10;
--   $1 = 'm-sec'
--   $2 = 'm-sec'
--   $3 = 'workshop'
--   $4 = 'organiser'
--   $5 = 'co_organiser'
--   $6 = true
--   $7 = 'attended'
--   $8 = '2018-07-01'
--   $9 = '2021-06-30'
--   $10 = 500

-- [33] drill-down standardisation-groups
SELECT id, initiative AS label, date AS date, date AS recorded,
               'day'::text AS precision, lead_partner, null AS value
        FROM synergies
        WHERE project_id = $1 AND deleted_at IS NULL AND (pending_batch IS NULL OR pending_batch IN (SELECT ib_vis.id FROM import_batches ib_vis WHERE ib_vis.project_id = $2 AND ib_vis.state = 'committed')) AND coalesce((kind = $3::text), false) AND true AND date BETWEEN $4::date AND $5::date
        ORDER BY date DESC, id LIMIT $6;
--   $1 = 'm-sec'
--   $2 = 'm-sec'
--   $3 = 'standardisation'
--   $4 = '2018-07-01'
--   $5 = '2021-06-30'
--   $6 = 500

-- [34] drill-down consultations
SELECT id, initiative AS label, date AS date, date AS recorded,
               'day'::text AS precision, lead_partner, null AS value
        FROM synergies
        WHERE project_id = $1 AND deleted_at IS NULL AND (pending_batch IS NULL OR pending_batch IN (SELECT ib_vis.id FROM import_batches ib_vis WHERE ib_vis.project_id = $2 AND ib_vis.state = 'committed')) AND coalesce((kind = $3::text), false) AND true AND date BETWEEN $4::date AND $5::date
        ORDER BY date DESC, id LIMIT $6;
--   $1 = 'm-sec'
--   $2 = 'm-sec'
--   $3 = 'consultation'
--   $4 = '2018-07-01'
--   $5 = '2021-06-30'
--   $6 = 500

-- [35] drill-down training-community-events
SELECT id, name AS label, start_date AS date, start_date AS recorded,
               'day'::text AS precision, lead_partner, null AS value
        FROM events
        WHERE project_id = $1 AND deleted_at IS NULL AND (pending_batch IS NULL OR pending_batch IN (SELECT ib_vis.id FROM import_batches ib_vis WHERE ib_vis.project_id = $2 AND ib_vis.state = 'committed')) AND coalesce((kind IN ($3::text, $4::text, $5::text, $6::text, $7::text)), false) AND coalesce((roles && ARRAY[$8::text, $9::text]::text[]), false) AND coalesce((status = $10::text), false) AND true AND start_date BETWEEN $11::date AND $12::date
        ORDER BY start_date DESC, id LIMIT $13;
--   $1 = 'm-sec'
--   $2 = 'm-sec'
--   $3 = 'training'
--   $4 = 'webinar'
--   $5 = 'workshop'
--   $6 = 'hackathon'
--   $7 = 'community'
--   $8 = 'organiser'
--   $9 = 'co_organiser'
--   $10 = 'attended'
--   $11 = '2018-07-01'
--   $12 = '2021-06-30'
--   $13 = 500

-- [36] drill-down training-community-events/sized-20-50
SELECT id, name AS label, start_date AS date, start_date AS recorded,
               'day'::text AS precision, lead_partner, null AS value
        FROM events
        WHERE project_id = $1 AND deleted_at IS NULL AND (pending_batch IS NULL OR pending_batch IN (SELECT ib_vis.id FROM import_batches ib_vis WHERE ib_vis.project_id = $2 AND ib_vis.state = 'committed')) AND coalesce((kind IN ($3::text, $4::text, $5::text, $6::text, $7::text)), false) AND coalesce((roles && ARRAY[$8::text, $9::text]::text[]), false) AND coalesce((status = $10::text), false) AND coalesce((participants BETWEEN $11::double precision AND $12::double precision), false) AND start_date BETWEEN $13::date AND $14::date
        ORDER BY start_date DESC, id LIMIT $15;
--   $1 = 'm-sec'
--   $2 = 'm-sec'
--   $3 = 'training'
--   $4 = 'webinar'
--   $5 = 'workshop'
--   $6 = 'hackathon'
--   $7 = 'community'
--   $8 = 'organiser'
--   $9 = 'co_organiser'
--   $10 = 'attended'
--   $11 = 20
--   $12 = 50
--   $13 = '2018-07-01'
--   $14 = '2021-06-30'
--   $15 = 500

-- [37] drill-down online-contest
SELECT id, name AS label, start_date AS date, start_date AS recorded,
               'day'::text AS precision, lead_partner, null AS value
        FROM events
        WHERE project_id = $1 AND deleted_at IS NULL AND (pending_batch IS NULL OR pending_batch IN (SELECT ib_vis.id FROM import_batches ib_vis WHERE ib_vis.project_id = $2 AND ib_vis.state = 'committed')) AND coalesce((kind = $3::text), false) AND coalesce((status = $4::text), false) AND true AND start_date BETWEEN $5::date AND $6::date
        ORDER BY start_date DESC, id LIMIT $7;
--   $1 = 'm-sec'
--   $2 = 'm-sec'
--   $3 = 'contest'
--   $4 = 'attended'
--   $5 = '2018-07-01'
--   $6 = '2021-06-30'
--   $7 = 500

-- [38] drill-down online-contest/more-than-20-participants
SELECT id, name AS label, start_date AS date, start_date AS recorded,
               'day'::text AS precision, lead_partner, null AS value
        FROM events
        WHERE project_id = $1 AND deleted_at IS NULL AND (pending_batch IS NULL OR pending_batch IN (SELECT ib_vis.id FROM import_batches ib_vis WHERE ib_vis.project_id = $2 AND ib_vis.state = 'committed')) AND coalesce((kind = $3::text), false) AND coalesce((status = $4::text), false) AND coalesce((participants > $5::double precision), false) AND start_date BETWEEN $6::date AND $7::date
        ORDER BY start_date DESC, id LIMIT $8;
--   $1 = 'm-sec'
--   $2 = 'm-sec'
--   $3 = 'contest'
--   $4 = 'attended'
--   $5 = 20
--   $6 = '2018-07-01'
--   $7 = '2021-06-30'
--   $8 = 500

-- [39] drill-down e-consultation-citizens
SELECT id, name AS label, start_date AS date, start_date AS recorded,
               'day'::text AS precision, lead_partner, null AS value
        FROM events
        WHERE project_id = $1 AND deleted_at IS NULL AND (pending_batch IS NULL OR pending_batch IN (SELECT ib_vis.id FROM import_batches ib_vis WHERE ib_vis.project_id = $2 AND ib_vis.state = 'committed')) AND coalesce((kind = $3::text), false) AND true AND start_date BETWEEN $4::date AND $5::date
        ORDER BY start_date DESC, id LIMIT $6;
--   $1 = 'm-sec'
--   $2 = 'm-sec'
--   $3 = 'e_consultation'
--   $4 = '2018-07-01'
--   $5 = '2021-06-30'
--   $6 = 500

-- [40] drill-down use-case-replication
SELECT id, initiative AS label, date AS date, date AS recorded,
               'day'::text AS precision, lead_partner, null AS value
        FROM synergies
        WHERE project_id = $1 AND deleted_at IS NULL AND (pending_batch IS NULL OR pending_batch IN (SELECT ib_vis.id FROM import_batches ib_vis WHERE ib_vis.project_id = $2 AND ib_vis.state = 'committed')) AND coalesce((kind = $3::text), false) AND true AND date BETWEEN $4::date AND $5::date
        ORDER BY date DESC, id LIMIT $6;
--   $1 = 'm-sec'
--   $2 = 'm-sec'
--   $3 = 'replication'
--   $4 = '2018-07-01'
--   $5 = '2021-06-30'
--   $6 = 500

-- [41] drill-down concertation
SELECT id, name AS label, start_date AS date, start_date AS recorded,
               'day'::text AS precision, lead_partner, null AS value
        FROM events
        WHERE project_id = $1 AND deleted_at IS NULL AND (pending_batch IS NULL OR pending_batch IN (SELECT ib_vis.id FROM import_batches ib_vis WHERE ib_vis.project_id = $2 AND ib_vis.state = 'committed')) AND coalesce((kind = $3::text), false) AND coalesce((status = $4::text), false) AND true AND start_date BETWEEN $5::date AND $6::date
        ORDER BY start_date DESC, id LIMIT $7;
--   $1 = 'm-sec'
--   $2 = 'm-sec'
--   $3 = 'concertation'
--   $4 = 'attended'
--   $5 = '2018-07-01'
--   $6 = '2021-06-30'
--   $7 = 500

-- [42] drill-down joint-eu-japan-events
SELECT id, name AS label, start_date AS date, start_date AS recorded,
               'day'::text AS precision, lead_partner, null AS value
        FROM events
        WHERE project_id = $1 AND deleted_at IS NULL AND (pending_batch IS NULL OR pending_batch IN (SELECT ib_vis.id FROM import_batches ib_vis WHERE ib_vis.project_id = $2 AND ib_vis.state = 'committed')) AND coalesce((joint_with_other_projects = $3::boolean), false) AND coalesce((status = $4::text), false) AND true AND start_date BETWEEN $5::date AND $6::date
        ORDER BY start_date DESC, id LIMIT $7;
--   $1 = 'm-sec'
--   $2 = 'm-sec'
--   $3 = true
--   $4 = 'attended'
--   $5 = '2018-07-01'
--   $6 = '2021-06-30'
--   $7 = 500

-- [43] drill-down government-invitations
SELECT id, evidence AS label, date, lead_partner, value FROM kpi_manual_values
          WHERE project_id = $1 AND deleted_at IS NULL AND (pending_batch IS NULL OR pending_batch IN (SELECT ib_vis.id FROM import_batches ib_vis WHERE ib_vis.project_id = $2 AND ib_vis.state = 'committed')) AND kpi_code = $3 AND date <= $4::date
          ORDER BY date DESC, created_at DESC LIMIT $5;
--   $1 = 'm-sec'
--   $2 = 'm-sec'
--   $3 = 'government-invitations'
--   $4 = '2021-06-30'
--   $5 = 500
