/** Small builders the OpenAPI path files share: responses, parameters, a job's 202. */
import { ref, type Json } from './openapi-components';

export const errorResponse = (description: string): Json => ({
  description,
  content: { 'application/json': { schema: ref('Error') } },
});

export const jsonResponse = (schema: Json, description: string): Json => ({
  description,
  content: { 'application/json': { schema } },
});

export const pathParam = (name: string, description: string, schema: Json = { type: 'string' }): Json => ({
  name,
  in: 'path',
  required: true,
  description,
  schema,
});

export const queryParam = (name: string, description: string, schema: Json = { type: 'string' }): Json => ({
  name,
  in: 'query',
  required: false,
  description,
  schema,
});

/** A job accepted: 202 with the Location of the job's status resource, and the same body that resource gives. */
export const accepted = (schemaName: string, description: string): Json => ({
  description,
  headers: {
    Location: { description: 'The job’s status resource (poll it)', schema: { type: 'string' } },
  },
  content: { 'application/json': { schema: ref(schemaName) } },
});

export const DATE = { type: 'string', format: 'date' };
export const YEAR = { type: 'integer', minimum: 1, maximum: 99 };

/** What every path file gets from the document: the project parameter and the common 401/403/404 responses. */
export interface SharedParts {
  projectParam: Json;
  errors: Json;
}
