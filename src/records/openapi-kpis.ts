/** OpenAPI paths of the KPI API (src/kpi/api.ts): the figures, one KPI, the records behind a figure. */
import { BAD_PARAMETER } from './openapi-paths';
import { ref, type Json } from './openapi-components';
import {
  DATE,
  errorResponse,
  jsonResponse,
  pathParam,
  queryParam,
  YEAR,
  type SharedParts,
} from './openapi-parts';

const period = [
  queryParam(
    'at',
    'Figures as of this date (default today; after the project end: its end, said in `clamped`)',
    DATE,
  ),
  queryParam('from', 'Count only records dated on or after this date (a period view: no status)', DATE),
  queryParam('year', 'A project year: its first to its last day (capped at today)', YEAR),
];

const STATUS = { type: ['string', 'null'], enum: ['achieved', 'on_track', 'at_risk', 'behind', null] };
const LINKS = {
  type: 'object',
  properties: {
    records: { type: 'string', description: 'The records behind the figure (this API)' },
    web: { type: 'string', description: 'The same drill-down on the dashboard' },
  },
  required: ['records', 'web'],
};

/** The KPI schemas for `components.schemas`. */
export function kpiSchemas(): Record<string, Json> {
  const window = {
    project_id: { type: 'string' },
    plan_version: { type: 'integer' },
    from: { type: 'string', format: 'date' },
    at: { type: 'string', format: 'date' },
    clamped: {
      type: ['object', 'null'],
      description: 'What was asked for when it lay outside the project period',
      properties: { from: DATE, at: DATE },
    },
  };
  return {
    KpiPart: {
      type: 'object',
      properties: {
        id: { type: 'string' },
        label: { type: 'string' },
        label_ja: { type: 'string' },
        target: { type: 'number' },
        comparator: { type: 'string', enum: ['>=', '>'] },
        value: { type: 'number' },
        met: { type: 'boolean' },
        status: STATUS,
        forecast: { type: ['number', 'null'] },
        links: LINKS,
      },
      required: ['id', 'target', 'value', 'met', 'status', 'links'],
    },
    Kpi: {
      type: 'object',
      properties: {
        id: { type: 'string' },
        label: { type: 'string' },
        label_ja: { type: 'string' },
        unit: { type: ['string', 'null'] },
        measure: { type: 'string', description: 'count, sum, distinct_count, latest_sum or manual' },
        target: { type: 'number' },
        comparator: { type: 'string', enum: ['>=', '>'] },
        target_text: { type: 'string' },
        value: { type: 'number' },
        has_value: { type: 'boolean', description: 'False for a manual KPI with no value entered yet' },
        met: { type: 'boolean' },
        status: { ...STATUS, description: 'Null in a period view that does not start at the project start' },
        forecast: { type: ['number', 'null'] },
        expected: { type: ['number', 'null'] },
        parts: { type: 'array', items: ref('KpiPart') },
        links: {
          type: 'object',
          properties: { self: { type: 'string' }, ...LINKS.properties },
          required: ['self', 'records', 'web'],
        },
      },
      required: ['id', 'value', 'target', 'status', 'forecast', 'parts', 'links'],
    },
    KpiList: {
      type: 'object',
      properties: { ...window, data: { type: 'array', items: ref('Kpi') } },
      required: ['project_id', 'from', 'at', 'data'],
    },
    KpiOne: { allOf: [{ type: 'object', properties: window }, ref('Kpi')] },
    KpiRecord: {
      type: 'object',
      properties: {
        record_type: { type: 'string' },
        id: { type: 'string' },
        label: { type: 'string' },
        date: { type: 'string', format: 'date', description: 'Where the record counts' },
        recorded: { type: 'string', format: 'date' },
        precision: { type: 'string', enum: ['day', 'month', 'year'] },
        lead_partner: { type: 'string' },
        value: { type: ['number', 'null'] },
        superseded_on: { type: ['string', 'null'], format: 'date' },
        url: { type: 'string', description: 'The record (this API)' },
        web: { type: 'string', description: 'The record’s page' },
      },
      required: ['record_type', 'id', 'date', 'url'],
    },
  };
}

export function kpiPaths({ projectParam, errors }: SharedParts): Record<string, Json> {
  const kpiParam = pathParam('kpiId', 'KPI id from the plan (e.g. `papers`)');
  const tags = ['KPIs'];
  return {
    '/api/v1/projects/{id}/kpis': {
      get: {
        operationId: 'listKpis',
        summary:
          'Every KPI with value, target, status, forecast, parts and drill-down links (members, read tokens)',
        tags,
        parameters: [projectParam, ...period],
        responses: { '200': jsonResponse(ref('KpiList'), 'The figures'), '400': BAD_PARAMETER, ...errors },
      },
    },
    '/api/v1/projects/{id}/kpis/{kpiId}': {
      get: {
        operationId: 'getKpi',
        tags,
        parameters: [projectParam, kpiParam, ...period],
        responses: { '200': jsonResponse(ref('KpiOne'), 'One KPI'), '400': BAD_PARAMETER, ...errors },
      },
    },
    '/api/v1/projects/{id}/kpis/{kpiId}/records': {
      get: {
        operationId: 'listKpiRecords',
        summary: 'The records behind a figure (or one part): the same condition as the figure, at most 500',
        tags,
        parameters: [projectParam, kpiParam, ...period, queryParam('part', 'A part of the KPI (its id)')],
        responses: {
          '200': jsonResponse(
            {
              type: 'object',
              properties: {
                kpi: { type: 'string' },
                part: { type: ['string', 'null'] },
                from: DATE,
                at: DATE,
                data: { type: 'array', items: ref('KpiRecord') },
                excluded: {
                  type: 'array',
                  items: ref('KpiRecord'),
                  description: 'Snapshots left out: a later complete export of their source lacked them',
                },
              },
              required: ['kpi', 'from', 'at', 'data', 'excluded'],
            },
            'The records',
          ),
          '400': BAD_PARAMETER,
          '404': errorResponse('No such project, KPI or part'),
          ...errors,
        },
      },
    },
  };
}
