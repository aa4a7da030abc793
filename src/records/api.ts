/**
 * The records REST API (JSON) under `/api/v1/projects/:id`: list / create / get / update / delete / restore of
 * every record kind (`activities`, `events`, `publications`, `synergies`, `metrics`, `kpi-values`) and the
 * deliverables' status. Authenticated by a bearer API token or a session (with its CSRF header); the services
 * check who may do what. Errors share one shape: `{ error: { code, message, details } }`.
 */
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { AppError } from '../errors';
import { isoDate, PAGE_MAX, pageNumber, projectYear, searchText, wholeNumber } from '../schema-pieces';
import { parseQuery } from '../web/query';
import type { AppEnv } from '../web/env';
import { listDeliverableStatus, setDeliverableStatus } from './deliverables';
import { KIND_SLUGS, kindOfSlug, RECORD_KINDS, type RecordKind } from './kinds';
import {
  createRecord,
  deleteRecord,
  getRecord,
  listRecords,
  restoreRecord,
  updateRecord,
  type RecordFilter,
  type StoredRecord,
} from './service';

type C = Context<AppEnv>;

/** The record-kind segment of a path: one route serves every kind. */
export const KIND_SEGMENT = `:type{(?:${RECORD_KINDS.map((k) => KIND_SLUGS[k]).join('|')})}`;
export const API_BASE = '/api/v1/projects/:id';

export function kindParam(c: C): RecordKind {
  const kind = kindOfSlug(c.req.param('type') ?? '');
  if (!kind) throw new AppError({ code: 'not_found', status: 404, message: 'Unknown record type' });
  return kind;
}

export const badRequest = (message: string, path?: string) =>
  new AppError({
    code: 'bad_request',
    status: 400,
    message,
    details: path ? [{ path, message }] : [],
  });

/** The JSON body as an object (400 when it is not JSON or not an object). */
export async function jsonObject(c: C): Promise<Record<string, unknown>> {
  let body: unknown;
  try {
    body = await c.req.json();
  } catch {
    throw badRequest('The body must be JSON (Content-Type: application/json)');
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw badRequest('The body must be a JSON object');
  return body as Record<string, unknown>;
}

/** `If-Match: "3"` (or `W/"3"`) → 3. */
export function ifMatchVersion(c: C): number | undefined {
  const header = c.req.header('if-match');
  if (header === undefined) return undefined;
  const m = /^\s*(?:W\/)?"?(\d+)"?\s*$/.exec(header);
  if (!m) throw badRequest('If-Match must be the record’s ETag, e.g. "3"', 'If-Match');
  return Number(m[1]);
}

const etag = (r: { version: number }) => `"${r.version}"`;

/** The query parameters of a record list (pages, API, exports): filters, search and paging. */
export const LIST_QUERY = {
  q: searchText.optional(),
  partner: searchText.optional(),
  from: isoDate.optional(),
  to: isoDate.optional(),
  year: projectYear.optional(),
  kind: searchText.optional(),
  type: searchText.optional(),
  status: searchText.optional(),
  audience: searchText.optional(),
  open_access: searchText.optional(),
  deleted: z.enum(['only', 'include', 'exclude']).optional(),
  page: pageNumber.optional(),
  page_size: wholeNumber({ min: 1, max: PAGE_MAX }).optional(),
};

/** List filters and paging from the query string (shared with the list pages and the exports). */
export function listQuery(c: C): { filter: RecordFilter; page?: number; pageSize?: number } {
  const p = parseQuery(c, LIST_QUERY);
  const filter: RecordFilter = {
    partner: p.partner,
    q: p.q,
    from: p.from,
    to: p.to,
    kindValue: p.kind,
    type: p.type,
    status: p.status,
    audience: p.audience,
    openAccess: p.open_access,
  };
  if (p.year !== undefined) filter.year = p.year;
  if (p.deleted === 'only') filter.deleted = 'only';
  return { filter, page: p.page, pageSize: p.page_size };
}

/** List filters from the query string. */
export const filterFromQuery = (c: C): RecordFilter => listQuery(c).filter;

/** `?deleted=include` of a record's own address. */
export const RECORD_QUERY = { deleted: z.enum(['include', 'exclude']).optional() };

const recordPath = (projectId: string, r: StoredRecord) =>
  `/api/v1/projects/${projectId}/${KIND_SLUGS[r.record_type]}/${r.id}`;

export const recordsApi = new Hono<AppEnv>();

recordsApi.get(`${API_BASE}/${KIND_SEGMENT}`, async (c) => {
  const page = await listRecords(c.var.deps.database.db, {
    actor: c.var.actor,
    projectId: c.req.param('id'),
    kind: kindParam(c),
    ...listQuery(c),
  });
  return c.json({ data: page.records, total: page.total, page: page.page, page_size: page.pageSize });
});

recordsApi.post(`${API_BASE}/${KIND_SEGMENT}`, async (c) => {
  const projectId = c.req.param('id');
  const r = await createRecord(c.var.deps.database.db, {
    actor: c.var.actor,
    projectId,
    kind: kindParam(c),
    input: await jsonObject(c),
    source: 'api',
    clock: c.var.clock,
  });
  return c.json(r, 201, { location: recordPath(projectId, r), etag: etag(r) });
});

recordsApi.get(`${API_BASE}/${KIND_SEGMENT}/:recordId`, async (c) => {
  const r = await getRecord(c.var.deps.database.db, {
    actor: c.var.actor,
    projectId: c.req.param('id'),
    kind: kindParam(c),
    id: c.req.param('recordId'),
    includeDeleted: parseQuery(c, RECORD_QUERY).deleted === 'include',
  });
  return c.json(r, 200, { etag: etag(r) });
});

recordsApi.patch(`${API_BASE}/${KIND_SEGMENT}/:recordId`, async (c) => {
  const body = await jsonObject(c);
  const { version: bodyVersion, ...input } = body;
  const version = ifMatchVersion(c) ?? (typeof bodyVersion === 'number' ? bodyVersion : undefined);
  if (version === undefined)
    throw new AppError({
      code: 'version_required',
      status: 428,
      message: 'Send the version you changed: an If-Match header with the ETag, or "version" in the body',
    });
  const r = await updateRecord(c.var.deps.database.db, {
    actor: c.var.actor,
    projectId: c.req.param('id'),
    kind: kindParam(c),
    id: c.req.param('recordId'),
    version,
    input,
    mode: 'merge',
    clock: c.var.clock,
  });
  return c.json(r, 200, { etag: etag(r) });
});

recordsApi.delete(`${API_BASE}/${KIND_SEGMENT}/:recordId`, async (c) => {
  await deleteRecord(c.var.deps.database.db, {
    actor: c.var.actor,
    projectId: c.req.param('id'),
    kind: kindParam(c),
    id: c.req.param('recordId'),
    version: ifMatchVersion(c),
  });
  return c.body(null, 204);
});

recordsApi.post(`${API_BASE}/${KIND_SEGMENT}/:recordId/restore`, async (c) => {
  const r = await restoreRecord(c.var.deps.database.db, {
    actor: c.var.actor,
    projectId: c.req.param('id'),
    kind: kindParam(c),
    id: c.req.param('recordId'),
  });
  return c.json(r, 200, { etag: etag(r) });
});

recordsApi.get(`${API_BASE}/deliverables`, async (c) => {
  const data = await listDeliverableStatus(c.var.deps.database.db, {
    actor: c.var.actor,
    projectId: c.req.param('id'),
  });
  return c.json({ data });
});

recordsApi.put(`${API_BASE}/deliverables/:code`, async (c) => {
  const d = await setDeliverableStatus(c.var.deps.database.db, {
    actor: c.var.actor,
    projectId: c.req.param('id'),
    code: c.req.param('code'),
    input: await jsonObject(c),
  });
  return c.json(d);
});
