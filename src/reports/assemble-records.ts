/** The report's record sections for a period: activities (by type, by SQL aggregate), events, publications, synergies, metrics. */
import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db/client';
import type { Lang } from '../i18n';
import { queryRows } from '../kpi/engine';
import { placedPublicationDate } from '../kpi/fields';
import { liveSql } from '../records/visibility';
import { vocabularyLabel } from '../records/vocabularies/labels-ja';
import { valueLabel } from '../records/views/shared';
import { countryName } from '../ui/parts';
import { formatBibliography, type CitationSource } from './citations';
import type {
  ReportActivity,
  ReportActivityType,
  ReportEvent,
  ReportMetric,
  ReportPublication,
  ReportSynergy,
} from './model';

export interface PeriodQuery {
  projectId: string;
  projectStart: string;
  from: string;
  to: string;
  lang: Lang;
}

type Row = Record<string, unknown>;

const str = (v: unknown): string => (v === null || v === undefined ? '' : String(v));
const strOrNull = (v: unknown): string | null =>
  v === null || v === undefined || v === '' ? null : String(v);
const numOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
const list = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : []);

const between = (date: SQL, q: PeriodQuery): SQL => sql`${date} BETWEEN ${q.from}::date AND ${q.to}::date`;

/** Activities in the period: per type, count and persons reached summed in SQL; and the list, by date. */
export async function periodActivities(
  db: Db,
  q: PeriodQuery,
): Promise<{ byType: ReportActivityType[]; items: ReportActivity[] }> {
  const where = sql`${liveSql(q.projectId)} AND ${between(sql.raw('start_date'), q)}`;
  const groups = await queryRows(
    db,
    sql`SELECT type, count(*)::int AS n, sum(persons_reached)::double precision AS reached
        FROM activities WHERE ${where} GROUP BY type ORDER BY count(*) DESC, type`,
  );
  const rows = await queryRows(
    db,
    sql`SELECT id, title, type, category, start_date::text AS start_date, end_date::text AS end_date, status,
               lead_partner, partners, persons_reached, links
        FROM activities WHERE ${where} ORDER BY start_date, title, id`,
  );
  return {
    byType: groups.map((g) => ({
      type: str(g.type),
      label: vocabularyLabel(q.lang, str(g.type)),
      count: Number(g.n),
      reached: numOrNull(g.reached),
    })),
    items: rows.map((r) => ({
      id: str(r.id),
      title: str(r.title),
      type: str(r.type),
      typeLabel: vocabularyLabel(q.lang, str(r.type)),
      category: valueLabel(q.lang, 'category', str(r.category)),
      startDate: str(r.start_date),
      endDate: strOrNull(r.end_date),
      status: str(r.status),
      statusLabel: vocabularyLabel(q.lang, str(r.status)),
      leadPartner: str(r.lead_partner),
      partners: list(r.partners),
      reached: numOrNull(r.persons_reached),
      links: list(r.links),
    })),
  };
}

/** Table 4: the events that start in the period. */
export async function periodEvents(db: Db, q: PeriodQuery): Promise<ReportEvent[]> {
  const rows = await queryRows(
    db,
    sql`SELECT id, name, kind, city, country, start_date::text AS start_date, end_date::text AS end_date,
               lead_partner, partners, roles, participants, website, status
        FROM events WHERE ${liveSql(q.projectId)} AND ${between(sql.raw('start_date'), q)}
        ORDER BY start_date, name, id`,
  );
  return rows.map((r) => ({
    id: str(r.id),
    name: str(r.name),
    kindLabel: valueLabel(q.lang, 'kind', str(r.kind)),
    city: str(r.city),
    country: str(r.country),
    countryLabel: countryName(q.lang, str(r.country)),
    startDate: str(r.start_date),
    endDate: strOrNull(r.end_date),
    partners: [...new Set([str(r.lead_partner), ...list(r.partners)])],
    roles: list(r.roles).map((role) => valueLabel(q.lang, 'roles', role)),
    participants: numOrNull(r.participants),
    website: strOrNull(r.website),
    status: valueLabel(q.lang, 'status', str(r.status)),
  }));
}

/** The publications placed in the period (the KPI engine's date rule), with their CSL references. */
export async function periodPublications(db: Db, q: PeriodQuery): Promise<ReportPublication[]> {
  const rows = await queryRows(
    db,
    sql`SELECT id, type, title, authors, venue, publisher, volume, issue, pages, year, date::text AS date,
               date_precision, doi, isbn, issn, open_access, repository_url, url, peer_reviewed, joint_eu_jp
        FROM publications
        WHERE ${liveSql(q.projectId)} AND ${between(placedPublicationDate(q.projectStart), q)}`,
  );
  const sources: CitationSource[] = rows.map((r) => ({
    id: str(r.id),
    type: str(r.type),
    title: str(r.title),
    authors: Array.isArray(r.authors) ? (r.authors as Array<{ name?: unknown }>).map((a) => str(a.name)) : [],
    venue: strOrNull(r.venue),
    publisher: strOrNull(r.publisher),
    volume: strOrNull(r.volume),
    issue: strOrNull(r.issue),
    pages: strOrNull(r.pages),
    year: Number(r.year),
    date: strOrNull(r.date),
    datePrecision: str(r.date_precision),
    doi: strOrNull(r.doi),
    isbn: strOrNull(r.isbn),
    issn: strOrNull(r.issn),
    url: strOrNull(r.url) ?? strOrNull(r.repository_url),
  }));
  const citations = await formatBibliography(sources, q.lang);
  const out = rows.map((r, i) => ({
    id: str(r.id),
    citation: citations[i] ?? '',
    type: str(r.type),
    typeLabel: valueLabel(q.lang, 'type', str(r.type)),
    year: Number(r.year),
    doi: strOrNull(r.doi),
    openAccess: str(r.open_access),
    openAccessLabel: valueLabel(q.lang, 'open_access', str(r.open_access)),
    repositoryUrl: strOrNull(r.repository_url),
    url: strOrNull(r.url),
    peerReviewed: r.peer_reviewed === true,
    jointEuJp: r.joint_eu_jp === true,
  }));
  // A bibliography's order: by reference (author, year), then id for ties.
  return out.sort((a, b) => a.citation.localeCompare(b.citation) || a.id.localeCompare(b.id));
}

/** Table 5: synergies and standardisation dated in the period. */
export async function periodSynergies(db: Db, q: PeriodQuery): Promise<ReportSynergy[]> {
  const rows = await queryRows(
    db,
    sql`SELECT id, initiative, kind, date::text AS date, description, lead_partner, partners
        FROM synergies WHERE ${liveSql(q.projectId)} AND ${between(sql.raw('date'), q)}
        ORDER BY date, initiative, id`,
  );
  return rows.map((r) => ({
    id: str(r.id),
    initiative: str(r.initiative),
    kindLabel: valueLabel(q.lang, 'kind', str(r.kind)),
    date: str(r.date),
    description: strOrNull(r.description),
    partners: [...new Set([str(r.lead_partner), ...list(r.partners)])],
  }));
}

/**
 * Per channel and metric: the latest snapshot on or before the period's end (only channels with one), and the
 * latest on or before its start (null when none), by DISTINCT ON in SQL.
 */
export async function periodMetrics(db: Db, q: PeriodQuery): Promise<ReportMetric[]> {
  const latest = (at: string) =>
    sql`SELECT DISTINCT ON (channel, metric) channel, channel_kind, metric, value, date
        FROM metric_snapshots WHERE ${liveSql(q.projectId)} AND date <= ${at}::date
        ORDER BY channel, metric, date DESC, updated_at DESC`;
  const rows: Row[] = await queryRows(
    db,
    sql`SELECT e.channel, e.channel_kind, e.metric, e.value::double precision AS value, e.date::text AS at,
               s.value::double precision AS start_value
        FROM (${latest(q.to)}) e LEFT JOIN (${latest(q.from)}) s ON s.channel = e.channel AND s.metric = e.metric
        WHERE e.date >= ${q.projectStart}::date
        ORDER BY e.channel, e.metric`,
  );
  return rows.map((r) => ({
    channel: str(r.channel),
    metric: str(r.metric),
    label: `${str(r.channel)} · ${valueLabel(q.lang, 'metric', str(r.metric))}`,
    value: Number(r.value),
    at: str(r.at),
    startValue: numOrNull(r.start_value),
  }));
}
