/** What the coordinator keeps for a report, read in the reports domain: texts, deviations, recommendations, corrections. */
import { sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { translate, type Lang } from '../i18n';
import { queryRows } from '../kpi/engine';
import type { ReportCorrection, ReportDeviation, ReportRecommendation } from './model';

const str = (v: unknown): string => (v === null || v === undefined ? '' : String(v));
const strOrNull = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));
const iso = (v: unknown): string => (v instanceof Date ? v.toISOString() : str(v));

/**
 * The report's texts of one scope by key (`summary`, `deviations`, `kpi:<code>`), in `lang`, each falling back to
 * the English text when the language has none.
 */
export async function reportTextsOf(
  db: Db,
  q: { projectId: string; scope: string; lang: Lang },
): Promise<Map<string, string>> {
  const rows = await queryRows(
    db,
    sql`SELECT key, lang, body FROM report_texts
        WHERE project_id = ${q.projectId} AND scope = ${q.scope} AND lang IN (${q.lang}, 'en')`,
  );
  const out = new Map<string, string>();
  for (const r of rows) if (str(r.lang) === 'en') out.set(str(r.key), str(r.body));
  for (const r of rows) if (str(r.lang) === q.lang && str(r.body) !== '') out.set(str(r.key), str(r.body));
  return out;
}

/** Deviations noted in the period (not deleted), by date. */
export async function periodDeviations(
  db: Db,
  q: { projectId: string; from: string; to: string },
): Promise<ReportDeviation[]> {
  const rows = await queryRows(
    db,
    sql`SELECT id, noted_on::text AS noted_on, kpi, wp, description, corrective_action FROM deviations
        WHERE project_id = ${q.projectId} AND deleted_at IS NULL
          AND noted_on BETWEEN ${q.from}::date AND ${q.to}::date
        ORDER BY noted_on, created_at, id`,
  );
  return rows.map((r) => ({
    id: str(r.id),
    notedOn: str(r.noted_on),
    kpi: strOrNull(r.kpi),
    wp: strOrNull(r.wp),
    description: str(r.description),
    correctiveAction: str(r.corrective_action),
  }));
}

/** Reviewers' recommendations received up to the period's end (or undated), not deleted: each report follows them up. */
export async function periodRecommendations(
  db: Db,
  q: { projectId: string; to: string; lang: Lang },
): Promise<ReportRecommendation[]> {
  const rows = await queryRows(
    db,
    sql`SELECT id, review, received_on::text AS received_on, text, response, actions, kpis, status
        FROM recommendations
        WHERE project_id = ${q.projectId} AND deleted_at IS NULL
          AND (received_on IS NULL OR received_on <= ${q.to}::date)
        ORDER BY received_on NULLS LAST, created_at, id`,
  );
  return rows.map((r) => ({
    id: str(r.id),
    review: str(r.review),
    receivedOn: strOrNull(r.received_on),
    text: str(r.text),
    response: str(r.response),
    actions: str(r.actions),
    kpis: Array.isArray(r.kpis) ? r.kpis.map(String) : [],
    status: str(r.status),
    statusLabel: translate(q.lang, `reports.recommendation.${str(r.status)}`),
  }));
}

/**
 * Corrections of records locked by an earlier submitted report: those not yet listed by a later report, and those
 * made up to the period's end.
 */
export async function pendingCorrections(
  db: Db,
  q: { projectId: string; to: string },
): Promise<ReportCorrection[]> {
  const rows = await queryRows(
    db,
    sql`SELECT kind, original_id, correction_id, reason, created_at FROM record_corrections
        WHERE project_id = ${q.projectId} AND reported_in IS NULL
          AND created_at < (${q.to}::date + 1)::timestamptz
        ORDER BY created_at, id`,
  );
  return rows.map((r) => ({
    kind: str(r.kind),
    originalId: str(r.original_id),
    correctionId: str(r.correction_id),
    reason: str(r.reason),
    createdAt: iso(r.created_at),
  }));
}
