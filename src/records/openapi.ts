/**
 * The OpenAPI 3.1 document of the records API, generated from the zod schemas (`z.toJSONSchema`), served publicly
 * at `GET /api/openapi.json`. A unit test checks that every record route is in it and every `$ref` resolves.
 */
import { Hono } from 'hono';
import type { AppEnv } from '../web/env';
import { KIND_SLUGS, RECORD_KINDS, type RecordKind } from './kinds';
import { components, NAMES, ref, type Json } from './openapi-components';
import { BAD_PARAMETER, otherPaths } from './openapi-paths';
import { importPaths, importSchemas } from './openapi-imports';
import { kpiPaths, kpiSchemas } from './openapi-kpis';
import { socialPaths } from './openapi-social';
import { suggestionPaths } from '../sources/openaire/openapi';
import { brandPaths } from './openapi-brand';
import { reportPaths, reportSchemas } from './openapi-reports';
import { exportPaths } from './openapi-export-paths';
import { doiPaths } from '../sources/doi/openapi';
import { MAX_PAGE_SIZE } from './service';
import { EVIDENCE_TYPES } from './sniff';

const errorResponse = (description: string) => ({
  description,
  content: { 'application/json': { schema: ref('Error') } },
});

const json = (schema: Json, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});

const ERRORS = {
  '401': errorResponse('No or an invalid API token (or session)'),
  '403': errorResponse('Not allowed (e.g. a record of another partner)'),
  '404': errorResponse('No such project, record or file'),
};

const param = (name: string, description: string, schema: Json = { type: 'string' }) => ({
  name,
  in: 'path',
  required: true,
  description,
  schema,
});
const query = (name: string, description: string, schema: Json = { type: 'string' }) => ({
  name,
  in: 'query',
  required: false,
  description,
  schema,
});

const projectParam = param('id', 'Project id (the slug of its acronym, e.g. `m-sec`)');
const recordParam = param('recordId', 'Record id', { type: 'string', format: 'uuid' });
const ifMatch = (required: boolean) => ({
  name: 'If-Match',
  in: 'header',
  required,
  description:
    'The record’s ETag (its version, e.g. `"3"`): the change applies only if nobody changed it since',
  schema: { type: 'string' },
});

const LIST_FILTERS = [
  query('partner', 'Lead partner or involved partner code'),
  query('q', 'Text in the title (name, initiative, channel)'),
  query('year', 'Project year (1, 2, …)', { type: 'integer', minimum: 1 }),
  query('from', 'On or after this date', { type: 'string', format: 'date' }),
  query('to', 'On or before this date', { type: 'string', format: 'date' }),
  query('kind', 'Kind (activity/event/synergy kind, publication type, metric name, KPI id)'),
  query('type', 'Activity: the funder’s activity type'),
  query('status', 'Activity or event status'),
  query('audience', 'Activity: a target audience'),
  query('open_access', 'Publication: open-access route (gold, green, hybrid, closed, unknown)'),
];

function kindPaths(kind: RecordKind): Record<string, Json> {
  const name = NAMES[kind];
  const base = `/api/v1/projects/{id}/${KIND_SLUGS[kind]}`;
  const tags = [name];
  return {
    [base]: {
      get: {
        operationId: `list${name}`,
        summary: `List ${KIND_SLUGS[kind]} (newest first)`,
        tags,
        parameters: [
          projectParam,
          ...LIST_FILTERS,
          query('deleted', 'Coordinators: `only` lists deleted records', {
            type: 'string',
            enum: ['only', 'include', 'exclude'],
          }),
          query('page', 'Page number (from 1)', { type: 'integer', minimum: 1 }),
          query('page_size', `Records per page (at most ${MAX_PAGE_SIZE})`, {
            type: 'integer',
            minimum: 1,
            maximum: MAX_PAGE_SIZE,
          }),
        ],
        responses: {
          '200': json(ref(`${name}Page`), 'A page of records'),
          '400': BAD_PARAMETER,
          ...ERRORS,
        },
      },
      post: {
        operationId: `create${name}`,
        summary: `Create a ${kind.replace('_', ' ')}`,
        tags,
        parameters: [projectParam],
        requestBody: { required: true, content: { 'application/json': { schema: ref(`${name}Input`) } } },
        responses: {
          '201': json(ref(name), 'Created (Location and ETag headers)'),
          '400': errorResponse('The body is not a JSON object'),
          '422': errorResponse('Not valid: `details` name each field'),
          ...ERRORS,
        },
      },
    },
    [`${base}/{recordId}`]: {
      get: {
        operationId: `get${name}`,
        tags,
        parameters: [
          projectParam,
          recordParam,
          query('deleted', 'Coordinators: `include` shows a deleted record', {
            type: 'string',
            enum: ['include', 'exclude'],
          }),
        ],
        responses: {
          '200': json(ref(name), 'The record (ETag header: its version)'),
          '400': BAD_PARAMETER,
          ...ERRORS,
        },
      },
      patch: {
        operationId: `update${name}`,
        summary: 'Change fields: given fields replace, `null` clears an optional field',
        tags,
        parameters: [projectParam, recordParam, ifMatch(false)],
        requestBody: { required: true, content: { 'application/json': { schema: ref(`${name}Patch`) } } },
        responses: {
          '200': json(ref(name), 'The changed record'),
          '409': errorResponse('Someone changed the record since that version'),
          '422': errorResponse('Not valid'),
          '428': errorResponse('No version given (If-Match or `version`)'),
          ...ERRORS,
        },
      },
      delete: {
        operationId: `delete${name}`,
        summary: 'Delete (soft: hidden from lists and KPI figures; coordinators can restore it)',
        tags,
        parameters: [projectParam, recordParam, ifMatch(false)],
        responses: {
          '204': { description: 'Deleted' },
          '409': errorResponse('Changed since that version'),
          ...ERRORS,
        },
      },
    },
    [`${base}/{recordId}/restore`]: {
      post: {
        operationId: `restore${name}`,
        summary: 'Restore a deleted record (coordinators)',
        tags,
        parameters: [projectParam, recordParam],
        responses: { '200': json(ref(name), 'The restored record'), ...ERRORS },
      },
    },
    [`${base}/{recordId}/corrections`]: {
      post: {
        operationId: `correct${name}`,
        summary:
          'Correct a record a submitted report locked: the corrected record becomes a new one (flagged for the next ' +
          'report), the original is withdrawn',
        tags,
        parameters: [projectParam, recordParam],
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                type: 'object',
                properties: { reason: { type: 'string', minLength: 1 }, record: ref(`${name}Input`) },
                required: ['reason', 'record'],
              },
            },
          },
        },
        responses: {
          '201': json(
            {
              type: 'object',
              properties: {
                correction: ref(name),
                original: ref(name),
                reportId: { type: ['string', 'null'] },
              },
              required: ['correction', 'original', 'reportId'],
            },
            'The correction (Location and ETag headers) and the withdrawn original',
          ),
          '400': errorResponse('The body is not a JSON object, or `record` is not one'),
          '409': errorResponse(
            'The record is not locked by a submitted report (`not_locked`): edit it instead',
          ),
          '422': errorResponse('Not valid: `details` name each field (`reason` when it is empty)'),
          ...ERRORS,
        },
      },
    },
    [`${base}/{recordId}/files`]: {
      get: {
        operationId: `list${name}Files`,
        tags,
        parameters: [projectParam, recordParam],
        responses: {
          '200': json(
            {
              type: 'object',
              properties: { data: { type: 'array', items: ref('EvidenceFile') } },
              required: ['data'],
            },
            'Evidence files',
          ),
          ...ERRORS,
        },
      },
      post: {
        operationId: `upload${name}File`,
        summary: `Attach an evidence file (at most 20 MB; ${EVIDENCE_TYPES.map((t) => t.extensions[0]).join(', ')}; the type is read from the content)`,
        tags,
        parameters: [projectParam, recordParam],
        requestBody: {
          required: true,
          content: {
            'multipart/form-data': {
              schema: {
                type: 'object',
                properties: { file: { type: 'string', contentMediaType: 'application/octet-stream' } },
                required: ['file'],
              },
            },
          },
        },
        responses: {
          '201': json(ref('EvidenceFile'), 'Stored'),
          '413': errorResponse('Larger than 20 MB'),
          '415': errorResponse('Not an accepted type, or name/type and content disagree'),
          ...ERRORS,
        },
      },
    },
  };
}

let cached: Json | undefined;

/** The components with more schemas (each API's own). */
const withSchemas = (c: Json, ...more: Record<string, Json>[]): Json => ({
  ...c,
  schemas: Object.assign({}, c.schemas as Record<string, Json>, ...more),
});

/** The OpenAPI 3.1 document (built once). */
export function openApiDocument(): Json {
  if (cached) return cached;
  const paths: Record<string, Json> = {};
  for (const kind of RECORD_KINDS) Object.assign(paths, kindPaths(kind));
  const fileParam = param('fileId', 'Evidence file id', { type: 'string', format: 'uuid' });
  paths['/api/v1/projects/{id}/files/{fileId}'] = {
    get: {
      operationId: 'downloadFile',
      summary: 'Download an evidence file (always an attachment, with the type sniffed at upload)',
      tags: ['Files'],
      parameters: [
        projectParam,
        fileParam,
        query('inline', '`1`: an image shown inline rather than downloaded', {
          type: 'string',
          enum: ['0', '1'],
        }),
      ],
      responses: {
        '200': { description: 'The file', content: { 'application/octet-stream': {} } },
        '400': BAD_PARAMETER,
        ...ERRORS,
      },
    },
    delete: {
      operationId: 'deleteFile',
      tags: ['Files'],
      parameters: [projectParam, fileParam],
      responses: { '204': { description: 'Removed from its record' }, ...ERRORS },
    },
  };
  paths['/api/v1/projects/{id}/deliverables'] = {
    get: {
      operationId: 'listDeliverableStatus',
      tags: ['Deliverables'],
      parameters: [projectParam],
      responses: {
        '200': json(
          {
            type: 'object',
            properties: { data: { type: 'array', items: ref('DeliverableStatus') } },
            required: ['data'],
          },
          'Every deliverable of the plan with its status',
        ),
        ...ERRORS,
      },
    },
  };
  paths['/api/v1/projects/{id}/deliverables/{code}'] = {
    put: {
      operationId: 'setDeliverableStatus',
      summary: 'Set a deliverable’s status (coordinators); a late submission needs a justification',
      tags: ['Deliverables'],
      parameters: [projectParam, param('code', 'Deliverable code, e.g. D5.2')],
      requestBody: {
        required: true,
        content: { 'application/json': { schema: ref('DeliverableStatusInput') } },
      },
      responses: {
        '200': json(ref('DeliverableStatus'), 'The new status'),
        '422': errorResponse('Not valid'),
        ...ERRORS,
      },
    },
  };
  Object.assign(paths, otherPaths({ projectParam, errors: ERRORS }));
  for (const more of [kpiPaths, importPaths, reportPaths, socialPaths, brandPaths, doiPaths, suggestionPaths])
    Object.assign(paths, more({ projectParam, errors: ERRORS }));
  Object.assign(paths, exportPaths({ projectParam, errors: ERRORS, filters: LIST_FILTERS }));
  cached = {
    openapi: '3.1.0',
    info: {
      title: 'Herald API',
      version: '1',
      description:
        'Activities, events, publications, synergies, metric snapshots and manual KPI values of a project, with evidence files and deliverable status; KPI figures with their drill-downs; imports (upload, preview, commit as a job); reports (drafts as jobs, files, pre-flight, submission, signed manifests). Long work answers 202 Accepted with the Location of its job. Authenticate with `Authorization: Bearer hrd_…`; errors are `{ error: { code, message, details } }`.',
    },
    security: [{ bearer: [] }],
    paths,
    components: withSchemas(components(), kpiSchemas(), importSchemas(), reportSchemas()),
  };
  return cached;
}

export const openApiRoutes = new Hono<AppEnv>();

openApiRoutes.get('/api/openapi.json', (c) => c.json(openApiDocument()));
