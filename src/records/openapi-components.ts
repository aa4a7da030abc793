/** The `components` of the OpenAPI document: record schemas generated from zod, errors, files, deliverables. */
import { z } from 'zod';
import { ERROR_CODES } from '../errors';
import { deliverableStatusSchema, DELIVERABLE_STATUSES } from './deliverables';
import { COMPUTED_FIELDS, kindObjectSchemas, kindSchemas, RECORD_KINDS, type RecordKind } from './kinds';
import { EVIDENCE_TYPES } from './sniff';

export type Json = Record<string, unknown>;

export const NAMES: Record<RecordKind, string> = {
  activity: 'Activity',
  event: 'Event',
  publication: 'Publication',
  synergy: 'Synergy',
  metric: 'MetricSnapshot',
  kpi_value: 'KpiValue',
};

export const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

/** A zod schema as a JSON Schema 2020-12 object for `components.schemas` (no `$schema` key). */
function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): Json {
  const { $schema: _drop, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as Json;
  return rest;
}

const computedSchema: Record<string, Json> = {
  joint_eu_jp: {
    type: 'boolean',
    readOnly: true,
    description: 'Computed: the authors’ partners span the regions EU and JP',
  },
  joint_public_private: {
    type: 'boolean',
    readOnly: true,
    description: 'Computed: the authors’ partners span the public and private sectors',
  },
  partners: {
    type: 'array',
    items: { type: 'string' },
    readOnly: true,
    description: 'Computed from the authors’ partners',
  },
};

function recordSchema(kind: RecordKind): Json {
  const computed = COMPUTED_FIELDS[kind] ?? [];
  return {
    allOf: [
      jsonSchema(kindSchemas[kind], 'output'),
      ref('RecordMeta'),
      ...(computed.length > 0
        ? [
            {
              type: 'object',
              properties: Object.fromEntries(computed.map((f) => [f, computedSchema[f] ?? {}])),
            },
          ]
        : []),
    ],
  };
}

export function components(): Json {
  const schemas: Record<string, Json> = {
    Error: {
      type: 'object',
      properties: {
        error: {
          type: 'object',
          properties: {
            code: {
              type: 'string',
              enum: [...ERROR_CODES],
              description:
                'Stable code. Bad input is `validation` (422, `details` name each field); a bad query or path ' +
                'parameter is `bad_parameter` (400); a body that is not a JSON object is `bad_request` (400); ' +
                '`unauthenticated` (401), `forbidden` (403), `not_found` (404), `conflict` (409).',
            },
            message: { type: 'string' },
            details: {
              type: 'array',
              items: {
                type: 'object',
                properties: {
                  path: { type: 'string' },
                  message: { type: 'string', description: 'English text' },
                  key: { type: 'string', description: 'i18n key of the message, when it has one' },
                  params: {
                    type: 'object',
                    description: 'Values of the key’s {name} placeholders',
                    additionalProperties: { oneOf: [{ type: 'string' }, { type: 'number' }] },
                  },
                },
                required: ['message'],
              },
            },
          },
          required: ['code', 'message'],
        },
      },
      required: ['error'],
    },
    RecordMeta: {
      type: 'object',
      properties: {
        id: { type: 'string', format: 'uuid', readOnly: true },
        record_type: { type: 'string', enum: [...RECORD_KINDS], readOnly: true },
        version: { type: 'integer', readOnly: true },
        origin: { type: 'string', readOnly: true, description: 'form, api or import:<batch id>' },
        created_at: { type: 'string', format: 'date-time', readOnly: true },
        created_by: { type: 'string', readOnly: true },
        updated_at: { type: 'string', format: 'date-time', readOnly: true },
        updated_by: { type: 'string', readOnly: true },
        deleted_at: { type: ['string', 'null'], format: 'date-time', readOnly: true },
      },
      required: ['id', 'record_type', 'version', 'origin', 'created_at', 'updated_at'],
    },
    EvidenceFile: {
      type: 'object',
      properties: {
        id: { type: 'string', format: 'uuid' },
        record_type: { type: 'string', enum: [...RECORD_KINDS] },
        record_id: { type: 'string', format: 'uuid' },
        file_name: { type: 'string' },
        content_type: { type: 'string', enum: EVIDENCE_TYPES.map((t) => t.contentType) },
        size: { type: 'integer' },
        sha256: { type: 'string' },
        uploaded_at: { type: 'string', format: 'date-time' },
        uploaded_by: { type: 'string' },
        url: { type: 'string' },
      },
      required: ['id', 'file_name', 'content_type', 'size', 'sha256', 'url'],
    },
    DeliverableStatusInput: jsonSchema(deliverableStatusSchema, 'input'),
    DeliverableStatus: {
      type: 'object',
      properties: {
        code: { type: 'string' },
        title: { type: 'string' },
        wp: { type: 'string' },
        due_month: { type: 'integer' },
        due_date: { type: 'string', format: 'date' },
        status: { type: 'string', enum: [...DELIVERABLE_STATUSES] },
        submitted_on: { type: ['string', 'null'], format: 'date' },
        approved_on: { type: ['string', 'null'], format: 'date' },
        justification: { type: ['string', 'null'] },
        late: { type: 'boolean' },
      },
      required: ['code', 'status', 'due_date', 'late'],
    },
  };
  for (const kind of RECORD_KINDS) {
    const name = NAMES[kind];
    schemas[`${name}Input`] = jsonSchema(kindSchemas[kind], 'input');
    schemas[`${name}Patch`] = {
      allOf: [
        jsonSchema(kindObjectSchemas[kind].partial(), 'input'),
        { type: 'object', properties: { version: { type: 'integer', description: 'Instead of If-Match' } } },
      ],
    };
    schemas[name] = recordSchema(kind);
    schemas[`${name}Page`] = {
      type: 'object',
      properties: {
        data: { type: 'array', items: ref(name) },
        total: { type: 'integer' },
        page: { type: 'integer' },
        page_size: { type: 'integer' },
      },
      required: ['data', 'total', 'page', 'page_size'],
    };
  }
  return {
    schemas,
    securitySchemes: {
      bearer: { type: 'http', scheme: 'bearer', description: 'An API token `hrd_…` made at /p/{id}/tokens' },
    },
  };
}
