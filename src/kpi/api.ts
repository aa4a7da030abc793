/**
 * The KPI API under `/api/v1/projects/:id/kpis`: every KPI of the project with value, target, status, forecast and
 * parts (each with its own value, target and status), as of `?at=` (or a project `?year=`, or `?from=` … `?at=`),
 * and the records behind each figure. Figures come from the engine (src/kpi/engine.ts through service.ts) — nothing
 * is recomputed here; each figure carries its drill-down links (this API's and the dashboard's page).
 */
import { Hono, type Context } from 'hono';
import { notFound } from '../errors';
import { localize } from '../plan/schema';
import { KIND_SLUGS } from '../records/kinds';
import { isoDate, kebabId, projectYear } from '../schema-pieces';
import type { AppEnv } from '../web/env';
import { parseParams, parseQuery } from '../web/query';
import { getKpiRecords } from './dashboard-service';
import type { DrilldownRow } from './drilldown';
import type { KpiValue } from './engine';
import { KPI_PARAMS } from './params';
import { readKpiReport, type KpiReport } from './service';

type C = Context<AppEnv>;

/** The KPI list's and a KPI's query: as of a date, from a date, or a project year. */
export const KPI_API_QUERY = {
  at: isoDate.optional(),
  from: isoDate.optional(),
  year: projectYear.optional(),
};
/** A drill-down's query: the period and the KPI part. */
export const KPI_RECORDS_QUERY = { ...KPI_API_QUERY, part: kebabId.optional() };

type Period = { at?: string; from?: string; year?: number };

/** The period of a request as a query string (`?year=2` / `?from=…&to=…` for the dashboard, `at` for the API). */
function periodString(p: Period, atName: 'at' | 'to', part?: string): string {
  const q = new URLSearchParams();
  if (p.year !== undefined) q.set('year', String(p.year));
  if (p.from) q.set('from', p.from);
  if (p.at) q.set(atName, p.at);
  if (part) q.set('part', part);
  const s = q.toString();
  return s ? `?${s}` : '';
}

/** The records behind a figure: this API's list and the dashboard's drill-down page. */
function linksOf(projectId: string, kpiId: string, period: Period, part?: string) {
  return {
    records: `/api/v1/projects/${projectId}/kpis/${kpiId}/records${periodString(period, 'at', part)}`,
    web: `/p/${projectId}/dashboard/kpis/${kpiId}${periodString(period, 'to', part)}`,
  };
}

/** One KPI as the API shows it (labels in English and Japanese when the plan has both). */
function kpiJson(projectId: string, k: KpiValue, period: Period) {
  return {
    id: k.id,
    label: localize(k.label, 'en'),
    label_ja: localize(k.label, 'ja'),
    unit: k.unit ?? null,
    measure: k.measure.kind,
    target: k.target,
    comparator: k.comparator,
    target_text: k.targetText,
    value: k.value,
    has_value: k.hasValue,
    met: k.met,
    status: k.status,
    forecast: k.forecast,
    expected: k.expected,
    parts: k.parts.map((p) => ({
      id: p.id,
      label: localize(p.label, 'en'),
      label_ja: localize(p.label, 'ja'),
      target: p.target,
      comparator: p.comparator,
      value: p.value,
      met: p.met,
      status: p.status,
      forecast: p.forecast,
      links: linksOf(projectId, k.id, period, p.id),
    })),
    links: {
      self: `/api/v1/projects/${projectId}/kpis/${k.id}${periodString(period, 'at')}`,
      ...linksOf(projectId, k.id, period),
    },
  };
}

/** The window the figures are for (and what was asked for when it was clamped to the project period). */
const windowJson = (r: KpiReport) => ({
  project_id: r.projectId,
  plan_version: r.planVersion,
  from: r.from,
  at: r.at,
  clamped: r.clamped ?? null,
});

const reportOf = (c: C, period: Period) =>
  readKpiReport(c.var.deps.database.db, {
    actor: c.var.actor,
    projectId: c.req.param('id') ?? '',
    ...period,
    clock: c.var.clock,
  });

const recordLink = (projectId: string, r: DrilldownRow) =>
  `/api/v1/projects/${projectId}/${KIND_SLUGS[r.recordType === 'manual' ? 'kpi_value' : r.recordType]}/${r.id}`;

const rowJson = (projectId: string, r: DrilldownRow) => ({
  record_type: r.recordType === 'manual' ? 'kpi_value' : r.recordType,
  id: r.id,
  label: r.label,
  date: r.date,
  recorded: r.recorded,
  precision: r.precision,
  lead_partner: r.leadPartner,
  value: r.value,
  superseded_on: r.supersededOn ?? null,
  url: recordLink(projectId, r),
  web: `/p/${projectId}/records/${KIND_SLUGS[r.recordType === 'manual' ? 'kpi_value' : r.recordType]}/${r.id}`,
});

export const kpiApi = new Hono<AppEnv>();

kpiApi.get('/api/v1/projects/:id/kpis', async (c) => {
  const period = parseQuery(c, KPI_API_QUERY);
  const report = await reportOf(c, period);
  return c.json({
    ...windowJson(report),
    data: report.kpis.map((k) => kpiJson(report.projectId, k, period)),
  });
});

kpiApi.get('/api/v1/projects/:id/kpis/:kpiId', async (c) => {
  const { kpiId } = parseParams(c, KPI_PARAMS);
  const period = parseQuery(c, KPI_API_QUERY);
  const report = await reportOf(c, period);
  const kpi = report.kpis.find((k) => k.id === kpiId);
  if (!kpi) throw notFound('KPI');
  return c.json({ ...windowJson(report), ...kpiJson(report.projectId, kpi, period) });
});

kpiApi.get('/api/v1/projects/:id/kpis/:kpiId/records', async (c) => {
  const projectId = c.req.param('id');
  const { kpiId } = parseParams(c, KPI_PARAMS);
  const { part, ...period } = parseQuery(c, KPI_RECORDS_QUERY);
  const { rows, excluded, report } = await getKpiRecords(c.var.deps.database.db, {
    actor: c.var.actor,
    projectId,
    kpiId,
    partId: part,
    ...period,
    clock: c.var.clock,
  });
  return c.json({
    kpi: kpiId,
    part: part ?? null,
    from: report.from,
    at: report.at,
    data: rows.map((r) => rowJson(projectId, r)),
    excluded: excluded.map((r) => rowJson(projectId, r)),
  });
});
