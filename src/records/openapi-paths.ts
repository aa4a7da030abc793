/** OpenAPI paths outside the records: who is calling (`/api/v1/me`) a project's audit trail export and its signed head. */
import { ref, type Json } from './openapi-components';

const errorResponse = (description: string) => ({
  description,
  content: { 'application/json': { schema: ref('Error') } },
});

/** A malformed query parameter: `details[].path` names it. */
export const BAD_PARAMETER = errorResponse(
  'A query parameter is not valid (an impossible date, a control character, a number out of range): `code` is `bad_parameter`, `details[].path` names the parameter',
);

export function otherPaths(shared: { projectParam: Json; errors: Json }): Record<string, Json> {
  const { projectParam, errors } = shared;
  const seq = (name: string, description: string) => ({
    name,
    in: 'query',
    required: false,
    description,
    schema: { type: 'integer', minimum: 0 },
  });
  return {
    '/api/v1/me': {
      get: {
        operationId: 'me',
        summary: 'Who is calling: the token (project, partner, access) or the signed-in user and memberships',
        tags: ['Account'],
        responses: {
          '200': {
            description: 'The caller',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  properties: {
                    kind: { type: 'string', enum: ['token', 'user', 'system'] },
                    projectId: { type: 'string' },
                    partnerCode: { type: ['string', 'null'] },
                    access: { type: 'string', enum: ['read', 'write'] },
                    userId: { type: 'string' },
                    isAdmin: { type: 'boolean' },
                    memberships: { type: 'array', items: { type: 'object' } },
                  },
                  required: ['kind'],
                },
              },
            },
          },
          '401': errorResponse('No or an invalid API token (or session)'),
        },
      },
    },
    '/api/v1/projects/{id}/audit': {
      get: {
        operationId: 'exportAuditEntries',
        summary:
          'Audit entries after a sequence number, oldest first, with their hashes (to re-verify the chain)',
        tags: ['Audit'],
        parameters: [
          projectParam,
          seq('after', 'Entries after this sequence number (default 0)'),
          seq('limit', 'At most this many entries (default 500, at most 1000)'),
        ],
        responses: {
          '200': {
            description: 'The chain, its head and the entries',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  properties: {
                    chain: { type: 'string' },
                    head: {
                      oneOf: [
                        {
                          type: 'object',
                          properties: { seq: { type: 'integer' }, hash: { type: 'string' } },
                          required: ['seq', 'hash'],
                        },
                        { type: 'null' },
                      ],
                    },
                    entries: { type: 'array', items: { type: 'object' } },
                  },
                  required: ['chain', 'head', 'entries'],
                },
              },
            },
          },
          '400': BAD_PARAMETER,
          ...(errors as Record<string, Json>),
        },
      },
    },
    '/api/v1/projects/{id}/audit/head': {
      get: {
        operationId: 'readSignedAuditHead',
        summary:
          "The chain's current head and its latest signed head, with the instance's public key: a copy outsiders keep " +
          'to detect a rewritten history later (`herald audit verify --against FILE`)',
        tags: ['Audit'],
        parameters: [projectParam],
        responses: {
          '200': {
            description:
              'The chain, its head, the latest signed head and the document to keep (null until signed)',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  properties: {
                    chain: { type: 'string' },
                    head: { oneOf: [{ type: 'object' }, { type: 'null' }] },
                    signed: { oneOf: [{ type: 'object' }, { type: 'null' }] },
                    document: { oneOf: [{ type: 'object' }, { type: 'null' }] },
                  },
                  required: ['chain', 'head', 'signed', 'document'],
                },
              },
            },
          },
          ...(errors as Record<string, Json>),
        },
      },
    },
  };
}
