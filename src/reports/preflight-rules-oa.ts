/**
 * Pre-flight rules about open access: status unknown; "gold" claimed for a venue that is not open; the programme's
 * rules (H2020 Art. 29.2: deposit at publication, embargo ≤ 6 months, 12 for social sciences and humanities;
 * Horizon Europe: immediate open access in a repository under CC BY, or CC0: src/records/licence.ts). See
 * ARCHITECTURE.md (Decisions) for what "not open" means and which licences pass.
 */
import { sql } from 'drizzle-orm';
import { queryRows } from '../kpi/engine';
import { HE_LICENCE_SQL } from '../records/licence';
import { liveSql, visibleSql } from '../records/visibility';
import {
  inPeriod,
  recordFinding,
  type PreflightFinding,
  type Rule,
  type RuleContext,
} from './preflight-types';

const PUBLISHED = sql.raw('coalesce(date, make_date(year, 1, 1))');
const ISSN = /^\d{4}-?\d{3}[\dXx]$/;

const finding = (
  ctx: RuleContext,
  r: Record<string, unknown>,
  f: Pick<PreflightFinding, 'rule' | 'field' | 'messageKey'> & { params?: PreflightFinding['params'] },
) =>
  recordFinding(ctx, {
    severity: 'error',
    kind: 'publication',
    recordId: String(r.id),
    label: String(r.label),
    ...f,
  });

/** Publications of the period whose open-access route nobody settled. */
const unknownStatus: Rule = async (ctx) => {
  const rows = await queryRows(
    ctx.db,
    sql`SELECT id, title AS label FROM publications
        WHERE ${liveSql(ctx.projectId)} AND ${inPeriod(ctx, 'publication')} AND open_access = 'unknown'
        ORDER BY title, id`,
  );
  return rows.map((r) =>
    finding(ctx, r, { rule: 'oa_unknown', field: 'open_access', messageKey: 'preflight.finding.oaUnknown' }),
  );
};

/**
 * "Gold" for a venue that is not open: the record carries an embargo (gold is open at publication); or the plan lists
 * the venue (ISSN or name) as subscription/hybrid; or another publication of the project in the same venue (same
 * ISSN, else same name) is marked hybrid or closed, so the venue publishes paywalled papers.
 */
const goldNotOpen: Rule = async (ctx) => {
  const listed = ctx.plan.publications?.subscription_venues ?? [];
  const issns = listed.filter((v) => ISSN.test(v)).map((v) => v.toUpperCase().replace(/^(\d{4})-?/, '$1-'));
  const names = listed.filter((v) => !ISSN.test(v)).map((v) => v.trim().toLowerCase());
  const inList = (values: string[], expr: ReturnType<typeof sql.raw>) =>
    values.length === 0
      ? sql`false`
      : sql`coalesce(${expr} IN (${sql.join(
          values.map((v) => sql`${v}`),
          sql`, `,
        )}), false)`;
  const rows = await queryRows(
    ctx.db,
    sql`SELECT id, title AS label, venue, embargo_end IS NOT NULL AS embargoed,
               (${inList(issns, sql.raw('upper(issn)'))} OR ${inList(names, sql.raw('lower(btrim(venue))'))}) AS listed,
               (SELECT count(*)::int FROM publications o
                 WHERE o.project_id = publications.project_id AND o.deleted_at IS NULL AND ${visibleSql('o')}
                   AND o.id <> publications.id AND o.open_access IN ('hybrid', 'closed')
                   AND ((publications.issn IS NOT NULL AND o.issn = publications.issn)
                        OR (publications.issn IS NULL AND publications.venue IS NOT NULL
                            AND lower(btrim(o.venue)) = lower(btrim(publications.venue))))) AS paywalled
        FROM publications
        WHERE ${liveSql(ctx.projectId)} AND ${inPeriod(ctx, 'publication')} AND open_access = 'gold'
        ORDER BY title, id`,
  );
  const out: PreflightFinding[] = [];
  for (const r of rows) {
    const venue = String(r.venue ?? '');
    if (r.embargoed)
      out.push(
        finding(ctx, r, {
          rule: 'gold_not_open',
          field: 'embargo_end',
          messageKey: 'preflight.finding.goldEmbargo',
        }),
      );
    else if (r.listed)
      out.push(
        finding(ctx, r, {
          rule: 'gold_not_open',
          field: 'open_access',
          messageKey: 'preflight.finding.goldListed',
          params: { venue },
        }),
      );
    else if (Number(r.paywalled) > 0)
      out.push(
        finding(ctx, r, {
          rule: 'gold_not_open',
          field: 'open_access',
          messageKey: 'preflight.finding.goldMixedVenue',
          params: { venue, n: Number(r.paywalled) },
        }),
      );
  }
  return out;
};

/** The programme's open-access rules, for the period's peer-reviewed publications. */
const programmeRules: Rule = async (ctx) => {
  const h2020 = ctx.programme === 'H2020';
  const months = h2020 ? (ctx.plan.publications?.social_sciences_humanities ? 12 : 6) : 0;
  const rows = await queryRows(
    ctx.db,
    sql`SELECT id, title AS label, open_access, embargo_end::text AS embargo_end,
               coalesce(btrim(repository_url), '') = '' AS undeposited, licence,
               coalesce(licence ~ ${HE_LICENCE_SQL}, false) AS cc_by,
               coalesce(embargo_end > (${PUBLISHED} + make_interval(months => ${months}::int))::date, false) AS too_long
        FROM publications
        WHERE ${liveSql(ctx.projectId)} AND ${inPeriod(ctx, 'publication')} AND peer_reviewed
          AND open_access <> 'unknown'
        ORDER BY title, id`,
  );
  const out: PreflightFinding[] = [];
  const programme = h2020 ? 'H2020' : 'Horizon Europe';
  for (const r of rows) {
    if (r.open_access === 'closed')
      out.push(
        finding(ctx, r, {
          rule: 'oa_programme',
          field: 'open_access',
          messageKey: 'preflight.finding.oaClosed',
          params: { programme },
        }),
      );
    if (r.undeposited)
      out.push(
        finding(ctx, r, {
          rule: 'oa_programme',
          field: 'repository_url',
          messageKey: h2020 ? 'preflight.finding.h2020Deposit' : 'preflight.finding.heDeposit',
        }),
      );
    if (!h2020 && r.open_access !== 'closed' && !r.cc_by)
      out.push(
        r.licence === null
          ? finding(ctx, r, {
              rule: 'oa_programme',
              field: 'licence',
              messageKey: 'preflight.finding.heLicenceUnknown',
            })
          : finding(ctx, r, {
              rule: 'oa_programme',
              field: 'licence',
              messageKey: 'preflight.finding.heLicence',
              params: { licence: String(r.licence) },
            }),
      );
    if (r.too_long)
      out.push(
        finding(ctx, r, {
          rule: 'oa_programme',
          field: 'embargo_end',
          messageKey: h2020 ? 'preflight.finding.h2020Embargo' : 'preflight.finding.heEmbargo',
          params: { months, embargo: String(r.embargo_end) },
        }),
      );
  }
  return out;
};

export const OPEN_ACCESS_RULES: readonly Rule[] = [unknownStatus, goldNotOpen, programmeRules];
