/**
 * The inconsistency rules: records that contradict each other or the calendar. Each rule is ONE SQL statement over
 * the project's live records (not deleted, visible: src/records/visibility.ts) returning one row per contradiction
 * with the records involved (ids, kinds, labels, lead partners) and the contradicting values; nothing scans the
 * records in JavaScript. `findingOf` turns a row into a finding with its stable fingerprint.
 *
 * How "the same" is decided (documented in docs/ARCHITECTURE.md too):
 * - an event: same name once folded (Unicode NFKC, lower-case, runs of ASCII spaces and punctuation as one space),
 *   or same web address (scheme, `www.`, case and trailing `/` ignored); reported by two different lead partners,
 *   neither cancelled, with start dates that differ but lie less than 90 days apart (further apart: another edition);
 * - a publication: same DOI, case-insensitive.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { Db, Tx } from '../db/client';
import { canonicalJson } from '../lib/canonical-json';
import { sha256 } from '../lib/ids';
import type { RecordKind } from './kinds';

export const CONSISTENCY_RULES = [
  'done_in_future',
  'same_event_dates',
  'stale_planned',
  'publication_doi_conflict',
  'outside_period',
  'metric_decrease',
  'metric_same_day',
] as const;
export type ConsistencyRule = (typeof CONSISTENCY_RULES)[number];
export type AlertSeverity = 'error' | 'warning';

/** Days after its date that a still-planned event (or an ongoing activity's end) is reported as stale. */
export const STALE_AFTER_DAYS = 30;
/** Two reports of one event further apart than this are taken as two editions, not a contradiction. */
export const SAME_EVENT_WINDOW_DAYS = 90;
/** Metrics that are running totals: a later snapshot of a channel may not be lower than an earlier one. */
export const CUMULATIVE_METRICS = ['downloads', 'views'] as const;

export interface AlertRecord {
  kind: RecordKind;
  id: string;
  label: string;
  partner: string;
}

export interface AlertFinding {
  rule: ConsistencyRule;
  severity: AlertSeverity;
  /** sha256 hex of the rule, the sorted record ids and the contradicting values. */
  fingerprint: string;
  /** The records involved, in the rule's order (the earlier snapshot first; pairs by id). */
  records: AlertRecord[];
  /** The contradicting values, as text (the message's parameters). */
  values: Record<string, string>;
}

/** What a rule needs: the project, today (the injected clock's day) and the current plan's period. */
export interface RuleContext {
  projectId: string;
  today: string;
  projectStart: string;
  projectEnd: string;
}

interface RuleRow {
  ids: string[];
  kinds: string[];
  labels: string[];
  partners: string[];
  vals: Record<string, unknown>;
}

/** A live record of the project, qualified by `alias`. */
const live = (alias: string, projectId: string): SQL => {
  const a = sql.raw(alias);
  return sql`${a}.project_id = ${projectId} AND ${a}.deleted_at IS NULL AND (${a}.pending_batch IS NULL OR ${a}.pending_batch IN (SELECT ib_vis.id FROM import_batches ib_vis WHERE ib_vis.project_id = ${projectId} AND ib_vis.state = 'committed'))`;
};

/** A text folded for comparison: NFKC, lower-case, ASCII spaces and punctuation as one space, trimmed; '' → NULL. */
const folded = (expr: SQL): SQL =>
  sql`NULLIF(btrim(lower(regexp_replace(normalize(${expr}, NFKC), '[[:space:][:punct:]]+', ' ', 'g'))), '')`;

/** One row: a single record of `kind` from `alias`, with its label expression and values. */
const single = (kind: RecordKind, alias: string, label: string, vals: SQL): SQL => {
  const a = sql.raw(alias);
  return sql`ARRAY[${a}.id::text] AS ids, ARRAY[${kind}::text] AS kinds, ARRAY[${sql.raw(label)}] AS labels,
             ARRAY[${a}.lead_partner] AS partners, ${vals} AS vals`;
};

/** One row: a pair of records of `kind` (aliases a and b). */
const pair = (kind: RecordKind, label: (alias: string) => string, vals: SQL): SQL =>
  sql`ARRAY[a.id::text, b.id::text] AS ids, ARRAY[${kind}::text, ${kind}::text] AS kinds,
      ARRAY[${sql.raw(label('a'))}, ${sql.raw(label('b'))}] AS labels, ARRAY[a.lead_partner, b.lead_partner] AS partners,
      ${vals} AS vals`;

const metricLabel = (a: string) => `${a}.channel || ' · ' || ${a}.metric`;

interface RuleDef {
  severity: AlertSeverity;
  query: (ctx: RuleContext) => SQL;
}

export const RULES: Record<ConsistencyRule, RuleDef> = {
  /** Reported as held (`attended` event, `Delivered` activity) on a date after today. */
  done_in_future: {
    severity: 'error',
    query: (c) => sql`
      SELECT ${single('event', 'e', 'e.name', sql`jsonb_build_object('status', e.status, 'date', e.start_date::text)`)}
      FROM events e WHERE ${live('e', c.projectId)} AND e.status = 'attended' AND e.start_date > ${c.today}::date
      UNION ALL
      SELECT ${single('activity', 'x', 'x.title', sql`jsonb_build_object('status', x.status, 'date', x.start_date::text)`)}
      FROM activities x WHERE ${live('x', c.projectId)} AND x.status = 'Delivered' AND x.start_date > ${c.today}::date
      ORDER BY ids`,
  },
  /**
   * One event (same folded name or same address) reported by two partners with different start dates: one equi-join
   * per key (hash or merge joins), UNION dropping a pair both keys find.
   */
  same_event_dates: {
    severity: 'warning',
    query: (c) => sql`
      WITH ev AS (
        SELECT e.id, e.name, e.lead_partner, e.start_date, ${folded(sql`e.name`)} AS title_key,
               NULLIF(rtrim(lower(regexp_replace(btrim(e.website), '^https?://(www[.])?', '', 'i')), '/'), '') AS url_key
        FROM events e WHERE ${live('e', c.projectId)} AND e.status <> 'cancelled')
      ${sql.join(
        ['title_key', 'url_key'].map(
          (key) => sql`
            SELECT ${pair('event', (x) => `${x}.name`, sql`jsonb_build_object('dateA', a.start_date::text, 'dateB', b.start_date::text)`)}
            FROM ev a JOIN ev b ON b.${sql.raw(key)} = a.${sql.raw(key)} AND a.id < b.id
            WHERE a.lead_partner <> b.lead_partner AND a.start_date <> b.start_date
              AND abs(a.start_date - b.start_date) < ${SAME_EVENT_WINDOW_DAYS}`,
        ),
        sql` UNION `,
      )}
      ORDER BY ids`,
  },
  /**
   * Still `planned` more than STALE_AFTER_DAYS after the event (its end, else its start), or an activity still
   * `Ongoing` that long after its end date: the report was never updated.
   */
  stale_planned: {
    severity: 'warning',
    query: (c) => sql`
      SELECT ${single('event', 'e', 'e.name', sql`jsonb_build_object('status', e.status, 'date', coalesce(e.end_date, e.start_date)::text)`)}
      FROM events e WHERE ${live('e', c.projectId)} AND e.status = 'planned'
        AND coalesce(e.end_date, e.start_date) < ${c.today}::date - ${STALE_AFTER_DAYS}::int
      UNION ALL
      SELECT ${single('activity', 'x', 'x.title', sql`jsonb_build_object('status', x.status, 'date', x.end_date::text)`)}
      FROM activities x WHERE ${live('x', c.projectId)} AND x.status = 'Ongoing' AND x.end_date IS NOT NULL
        AND x.end_date < ${c.today}::date - ${STALE_AFTER_DAYS}::int
      ORDER BY ids`,
  },
  /** One DOI (case-insensitive) on two publications whose years or venues (folded) differ. */
  publication_doi_conflict: {
    severity: 'warning',
    query: (c) => sql`
      WITH p AS (
        SELECT x.id, x.title, x.lead_partner, lower(btrim(x.doi)) AS doi_key, x.year, coalesce(btrim(x.venue), '') AS venue,
               coalesce(${folded(sql`x.venue`)}, '') AS venue_key
        FROM publications x WHERE ${live('x', c.projectId)} AND x.doi IS NOT NULL AND btrim(x.doi) <> '')
      SELECT ${pair(
        'publication',
        (x) => `${x}.title`,
        sql`jsonb_build_object('doi', a.doi_key, 'yearA', a.year::text, 'yearB', b.year::text, 'venueA', a.venue, 'venueB', b.venue)`,
      )}
      FROM p a JOIN p b ON a.doi_key = b.doi_key AND a.id < b.id
      WHERE a.year <> b.year OR a.venue_key <> b.venue_key
      ORDER BY ids`,
  },
  /**
   * Dated outside the current plan's period. Records are checked against it when written, so only a later plan
   * version that moved the project's dates leaves records outside.
   */
  outside_period: {
    severity: 'warning',
    query: (c) => {
      const out = (d: SQL) => sql`(${d} < ${c.projectStart}::date OR ${d} > ${c.projectEnd}::date)`;
      const vals = (d: SQL) =>
        sql`jsonb_build_object('date', (${d})::text, 'start', ${c.projectStart}::text, 'end', ${c.projectEnd}::text)`;
      const last = (a: string) => sql.raw(`coalesce(${a}.end_date, ${a}.start_date)`);
      const first = (a: string) => sql.raw(`${a}.start_date`);
      const firstOut = (a: string) =>
        sql`CASE WHEN ${first(a)} < ${c.projectStart}::date THEN ${first(a)} ELSE ${last(a)} END`;
      return sql`
        SELECT ${single('activity', 'x', 'x.title', vals(firstOut('x')))}
        FROM activities x WHERE ${live('x', c.projectId)} AND (${out(first('x'))} OR ${out(last('x'))})
        UNION ALL
        SELECT ${single('event', 'e', 'e.name', vals(firstOut('e')))}
        FROM events e WHERE ${live('e', c.projectId)} AND (${out(first('e'))} OR ${out(last('e'))})
        UNION ALL
        SELECT ${single('synergy', 's', 's.initiative', vals(sql.raw('s.date')))}
        FROM synergies s WHERE ${live('s', c.projectId)} AND ${out(sql.raw('s.date'))}
        ORDER BY ids`;
    },
  },
  /** A running total (CUMULATIVE_METRICS) lower than the channel's previous snapshot. */
  metric_decrease: {
    severity: 'warning',
    query: (c) => sql`
      SELECT ${pair(
        'metric',
        metricLabel,
        sql`jsonb_build_object('metric', b.metric, 'channel', b.channel, 'dateA', a.date::text, 'valueA', a.value::text,
                               'dateB', b.date::text, 'valueB', b.value::text)`,
      )}
      FROM metric_snapshots b
      CROSS JOIN LATERAL (
        SELECT p.id, p.date, p.value, p.lead_partner, p.channel, p.metric FROM metric_snapshots p
        WHERE ${live('p', c.projectId)} AND p.metric = b.metric AND p.channel = b.channel AND p.date < b.date
        ORDER BY p.date DESC, p.value DESC, p.id LIMIT 1) a
      WHERE ${live('b', c.projectId)}
        AND b.metric IN (${sql.join(
          CUMULATIVE_METRICS.map((m) => sql`${m}`),
          sql`, `,
        )})
        AND b.value < a.value
      ORDER BY b.channel, b.metric, b.date, b.id`,
  },
  /** Two snapshots of one channel's metric on one day with different values. */
  metric_same_day: {
    severity: 'warning',
    query: (c) => sql`
      SELECT ${pair(
        'metric',
        metricLabel,
        sql`jsonb_build_object('metric', a.metric, 'channel', a.channel, 'date', a.date::text, 'valueA', a.value::text,
                               'valueB', b.value::text)`,
      )}
      FROM metric_snapshots a JOIN metric_snapshots b
        ON b.project_id = a.project_id AND b.metric = a.metric AND b.channel = a.channel AND b.date = a.date AND a.id < b.id
      WHERE ${live('a', c.projectId)} AND ${live('b', c.projectId)} AND a.value <> b.value
      ORDER BY ids`,
  },
};

/** The stable fingerprint: rule + sorted record ids + the contradicting values (canonical JSON, sha256). */
export function fingerprintOf(f: {
  rule: string;
  ids: readonly string[];
  values: Record<string, string>;
}): string {
  return sha256(canonicalJson({ rule: f.rule, ids: [...f.ids].sort(), values: f.values }));
}

/** A rule's row as a finding (values as text; the fingerprint). */
export function findingOf(rule: ConsistencyRule, row: RuleRow): AlertFinding {
  const values = Object.fromEntries(
    Object.entries(row.vals).map(([k, v]) => [k, v === null || v === undefined ? '' : String(v)]),
  );
  const records = row.ids.map((id, i) => ({
    kind: row.kinds[i] as RecordKind,
    id,
    label: row.labels[i] ?? '',
    partner: row.partners[i] ?? '',
  }));
  return {
    rule,
    severity: RULES[rule].severity,
    fingerprint: fingerprintOf({ rule, ids: row.ids, values }),
    records,
    values,
  };
}

/** Every rule's findings, rule by rule in CONSISTENCY_RULES order (one statement each). */
export async function runRules(db: Db | Tx, ctx: RuleContext): Promise<AlertFinding[]> {
  const out: AlertFinding[] = [];
  for (const rule of CONSISTENCY_RULES) {
    const result = (await db.execute(RULES[rule].query(ctx))) as unknown as { rows: RuleRow[] };
    for (const row of result.rows) out.push(findingOf(rule, row));
  }
  return out;
}
