/**
 * The KPI digest's content for one window (src/kpi/digest-window.ts), language-neutral: a list of sections, each an
 * id, a title key and its items. Every figure comes from SQL through the KPI engine and the dashboard's functions:
 * - KPI changes: each KPI whose value differs from what the previous digest showed (its stored values, when a digest
 *   ended where this window starts), else from the figures as of the day before the window;
 * - KPIs at risk: the dashboard's status (at risk or behind the pace to target), each with its drill-down;
 * - new records: live records created in the window, counted by type and lead partner, the first 20 listed;
 * - overdue: deliverables past due and not submitted, timeline items with a planned month gone by and nothing linked;
 * - missing sign-offs and inconsistencies: src/kpi/digest-sources.ts.
 * Reads only.
 */
import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { kpiDigests, projects } from '../db/schema';
import { RECORD_TYPES, type LocalizedText, type Plan, type RecordType } from '../plan/schema';
import { dayBefore, monthOf } from '../plan/time';
import { KIND_SLUGS } from '../records/kinds';
import { liveSql } from '../records/visibility';
import { deliverableStates, missedMonths, timelineActuals } from './dashboard';
import { missingSignoffs, openAlerts, type MissingSignoffItem, type OpenAlertItem } from './digest-sources';
import { digestWindow, type DigestWindow, type LastDigest } from './digest-window';
import { evaluateKpis, queryRows, type KpiValue } from './engine';
import { RECORD_SOURCES } from './fields';
import { loadPlanOrThrow } from './service';
import type { KpiStatus } from './status';

/** How many new records a digest lists (all are counted). */
export const NEW_RECORDS_LISTED = 20;

/** What a digest stores of each KPI (kpi_digests.kpis), so the next one can say what changed. */
export interface DigestKpiValue {
  id: string;
  value: number;
  hasValue: boolean;
  target: number;
  status: KpiStatus | null;
}

export interface KpiChangeItem {
  id: string;
  label: LocalizedText;
  /** Null: no value before (a manual KPI without one). */
  before: number | null;
  after: number;
  target: number;
  targetText: string;
  unit?: string;
  href: string;
}

export interface KpiRiskItem {
  id: string;
  label: LocalizedText;
  status: 'at_risk' | 'behind';
  value: number;
  target: number;
  expected: number | null;
  forecast: number | null;
  href: string;
}

export interface NewRecordItem {
  type: RecordType;
  id: string;
  label: string;
  /** The record's own date. */
  date: string;
  partner: string;
  href: string;
}

export interface RecordCount {
  type: RecordType;
  partner: string;
  n: number;
}

export type OverdueItem =
  | { kind: 'deliverable'; id: string; label: string; dueDate: string; href: string }
  | { kind: 'timeline'; id: string; label: LocalizedText; months: number[]; href: string };

export type DigestSection =
  | { id: 'kpi_changes'; titleKey: 'digest.section.kpiChanges'; items: KpiChangeItem[] }
  | { id: 'kpis_at_risk'; titleKey: 'digest.section.atRisk'; items: KpiRiskItem[] }
  | {
      id: 'new_records';
      titleKey: 'digest.section.newRecords';
      items: NewRecordItem[];
      counts: RecordCount[];
      total: number;
    }
  | { id: 'overdue'; titleKey: 'digest.section.overdue'; items: OverdueItem[] }
  | { id: 'missing_signoffs'; titleKey: 'digest.section.signoffs'; items: MissingSignoffItem[] }
  | { id: 'inconsistencies'; titleKey: 'digest.section.inconsistencies'; items: OpenAlertItem[] };

export type DigestSectionId = DigestSection['id'];

export interface Digest {
  projectId: string;
  acronym: string;
  plan: Plan;
  window: DigestWindow;
  /** The digest the changes are counted from (its stored values), or null (figures as of the day before `since`). */
  previous: LastDigest | null;
  /** The values this digest shows, to store. */
  kpis: DigestKpiValue[];
  sections: DigestSection[];
}

export const storedValue = (k: KpiValue): DigestKpiValue => ({
  id: k.id,
  value: k.value,
  hasValue: k.hasValue,
  target: k.target,
  status: k.status,
});

/** The digest that ended where `since` starts (its window's `until`), if any. */
async function digestEndingAt(db: Db, projectId: string, since: string) {
  const [row] = await db
    .select()
    .from(kpiDigests)
    .where(and(eq(kpiDigests.projectId, projectId), eq(kpiDigests.until, since)))
    .orderBy(kpiDigests.dueOn)
    .limit(1);
  return row;
}

const dashboardKpi = (projectId: string, kpiId: string) =>
  `/p/${encodeURIComponent(projectId)}/dashboard/kpis/${encodeURIComponent(kpiId)}`;

/** UTC midnight of a day, as a timestamptz literal. */
const midnight = (day: string) => sql`${`${day}T00:00:00Z`}::timestamptz`;

/** Live records of every type created in [since, until): type, id, label, own date, lead partner, creation. */
function createdIn(projectId: string, w: DigestWindow) {
  return sql.join(
    RECORD_TYPES.map((type) => {
      const s = RECORD_SOURCES[type];
      return sql`SELECT ${type}::text AS record_type, id, ${s.label}::text AS label, ${s.recorded}::text AS date,
                        lead_partner, created_at
                 FROM ${sql.raw(s.name)}
                 WHERE ${liveSql(projectId)} AND created_at >= ${midnight(w.since)} AND created_at < ${midnight(w.until)}`;
    }),
    sql` UNION ALL `,
  );
}

async function newRecords(db: Db, projectId: string, w: DigestWindow) {
  const [countRows, listRows] = await Promise.all([
    queryRows(
      db,
      sql`SELECT record_type, lead_partner, count(*)::int AS n FROM (${createdIn(projectId, w)}) r
          GROUP BY 1, 2 ORDER BY 1, 2`,
    ),
    queryRows(
      db,
      sql`SELECT record_type, id, label, date, lead_partner FROM (${createdIn(projectId, w)}) r
          ORDER BY created_at, record_type, id LIMIT ${NEW_RECORDS_LISTED}`,
    ),
  ]);
  const counts: RecordCount[] = countRows.map((r) => ({
    type: r.record_type as RecordType,
    partner: String(r.lead_partner),
    n: Number(r.n),
  }));
  const items: NewRecordItem[] = listRows.map((r) => {
    const type = r.record_type as RecordType;
    return {
      type,
      id: String(r.id),
      label: String(r.label ?? ''),
      date: String(r.date ?? '').slice(0, 10),
      partner: String(r.lead_partner),
      href: `/p/${encodeURIComponent(projectId)}/records/${KIND_SLUGS[type]}/${encodeURIComponent(String(r.id))}`,
    };
  });
  return { counts, items, total: counts.reduce((n, c) => n + c.n, 0) };
}

async function overdueItems(db: Db, projectId: string, plan: Plan, asOf: string): Promise<OverdueItem[]> {
  const [deliverables, actuals] = await Promise.all([
    deliverableStates(db, { projectId, plan, today: asOf }),
    timelineActuals(db, projectId, plan),
  ]);
  const p = encodeURIComponent(projectId);
  const current = monthOf(plan.project.start_date, asOf);
  const out: OverdueItem[] = deliverables
    .filter((d) => d.overdue)
    .map((d) => ({
      kind: 'deliverable',
      id: d.code,
      label: d.title,
      dueDate: d.dueDate,
      href: `/p/${p}/records/deliverables`,
    }));
  for (const t of plan.timeline) {
    const months = missedMonths(t.months, [...(actuals.get(t.id)?.keys() ?? [])], current);
    if (months.length > 0)
      out.push({ kind: 'timeline', id: t.id, label: t.label, months, href: `/p/${p}/dashboard#gantt` });
  }
  return out;
}

/** The digest of `projectId` for records created in [since, until) and figures as of the day before `until`. */
export async function buildDigest(
  db: Db,
  q: { projectId: string; since: string; until: string },
): Promise<Digest> {
  const { plan } = await loadPlanOrThrow(db, q.projectId);
  const window = digestWindow(q.since, q.until);
  const { projectId } = q;
  const [project] = await db
    .select({ acronym: projects.acronym })
    .from(projects)
    .where(eq(projects.id, projectId));
  const previousRow = await digestEndingAt(db, projectId, window.since);
  const [after, evaluatedBefore, records, overdue, signoffs, alerts] = await Promise.all([
    evaluateKpis(db, { projectId, plan, at: window.asOf }),
    previousRow ? Promise.resolve(null) : evaluateKpis(db, { projectId, plan, at: dayBefore(window.since) }),
    newRecords(db, projectId, window),
    overdueItems(db, projectId, plan, window.asOf),
    missingSignoffs(db, { projectId, today: window.asOf }),
    openAlerts(db, { projectId, today: window.asOf }),
  ]);
  const before = new Map<string, DigestKpiValue>(
    (previousRow ? (previousRow.kpis as DigestKpiValue[]) : (evaluatedBefore ?? []).map(storedValue)).map(
      (k) => [k.id, k],
    ),
  );
  const changes: KpiChangeItem[] = [];
  const atRisk: KpiRiskItem[] = [];
  for (const k of after) {
    const b = before.get(k.id);
    const was = b?.hasValue ? b.value : null;
    const is = k.hasValue ? k.value : null;
    if (is !== null && was !== is)
      changes.push({
        id: k.id,
        label: k.label,
        before: was,
        after: k.value,
        target: k.target,
        targetText: k.targetText,
        ...(k.unit ? { unit: k.unit } : {}),
        href: dashboardKpi(projectId, k.id),
      });
    if (k.status === 'at_risk' || k.status === 'behind')
      atRisk.push({
        id: k.id,
        label: k.label,
        status: k.status,
        value: k.value,
        target: k.target,
        expected: k.expected,
        forecast: k.forecast,
        href: dashboardKpi(projectId, k.id),
      });
  }
  return {
    projectId,
    acronym: project?.acronym ?? plan.project.acronym,
    plan,
    window,
    previous: previousRow ? { dueOn: previousRow.dueOn, until: previousRow.until } : null,
    kpis: after.map(storedValue),
    sections: [
      { id: 'kpi_changes', titleKey: 'digest.section.kpiChanges', items: changes },
      { id: 'kpis_at_risk', titleKey: 'digest.section.atRisk', items: atRisk },
      { id: 'new_records', titleKey: 'digest.section.newRecords', ...records },
      { id: 'overdue', titleKey: 'digest.section.overdue', items: overdue },
      { id: 'missing_signoffs', titleKey: 'digest.section.signoffs', items: signoffs },
      { id: 'inconsistencies', titleKey: 'digest.section.inconsistencies', items: alerts },
    ],
  };
}
