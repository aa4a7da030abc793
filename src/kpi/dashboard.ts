/**
 * The monitoring data behind the dashboard, each from SQL aggregates: activity per timeline item and month
 * (the Gantt's "actual" row), the partner contribution matrix, deliverables due against submitted, and the
 * "needs attention" list.
 */
import { sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { localize, type Plan, type RecordType } from '../plan/schema';
import type { DeliverableStatusValue } from '../records/deliverables';
import { queryRows } from './engine';
import { RECORD_SOURCES } from './fields';
import type { KpiValue } from './engine';
import { monthEnd, monthOf } from '../plan/time';
import { liveSql } from '../records/visibility';

const RECORD_TABLES: RecordType[] = ['activity', 'event', 'publication', 'synergy', 'metric'];

/** Every live record of a project as (type, date, lead_partner, partners, timeline_item, touched_at). */
function allRecords(projectId: string, projectStart: string) {
  return sql.join(
    RECORD_TABLES.map(
      (type) =>
        sql`SELECT ${type}::text AS record_type, ${RECORD_SOURCES[type].date(projectStart)} AS date, lead_partner,
                   partners, timeline_item, greatest(created_at, updated_at) AS touched_at
            FROM ${sql.raw(RECORD_SOURCES[type].name)} WHERE ${liveSql(projectId)}`,
    ),
    sql` UNION ALL `,
  );
}

/** For each timeline item, how many linked records fall in each project month. */
export async function timelineActuals(
  db: Db,
  projectId: string,
  plan: Plan,
): Promise<Map<string, Map<number, number>>> {
  const start = plan.project.start_date;
  const rows = await queryRows(
    db,
    sql`SELECT timeline_item,
               (extract(year from age(date, ${start}::date)) * 12 + extract(month from age(date, ${start}::date)))::int + 1 AS m,
               count(*)::int AS n
        FROM (${allRecords(projectId, start)}) r
        WHERE timeline_item IS NOT NULL AND date >= ${start}::date
        GROUP BY 1, 2`,
  );
  const out = new Map<string, Map<number, number>>();
  for (const r of rows) {
    const item = String(r.timeline_item);
    const months = out.get(item) ?? new Map<number, number>();
    months.set(Number(r.m), Number(r.n));
    out.set(item, months);
  }
  return out;
}

export interface PartnerContribution {
  partner: string;
  /** Records the partner leads, per record type. */
  led: Record<RecordType, number>;
  /** Records the partner takes part in without leading, per record type. */
  involved: Record<RecordType, number>;
  /** When the partner last reported (created or changed a record it leads), or null. */
  lastReport: Date | null;
}

const zero = (): Record<RecordType, number> => ({
  activity: 0,
  event: 0,
  publication: 0,
  synergy: 0,
  metric: 0,
});

/**
 * Per record type, ONE plain GROUP BY partner over each live record's partners, the lead first
 * (`unnest(array_prepend(lead_partner, partners)) WITH ORDINALITY`): the first element counts as led (within the
 * window) and gives the last report (whatever its date); a later one counts as involved (within the window) unless it
 * is the lead or listed earlier. One scan per table and no per-record aggregate (the former query de-duplicated each
 * record's partners with a DISTINCT per record).
 */
function contributionSql(
  type: RecordType,
  opts: { projectId: string; projectStart: string; from: string; to: string },
) {
  const date = RECORD_SOURCES[type].date(opts.projectStart);
  const inWindow = sql`${date} BETWEEN ${opts.from}::date AND ${opts.to}::date`;
  return sql`SELECT ${type}::text AS record_type, u.partner,
                    count(*) FILTER (WHERE u.i = 1 AND ${inWindow})::int AS led,
                    count(*) FILTER (WHERE u.i > 1 AND ${inWindow} AND u.partner <> lead_partner
                                       AND array_position(partners, u.partner) = u.i - 1)::int AS involved,
                    max(greatest(created_at, updated_at)) FILTER (WHERE u.i = 1) AS last_report
             FROM ${sql.raw(RECORD_SOURCES[type].name)},
                  unnest(array_prepend(lead_partner, partners)) WITH ORDINALITY AS u(partner, i)
             WHERE ${liveSql(opts.projectId)} GROUP BY u.partner`;
}

/** Per partner of the plan: records led and involved in, by type, within [from, to], and the last report. */
export async function contributionMatrix(
  db: Db,
  opts: { projectId: string; plan: Plan; from: string; to: string },
): Promise<PartnerContribution[]> {
  const window = { ...opts, projectStart: opts.plan.project.start_date };
  const rows = await queryRows(
    db,
    sql.join(
      RECORD_TABLES.map((type) => contributionSql(type, window)),
      sql` UNION ALL `,
    ),
  );
  const byPartner = new Map<string, PartnerContribution>(
    opts.plan.partners.map((p) => [
      p.code,
      { partner: p.code, led: zero(), involved: zero(), lastReport: null },
    ]),
  );
  for (const r of rows) {
    const c = byPartner.get(String(r.partner));
    if (!c) continue;
    const type = r.record_type as RecordType;
    c.led[type] += Number(r.led);
    c.involved[type] += Number(r.involved);
    const last = r.last_report ? new Date(r.last_report as string | Date) : null;
    if (last && (!c.lastReport || last > c.lastReport)) c.lastReport = last;
  }
  return [...byPartner.values()];
}

export type DeliverableStatus = DeliverableStatusValue;

export interface DeliverableState {
  code: string;
  title: string;
  wp: string;
  dueMonth: number;
  dueDate: string;
  status: DeliverableStatus;
  submittedOn: string | null;
  approvedOn: string | null;
  justification: string | null;
  /** Not submitted and its due date has passed. */
  overdue: boolean;
  /** Submitted after its due date. */
  late: boolean;
}

const isoOf = (v: unknown): string | null =>
  v === null || v === undefined
    ? null
    : v instanceof Date
      ? v.toISOString().slice(0, 10)
      : String(v).slice(0, 10);

/** Every deliverable of the plan with its status; "Pending" when nobody has set one. */
export async function deliverableStates(
  db: Db,
  opts: { projectId: string; plan: Plan; today: string },
): Promise<DeliverableState[]> {
  const rows = await queryRows(
    db,
    sql`SELECT code, status, submitted_on, approved_on, justification FROM deliverable_status WHERE project_id = ${opts.projectId}`,
  );
  const byCode = new Map(rows.map((r) => [String(r.code), r]));
  return opts.plan.work_packages.flatMap((wp) =>
    wp.deliverables.map((d) => {
      const r = byCode.get(d.code);
      const dueDate = monthEnd(opts.plan.project.start_date, d.due_month);
      const status = (r?.status as DeliverableStatus | undefined) ?? 'Pending';
      const submittedOn = isoOf(r?.submitted_on);
      const submitted = status === 'Submitted' || status === 'Approved';
      return {
        code: d.code,
        title: d.title,
        wp: wp.code,
        dueMonth: d.due_month,
        dueDate,
        status,
        submittedOn,
        approvedOn: isoOf(r?.approved_on),
        justification: (r?.justification as string | null | undefined) ?? null,
        overdue: !submitted && dueDate < opts.today,
        late: submitted && submittedOn !== null && submittedOn > dueDate,
      };
    }),
  );
}

export type AttentionItem =
  | { kind: 'kpi'; id: string; label: string; status: 'behind' | 'at_risk'; value: number; target: number }
  | { kind: 'deliverable_overdue'; id: string; label: string; dueDate: string }
  | { kind: 'deliverable_late_unjustified'; id: string; label: string; dueDate: string }
  | { kind: 'timeline_overdue'; id: string; label: string; months: number[] }
  | { kind: 'partner_silent'; id: string; label: string; since: string | null };

/** What the dissemination lead should look at: worst first. */
export function attentionList(opts: {
  plan: Plan;
  lang: string;
  today: string;
  kpis: KpiValue[];
  deliverables: DeliverableState[];
  actuals: Map<string, Map<number, number>>;
  contributions: PartnerContribution[];
  /** A partner with no report for this many days is "silent". */
  silentDays?: number;
}): AttentionItem[] {
  const { plan, lang, today } = opts;
  const items: AttentionItem[] = [];
  for (const k of opts.kpis) {
    if (k.status === 'behind' || k.status === 'at_risk') {
      items.push({
        kind: 'kpi',
        id: k.id,
        label: localize(k.label, lang),
        status: k.status,
        value: k.value,
        target: k.target,
      });
    }
  }
  for (const d of opts.deliverables) {
    if (d.overdue)
      items.push({ kind: 'deliverable_overdue', id: d.code, label: d.title, dueDate: d.dueDate });
    else if (d.late && !d.justification)
      items.push({ kind: 'deliverable_late_unjustified', id: d.code, label: d.title, dueDate: d.dueDate });
  }
  // A timeline item is overdue when a planned month has passed with no linked record near it.
  const current = monthOf(plan.project.start_date, today);
  for (const t of plan.timeline) {
    const missed = missedMonths(t.months, [...(opts.actuals.get(t.id)?.keys() ?? [])], current);
    if (missed.length > 0)
      items.push({ kind: 'timeline_overdue', id: t.id, label: localize(t.label, lang), months: missed });
  }
  const cutoff = new Date(Date.parse(`${today}T00:00:00Z`) - (opts.silentDays ?? 90) * 86_400_000);
  const started = monthOf(plan.project.start_date, today) > 3;
  for (const c of opts.contributions) {
    if (started && (!c.lastReport || c.lastReport < cutoff)) {
      items.push({
        kind: 'partner_silent',
        id: c.partner,
        label: c.partner,
        since: c.lastReport ? c.lastReport.toISOString().slice(0, 10) : null,
      });
    }
  }
  const rank = (i: AttentionItem) =>
    i.kind === 'kpi'
      ? i.status === 'behind'
        ? 0
        : 3
      : i.kind === 'deliverable_overdue'
        ? 1
        : i.kind === 'timeline_overdue'
          ? 2
          : 4;
  return items.sort((a, b) => rank(a) - rank(b));
}

/**
 * Planned months before `current` that no record answers. Each record answers the one planned month nearest to
 * it (a tie goes to the earlier month: a late delivery), so one record never covers two planned months.
 */
export function missedMonths(planned: number[], actual: number[], current: number): number[] {
  const months = [...new Set(planned)].sort((a, b) => a - b);
  const answered = new Set<number>();
  for (const a of actual) {
    let best: number | undefined;
    for (const m of months) if (best === undefined || Math.abs(a - m) < Math.abs(a - best)) best = m;
    if (best !== undefined) answered.add(best);
  }
  return months.filter((m) => m < current && !answered.has(m));
}
