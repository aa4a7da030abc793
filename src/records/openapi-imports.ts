/** OpenAPI paths of the imports API (src/importers/api.ts): upload + preview, commit as a job, its status, discard. */
import { RECORD_TYPES } from '../plan/schema';
import { BAD_PARAMETER } from './openapi-paths';
import { ref, type Json } from './openapi-components';
import {
  accepted,
  DATE,
  errorResponse,
  jsonResponse,
  pathParam,
  queryParam,
  type SharedParts,
} from './openapi-parts';

/** The located error of a row (or of a whole file, row 0) as the importers report it. */
const ROW_ERROR = {
  type: 'object',
  properties: {
    file: { type: 'string' },
    row: { type: 'integer', description: 'Spreadsheet row (header = 1) or entry number; 0 = the whole file' },
    unit: { type: 'string', enum: ['row', 'record', 'entry', 'item'] },
    entry: { type: 'string', description: 'BibTeX key, CSL-JSON id or DOI' },
    sheet: { type: 'string' },
    column: { type: 'string' },
    line: { type: 'integer' },
    col: { type: 'integer', description: 'Character position in the line' },
    message: { type: 'string', description: 'English text' },
    key: { type: 'string' },
    params: { type: 'object' },
  },
  required: ['row', 'message'],
};

export function importSchemas(): Record<string, Json> {
  const counts = {
    type: { type: 'string', enum: [...RECORD_TYPES] },
    rows: { type: 'integer' },
    valid: { type: 'integer', description: 'Valid new rows: what the commit adds' },
    duplicates: { type: 'integer' },
    invalid: { type: 'integer' },
    conflicts: { type: 'integer' },
    error_count: { type: 'integer' },
  };
  return {
    ImportRowError: ROW_ERROR,
    ImportPreview: {
      type: 'object',
      properties: {
        id: { type: 'string', description: 'The upload id (43 characters)' },
        state: { type: 'string', enum: ['previewed'] },
        file_name: { type: 'string' },
        expires_at: { type: 'string', format: 'date-time' },
        ...counts,
        committable: { type: 'boolean' },
        files: {
          type: 'array',
          items: {
            type: 'object',
            properties: {
              name: { type: 'string' },
              format: { type: 'string' },
              sha256: { type: 'string' },
              ...counts,
              file_errors: { type: 'array', items: ref('ImportRowError') },
            },
          },
        },
        file_errors: { type: 'array', items: ref('ImportRowError') },
        errors: {
          type: 'object',
          description: 'One page of the row errors (all of them, or one problem group’s)',
          properties: {
            errors: { type: 'array', items: ref('ImportRowError') },
            page: { type: 'integer' },
            pages: { type: 'integer' },
            total: { type: 'integer' },
            problem: { type: 'string' },
            per_page: { type: 'integer' },
          },
          required: ['errors', 'page', 'pages', 'total'],
        },
        error_groups: {
          type: 'array',
          items: {
            type: 'object',
            properties: {
              id: { type: 'string' },
              count: { type: 'integer' },
              example: ref('ImportRowError'),
            },
          },
        },
        duplicate_rows: { type: 'array', items: { type: 'object' } },
        conflict_rows: { type: 'array', items: { type: 'object' } },
        warnings: { type: 'array', items: { type: 'object' } },
        dates: { type: ['object', 'null'] },
        complete_export: { type: ['object', 'null'] },
        links: {
          type: 'object',
          properties: {
            self: { type: 'string' },
            commit: { type: 'string' },
            job: { type: 'string' },
            web: { type: 'string' },
          },
        },
      },
      required: ['id', 'state', 'rows', 'valid', 'invalid', 'errors', 'links'],
    },
    ImportJob: {
      type: 'object',
      properties: {
        upload_id: { type: 'string' },
        job_id: { type: 'integer' },
        state: { type: 'string', enum: ['queued', 'running', 'succeeded', 'failed', 'cancelled'] },
        done: { type: 'boolean' },
        step: {
          type: ['object', 'null'],
          description: 'Progress: `check` counts bytes read, `import` rows written',
          properties: {
            phase: { type: 'string', enum: ['check', 'import'] },
            done: { type: 'integer' },
            total: { type: 'integer' },
          },
        },
        error: { type: ['string', 'null'], description: 'Why it failed: nothing of the import was saved' },
        result: {
          type: ['object', 'null'],
          properties: {
            status: { type: 'string', enum: ['imported', 'rejected'] },
            imported: { type: 'integer' },
            rows: { type: 'integer' },
            duplicates: { type: 'integer' },
            invalid: { type: 'integer' },
            batch_ids: { type: 'array', items: { type: 'string' } },
          },
        },
        links: { type: 'object', properties: { self: { type: 'string' }, records: { type: 'string' } } },
      },
      required: ['upload_id', 'job_id', 'state', 'done'],
    },
  };
}

export function importPaths({ projectParam, errors }: SharedParts): Record<string, Json> {
  const tags = ['Imports'];
  const uploadParam = pathParam('uploadId', 'The upload id (from the upload’s Location)');
  const expired = errorResponse(
    'No such upload: expired (kept an hour), discarded, or sent by another token or session',
  );
  return {
    '/api/v1/projects/{id}/imports': {
      post: {
        operationId: 'uploadImport',
        summary:
          'Upload files (or a zip) and preview them: streamed to disk, read and checked whole, nothing written ' +
          '(coordinators, partner editors and write tokens: rows of their own partner)',
        tags,
        parameters: [projectParam],
        requestBody: {
          required: true,
          content: {
            'multipart/form-data': {
              schema: {
                type: 'object',
                properties: {
                  type: { type: 'string', enum: [...RECORD_TYPES] },
                  format: {
                    type: 'string',
                    description: 'Detected from the content and the name when left out',
                  },
                  partner: { type: 'string', description: 'Default lead partner of rows without one' },
                  date: { ...DATE, description: 'Snapshot date of metric files that carry none' },
                  complete: { type: 'string', enum: ['yes', 'no', 'auto'] },
                  account: { type: 'string', description: 'The X account of an account overview' },
                  file: {
                    type: 'array',
                    items: { type: 'string', contentMediaType: 'application/octet-stream' },
                  },
                },
                required: ['type', 'file'],
              },
            },
          },
        },
        responses: {
          '201': jsonResponse(ref('ImportPreview'), 'The preview (Location: the upload)'),
          '400': errorResponse('Not multipart, a file that cannot be read as asked (located), an unsafe zip'),
          '413': errorResponse('Larger than HERALD_MAX_UPLOAD_MB, naming the file'),
          '422': errorResponse('A field is not valid (`details` name it), or no file (`import_no_file`)'),
          '507': errorResponse('No space left for the upload'),
          ...errors,
        },
      },
    },
    '/api/v1/projects/{id}/imports/{uploadId}': {
      get: {
        operationId: 'getImportPreview',
        summary: 'The preview again, another page of its errors (or one problem’s); once committed, the job',
        tags,
        parameters: [
          projectParam,
          uploadParam,
          queryParam('page', 'Page of the errors (50 a page)', { type: 'integer', minimum: 1 }),
          queryParam('problem', 'Only one problem group’s errors (an `error_groups[].id`)'),
        ],
        responses: {
          '200': jsonResponse(
            {
              oneOf: [
                ref('ImportPreview'),
                {
                  type: 'object',
                  properties: {
                    id: { type: 'string' },
                    state: { const: 'committing' },
                    job: ref('ImportJob'),
                  },
                  required: ['id', 'state', 'job'],
                },
              ],
            },
            'The preview, or the commit’s job',
          ),
          '400': BAD_PARAMETER,
          ...errors,
          '404': expired,
        },
      },
      delete: {
        operationId: 'discardImport',
        summary: 'Discard an upload not committed, or cancel its commit while the job is still queued',
        tags,
        parameters: [projectParam, uploadParam],
        responses: {
          '204': { description: 'Discarded (the files are deleted; a queued commit is cancelled)' },
          '409': errorResponse('The commit has started or ended (`conflict`)'),
          ...errors,
          '404': expired,
        },
      },
    },
    '/api/v1/projects/{id}/imports/{uploadId}/commit': {
      post: {
        operationId: 'commitImport',
        summary:
          'Commit the upload as a job (whole or nothing; one invalid row stops it unless `skip_invalid`); asking ' +
          'again answers the same job',
        tags,
        parameters: [projectParam, uploadParam],
        requestBody: {
          required: false,
          content: {
            'application/json': {
              schema: {
                type: 'object',
                properties: { skip_invalid: { type: 'boolean' } },
                additionalProperties: false,
              },
            },
          },
        },
        responses: {
          '202': accepted('ImportJob', 'Queued (Location: the job’s status)'),
          '400': errorResponse('The body is not JSON'),
          '422': errorResponse('The body is not valid'),
          ...errors,
          '404': expired,
        },
      },
    },
    '/api/v1/projects/{id}/imports/{uploadId}/job': {
      get: {
        operationId: 'getImportJob',
        summary: 'The commit job: state, progress, result or why it failed',
        tags,
        parameters: [projectParam, uploadParam],
        responses: { '200': jsonResponse(ref('ImportJob'), 'The job'), ...errors, '404': expired },
      },
    },
  };
}
