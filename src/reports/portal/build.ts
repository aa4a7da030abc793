/**
 * A Portal tab's rows for a project, from SQL over its live records (everything, or new or changed since the last
 * submitted report), each value mapped to the programme's vocabulary; over-long and unmappable values are findings.
 */
import { sql, type SQL } from 'drizzle-orm';
import { authorize, type Actor } from '../../auth/permissions';
import type { Db } from '../../db/client';
import { notFound } from '../../errors';
import { queryRows } from '../../kpi/engine';
import { getCurrentPlan } from '../../projects/repository';
import type { Plan } from '../../plan/schema';
import { liveSql } from '../../records/visibility';
import { audiencesFor, vocabularyFor, type FunderVocabulary } from '../../records/vocabularies';
import type { OpenAccessRoute } from '../../records/schema';
import { recordHref, type PreflightFinding } from '../preflight-types';
import { deliverableRows } from './deliverables';
import {
  DELIVERABLE_STATUSES,
  NO,
  OA_ROUTES,
  PORTAL_TABS,
  PROGRAMME_NAMES,
  YES,
  type PortalColumn,
  type PortalTab,
} from './tabs';

export type PortalSince = 'all' | 'report';

/** A finding of the Portal tables: the pre-flight's shape, its rule one of these two. */
export type PortalFinding = Omit<PreflightFinding, 'rule'> & { rule: 'portal_length' | 'portal_vocabulary' };

export interface PortalRow {
  recordId: string;
  /** One text per column, in the tab's order: what is copied and exported, verbatim. */
  cells: string[];
  /** Each cell's values before joining (a list cell's items), for pages that label them in their language. */
  parts: string[][];
}

export interface PortalTable {
  plan: Plan;
  programme: string;
  tab: PortalTab;
  /** The programme's tabs (for the page's navigation). */
  tabs: readonly PortalTab[];
  rows: PortalRow[];
  findings: PortalFinding[];
  /** The last submitted report's time when `since` is `report` and there is one; else null (everything). */
  since: Date | null;
}

export interface PortalOptions {
  actor: Actor;
  projectId: string;
  /** A tab id of the project's programme; its first tab when absent. */
  tab?: string;
  since?: PortalSince;
}

/** What each kind's query selects: dates as ISO text, so both engines give the same values. */
const SELECTS: Record<'activity' | 'publication', SQL> = {
  activity: sql.raw(
    `SELECT id, title, description, category, type, audiences, channels, status, outcome, lead_partner,
            start_date::text AS start_date, persons_reached, countries, joint_with_other_projects
       FROM activities`,
  ),
  publication: sql.raw(
    `SELECT id, type, title, authors, venue, publisher, issue, pages, year, doi, isbn, issn, peer_reviewed,
            open_access, repository_url, url, joint_public_private
       FROM publications`,
  ),
};
const ORDER: Record<'activity' | 'publication', SQL> = {
  activity: sql.raw('ORDER BY start_date, title, id'),
  publication: sql.raw('ORDER BY year, title, id'),
};

type Row = Record<string, unknown>;

/** A list cell's values, whatever the driver returned. */
const listOf = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : []);

interface Mapped {
  text: string;
  /** The values `text` joins (one for a single value). */
  parts?: string[];
  /** Values the vocabulary does not know. */
  unknown: string[];
}

function mapCell(col: PortalColumn, row: Row, vocabulary: FunderVocabulary): Mapped {
  const value = row[col.field];
  const oneOf = (allowed: readonly string[]): Mapped => {
    const text = value === null || value === undefined ? '' : String(value);
    return allowed.includes(text) ? { text, unknown: [] } : { text: '', unknown: [text] };
  };
  const manyOf = (allowed: readonly string[]): Mapped => {
    const values = listOf(value);
    const known = values.filter((v) => allowed.includes(v));
    return { text: known.join('; '), parts: known, unknown: values.filter((v) => !allowed.includes(v)) };
  };
  switch (col.map) {
    case 'activity_type':
      return oneOf(vocabulary.activityTypes);
    case 'status':
      return oneOf(vocabulary.statuses);
    case 'audiences':
      return manyOf(
        audiencesFor(vocabulary, row.category === 'dissemination' ? 'dissemination' : 'communication'),
      );
    case 'channels':
      return manyOf(vocabulary.channels);
    case 'publication_type': {
      const label = (vocabulary.publicationTypeLabels as Record<string, string | undefined>)[String(value)];
      return label ? { text: label, unknown: [] } : { text: '', unknown: [String(value)] };
    }
    case 'open_access':
    case 'oa_route': {
      const oa = OA_ROUTES[value as OpenAccessRoute] as (typeof OA_ROUTES)[OpenAccessRoute] | undefined;
      if (!oa) return { text: '', unknown: [String(value)] };
      return { text: col.map === 'oa_route' ? oa.route : oa.open ? YES : NO, unknown: [] };
    }
    case 'yes_no':
      return { text: value ? YES : NO, unknown: [] };
    case 'authors': {
      const authors = Array.isArray(value) ? (value as { name?: unknown }[]) : [];
      return { text: authors.map((a) => String(a.name ?? '')).join('; '), unknown: [] };
    }
    case 'list':
      return { text: listOf(value).join('; '), unknown: [] };
    case 'deliverable_status': {
      const status = DELIVERABLE_STATUSES[String(value)];
      return status ? { text: status, unknown: [] } : { text: '', unknown: [String(value)] };
    }
    case 'text':
      return { text: value === null || value === undefined ? '' : String(value), unknown: [] };
  }
}

/** A records tab's rows: the project's live records of the tab's kind (and category). */
async function recordRows(
  db: Db,
  opts: { projectId: string; tab: PortalTab; kind: 'activity' | 'publication'; since: Date | null },
): Promise<Row[]> {
  const conditions = [liveSql(opts.projectId)];
  if (opts.tab.category) conditions.push(sql`category = ${opts.tab.category}`);
  if (opts.since) conditions.push(sql`updated_at > ${opts.since.toISOString()}::timestamptz`);
  return queryRows(
    db,
    sql`${SELECTS[opts.kind]} WHERE ${sql.join(conditions, sql` AND `)} ${ORDER[opts.kind]}`,
  );
}

/** The tabs of a project's programme. */
export function tabsFor(programme: string | undefined): readonly PortalTab[] {
  return PORTAL_TABS[vocabularyFor(programme).programme] ?? [];
}

/** When the project's last report was submitted, or null. */
export async function lastSubmittedAt(db: Db, projectId: string): Promise<Date | null> {
  const [row] = await queryRows(
    db,
    sql`SELECT max(submitted_at) AS at FROM reports WHERE project_id = ${projectId} AND submitted_at IS NOT NULL`,
  );
  const at = row?.at;
  return at === null || at === undefined ? null : new Date(at as string | Date);
}

/** The rows of one Portal tab for a project and the findings they raise. Needs `report.read`; reads only. */
export async function buildPortalTable(db: Db, opts: PortalOptions): Promise<PortalTable> {
  authorize(opts.actor, 'report.read', { projectId: opts.projectId });
  const current = await getCurrentPlan(db, opts.projectId);
  if (!current) throw notFound('project');
  const vocabulary = vocabularyFor(current.plan.project.programme);
  const tabs = PORTAL_TABS[vocabulary.programme] ?? [];
  const tab = opts.tab === undefined ? tabs[0] : tabs.find((t) => t.id === opts.tab);
  if (!tab) throw notFound('portal tab');
  const since = opts.since === 'report' ? await lastSubmittedAt(db, opts.projectId) : null;
  const rows =
    tab.kind === 'deliverable'
      ? await deliverableRows(db, { projectId: opts.projectId, plan: current.plan, since })
      : await recordRows(db, { projectId: opts.projectId, tab, kind: tab.kind, since });
  const findings: PortalFinding[] = [];
  const out = rows.map((row): PortalRow => {
    const recordId = String(row.id);
    const finding = (f: Pick<PortalFinding, 'rule' | 'field' | 'messageKey' | 'params'>): PortalFinding => ({
      ...f,
      severity: 'error',
      kind: tab.kind === 'deliverable' ? 'project' : tab.kind,
      recordId,
      label: String(row.title ?? ''),
      href:
        tab.kind === 'deliverable'
          ? `/p/${opts.projectId}/records/deliverables`
          : recordHref(opts.projectId, tab.kind, recordId),
    });
    const parts: string[][] = [];
    const cells = tab.columns.map((col) => {
      const mapped = mapCell(col, row, vocabulary);
      for (const value of mapped.unknown)
        findings.push(
          finding({
            rule: 'portal_vocabulary',
            field: col.field,
            messageKey: 'portal.finding.vocabulary',
            params: {
              field: col.header,
              value,
              programme: PROGRAMME_NAMES[vocabulary.programme] ?? vocabulary.programme,
            },
          }),
        );
      const length = [...mapped.text].length;
      if (col.maxLength !== undefined && length > col.maxLength)
        findings.push(
          finding({
            rule: 'portal_length',
            field: col.field,
            messageKey: 'portal.finding.length',
            params: { field: col.header, limit: col.maxLength, length },
          }),
        );
      parts.push(mapped.parts ?? (mapped.text === '' ? [] : [mapped.text]));
      return mapped.text;
    });
    return { recordId, cells, parts };
  });
  return { plan: current.plan, programme: vocabulary.programme, tab, tabs, rows: out, findings, since };
}
