/** OpenAPI paths of the suggested outputs inbox (src/sources/openaire/api.ts): list, accept, reject. */
import { BAD_PARAMETER } from '../../records/openapi-paths';
import type { Json } from '../../records/openapi-components';
import {
  errorResponse,
  jsonResponse,
  pathParam,
  queryParam,
  type SharedParts,
} from '../../records/openapi-parts';

const SUGGESTION = {
  type: 'object',
  properties: {
    id: { type: 'integer' },
    source: { type: 'string', enum: ['openaire'] },
    external_id: { type: 'string', description: 'OpenAIRE’s research product id' },
    doi: { type: ['string', 'null'], description: 'Lower-case DOI' },
    title: { type: 'string' },
    type: { type: ['string', 'null'], enum: ['publication', 'dataset', 'software', 'other', null] },
    published_on: { type: ['string', 'null'] },
    status: { type: 'string', enum: ['suggested', 'accepted', 'rejected'] },
    item: { type: 'object', description: 'The CSL-JSON item an accept imports' },
    first_seen_at: { type: 'string', format: 'date-time' },
    last_seen_at: { type: 'string', format: 'date-time' },
    decided_at: { type: ['string', 'null'], format: 'date-time' },
    decided_by: { type: ['string', 'null'] },
    record_id: { type: ['string', 'null'], description: 'The publication it became or already was' },
    reason: { type: ['string', 'null'] },
    openaire: { type: 'string', description: 'The product on OpenAIRE Explore' },
    web: { type: 'string', description: 'The inbox page' },
  },
  required: ['id', 'source', 'external_id', 'title', 'status', 'item'],
};

const sid = pathParam('sid', 'The suggestion’s id', { type: 'integer', minimum: 1 });

export function suggestionPaths({ projectParam, errors }: SharedParts): Record<string, Json> {
  const tags = ['Suggested outputs'];
  const decided = { '409': errorResponse('Decided already'), '422': errorResponse('Not valid'), ...errors };
  return {
    '/api/v1/projects/{id}/suggestions': {
      get: {
        operationId: 'listSuggestions',
        summary:
          'Research products OpenAIRE links to the project’s grants, waiting or decided (coordinators)',
        tags,
        parameters: [
          projectParam,
          queryParam('status', 'Only this status', {
            type: 'string',
            enum: ['suggested', 'accepted', 'rejected'],
          }),
        ],
        responses: {
          '200': jsonResponse(
            {
              type: 'object',
              properties: { project_id: { type: 'string' }, data: { type: 'array', items: SUGGESTION } },
              required: ['project_id', 'data'],
            },
            'The suggestions',
          ),
          '400': BAD_PARAMETER,
          ...errors,
        },
      },
    },
    '/api/v1/projects/{id}/suggestions/{sid}/accept': {
      post: {
        operationId: 'acceptSuggestion',
        summary:
          'Accept a suggestion: its item is imported as a publication through the CSL-JSON importer (a duplicate points at the publication already there)',
        tags,
        parameters: [projectParam, sid],
        requestBody: {
          required: false,
          content: {
            'application/json': {
              schema: {
                type: 'object',
                properties: {
                  lead_partner: { type: 'string', description: 'Default: the plan’s coordinator partner' },
                },
              },
            },
          },
        },
        responses: {
          '200': jsonResponse(
            {
              type: 'object',
              properties: {
                outcome: { type: 'string', enum: ['imported', 'duplicate'] },
                record_id: { type: 'string' },
                batch_id: { type: ['string', 'null'] },
                suggestion: SUGGESTION,
              },
              required: ['outcome', 'record_id', 'suggestion'],
            },
            'Accepted',
          ),
          '400': BAD_PARAMETER,
          ...decided,
        },
      },
    },
    '/api/v1/projects/{id}/suggestions/{sid}/reject': {
      post: {
        operationId: 'rejectSuggestion',
        summary: 'Reject a suggestion (remembered: the product is never suggested again)',
        tags,
        parameters: [projectParam, sid],
        requestBody: {
          required: false,
          content: {
            'application/json': {
              schema: { type: 'object', properties: { reason: { type: 'string', maxLength: 500 } } },
            },
          },
        },
        responses: {
          '200': jsonResponse(
            { type: 'object', properties: { suggestion: SUGGESTION }, required: ['suggestion'] },
            'Rejected',
          ),
          '400': BAD_PARAMETER,
          ...decided,
        },
      },
    },
  };
}
