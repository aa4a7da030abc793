/**
 * Pre-flight rules about records in general: the Portal's mandatory fields (data: preflight-mandatory.ts),
 * delivered activities without evidence, DOIs that do not parse, and the Horizon Europe final-report rule.
 */
import { sql, type SQL } from 'drizzle-orm';
import { queryRows } from '../kpi/engine';
import { RECORD_SOURCES } from '../kpi/fields';
import type { RecordType } from '../plan/schema';
import { DOI_PATTERN, normaliseDoi } from '../records/schema';
import { liveSql, visibleSql } from '../records/visibility';
import { MANDATORY_FIELDS, type MandatoryField } from './preflight-mandatory';
import { inPeriod, recordFinding, type Rule } from './preflight-types';

const table = (kind: RecordType) => sql.raw(RECORD_SOURCES[kind].name);

function missing(f: MandatoryField): SQL {
  const col = sql.identifier(f.field);
  const empty =
    f.test === 'text'
      ? sql`coalesce(btrim(${col}::text), '') = ''`
      : f.test === 'list'
        ? sql`coalesce(cardinality(${col}), 0) = 0`
        : sql`${col} IS NULL`;
  if (!f.when) return empty;
  const values = sql.join(
    f.when.values.map((v) => sql`${v}`),
    sql`, `,
  );
  return sql`(${sql.identifier(f.when.field)} IN (${values}) AND ${empty})`;
}

/** Missing mandatory fields: one statement per record type, each row naming the fields it lacks. */
const mandatory: Rule = async (ctx) => {
  const fields = MANDATORY_FIELDS[ctx.programme] ?? [];
  const kinds = [...new Set(fields.map((f) => f.kind))];
  const out = [];
  for (const kind of kinds) {
    const mine = fields.filter((f) => f.kind === kind);
    const names = mine.map((f) => sql`CASE WHEN ${missing(f)} THEN ${f.field}::text END`);
    const rows = await queryRows(
      ctx.db,
      sql`SELECT id, label, missing FROM (
            SELECT id, ${RECORD_SOURCES[kind].label} AS label,
                   array_remove(ARRAY[${sql.join(names, sql`, `)}]::text[], NULL) AS missing
            FROM ${table(kind)} WHERE ${liveSql(ctx.projectId)} AND ${inPeriod(ctx, kind)}) m
          WHERE cardinality(missing) > 0 ORDER BY label, id`,
    );
    for (const r of rows)
      for (const field of r.missing as string[])
        out.push(
          recordFinding(ctx, {
            rule: 'mandatory',
            severity: 'error',
            kind,
            recordId: String(r.id),
            label: String(r.label),
            field,
            messageKey: 'preflight.finding.mandatory',
            params: { field },
          }),
        );
  }
  return out;
};

/** Delivered activities of the period with no evidence file (photos, slides, attendance lists). */
const evidence: Rule = async (ctx) => {
  const rows = await queryRows(
    ctx.db,
    sql`SELECT a.id, a.title AS label FROM activities a
        WHERE a.project_id = ${ctx.projectId} AND a.deleted_at IS NULL AND ${visibleSql('a')}
          AND a.status = 'Delivered' AND a.start_date BETWEEN ${ctx.period.from}::date AND ${ctx.period.to}::date
          AND NOT EXISTS (SELECT 1 FROM evidence_files e WHERE e.project_id = a.project_id
                          AND e.record_type = 'activity' AND e.record_id = a.id AND e.deleted_at IS NULL)
        ORDER BY a.title, a.id`,
  );
  return rows.map((r) =>
    recordFinding(ctx, {
      rule: 'evidence',
      severity: 'warning',
      kind: 'activity',
      recordId: String(r.id),
      label: String(r.label),
      messageKey: 'preflight.finding.evidence',
    }),
  );
};

/** DOIs (own or container) that are not `10.NNNN/…` once normalised: SQL picks the period's DOIs, the parser judges. */
const doi: Rule = async (ctx) => {
  const rows = await queryRows(
    ctx.db,
    sql`SELECT id, title AS label, doi, container_doi FROM publications
        WHERE ${liveSql(ctx.projectId)} AND ${inPeriod(ctx, 'publication')}
          AND (doi IS NOT NULL OR container_doi IS NOT NULL) ORDER BY title, id`,
  );
  const out = [];
  for (const r of rows)
    for (const field of ['doi', 'container_doi'] as const) {
      const value = r[field];
      if (typeof value !== 'string' || DOI_PATTERN.test(normaliseDoi(value))) continue;
      out.push(
        recordFinding(ctx, {
          rule: 'doi',
          severity: 'error',
          kind: 'publication',
          recordId: String(r.id),
          label: String(r.label),
          field,
          messageKey: 'preflight.finding.doi',
          params: { doi: value },
        }),
      );
    }
  return out;
};

/**
 * Horizon Europe's final report (a period ending at the project's end): at least one `Delivered` communication
 * activity, and none `Ongoing` or `Postponed` — over the whole project, as the Portal checks it.
 */
const finalReport: Rule = async (ctx) => {
  if (ctx.programme !== 'HORIZON_EUROPE' || !ctx.final) return [];
  const rows = await queryRows(
    ctx.db,
    sql`SELECT id, title AS label, status, count(*) FILTER (WHERE status = 'Delivered') OVER () AS delivered
        FROM activities WHERE ${liveSql(ctx.projectId)} AND category = 'communication'
        ORDER BY title, id`,
  );
  const delivered = rows.length > 0 ? Number(rows[0]?.delivered) : 0;
  const out = rows
    .filter((r) => r.status === 'Ongoing' || r.status === 'Postponed')
    .map((r) =>
      recordFinding(ctx, {
        rule: 'final_report',
        severity: 'error',
        kind: 'activity',
        recordId: String(r.id),
        label: String(r.label),
        field: 'status',
        messageKey: 'preflight.finding.finalOpen',
        params: { status: String(r.status) },
      }),
    );
  if (delivered === 0)
    out.unshift(
      recordFinding(ctx, {
        rule: 'final_report',
        severity: 'error',
        kind: 'project',
        recordId: null,
        label: null,
        messageKey: 'preflight.finding.finalNoDelivered',
        href: `/p/${ctx.projectId}/records/activities/new`,
      }),
    );
  return out;
};

export const RECORD_RULES: readonly Rule[] = [mandatory, evidence, doi, finalReport];
