/** OpenAPI paths of the record exports made as a job (src/records/export-job-routes.tsx): start, state, file. */
import { RECORD_TYPES } from '../plan/schema';
import { ref, type Json } from './openapi-components';
import { KIND_SLUGS } from './kinds';

const errorResponse = (description: string) => ({
  description,
  content: { 'application/json': { schema: ref('Error') } },
});

const jobParam = {
  name: 'jobId',
  in: 'path',
  required: true,
  description: 'The export job’s id (the Location of the 202 that started it)',
  schema: { type: 'integer', minimum: 1 },
};

const exportJob: Json = {
  type: 'object',
  properties: {
    jobId: { type: 'integer' },
    state: { type: 'string', enum: ['queued', 'running', 'succeeded', 'failed', 'cancelled'] },
    done: { type: 'boolean' },
    type: { type: 'string', enum: RECORD_TYPES.map((t) => KIND_SLUGS[t]) },
    format: { type: 'string', enum: ['csv', 'xlsx'] },
    rowsDone: { type: 'integer' },
    rowsTotal: { type: ['integer', 'null'] },
    progress: { type: 'number', minimum: 0, maximum: 1 },
    error: { type: ['string', 'null'] },
    file: {
      oneOf: [
        {
          type: 'object',
          properties: {
            href: { type: 'string' },
            name: { type: 'string' },
            bytes: { type: 'integer' },
            sha256: { type: 'string' },
          },
          required: ['href', 'name', 'bytes', 'sha256'],
        },
        { type: 'null' },
      ],
    },
  },
  required: ['jobId', 'state', 'done', 'type', 'format', 'rowsDone', 'progress', 'file'],
};

export function exportPaths(shared: {
  projectParam: Json;
  errors: Json;
  /** The list's filter parameters (the same as listing the kind). */
  filters: Json[];
}): Record<string, Json> {
  const { projectParam, filters } = shared;
  const errors = shared.errors as Record<string, Json>;
  const paths: Record<string, Json> = {};
  for (const type of RECORD_TYPES)
    paths[`/api/v1/projects/{id}/${KIND_SLUGS[type]}/exports`] = {
      post: {
        operationId: `export${KIND_SLUGS[type].replace(/^./, (c) => c.toUpperCase())}`,
        summary: `Start an export of the ${KIND_SLUGS[type]} (the list's filters) as CSV or XLSX: a job with progress`,
        tags: ['Exports'],
        parameters: [
          projectParam,
          { name: 'format', in: 'query', required: true, schema: { type: 'string', enum: ['csv', 'xlsx'] } },
          ...filters,
        ],
        responses: {
          '202': {
            description: 'Started: `Location` is the job (poll it until `done`, then GET its `file.href`)',
            headers: { Location: { schema: { type: 'string' } } },
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  properties: {
                    jobId: { type: 'integer' },
                    state: { type: 'string' },
                    total: { type: 'integer', description: 'Records the export holds' },
                    href: { type: 'string' },
                  },
                  required: ['jobId', 'state', 'total', 'href'],
                },
              },
            },
          },
          '400': errorResponse('A parameter is not valid (`details[].path` names it)'),
          ...errors,
        },
      },
    };
  paths['/api/v1/projects/{id}/exports/{jobId}'] = {
    get: {
      operationId: 'readExportJob',
      summary: 'An export job you started: its state, progress and, once done, its file',
      tags: ['Exports'],
      parameters: [projectParam, jobParam],
      responses: {
        '200': { description: 'The job', content: { 'application/json': { schema: exportJob } } },
        ...errors,
      },
    },
  };
  paths['/api/v1/projects/{id}/exports/{jobId}/file'] = {
    get: {
      operationId: 'downloadExportFile',
      summary: 'The finished export (kept one day)',
      tags: ['Exports'],
      parameters: [projectParam, jobParam],
      responses: {
        '200': {
          description: 'The file',
          content: {
            'text/csv': { schema: { type: 'string' } },
            'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': {
              schema: { type: 'string', format: 'binary' },
            },
          },
        },
        '409': errorResponse('The export is not finished yet'),
        ...errors,
      },
    },
  };
  return paths;
}
