/** OpenAPI path of the social calendar's API (src/social/api.ts): the posts of a range with their findings. */
import { BAD_PARAMETER } from './openapi-paths';
import type { Json } from './openapi-components';
import { DATE, jsonResponse, queryParam, type SharedParts } from './openapi-parts';

const FINDING = {
  type: 'object',
  properties: {
    rule: { type: 'string', enum: ['frequency', 'best_time', 'image', 'hashtag', 'length'] },
    severity: { type: 'string', enum: ['warning', 'error'] },
    message: { type: 'string' },
    message_ja: { type: 'string' },
    params: { type: 'object' },
    week: { ...DATE, description: 'The Monday of the week (frequency findings)' },
  },
  required: ['rule', 'severity', 'message', 'message_ja', 'params'],
};

const POST = {
  type: 'object',
  properties: {
    id: { type: 'string', format: 'uuid' },
    channel: { type: 'string', description: 'A `channels[].id` of the plan' },
    planned_at: { type: 'string', format: 'date-time' },
    state: { type: 'string', enum: ['draft', 'planned', 'posted', 'cancelled'] },
    text: { type: 'string' },
    hashtags: { type: 'array', items: { type: 'string' } },
    mentions: { type: 'array', items: { type: 'string' } },
    image: {
      type: ['object', 'null'],
      properties: { sha256: { type: 'string' }, type: { type: 'string' }, alt: { type: ['string', 'null'] } },
    },
    partner: { type: ['string', 'null'] },
    posted_url: { type: ['string', 'null'] },
    posted_at: { type: ['string', 'null'], format: 'date-time' },
    activity_id: { type: ['string', 'null'], description: 'The communication activity recorded when posted' },
    version: { type: 'integer' },
    findings: { type: 'array', items: FINDING },
    web: { type: 'string', description: 'The post’s page' },
  },
  required: ['id', 'channel', 'planned_at', 'state', 'text', 'findings'],
};

export function socialPaths({ projectParam, errors }: SharedParts): Record<string, Json> {
  return {
    '/api/v1/projects/{id}/social/posts': {
      get: {
        operationId: 'listSocialPosts',
        summary:
          'Social posts planned in a range (days in the strategy’s time zone), with the strategy’s findings and the weeks with too few posts (members, read tokens)',
        tags: ['Social media'],
        parameters: [
          projectParam,
          queryParam('from', 'First day (default: the project’s start)', DATE),
          queryParam('to', 'Last day (default: the project’s end)', DATE),
        ],
        responses: {
          '200': jsonResponse(
            {
              type: 'object',
              properties: {
                project_id: { type: 'string' },
                timezone: { type: 'string' },
                from: DATE,
                to: DATE,
                data: { type: 'array', items: POST },
                weeks: { type: 'array', items: FINDING },
              },
              required: ['project_id', 'timezone', 'from', 'to', 'data', 'weeks'],
            },
            'The posts',
          ),
          '400': BAD_PARAMETER,
          ...errors,
        },
      },
    },
  };
}
