/** OpenAPI path of the brand checker's API (src/brand/api.ts): a file or a text → diagnostics, JSON or SARIF. */
import { CONTEXTS, RULE_IDS, SEVERITIES } from '../brand/types';
import { NETWORKS } from '../brand/reference/networks';
import { PASTE_KINDS } from '../brand/service';
import { BAD_PARAMETER } from './openapi-paths';
import type { Json } from './openapi-components';
import { errorResponse, jsonResponse, queryParam, type SharedParts } from './openapi-parts';

const OPTIONS = {
  kind: { type: 'string', enum: [...PASTE_KINDS], default: 'text' },
  network: { type: 'string', enum: Object.keys(NETWORKS), description: 'A social post’s network' },
  context: { type: 'string', enum: [...CONTEXTS], default: 'dissemination' },
};

const LOCATION = {
  type: 'object',
  description: 'One of page (PDF), slide (+ shape), paragraph, line:column, or a package part',
  properties: {
    file: { type: 'string' },
    page: { type: 'integer' },
    slide: { type: 'integer' },
    shape: { type: 'string' },
    paragraph: { type: 'integer' },
    line: { type: 'integer' },
    column: { type: 'integer' },
    part: { type: 'string' },
  },
  required: ['file'],
};

const REPORT = {
  type: 'object',
  description: 'As `herald lint --format json` prints it, in the request’s language',
  properties: {
    files: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          file: { type: 'string' },
          kind: { type: 'string' },
          diagnostics: {
            type: 'array',
            items: {
              type: 'object',
              properties: {
                ruleId: { type: 'string', enum: [...RULE_IDS] },
                severity: { type: 'string', enum: [...SEVERITIES] },
                message: { type: 'string' },
                suggestion: { type: 'string' },
                location: LOCATION,
              },
              required: ['ruleId', 'severity', 'message', 'suggestion', 'location'],
            },
          },
        },
        required: ['file', 'diagnostics'],
      },
    },
    summary: {
      type: 'object',
      properties: { errors: { type: 'integer' }, warnings: { type: 'integer' }, notes: { type: 'integer' } },
      required: ['errors', 'warnings', 'notes'],
    },
  },
  required: ['files', 'summary'],
};

export function brandPaths({ projectParam, errors }: SharedParts): Record<string, Json> {
  return {
    '/api/v1/projects/{id}/brand/check': {
      post: {
        operationId: 'checkMaterial',
        summary:
          'Check a material (DOCX, PPTX, ODT, PDF, HTML, Markdown, text, or a pasted post) against the plan’s identity and the funder’s acknowledgement rules (members, read tokens)',
        tags: ['Brand'],
        parameters: [
          projectParam,
          queryParam('format', 'json (default) or sarif (SARIF 2.1.0)', {
            type: 'string',
            enum: ['json', 'sarif'],
          }),
        ],
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                type: 'object',
                properties: { text: { type: 'string', minLength: 1, maxLength: 200000 }, ...OPTIONS },
                required: ['text'],
              },
            },
            'multipart/form-data': {
              schema: {
                type: 'object',
                properties: {
                  file: { type: 'string', contentMediaType: 'application/octet-stream' },
                  ...OPTIONS,
                },
                required: ['file'],
              },
            },
          },
        },
        responses: {
          '200': {
            description: 'The diagnostics',
            content: {
              ...(jsonResponse(REPORT, 'JSON') as { content: Record<string, Json> }).content,
              'application/sarif+json': { schema: { type: 'object', description: 'SARIF 2.1.0' } },
            },
          },
          '400': BAD_PARAMETER,
          '413': errorResponse('Larger than 20 MB'),
          '422': errorResponse(
            'A field is not valid, or the file cannot be read (`lint_input`, naming the file)',
          ),
          ...errors,
        },
      },
    },
  };
}
