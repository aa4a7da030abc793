/** OpenAPI path of the DOI lookup (src/sources/doi/api.ts), merged by src/records/openapi.ts like the others. */
import type { Json } from '../../records/openapi-components';
import { errorResponse, jsonResponse, type SharedParts } from '../../records/openapi-parts';
import { FETCH_STATUSES } from '../http';
import { MAX_DOIS } from './lookup';

const ITEM = {
  type: 'object',
  properties: {
    doi: {
      type: 'string',
      description: 'The DOI asked for, normalised (lower case, no `doi:` or resolver prefix)',
    },
    status: {
      type: 'string',
      enum: ['found', ...FETCH_STATUSES.filter((s) => s !== 'ok')],
      description:
        '`found`; `not_found` (neither Crossref nor DataCite knows it); or why it could not be asked (`network`, `rate_limited`, `server_error`: try again after `retry_at`; `malformed`: an unreadable answer)',
    },
    agency: { type: ['string', 'null'], enum: ['crossref', 'datacite', null] },
    title: { type: ['string', 'null'] },
    message: { type: ['string', 'null'] },
    retry_at: { type: ['string', 'null'], format: 'date-time' },
  },
  required: ['doi', 'status', 'agency', 'title', 'message', 'retry_at'],
};

const ROW = { type: 'object', additionalProperties: true };

const IMPORT = {
  type: ['object', 'null'],
  description:
    'The found publications through the file importers (CSL-JSON): the preview, or with `commit` the result (all or nothing); null when nothing was found',
  properties: {
    status: { type: 'string', enum: ['imported', 'rejected'], description: 'With `commit` only' },
    imported: { type: 'integer', description: 'With `commit` only' },
    batch_ids: { type: 'array', items: { type: 'string' }, description: 'With `commit` only' },
    file_name: { type: 'string' },
    rows: { type: 'integer' },
    valid: { type: 'integer' },
    duplicates: { type: 'integer' },
    invalid: { type: 'integer' },
    conflicts: {
      type: 'integer',
      description: 'DOIs already used by a publication under another title: left out',
    },
    error_count: { type: 'integer' },
    file_errors: { type: 'array', items: ROW },
    errors: { type: 'array', items: ROW },
    duplicate_rows: { type: 'array', items: ROW },
    conflict_rows: { type: 'array', items: ROW },
    warnings: { type: 'array', items: ROW },
  },
};

export function doiPaths({ projectParam, errors }: SharedParts): Record<string, Json> {
  return {
    '/api/v1/projects/{id}/publications/doi': {
      post: {
        operationId: 'addPublicationsByDoi',
        summary:
          'Look DOIs up (Crossref, then DataCite, by content negotiation for CSL-JSON) and preview or import the publications found (who may create publications)',
        tags: ['Publication'],
        parameters: [projectParam],
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                type: 'object',
                additionalProperties: false,
                properties: {
                  dois: {
                    type: 'array',
                    minItems: 1,
                    maxItems: MAX_DOIS,
                    items: { type: 'string' },
                    description:
                      'DOIs as `10.…/…`, `doi:…` or `https://doi.org/…`; repeats are looked up once',
                  },
                  lead_partner: {
                    type: 'string',
                    description:
                      'Lead partner of publications whose affiliations name none (a partner token: its own)',
                  },
                  commit: {
                    type: 'boolean',
                    description: 'Import the found publications (default: preview only)',
                  },
                },
                required: ['dois'],
              },
            },
          },
        },
        responses: {
          '200': jsonResponse(
            {
              type: 'object',
              properties: {
                status: {
                  type: 'string',
                  enum: ['ok', 'partial', 'failed'],
                  description:
                    '`ok`: every DOI answered (found or not found); `partial`/`failed`: some or all could not be asked',
                },
                committed: { type: 'boolean' },
                items: { type: 'array', items: ITEM },
                repeated: {
                  type: 'array',
                  items: {
                    type: 'object',
                    properties: {
                      doi: { type: 'string' },
                      index: { type: 'integer' },
                      first: { type: 'integer' },
                    },
                  },
                },
                retry_at: { type: ['string', 'null'], format: 'date-time' },
                import: IMPORT,
              },
              required: ['status', 'committed', 'items', 'repeated', 'retry_at', 'import'],
            },
            'Each DOI’s status and the import’s preview or result',
          ),
          '400': errorResponse('The body is not JSON'),
          '422': errorResponse('A value that is not a DOI (located as `dois[N]`) or a body of another shape'),
          ...(errors as Record<string, Json>),
        },
      },
    },
  };
}
