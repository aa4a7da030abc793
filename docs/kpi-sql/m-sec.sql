-- The SQL the KPI engine (src/kpi) compiles for plans/m-sec.yaml (project id 'm-sec'),
-- as of the project's last day. Written by `npm run kpi:sql`: do not edit; review its diff.
-- 43 queries. Bound parameters are $1, $2, …; their values follow each query.

-- [1] figures
WITH snap AS MATERIALIZED (SELECT channel, metric, date, updated_at, value, data_source, coalesce((metric = $1::text), false) AND coalesce((channel_kind = $2::text), false) AND true AND date BETWEEN $3::date AND $4::date AS s2, coalesce((metric = $5::text), false) AND coalesce((channel_scope = $6::text), false) AND true AND date BETWEEN $7::date AND $8::date AS s3, coalesce((metric = $9::text), false) AND coalesce((channel_kind IN ($10::text, $11::text)), false) AND true AND date BETWEEN $12::date AND $13::date AS s4
                                       FROM metric_snapshots
                                       WHERE project_id = $14 AND deleted_at IS NULL AND (pending_batch IS NULL OR pending_batch IN (SELECT ib_vis.id FROM import_batches ib_vis WHERE ib_vis.state = 'committed'))) SELECT * FROM (VALUES (1)) one (x) CROSS JOIN (SELECT count(*) FILTER (WHERE coalesce((kind IN ($15::text, $16::text)), false) AND coalesce((status = $17::text), false) AND true AND start_date BETWEEN $18::date AND $19::date) AS v0,
                                         count(*) FILTER (WHERE coalesce((kind = $20::text), false) AND coalesce((status = $21::text), false) AND true AND start_date BETWEEN $22::date AND $23::date) AS v1
                                       FROM activities
                                       WHERE project_id = $24 AND deleted_at IS NULL AND (pending_batch IS NULL OR pending_batch IN (SELECT ib_vis.id FROM import_batches ib_vis WHERE ib_vis.state = 'committed'))) t_activity CROSS JOIN (SELECT count(*) FILTER (WHERE coalesce(($25::text = ANY(roles)), false) AND coalesce((status = $26::text), false) AND true AND start_date BETWEEN $27::date AND $28::date) AS v5,
                                         count(*) FILTER (WHERE coalesce((kind = $29::text), false) AND coalesce((roles && ARRAY[$30::text, $31::text]::text[]), false) AND coalesce((international = $32::boolean), false) AND coalesce((status = $33::text), false) AND true AND start_date BETWEEN $34::date AND $35::date) AS v8,
                                         count(*) FILTER (WHERE coalesce((kind IN ($36::text, $37::text, $38::text, $39::text, $40::text)), false) AND coalesce((roles && ARRAY[$41::text, $42::text]::text[]), false) AND coalesce((status = $43::text), false) AND true AND start_date BETWEEN $44::date AND $45::date) AS v11,
                                         count(*) FILTER (WHERE coalesce((kind IN ($46::text, $47::text, $48::text, $49::text, $50::text)), false) AND coalesce((roles && ARRAY[$51::text, $52::text]::text[]), false) AND coalesce((status = $53::text), false) AND coalesce((participants BETWEEN $54::double precision AND $55::double precision), false) AND start_date BETWEEN $56::date AND $57::date) AS v11_0,
                                         count(*) FILTER (WHERE coalesce((kind = $58::text), false) AND coalesce((status = $59::text), false) AND true AND start_date BETWEEN $60::date AND $61::date) AS v12,
                                         count(*) FILTER (WHERE coalesce((kind = $62::text), false) AND coalesce((status = $63::text), false) AND coalesce((participants > $64::double precision), false) AND start_date BETWEEN $65::date AND $66::date) AS v12_0,
                                         coalesce(sum(participants) FILTER (WHERE coalesce((kind = $67::text), false) AND true AND start_date BETWEEN $68::date AND $69::date), 0)::double precision AS v13,
                                         count(*) FILTER (WHERE coalesce((kind = $70::text), false) AND coalesce((status = $71::text), false) AND true AND start_date BETWEEN $72::date AND $73::date) AS v15,
                                         count(*) FILTER (WHERE coalesce((joint_with_other_projects = $74::boolean), false) AND coalesce((status = $75::text), false) AND true AND start_date BETWEEN $76::date AND $77::date) AS v16
                                       FROM events
                                       WHERE project_id = $78 AND deleted_at IS NULL AND (pending_batch IS NULL OR pending_batch IN (SELECT ib_vis.id FROM import_batches ib_vis WHERE ib_vis.state = 'committed'))) t_event CROSS JOIN (SELECT count(*) FILTER (WHERE coalesce((type = $79::text), false) AND true AND (CASE WHEN date_precision <> 'day' AND coalesce(date, make_date(year, 1, 1)) < $80::date
                    AND coalesce(date, make_date(year, 1, 1)) + CASE date_precision WHEN 'year' THEN interval '1 year' ELSE interval '1 month' END > $81::date
               THEN $82::date ELSE coalesce(date, make_date(year, 1, 1)) END) BETWEEN $83::date AND $84::date) AS v6, count(*) FILTER (WHERE coalesce((type = $85::text),
                 false) AND coalesce((joint_eu_jp = $86::boolean),
                 false) AND (CASE WHEN date_precision <> 'day' AND coalesce(date, make_date(year, 1, 1)) < $87::date
                    AND coalesce(date, make_date(year, 1, 1)) + CASE date_precision WHEN 'year' THEN interval '1 year' ELSE interval '1 month' END > $88::date
               THEN $89::date ELSE coalesce(date, make_date(year, 1, 1)) END) BETWEEN $90::date AND $91::date) AS v6_0, count(*) FILTER (WHERE coalesce((type = $92::text),
                 false) AND true AND (CASE WHEN date_precision <> 'day' AND coalesce(date, make_date(year, 1, 1)) < $93::date
                    AND coalesce(date, make_date(year, 1, 1)) + CASE date_precision WHEN 'year' THEN interval '1 year' ELSE interval '1 month' END > $94::date
               THEN $95::date ELSE coalesce(date, make_date(year, 1, 1)) END) BETWEEN $96::date AND $97::date) AS v7 FROM publications WHERE project_id = $98 AND deleted_at IS NULL AND (pending_batch IS NULL OR pending_batch IN (SELECT ib_vis.id
               FROM import_batches ib_vis
               WHERE ib_vis.state = 'committed'))) t_publication CROSS JOIN (SELECT count(DISTINCT initiative) FILTER (WHERE coalesce((kind = $99::text),
                 false) AND true AND date BETWEEN $100::date AND $101::date) AS v9, count(*) FILTER (WHERE coalesce((kind = $102::text),
                 false) AND true AND date BETWEEN $103::date AND $104::date) AS v10, count(DISTINCT initiative) FILTER (WHERE coalesce((kind = $105::text),
                 false) AND true AND date BETWEEN $106::date AND $107::date) AS v14 FROM synergies WHERE project_id = $108 AND deleted_at IS NULL AND (pending_batch IS NULL OR pending_batch IN (SELECT ib_vis.id
               FROM import_batches ib_vis
               WHERE ib_vis.state = 'committed'))) t_synergy CROSS JOIN (SELECT coalesce(sum(value), 0)::double precision AS v2
                        FROM (SELECT DISTINCT ON (channel, metric) * FROM snap WHERE s2
                              ORDER BY channel, metric, date DESC, updated_at DESC) latest
                        WHERE NOT EXISTS (SELECT 1 FROM import_batches b
                     WHERE b.project_id = $109 AND b.state = 'committed' AND b.complete_source = latest.data_source
                       AND b.complete_as_of > latest.date AND b.complete_as_of <= $110::date)) t_2 CROSS JOIN (SELECT coalesce(sum(value),
                         0)::double precision AS v3
                        FROM (SELECT DISTINCT ON (channel, metric) * FROM snap WHERE s3
                              ORDER BY channel, metric, date DESC, updated_at DESC) latest
                        WHERE NOT EXISTS (SELECT 1 FROM import_batches b
                     WHERE b.project_id = $111 AND b.state = 'committed' AND b.complete_source = latest.data_source
                       AND b.complete_as_of > latest.date AND b.complete_as_of <= $112::date)) t_3 CROSS JOIN (SELECT coalesce(sum(value),
                         0)::double precision AS v4
                        FROM (SELECT DISTINCT ON (channel, metric) * FROM snap WHERE s4
                              ORDER BY channel, metric, date DESC, updated_at DESC) latest
                        WHERE NOT EXISTS (SELECT 1 FROM import_batches b
                     WHERE b.project_id = $113 AND b.state = 'committed' AND b.complete_source = latest.data_source
                       AND b.complete_as_of > latest.date AND b.complete_as_of <= $114::date)) t_4 LEFT JOIN (SELECT value AS v17, true AS h17 FROM kpi_manual_values
                       WHERE project_id = $115 AND deleted_at IS NULL AND (pending_batch IS NULL OR pending_batch IN (SELECT ib_vis.id FROM import_batches ib_vis WHERE ib_vis.state = 'committed')) AND kpi_code = $116 AND date <= $117::date
                       ORDER BY date DESC, created_at DESC LIMIT 1) t_17 ON true;
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
--   $15 = 'article'
--   $16 = 'press_release'
--   $17 = 'Delivered'
--   $18 = '2018-07-01'
--   $19 = '2021-06-30'
--   $20 = 'newsletter'
--   $21 = 'Delivered'
--   $22 = '2018-07-01'
--   $23 = '2021-06-30'
--   $24 = 'm-sec'
--   $25 = 'booth'
--   $26 = 'attended'
--   $27 = '2018-07-01'
--   $28 = '2021-06-30'
--   $29 = 'workshop'
--   $30 = 'organiser'
--   $31 = 'co_organiser'
--   $32 = true
--   $33 = 'attended'
--   $34 = '2018-07-01'
--   $35 = '2021-06-30'
--   $36 = 'training'
--   $37 = 'webinar'
--   $38 = 'workshop'
--   $39 = 'hackathon'
--   $40 = 'community'
--   $41 = 'organiser'
--   $42 = 'co_organiser'
--   $43 = 'attended'
--   $44 = '2018-07-01'
--   $45 = '2021-06-30'
--   $46 = 'training'
--   $47 = 'webinar'
--   $48 = 'workshop'
--   $49 = 'hackathon'
--   $50 = 'community'
--   $51 = 'organiser'
--   $52 = 'co_organiser'
--   $53 = 'attended'
--   $54 = 20
--   $55 = 50
--   $56 = '2018-07-01'
--   $57 = '2021-06-30'
--   $58 = 'contest'
--   $59 = 'attended'
--   $60 = '2018-07-01'
--   $61 = '2021-06-30'
--   $62 = 'contest'
--   $63 = 'attended'
--   $64 = 20
--   $65 = '2018-07-01'
--   $66 = '2021-06-30'
--   $67 = 'e_consultation'
--   $68 = '2018-07-01'
--   $69 = '2021-06-30'
--   $70 = 'concertation'
--   $71 = 'attended'
--   $72 = '2018-07-01'
--   $73 = '2021-06-30'
--   $74 = true
--   $75 = 'attended'
--   $76 = '2018-07-01'
--   $77 = '2021-06-30'
--   $78 = 'm-sec'
--   $79 = 'conference_paper'
--   $80 = '2018-07-01'
--   $81 = '2018-07-01'
--   $82 = '2018-07-01'
--   $83 = '2018-07-01'
--   $84 = '2021-06-30'
--   $85 = 'conference_paper'
--   $86 = true
--   $87 = '2018-07-01'
--   $88 = '2018-07-01'
--   $89 = '2018-07-01'
--   $90 = '2018-07-01'
--   $91 = '2021-06-30'
--   $92 = 'journal_article'
--   $93 = '2018-07-01'
--   $94 = '2018-07-01'
--   $95 = '2018-07-01'
--   $96 = '2018-07-01'
--   $97 = '2021-06-30'
--   $98 = 'm-sec'
--   $99 = 'standardisation'
--   $100 = '2018-07-01'
--   $101 = '2021-06-30'
--   $102 = 'consultation'
--   $103 = '2018-07-01'
--   $104 = '2021-06-30'
--   $105 = 'replication'
--   $106 = '2018-07-01'
--   $107 = '2021-06-30'
--   $108 = 'm-sec'
--   $109 = 'm-sec'
--   $110 = '2021-06-30'
--   $111 = 'm-sec'
--   $112 = '2021-06-30'
--   $113 = 'm-sec'
--   $114 = '2021-06-30'
--   $115 = 'm-sec'
--   $116 = 'government-invitations'
--   $117 = '2021-06-30'

-- [2] history non-scientific-publications
SELECT (extract(year from age(start_date, $1::date)) * 12 + extract(month from age(start_date, $2::date)))::int + 1 AS m,
  count(*) FILTER (WHERE coalesce((kind IN ($3::text, $4::text)), false) AND coalesce((status = $5::text), false) AND true AND start_date BETWEEN $6::date AND $7::date)::double precision AS v0
          FROM activities
          WHERE project_id = $8 AND deleted_at IS NULL AND (pending_batch IS NULL OR pending_batch IN (SELECT ib_vis.id FROM import_batches ib_vis WHERE ib_vis.state = 'committed')) AND start_date BETWEEN $9::date AND $10::date
          GROUP BY 1;
--   $1 = '2018-07-01'
--   $2 = '2018-07-01'
--   $3 = 'article'
--   $4 = 'press_release'
--   $5 = 'Delivered'
--   $6 = '2018-07-01'
--   $7 = '2021-06-30'
--   $8 = 'm-sec'
--   $9 = '2018-07-01'
--   $10 = '2021-06-30'

-- [3] history newsletters
SELECT (extract(year from age(start_date, $1::date)) * 12 + extract(month from age(start_date, $2::date)))::int + 1 AS m,
  count(*) FILTER (WHERE coalesce((kind = $3::text), false) AND coalesce((status = $4::text), false) AND true AND start_date BETWEEN $5::date AND $6::date)::double precision AS v0
          FROM activities
          WHERE project_id = $7 AND deleted_at IS NULL AND (pending_batch IS NULL OR pending_batch IN (SELECT ib_vis.id FROM import_batches ib_vis WHERE ib_vis.state = 'committed')) AND start_date BETWEEN $8::date AND $9::date
          GROUP BY 1;
--   $1 = '2018-07-01'
--   $2 = '2018-07-01'
--   $3 = 'newsletter'
--   $4 = 'Delivered'
--   $5 = '2018-07-01'
--   $6 = '2021-06-30'
--   $7 = 'm-sec'
--   $8 = '2018-07-01'
--   $9 = '2021-06-30'

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
                           WHERE project_id = $10 AND deleted_at IS NULL AND (pending_batch IS NULL OR pending_batch IN (SELECT ib_vis.id FROM import_batches ib_vis WHERE ib_vis.state = 'committed')) AND coalesce((metric = $11::text), false) AND coalesce((channel_kind = $12::text), false) AND true AND date BETWEEN $13::date AND $14::date) s
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
--   $11 = 'views'
--   $12 = 'youtube'
--   $13 = '2018-07-01'
--   $14 = '2021-06-30'

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
                           WHERE project_id = $10 AND deleted_at IS NULL AND (pending_batch IS NULL OR pending_batch IN (SELECT ib_vis.id FROM import_batches ib_vis WHERE ib_vis.state = 'committed')) AND coalesce((metric = $11::text), false) AND coalesce((channel_scope = $12::text), false) AND true AND date BETWEEN $13::date AND $14::date) s
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
--   $11 = 'followers'
--   $12 = 'project'
--   $13 = '2018-07-01'
--   $14 = '2021-06-30'

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
                           WHERE project_id = $10 AND deleted_at IS NULL AND (pending_batch IS NULL OR pending_batch IN (SELECT ib_vis.id FROM import_batches ib_vis WHERE ib_vis.state = 'committed')) AND coalesce((metric = $11::text), false) AND coalesce((channel_kind IN ($12::text, $13::text)), false) AND true AND date BETWEEN $14::date AND $15::date) s
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
--   $11 = 'downloads'
--   $12 = 'website'
--   $13 = 'repository'
--   $14 = '2018-07-01'
--   $15 = '2021-06-30'

-- [7] history exhibition-booths
SELECT (extract(year from age(start_date, $1::date)) * 12 + extract(month from age(start_date, $2::date)))::int + 1 AS m,
  count(*) FILTER (WHERE coalesce(($3::text = ANY(roles)), false) AND coalesce((status = $4::text), false) AND true AND start_date BETWEEN $5::date AND $6::date)::double precision AS v0
          FROM events
          WHERE project_id = $7 AND deleted_at IS NULL AND (pending_batch IS NULL OR pending_batch IN (SELECT ib_vis.id FROM import_batches ib_vis WHERE ib_vis.state = 'committed')) AND start_date BETWEEN $8::date AND $9::date
          GROUP BY 1;
--   $1 = '2018-07-01'
--   $2 = '2018-07-01'
--   $3 = 'booth'
--   $4 = 'attended'
--   $5 = '2018-07-01'
--   $6 = '2021-06-30'
--   $7 = 'm-sec'
--   $8 = '2018-07-01'
--   $9 = '2021-06-30'

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
          WHERE project_id = $22 AND deleted_at IS NULL AND (pending_batch IS NULL OR pending_batch IN (SELECT ib_vis.id FROM import_batches ib_vis WHERE ib_vis.state = 'committed')) AND (CASE WHEN date_precision <> 'day' AND coalesce(date, make_date(year, 1, 1)) < $23::date
                    AND coalesce(date, make_date(year, 1, 1)) + CASE date_precision WHEN 'year' THEN interval '1 year' ELSE interval '1 month' END > $24::date
               THEN $25::date ELSE coalesce(date, make_date(year, 1, 1)) END) BETWEEN $26::date AND $27::date GROUP BY 1;
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
--   $23 = '2018-07-01'
--   $24 = '2018-07-01'
--   $25 = '2018-07-01'
--   $26 = '2018-07-01'
--   $27 = '2021-06-30'

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
          WHERE project_id = $15 AND deleted_at IS NULL AND (pending_batch IS NULL OR pending_batch IN (SELECT ib_vis.id FROM import_batches ib_vis WHERE ib_vis.state = 'committed')) AND (CASE WHEN date_precision <> 'day' AND coalesce(date, make_date(year, 1, 1)) < $16::date
                    AND coalesce(date, make_date(year, 1, 1)) + CASE date_precision WHEN 'year' THEN interval '1 year' ELSE interval '1 month' END > $17::date
               THEN $18::date ELSE coalesce(date, make_date(year, 1, 1)) END) BETWEEN $19::date AND $20::date GROUP BY 1;
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
--   $16 = '2018-07-01'
--   $17 = '2018-07-01'
--   $18 = '2018-07-01'
--   $19 = '2018-07-01'
--   $20 = '2021-06-30'

-- [10] history international-workshops
SELECT (extract(year from age(start_date, $1::date)) * 12 + extract(month from age(start_date, $2::date)))::int + 1 AS m,
  count(*) FILTER (WHERE coalesce((kind = $3::text), false) AND coalesce((roles && ARRAY[$4::text, $5::text]::text[]), false) AND coalesce((international = $6::boolean), false) AND coalesce((status = $7::text), false) AND true AND start_date BETWEEN $8::date AND $9::date)::double precision AS v0
          FROM events
          WHERE project_id = $10 AND deleted_at IS NULL AND (pending_batch IS NULL OR pending_batch IN (SELECT ib_vis.id FROM import_batches ib_vis WHERE ib_vis.state = 'committed')) AND start_date BETWEEN $11::date AND $12::date
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
--   $11 = '2018-07-01'
--   $12 = '2021-06-30'

-- [11] history standardisation-groups
SELECT first AS m, count(*)::double precision AS v0 FROM (
            SELECT min((extract(year from age(date, $1::date)) * 12 + extract(month from age(date, $2::date)))::int + 1) AS first
            FROM synergies
            WHERE project_id = $3 AND deleted_at IS NULL AND (pending_batch IS NULL OR pending_batch IN (SELECT ib_vis.id FROM import_batches ib_vis WHERE ib_vis.state = 'committed')) AND coalesce((kind = $4::text), false) AND true AND date BETWEEN $5::date AND $6::date AND initiative IS NOT NULL
            GROUP BY initiative) firsts GROUP BY 1;
--   $1 = '2018-07-01'
--   $2 = '2018-07-01'
--   $3 = 'm-sec'
--   $4 = 'standardisation'
--   $5 = '2018-07-01'
--   $6 = '2021-06-30'

-- [12] history consultations
SELECT (extract(year from age(date, $1::date)) * 12 + extract(month from age(date, $2::date)))::int + 1 AS m,
  count(*) FILTER (WHERE coalesce((kind = $3::text), false) AND true AND date BETWEEN $4::date AND $5::date)::double precision AS v0
          FROM synergies
          WHERE project_id = $6 AND deleted_at IS NULL AND (pending_batch IS NULL OR pending_batch IN (SELECT ib_vis.id FROM import_batches ib_vis WHERE ib_vis.state = 'committed')) AND date BETWEEN $7::date AND $8::date
          GROUP BY 1;
--   $1 = '2018-07-01'
--   $2 = '2018-07-01'
--   $3 = 'consultation'
--   $4 = '2018-07-01'
--   $5 = '2021-06-30'
--   $6 = 'm-sec'
--   $7 = '2018-07-01'
--   $8 = '2021-06-30'

-- [13] history training-community-events
SELECT (extract(year from age(start_date, $1::date)) * 12 + extract(month from age(start_date, $2::date)))::int + 1 AS m,
  count(*) FILTER (WHERE coalesce((kind IN ($3::text, $4::text, $5::text, $6::text, $7::text)), false) AND coalesce((roles && ARRAY[$8::text, $9::text]::text[]), false) AND coalesce((status = $10::text), false) AND true AND start_date BETWEEN $11::date AND $12::date)::double precision AS v0,
  count(*) FILTER (WHERE coalesce((kind IN ($13::text, $14::text, $15::text, $16::text, $17::text)), false) AND coalesce((roles && ARRAY[$18::text, $19::text]::text[]), false) AND coalesce((status = $20::text), false) AND coalesce((participants BETWEEN $21::double precision AND $22::double precision), false) AND start_date BETWEEN $23::date AND $24::date)::double precision AS v1
          FROM events
          WHERE project_id = $25 AND deleted_at IS NULL AND (pending_batch IS NULL OR pending_batch IN (SELECT ib_vis.id FROM import_batches ib_vis WHERE ib_vis.state = 'committed')) AND start_date BETWEEN $26::date AND $27::date
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
--   $26 = '2018-07-01'
--   $27 = '2021-06-30'

-- [14] history online-contest
SELECT (extract(year from age(start_date, $1::date)) * 12 + extract(month from age(start_date, $2::date)))::int + 1 AS m,
  count(*) FILTER (WHERE coalesce((kind = $3::text), false) AND coalesce((status = $4::text), false) AND true AND start_date BETWEEN $5::date AND $6::date)::double precision AS v0,
  count(*) FILTER (WHERE coalesce((kind = $7::text), false) AND coalesce((status = $8::text), false) AND coalesce((participants > $9::double precision), false) AND start_date BETWEEN $10::date AND $11::date)::double precision AS v1
          FROM events
          WHERE project_id = $12 AND deleted_at IS NULL AND (pending_batch IS NULL OR pending_batch IN (SELECT ib_vis.id FROM import_batches ib_vis WHERE ib_vis.state = 'committed')) AND start_date BETWEEN $13::date AND $14::date
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
--   $13 = '2018-07-01'
--   $14 = '2021-06-30'

-- [15] history e-consultation-citizens
SELECT (extract(year from age(start_date, $1::date)) * 12 + extract(month from age(start_date, $2::date)))::int + 1 AS m,
  coalesce(sum(participants) FILTER (WHERE coalesce((kind = $3::text), false) AND true AND start_date BETWEEN $4::date AND $5::date), 0)::double precision AS v0
          FROM events
          WHERE project_id = $6 AND deleted_at IS NULL AND (pending_batch IS NULL OR pending_batch IN (SELECT ib_vis.id FROM import_batches ib_vis WHERE ib_vis.state = 'committed')) AND start_date BETWEEN $7::date AND $8::date
          GROUP BY 1;
--   $1 = '2018-07-01'
--   $2 = '2018-07-01'
--   $3 = 'e_consultation'
--   $4 = '2018-07-01'
--   $5 = '2021-06-30'
--   $6 = 'm-sec'
--   $7 = '2018-07-01'
--   $8 = '2021-06-30'

-- [16] history use-case-replication
SELECT first AS m, count(*)::double precision AS v0 FROM (
            SELECT min((extract(year from age(date, $1::date)) * 12 + extract(month from age(date, $2::date)))::int + 1) AS first
            FROM synergies
            WHERE project_id = $3 AND deleted_at IS NULL AND (pending_batch IS NULL OR pending_batch IN (SELECT ib_vis.id FROM import_batches ib_vis WHERE ib_vis.state = 'committed')) AND coalesce((kind = $4::text), false) AND true AND date BETWEEN $5::date AND $6::date AND initiative IS NOT NULL
            GROUP BY initiative) firsts GROUP BY 1;
--   $1 = '2018-07-01'
--   $2 = '2018-07-01'
--   $3 = 'm-sec'
--   $4 = 'replication'
--   $5 = '2018-07-01'
--   $6 = '2021-06-30'

-- [17] history concertation
SELECT (extract(year from age(start_date, $1::date)) * 12 + extract(month from age(start_date, $2::date)))::int + 1 AS m,
  count(*) FILTER (WHERE coalesce((kind = $3::text), false) AND coalesce((status = $4::text), false) AND true AND start_date BETWEEN $5::date AND $6::date)::double precision AS v0
          FROM events
          WHERE project_id = $7 AND deleted_at IS NULL AND (pending_batch IS NULL OR pending_batch IN (SELECT ib_vis.id FROM import_batches ib_vis WHERE ib_vis.state = 'committed')) AND start_date BETWEEN $8::date AND $9::date
          GROUP BY 1;
--   $1 = '2018-07-01'
--   $2 = '2018-07-01'
--   $3 = 'concertation'
--   $4 = 'attended'
--   $5 = '2018-07-01'
--   $6 = '2021-06-30'
--   $7 = 'm-sec'
--   $8 = '2018-07-01'
--   $9 = '2021-06-30'

-- [18] history joint-eu-japan-events
SELECT (extract(year from age(start_date, $1::date)) * 12 + extract(month from age(start_date, $2::date)))::int + 1 AS m,
  count(*) FILTER (WHERE coalesce((joint_with_other_projects = $3::boolean), false) AND coalesce((status = $4::text), false) AND true AND start_date BETWEEN $5::date AND $6::date)::double precision AS v0
          FROM events
          WHERE project_id = $7 AND deleted_at IS NULL AND (pending_batch IS NULL OR pending_batch IN (SELECT ib_vis.id FROM import_batches ib_vis WHERE ib_vis.state = 'committed')) AND start_date BETWEEN $8::date AND $9::date
          GROUP BY 1;
--   $1 = '2018-07-01'
--   $2 = '2018-07-01'
--   $3 = true
--   $4 = 'attended'
--   $5 = '2018-07-01'
--   $6 = '2021-06-30'
--   $7 = 'm-sec'
--   $8 = '2018-07-01'
--   $9 = '2021-06-30'

-- [19] history government-invitations
SELECT DISTINCT ON (kpi_code, m) kpi_code, m, value
        FROM (SELECT *, (extract(year from age(date, $1::date)) * 12 + extract(month from age(date, $2::date)))::int + 1 AS m FROM kpi_manual_values
              WHERE project_id = $3 AND deleted_at IS NULL AND (pending_batch IS NULL OR pending_batch IN (SELECT ib_vis.id FROM import_batches ib_vis WHERE ib_vis.state = 'committed')) AND kpi_code IN ($4) AND date <= $5::date) s
        ORDER BY kpi_code, m, date DESC, created_at DESC;
--   $1 = '2018-07-01'
--   $2 = '2018-07-01'
--   $3 = 'm-sec'
--   $4 = 'government-invitations'
--   $5 = '2021-06-30'

-- [20] drill-down non-scientific-publications
SELECT id, title AS label, start_date AS date, start_date AS recorded,
               'day'::text AS precision, lead_partner, null AS value
        FROM activities
        WHERE project_id = $1 AND deleted_at IS NULL AND (pending_batch IS NULL OR pending_batch IN (SELECT ib_vis.id FROM import_batches ib_vis WHERE ib_vis.state = 'committed')) AND coalesce((kind IN ($2::text, $3::text)), false) AND coalesce((status = $4::text), false) AND true AND start_date BETWEEN $5::date AND $6::date
        ORDER BY start_date DESC, id LIMIT $7;
--   $1 = 'm-sec'
--   $2 = 'article'
--   $3 = 'press_release'
--   $4 = 'Delivered'
--   $5 = '2018-07-01'
--   $6 = '2021-06-30'
--   $7 = 500

-- [21] drill-down newsletters
SELECT id, title AS label, start_date AS date, start_date AS recorded,
               'day'::text AS precision, lead_partner, null AS value
        FROM activities
        WHERE project_id = $1 AND deleted_at IS NULL AND (pending_batch IS NULL OR pending_batch IN (SELECT ib_vis.id FROM import_batches ib_vis WHERE ib_vis.state = 'committed')) AND coalesce((kind = $2::text), false) AND coalesce((status = $3::text), false) AND true AND start_date BETWEEN $4::date AND $5::date
        ORDER BY start_date DESC, id LIMIT $6;
--   $1 = 'm-sec'
--   $2 = 'newsletter'
--   $3 = 'Delivered'
--   $4 = '2018-07-01'
--   $5 = '2021-06-30'
--   $6 = 500

-- [22] drill-down video-views
SELECT id, label, date, lead_partner, value, (SELECT min(b.complete_as_of) FROM import_batches b
              WHERE b.project_id = $1 AND b.state = 'committed' AND b.complete_source = latest.data_source
                AND b.complete_as_of > latest.date AND b.complete_as_of <= $2::date) AS superseded_on
        FROM (SELECT DISTINCT ON (channel, metric) id, channel || ' · ' || metric AS label, date, lead_partner, value,
                     channel, metric, channel_kind, channel_scope, data_source
              FROM metric_snapshots
              WHERE project_id = $3 AND deleted_at IS NULL AND (pending_batch IS NULL OR pending_batch IN (SELECT ib_vis.id FROM import_batches ib_vis WHERE ib_vis.state = 'committed')) AND coalesce((metric = $4::text), false) AND coalesce((channel_kind = $5::text), false) AND true AND date BETWEEN $6::date AND $7::date
              ORDER BY channel, metric, date DESC, updated_at DESC) latest
        WHERE true
          AND (SELECT min(b.complete_as_of) FROM import_batches b
              WHERE b.project_id = $8 AND b.state = 'committed' AND b.complete_source = latest.data_source
                AND b.complete_as_of > latest.date AND b.complete_as_of <= $9::date) IS NULL
        ORDER BY value DESC, label LIMIT $10;
--   $1 = 'm-sec'
--   $2 = '2021-06-30'
--   $3 = 'm-sec'
--   $4 = 'views'
--   $5 = 'youtube'
--   $6 = '2018-07-01'
--   $7 = '2021-06-30'
--   $8 = 'm-sec'
--   $9 = '2021-06-30'
--   $10 = 500

-- [23] drill-down video-views, left out by a complete export
SELECT id, label, date, lead_partner, value, (SELECT min(b.complete_as_of) FROM import_batches b
              WHERE b.project_id = $1 AND b.state = 'committed' AND b.complete_source = latest.data_source
                AND b.complete_as_of > latest.date AND b.complete_as_of <= $2::date) AS superseded_on
        FROM (SELECT DISTINCT ON (channel, metric) id, channel || ' · ' || metric AS label, date, lead_partner, value,
                     channel, metric, channel_kind, channel_scope, data_source
              FROM metric_snapshots
              WHERE project_id = $3 AND deleted_at IS NULL AND (pending_batch IS NULL OR pending_batch IN (SELECT ib_vis.id FROM import_batches ib_vis WHERE ib_vis.state = 'committed')) AND coalesce((metric = $4::text), false) AND coalesce((channel_kind = $5::text), false) AND true AND date BETWEEN $6::date AND $7::date
              ORDER BY channel, metric, date DESC, updated_at DESC) latest
        WHERE true
          AND (SELECT min(b.complete_as_of) FROM import_batches b
              WHERE b.project_id = $8 AND b.state = 'committed' AND b.complete_source = latest.data_source
                AND b.complete_as_of > latest.date AND b.complete_as_of <= $9::date) IS NOT NULL
        ORDER BY value DESC, label LIMIT $10;
--   $1 = 'm-sec'
--   $2 = '2021-06-30'
--   $3 = 'm-sec'
--   $4 = 'views'
--   $5 = 'youtube'
--   $6 = '2018-07-01'
--   $7 = '2021-06-30'
--   $8 = 'm-sec'
--   $9 = '2021-06-30'
--   $10 = 500

-- [24] drill-down social-followers
SELECT id, label, date, lead_partner, value, (SELECT min(b.complete_as_of) FROM import_batches b
              WHERE b.project_id = $1 AND b.state = 'committed' AND b.complete_source = latest.data_source
                AND b.complete_as_of > latest.date AND b.complete_as_of <= $2::date) AS superseded_on
        FROM (SELECT DISTINCT ON (channel, metric) id, channel || ' · ' || metric AS label, date, lead_partner, value,
                     channel, metric, channel_kind, channel_scope, data_source
              FROM metric_snapshots
              WHERE project_id = $3 AND deleted_at IS NULL AND (pending_batch IS NULL OR pending_batch IN (SELECT ib_vis.id FROM import_batches ib_vis WHERE ib_vis.state = 'committed')) AND coalesce((metric = $4::text), false) AND coalesce((channel_scope = $5::text), false) AND true AND date BETWEEN $6::date AND $7::date
              ORDER BY channel, metric, date DESC, updated_at DESC) latest
        WHERE true
          AND (SELECT min(b.complete_as_of) FROM import_batches b
              WHERE b.project_id = $8 AND b.state = 'committed' AND b.complete_source = latest.data_source
                AND b.complete_as_of > latest.date AND b.complete_as_of <= $9::date) IS NULL
        ORDER BY value DESC, label LIMIT $10;
--   $1 = 'm-sec'
--   $2 = '2021-06-30'
--   $3 = 'm-sec'
--   $4 = 'followers'
--   $5 = 'project'
--   $6 = '2018-07-01'
--   $7 = '2021-06-30'
--   $8 = 'm-sec'
--   $9 = '2021-06-30'
--   $10 = 500

-- [25] drill-down social-followers, left out by a complete export
SELECT id, label, date, lead_partner, value, (SELECT min(b.complete_as_of) FROM import_batches b
              WHERE b.project_id = $1 AND b.state = 'committed' AND b.complete_source = latest.data_source
                AND b.complete_as_of > latest.date AND b.complete_as_of <= $2::date) AS superseded_on
        FROM (SELECT DISTINCT ON (channel, metric) id, channel || ' · ' || metric AS label, date, lead_partner, value,
                     channel, metric, channel_kind, channel_scope, data_source
              FROM metric_snapshots
              WHERE project_id = $3 AND deleted_at IS NULL AND (pending_batch IS NULL OR pending_batch IN (SELECT ib_vis.id FROM import_batches ib_vis WHERE ib_vis.state = 'committed')) AND coalesce((metric = $4::text), false) AND coalesce((channel_scope = $5::text), false) AND true AND date BETWEEN $6::date AND $7::date
              ORDER BY channel, metric, date DESC, updated_at DESC) latest
        WHERE true
          AND (SELECT min(b.complete_as_of) FROM import_batches b
              WHERE b.project_id = $8 AND b.state = 'committed' AND b.complete_source = latest.data_source
                AND b.complete_as_of > latest.date AND b.complete_as_of <= $9::date) IS NOT NULL
        ORDER BY value DESC, label LIMIT $10;
--   $1 = 'm-sec'
--   $2 = '2021-06-30'
--   $3 = 'm-sec'
--   $4 = 'followers'
--   $5 = 'project'
--   $6 = '2018-07-01'
--   $7 = '2021-06-30'
--   $8 = 'm-sec'
--   $9 = '2021-06-30'
--   $10 = 500

-- [26] drill-down deliverables-downloaded
SELECT id, label, date, lead_partner, value, (SELECT min(b.complete_as_of) FROM import_batches b
              WHERE b.project_id = $1 AND b.state = 'committed' AND b.complete_source = latest.data_source
                AND b.complete_as_of > latest.date AND b.complete_as_of <= $2::date) AS superseded_on
        FROM (SELECT DISTINCT ON (channel, metric) id, channel || ' · ' || metric AS label, date, lead_partner, value,
                     channel, metric, channel_kind, channel_scope, data_source
              FROM metric_snapshots
              WHERE project_id = $3 AND deleted_at IS NULL AND (pending_batch IS NULL OR pending_batch IN (SELECT ib_vis.id FROM import_batches ib_vis WHERE ib_vis.state = 'committed')) AND coalesce((metric = $4::text), false) AND coalesce((channel_kind IN ($5::text, $6::text)), false) AND true AND date BETWEEN $7::date AND $8::date
              ORDER BY channel, metric, date DESC, updated_at DESC) latest
        WHERE true
          AND (SELECT min(b.complete_as_of) FROM import_batches b
              WHERE b.project_id = $9 AND b.state = 'committed' AND b.complete_source = latest.data_source
                AND b.complete_as_of > latest.date AND b.complete_as_of <= $10::date) IS NULL
        ORDER BY value DESC, label LIMIT $11;
--   $1 = 'm-sec'
--   $2 = '2021-06-30'
--   $3 = 'm-sec'
--   $4 = 'downloads'
--   $5 = 'website'
--   $6 = 'repository'
--   $7 = '2018-07-01'
--   $8 = '2021-06-30'
--   $9 = 'm-sec'
--   $10 = '2021-06-30'
--   $11 = 500

-- [27] drill-down deliverables-downloaded, left out by a complete export
SELECT id, label, date, lead_partner, value, (SELECT min(b.complete_as_of) FROM import_batches b
              WHERE b.project_id = $1 AND b.state = 'committed' AND b.complete_source = latest.data_source
                AND b.complete_as_of > latest.date AND b.complete_as_of <= $2::date) AS superseded_on
        FROM (SELECT DISTINCT ON (channel, metric) id, channel || ' · ' || metric AS label, date, lead_partner, value,
                     channel, metric, channel_kind, channel_scope, data_source
              FROM metric_snapshots
              WHERE project_id = $3 AND deleted_at IS NULL AND (pending_batch IS NULL OR pending_batch IN (SELECT ib_vis.id FROM import_batches ib_vis WHERE ib_vis.state = 'committed')) AND coalesce((metric = $4::text), false) AND coalesce((channel_kind IN ($5::text, $6::text)), false) AND true AND date BETWEEN $7::date AND $8::date
              ORDER BY channel, metric, date DESC, updated_at DESC) latest
        WHERE true
          AND (SELECT min(b.complete_as_of) FROM import_batches b
              WHERE b.project_id = $9 AND b.state = 'committed' AND b.complete_source = latest.data_source
                AND b.complete_as_of > latest.date AND b.complete_as_of <= $10::date) IS NOT NULL
        ORDER BY value DESC, label LIMIT $11;
--   $1 = 'm-sec'
--   $2 = '2021-06-30'
--   $3 = 'm-sec'
--   $4 = 'downloads'
--   $5 = 'website'
--   $6 = 'repository'
--   $7 = '2018-07-01'
--   $8 = '2021-06-30'
--   $9 = 'm-sec'
--   $10 = '2021-06-30'
--   $11 = 500

-- [28] drill-down exhibition-booths
SELECT id, name AS label, start_date AS date, start_date AS recorded,
               'day'::text AS precision, lead_partner, null AS value
        FROM events
        WHERE project_id = $1 AND deleted_at IS NULL AND (pending_batch IS NULL OR pending_batch IN (SELECT ib_vis.id FROM import_batches ib_vis WHERE ib_vis.state = 'committed')) AND coalesce(($2::text = ANY(roles)), false) AND coalesce((status = $3::text), false) AND true AND start_date BETWEEN $4::date AND $5::date
        ORDER BY start_date DESC, id LIMIT $6;
--   $1 = 'm-sec'
--   $2 = 'booth'
--   $3 = 'attended'
--   $4 = '2018-07-01'
--   $5 = '2021-06-30'
--   $6 = 500

-- [29] drill-down conference-publications
SELECT id, title AS label, (CASE WHEN date_precision <> 'day' AND coalesce(date, make_date(year, 1, 1)) < $1::date
                    AND coalesce(date, make_date(year, 1, 1)) + CASE date_precision WHEN 'year' THEN interval '1 year' ELSE interval '1 month' END > $2::date
               THEN $3::date ELSE coalesce(date, make_date(year, 1, 1)) END) AS date, coalesce(date,
                 make_date(year, 1, 1)) AS recorded,
               date_precision AS precision, lead_partner, null AS value
        FROM publications
        WHERE project_id = $4 AND deleted_at IS NULL AND (pending_batch IS NULL OR pending_batch IN (SELECT ib_vis.id FROM import_batches ib_vis WHERE ib_vis.state = 'committed')) AND coalesce((type = $5::text), false) AND true AND (CASE WHEN date_precision <> 'day' AND coalesce(date, make_date(year, 1, 1)) < $6::date
                    AND coalesce(date, make_date(year, 1, 1)) + CASE date_precision WHEN 'year' THEN interval '1 year' ELSE interval '1 month' END > $7::date
               THEN $8::date ELSE coalesce(date, make_date(year, 1, 1)) END) BETWEEN $9::date AND $10::date
        ORDER BY (CASE WHEN date_precision <> 'day' AND coalesce(date, make_date(year, 1, 1)) < $11::date
                    AND coalesce(date, make_date(year, 1, 1)) + CASE date_precision WHEN 'year' THEN interval '1 year' ELSE interval '1 month' END > $12::date
               THEN $13::date ELSE coalesce(date, make_date(year, 1, 1)) END) DESC, id LIMIT $14;
--   $1 = '2018-07-01'
--   $2 = '2018-07-01'
--   $3 = '2018-07-01'
--   $4 = 'm-sec'
--   $5 = 'conference_paper'
--   $6 = '2018-07-01'
--   $7 = '2018-07-01'
--   $8 = '2018-07-01'
--   $9 = '2018-07-01'
--   $10 = '2021-06-30'
--   $11 = '2018-07-01'
--   $12 = '2018-07-01'
--   $13 = '2018-07-01'
--   $14 = 500

-- [30] drill-down conference-publications/joint-eu-jp
SELECT id, title AS label, (CASE WHEN date_precision <> 'day' AND coalesce(date, make_date(year, 1, 1)) < $1::date
                    AND coalesce(date, make_date(year, 1, 1)) + CASE date_precision WHEN 'year' THEN interval '1 year' ELSE interval '1 month' END > $2::date
               THEN $3::date ELSE coalesce(date, make_date(year, 1, 1)) END) AS date, coalesce(date,
                 make_date(year, 1, 1)) AS recorded,
               date_precision AS precision, lead_partner, null AS value
        FROM publications
        WHERE project_id = $4 AND deleted_at IS NULL AND (pending_batch IS NULL OR pending_batch IN (SELECT ib_vis.id FROM import_batches ib_vis WHERE ib_vis.state = 'committed')) AND coalesce((type = $5::text), false) AND coalesce((joint_eu_jp = $6::boolean), false) AND (CASE WHEN date_precision <> 'day' AND coalesce(date, make_date(year, 1, 1)) < $7::date
                    AND coalesce(date, make_date(year, 1, 1)) + CASE date_precision WHEN 'year' THEN interval '1 year' ELSE interval '1 month' END > $8::date
               THEN $9::date ELSE coalesce(date, make_date(year, 1, 1)) END) BETWEEN $10::date AND $11::date
        ORDER BY (CASE WHEN date_precision <> 'day' AND coalesce(date, make_date(year, 1, 1)) < $12::date
                    AND coalesce(date, make_date(year, 1, 1)) + CASE date_precision WHEN 'year' THEN interval '1 year' ELSE interval '1 month' END > $13::date
               THEN $14::date ELSE coalesce(date, make_date(year, 1, 1)) END) DESC, id LIMIT $15;
--   $1 = '2018-07-01'
--   $2 = '2018-07-01'
--   $3 = '2018-07-01'
--   $4 = 'm-sec'
--   $5 = 'conference_paper'
--   $6 = true
--   $7 = '2018-07-01'
--   $8 = '2018-07-01'
--   $9 = '2018-07-01'
--   $10 = '2018-07-01'
--   $11 = '2021-06-30'
--   $12 = '2018-07-01'
--   $13 = '2018-07-01'
--   $14 = '2018-07-01'
--   $15 = 500

-- [31] drill-down journal-publications
SELECT id, title AS label, (CASE WHEN date_precision <> 'day' AND coalesce(date, make_date(year, 1, 1)) < $1::date
                    AND coalesce(date, make_date(year, 1, 1)) + CASE date_precision WHEN 'year' THEN interval '1 year' ELSE interval '1 month' END > $2::date
               THEN $3::date ELSE coalesce(date, make_date(year, 1, 1)) END) AS date, coalesce(date,
                 make_date(year, 1, 1)) AS recorded,
               date_precision AS precision, lead_partner, null AS value
        FROM publications
        WHERE project_id = $4 AND deleted_at IS NULL AND (pending_batch IS NULL OR pending_batch IN (SELECT ib_vis.id FROM import_batches ib_vis WHERE ib_vis.state = 'committed')) AND coalesce((type = $5::text), false) AND true AND (CASE WHEN date_precision <> 'day' AND coalesce(date, make_date(year, 1, 1)) < $6::date
                    AND coalesce(date, make_date(year, 1, 1)) + CASE date_precision WHEN 'year' THEN interval '1 year' ELSE interval '1 month' END > $7::date
               THEN $8::date ELSE coalesce(date, make_date(year, 1, 1)) END) BETWEEN $9::date AND $10::date
        ORDER BY (CASE WHEN date_precision <> 'day' AND coalesce(date, make_date(year, 1, 1)) < $11::date
                    AND coalesce(date, make_date(year, 1, 1)) + CASE date_precision WHEN 'year' THEN interval '1 year' ELSE interval '1 month' END > $12::date
               THEN $13::date ELSE coalesce(date, make_date(year, 1, 1)) END) DESC, id LIMIT $14;
--   $1 = '2018-07-01'
--   $2 = '2018-07-01'
--   $3 = '2018-07-01'
--   $4 = 'm-sec'
--   $5 = 'journal_article'
--   $6 = '2018-07-01'
--   $7 = '2018-07-01'
--   $8 = '2018-07-01'
--   $9 = '2018-07-01'
--   $10 = '2021-06-30'
--   $11 = '2018-07-01'
--   $12 = '2018-07-01'
--   $13 = '2018-07-01'
--   $14 = 500

-- [32] drill-down international-workshops
SELECT id, name AS label, start_date AS date, start_date AS recorded,
               'day'::text AS precision, lead_partner, null AS value
        FROM events
        WHERE project_id = $1 AND deleted_at IS NULL AND (pending_batch IS NULL OR pending_batch IN (SELECT ib_vis.id FROM import_batches ib_vis WHERE ib_vis.state = 'committed')) AND coalesce((kind = $2::text), false) AND coalesce((roles && ARRAY[$3::text, $4::text]::text[]), false) AND coalesce((international = $5::boolean), false) AND coalesce((status = $6::text), false) AND true AND start_date BETWEEN $7::date AND $8::date
        ORDER BY start_date DESC, id LIMIT $9;
--   $1 = 'm-sec'
--   $2 = 'workshop'
--   $3 = 'organiser'
--   $4 = 'co_organiser'
--   $5 = true
--   $6 = 'attended'
--   $7 = '2018-07-01'
--   $8 = '2021-06-30'
--   $9 = 500

-- [33] drill-down standardisation-groups
SELECT id, initiative AS label, date AS date, date AS recorded,
               'day'::text AS precision, lead_partner, null AS value
        FROM synergies
        WHERE project_id = $1 AND deleted_at IS NULL AND (pending_batch IS NULL OR pending_batch IN (SELECT ib_vis.id FROM import_batches ib_vis WHERE ib_vis.state = 'committed')) AND coalesce((kind = $2::text), false) AND true AND date BETWEEN $3::date AND $4::date
        ORDER BY date DESC, id LIMIT $5;
--   $1 = 'm-sec'
--   $2 = 'standardisation'
--   $3 = '2018-07-01'
--   $4 = '2021-06-30'
--   $5 = 500

-- [34] drill-down consultations
SELECT id, initiative AS label, date AS date, date AS recorded,
               'day'::text AS precision, lead_partner, null AS value
        FROM synergies
        WHERE project_id = $1 AND deleted_at IS NULL AND (pending_batch IS NULL OR pending_batch IN (SELECT ib_vis.id FROM import_batches ib_vis WHERE ib_vis.state = 'committed')) AND coalesce((kind = $2::text), false) AND true AND date BETWEEN $3::date AND $4::date
        ORDER BY date DESC, id LIMIT $5;
--   $1 = 'm-sec'
--   $2 = 'consultation'
--   $3 = '2018-07-01'
--   $4 = '2021-06-30'
--   $5 = 500

-- [35] drill-down training-community-events
SELECT id, name AS label, start_date AS date, start_date AS recorded,
               'day'::text AS precision, lead_partner, null AS value
        FROM events
        WHERE project_id = $1 AND deleted_at IS NULL AND (pending_batch IS NULL OR pending_batch IN (SELECT ib_vis.id FROM import_batches ib_vis WHERE ib_vis.state = 'committed')) AND coalesce((kind IN ($2::text, $3::text, $4::text, $5::text, $6::text)), false) AND coalesce((roles && ARRAY[$7::text, $8::text]::text[]), false) AND coalesce((status = $9::text), false) AND true AND start_date BETWEEN $10::date AND $11::date
        ORDER BY start_date DESC, id LIMIT $12;
--   $1 = 'm-sec'
--   $2 = 'training'
--   $3 = 'webinar'
--   $4 = 'workshop'
--   $5 = 'hackathon'
--   $6 = 'community'
--   $7 = 'organiser'
--   $8 = 'co_organiser'
--   $9 = 'attended'
--   $10 = '2018-07-01'
--   $11 = '2021-06-30'
--   $12 = 500

-- [36] drill-down training-community-events/sized-20-50
SELECT id, name AS label, start_date AS date, start_date AS recorded,
               'day'::text AS precision, lead_partner, null AS value
        FROM events
        WHERE project_id = $1 AND deleted_at IS NULL AND (pending_batch IS NULL OR pending_batch IN (SELECT ib_vis.id FROM import_batches ib_vis WHERE ib_vis.state = 'committed')) AND coalesce((kind IN ($2::text, $3::text, $4::text, $5::text, $6::text)), false) AND coalesce((roles && ARRAY[$7::text, $8::text]::text[]), false) AND coalesce((status = $9::text), false) AND coalesce((participants BETWEEN $10::double precision AND $11::double precision), false) AND start_date BETWEEN $12::date AND $13::date
        ORDER BY start_date DESC, id LIMIT $14;
--   $1 = 'm-sec'
--   $2 = 'training'
--   $3 = 'webinar'
--   $4 = 'workshop'
--   $5 = 'hackathon'
--   $6 = 'community'
--   $7 = 'organiser'
--   $8 = 'co_organiser'
--   $9 = 'attended'
--   $10 = 20
--   $11 = 50
--   $12 = '2018-07-01'
--   $13 = '2021-06-30'
--   $14 = 500

-- [37] drill-down online-contest
SELECT id, name AS label, start_date AS date, start_date AS recorded,
               'day'::text AS precision, lead_partner, null AS value
        FROM events
        WHERE project_id = $1 AND deleted_at IS NULL AND (pending_batch IS NULL OR pending_batch IN (SELECT ib_vis.id FROM import_batches ib_vis WHERE ib_vis.state = 'committed')) AND coalesce((kind = $2::text), false) AND coalesce((status = $3::text), false) AND true AND start_date BETWEEN $4::date AND $5::date
        ORDER BY start_date DESC, id LIMIT $6;
--   $1 = 'm-sec'
--   $2 = 'contest'
--   $3 = 'attended'
--   $4 = '2018-07-01'
--   $5 = '2021-06-30'
--   $6 = 500

-- [38] drill-down online-contest/more-than-20-participants
SELECT id, name AS label, start_date AS date, start_date AS recorded,
               'day'::text AS precision, lead_partner, null AS value
        FROM events
        WHERE project_id = $1 AND deleted_at IS NULL AND (pending_batch IS NULL OR pending_batch IN (SELECT ib_vis.id FROM import_batches ib_vis WHERE ib_vis.state = 'committed')) AND coalesce((kind = $2::text), false) AND coalesce((status = $3::text), false) AND coalesce((participants > $4::double precision), false) AND start_date BETWEEN $5::date AND $6::date
        ORDER BY start_date DESC, id LIMIT $7;
--   $1 = 'm-sec'
--   $2 = 'contest'
--   $3 = 'attended'
--   $4 = 20
--   $5 = '2018-07-01'
--   $6 = '2021-06-30'
--   $7 = 500

-- [39] drill-down e-consultation-citizens
SELECT id, name AS label, start_date AS date, start_date AS recorded,
               'day'::text AS precision, lead_partner, null AS value
        FROM events
        WHERE project_id = $1 AND deleted_at IS NULL AND (pending_batch IS NULL OR pending_batch IN (SELECT ib_vis.id FROM import_batches ib_vis WHERE ib_vis.state = 'committed')) AND coalesce((kind = $2::text), false) AND true AND start_date BETWEEN $3::date AND $4::date
        ORDER BY start_date DESC, id LIMIT $5;
--   $1 = 'm-sec'
--   $2 = 'e_consultation'
--   $3 = '2018-07-01'
--   $4 = '2021-06-30'
--   $5 = 500

-- [40] drill-down use-case-replication
SELECT id, initiative AS label, date AS date, date AS recorded,
               'day'::text AS precision, lead_partner, null AS value
        FROM synergies
        WHERE project_id = $1 AND deleted_at IS NULL AND (pending_batch IS NULL OR pending_batch IN (SELECT ib_vis.id FROM import_batches ib_vis WHERE ib_vis.state = 'committed')) AND coalesce((kind = $2::text), false) AND true AND date BETWEEN $3::date AND $4::date
        ORDER BY date DESC, id LIMIT $5;
--   $1 = 'm-sec'
--   $2 = 'replication'
--   $3 = '2018-07-01'
--   $4 = '2021-06-30'
--   $5 = 500

-- [41] drill-down concertation
SELECT id, name AS label, start_date AS date, start_date AS recorded,
               'day'::text AS precision, lead_partner, null AS value
        FROM events
        WHERE project_id = $1 AND deleted_at IS NULL AND (pending_batch IS NULL OR pending_batch IN (SELECT ib_vis.id FROM import_batches ib_vis WHERE ib_vis.state = 'committed')) AND coalesce((kind = $2::text), false) AND coalesce((status = $3::text), false) AND true AND start_date BETWEEN $4::date AND $5::date
        ORDER BY start_date DESC, id LIMIT $6;
--   $1 = 'm-sec'
--   $2 = 'concertation'
--   $3 = 'attended'
--   $4 = '2018-07-01'
--   $5 = '2021-06-30'
--   $6 = 500

-- [42] drill-down joint-eu-japan-events
SELECT id, name AS label, start_date AS date, start_date AS recorded,
               'day'::text AS precision, lead_partner, null AS value
        FROM events
        WHERE project_id = $1 AND deleted_at IS NULL AND (pending_batch IS NULL OR pending_batch IN (SELECT ib_vis.id FROM import_batches ib_vis WHERE ib_vis.state = 'committed')) AND coalesce((joint_with_other_projects = $2::boolean), false) AND coalesce((status = $3::text), false) AND true AND start_date BETWEEN $4::date AND $5::date
        ORDER BY start_date DESC, id LIMIT $6;
--   $1 = 'm-sec'
--   $2 = true
--   $3 = 'attended'
--   $4 = '2018-07-01'
--   $5 = '2021-06-30'
--   $6 = 500

-- [43] drill-down government-invitations
SELECT id, evidence AS label, date, lead_partner, value FROM kpi_manual_values
          WHERE project_id = $1 AND deleted_at IS NULL AND (pending_batch IS NULL OR pending_batch IN (SELECT ib_vis.id FROM import_batches ib_vis WHERE ib_vis.state = 'committed')) AND kpi_code = $2 AND date <= $3::date
          ORDER BY date DESC, created_at DESC LIMIT $4;
--   $1 = 'm-sec'
--   $2 = 'government-invitations'
--   $3 = '2021-06-30'
--   $4 = 500
