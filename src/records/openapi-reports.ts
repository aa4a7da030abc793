/** OpenAPI paths of the reports API (src/reports/api.ts): list, generate (job), files, manifest, pre-flight, submit. */
import { BAD_PARAMETER } from './openapi-paths';
import { ref, type Json } from './openapi-components';
import {
  accepted,
  DATE,
  errorResponse,
  jsonResponse,
  pathParam,
  queryParam,
  YEAR,
  type SharedParts,
} from './openapi-parts';

const FORMATS = ['html', 'docx', 'pdf'];
const LANGS = ['en', 'ja'];

export function reportSchemas(): Record<string, Json> {
  const file = {
    type: 'object',
    properties: {
      format: { type: 'string', enum: FORMATS },
      file_name: { type: 'string' },
      size: { type: 'integer' },
      sha256: { type: 'string' },
      url: { type: 'string' },
    },
    required: ['format', 'sha256', 'url'],
  };
  return {
    Report: {
      type: 'object',
      properties: {
        id: { type: 'string', format: 'uuid' },
        scope: { type: 'string', description: '`year:<n>` or `range:<from>..<to>`' },
        year: { type: ['integer', 'null'] },
        from: DATE,
        to: DATE,
        lang: { type: 'string', enum: LANGS },
        state: { type: 'string', enum: ['draft', 'submitted'] },
        created_at: { type: 'string', format: 'date-time' },
        submitted_at: { type: ['string', 'null'], format: 'date-time' },
        submitted_by: { type: ['string', 'null'] },
        merkle_root: { type: ['string', 'null'], description: 'Submitted: the RFC 6962 root of the figures' },
        key_fingerprint: { type: ['string', 'null'] },
        files: { type: 'array', items: file },
        links: {
          type: 'object',
          properties: {
            self: { type: 'string' },
            manifest: { type: ['string', 'null'] },
            web: { type: 'string' },
          },
        },
      },
      required: ['id', 'scope', 'lang', 'state', 'files', 'links'],
    },
    ReportJob: {
      type: 'object',
      properties: {
        job_id: { type: 'integer' },
        state: { type: 'string', enum: ['queued', 'running', 'succeeded', 'failed', 'cancelled'] },
        progress: { type: 'number', minimum: 0, maximum: 1 },
        done: { type: 'boolean' },
        report_id: { type: ['string', 'null'] },
        error: { type: ['string', 'null'] },
        links: {
          type: 'object',
          properties: { self: { type: 'string' }, report: { type: ['string', 'null'] } },
        },
      },
      required: ['job_id', 'state', 'progress', 'done', 'report_id', 'error'],
    },
    PreflightFinding: {
      type: 'object',
      properties: {
        rule: { type: 'string' },
        severity: { type: 'string', enum: ['error', 'warning'] },
        kind: { type: 'string', description: 'The record’s kind, or `project`' },
        record_id: { type: ['string', 'null'] },
        label: { type: ['string', 'null'] },
        field: { type: ['string', 'null'] },
        message: { type: 'string' },
        message_ja: { type: 'string' },
        key: { type: 'string' },
        params: { type: 'object' },
        url: { type: ['string', 'null'], description: 'The record (this API)' },
        web: { type: 'string', description: 'Where to fix it' },
      },
      required: ['rule', 'severity', 'kind', 'message', 'web'],
    },
  };
}

export function reportPaths({ projectParam, errors }: SharedParts): Record<string, Json> {
  const tags = ['Reports'];
  const reportParam = pathParam('reportId', 'Report id', { type: 'string', format: 'uuid' });
  const periodBody = {
    year: YEAR,
    from: DATE,
    to: DATE,
    lang: { type: 'string', enum: LANGS },
  };
  const download = {
    description: 'The bytes as stored (ETag: their sha256; 304 on If-None-Match)',
    content: { 'application/octet-stream': {} },
  };
  return {
    '/api/v1/projects/{id}/reports': {
      get: {
        operationId: 'listReports',
        summary:
          'Drafts and submitted reports, newest first (members and API tokens; generating and submitting: members only)',
        tags,
        parameters: [
          projectParam,
          queryParam('state', 'Only drafts or only submitted reports', {
            type: 'string',
            enum: ['draft', 'submitted'],
          }),
        ],
        responses: {
          '200': jsonResponse(
            {
              type: 'object',
              properties: { data: { type: 'array', items: ref('Report') } },
              required: ['data'],
            },
            'The reports',
          ),
          '400': BAD_PARAMETER,
          ...errors,
        },
      },
      post: {
        operationId: 'generateReport',
        summary: 'Generate a draft (coordinators, editors): the web’s `report.generate` job',
        tags,
        parameters: [projectParam],
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                type: 'object',
                properties: { ...periodBody, format: { type: 'string', enum: FORMATS } },
                required: ['lang', 'format'],
                additionalProperties: false,
                description: 'A project `year`, or `from` + `to`',
              },
            },
          },
        },
        responses: {
          '202': accepted('ReportJob', 'Queued (Location: the job’s status)'),
          '400': errorResponse('The body is not a JSON object'),
          '422': errorResponse('Not valid: `details` name each field; a year or period outside the project'),
          ...errors,
        },
      },
    },
    '/api/v1/projects/{id}/reports/jobs/{jobId}': {
      get: {
        operationId: 'getReportJob',
        tags,
        parameters: [projectParam, pathParam('jobId', 'The job id', { type: 'integer', minimum: 1 })],
        responses: {
          '200': jsonResponse(ref('ReportJob'), 'The job: state, progress, the report it made'),
          '400': BAD_PARAMETER,
          ...errors,
        },
      },
    },
    '/api/v1/projects/{id}/reports/preflight': {
      get: {
        operationId: 'runPreflight',
        summary:
          'The pre-flight of a period (default: the current project year): errors refuse submission, warnings need accepting',
        tags,
        parameters: [
          projectParam,
          queryParam('year', 'A project year', YEAR),
          queryParam('from', 'Period start', DATE),
          queryParam('to', 'Period end', DATE),
        ],
        responses: {
          '200': jsonResponse(
            {
              type: 'object',
              properties: {
                scope: { type: 'string' },
                from: DATE,
                to: DATE,
                programme: { type: 'string' },
                final: { type: 'boolean' },
                counts: {
                  type: 'object',
                  properties: { error: { type: 'integer' }, warning: { type: 'integer' } },
                },
                findings: { type: 'array', items: ref('PreflightFinding') },
              },
              required: ['scope', 'counts', 'findings'],
            },
            'The findings',
          ),
          '400': BAD_PARAMETER,
          ...errors,
        },
      },
    },
    '/api/v1/projects/{id}/reports/submissions': {
      post: {
        operationId: 'submitReport',
        summary:
          'Submit a period’s report (coordinators), signed, closing the year: refused while the pre-flight finds ' +
          'errors (`preflight_errors`, no override), or warnings without `accept_warnings` (`preflight_warnings`)',
        tags,
        parameters: [projectParam],
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                type: 'object',
                properties: {
                  ...periodBody,
                  confirm: { const: true, description: 'The submitter confirms, as the page’s box' },
                  accept_warnings: { type: 'boolean' },
                },
                required: ['lang', 'confirm'],
                additionalProperties: false,
              },
            },
          },
        },
        responses: {
          '201': jsonResponse(
            {
              type: 'object',
              properties: {
                report_id: { type: 'string' },
                scope: { type: 'string' },
                lang: { type: 'string' },
                merkle_root: { type: 'string' },
                key_id: { type: 'string' },
                key_fingerprint: { type: 'string' },
                files: { type: 'array', items: { type: 'object' } },
                locked: { type: 'integer' },
                year: { type: ['string', 'null'], enum: ['closed', 'already', null] },
                links: { type: 'object' },
              },
              required: ['report_id', 'scope', 'merkle_root'],
            },
            'Submitted (Location: the report)',
          ),
          '400': errorResponse('The body is not a JSON object'),
          '409': errorResponse(
            '`preflight_errors`, `preflight_warnings` (details: the findings) or `report_submitted`',
          ),
          '422': errorResponse('Not valid (`confirm` missing), or the year has not ended'),
          ...errors,
        },
      },
    },
    '/api/v1/projects/{id}/reports/{reportId}': {
      get: {
        operationId: 'getReport',
        tags,
        parameters: [projectParam, reportParam],
        responses: {
          '200': jsonResponse(ref('Report'), 'The report'),
          '400': errorResponse('Not a report id'),
          ...errors,
        },
      },
    },
    '/api/v1/projects/{id}/reports/{reportId}/files/{format}': {
      get: {
        operationId: 'downloadReportFile',
        tags,
        parameters: [
          projectParam,
          reportParam,
          pathParam('format', 'The file’s format', { type: 'string', enum: FORMATS }),
        ],
        responses: {
          '200': download,
          '304': { description: 'Not modified' },
          '400': errorResponse('Not a report id or format'),
          ...errors,
        },
      },
    },
    '/api/v1/projects/{id}/reports/{reportId}/manifest': {
      get: {
        operationId: 'downloadReportManifest',
        summary: 'A submitted report’s signed evidence manifest (`herald verify FILE --manifest`)',
        tags,
        parameters: [projectParam, reportParam],
        responses: {
          '200': {
            description: 'The signed manifest (JSON)',
            content: { 'application/json': { schema: { type: 'object' } } },
          },
          '304': { description: 'Not modified' },
          '400': errorResponse('Not a report id'),
          ...errors,
        },
      },
    },
  };
}
