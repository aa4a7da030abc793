/**
 * The inbox's JSON API (`sources.manage`): GET /api/v1/projects/:id/suggestions[?status=] lists the suggestions;
 * POST …/suggestions/:sid/accept `{ "lead_partner"?: "UNIA" }` and POST …/suggestions/:sid/reject
 * `{ "reason"?: "…" }` decide one (422 invalid, with the importer's located errors; 409 decided meanwhile).
 */
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import type { SuggestedOutputRow } from '../../db/schema';
import { jsonObject } from '../../records/api';
import { validationError } from '../../records/validate';
import type { AppEnv } from '../../web/env';
import { parseParams, parseQuery } from '../../web/query';
import { acceptSuggestion, listSuggestions, rejectSuggestion, SUGGESTION_STATUSES } from './inbox-service';
import { exploreUrl } from './map';
import { SUGGESTION_PARAMS } from './routes';

type C = Context<AppEnv>;
const db = (c: C) => c.var.deps.database.db;

export const SUGGESTIONS_API_QUERY = {
  status: z.enum(SUGGESTION_STATUSES as ['suggested', 'accepted', 'rejected']).optional(),
};

export const suggestionJson = (projectId: string, r: SuggestedOutputRow) => ({
  id: r.id,
  source: r.source,
  external_id: r.externalId,
  doi: r.doi,
  title: r.title,
  type: r.productType,
  published_on: r.publishedOn,
  status: r.status,
  item: r.item,
  first_seen_at: r.firstSeenAt.toISOString(),
  last_seen_at: r.lastSeenAt.toISOString(),
  decided_at: r.decidedAt?.toISOString() ?? null,
  decided_by: r.decidedBy,
  record_id: r.recordId,
  reason: r.reason,
  openaire: exploreUrl(r.externalId),
  web: `/p/${projectId}/sources/suggestions`,
});

/** The JSON body, `{}` when there is none. */
async function optionalBody(c: C): Promise<Record<string, unknown>> {
  const text = await c.req.raw.clone().text();
  return text.trim() === '' ? {} : jsonObject(c);
}

export const suggestionsApi = new Hono<AppEnv>();

suggestionsApi.get('/api/v1/projects/:id/suggestions', async (c) => {
  const projectId = c.req.param('id');
  const { status } = parseQuery(c, SUGGESTIONS_API_QUERY);
  const rows = await listSuggestions(db(c), { actor: c.var.actor, projectId, ...(status ? { status } : {}) });
  return c.json({ project_id: projectId, data: rows.map((r) => suggestionJson(projectId, r)) });
});

suggestionsApi.post('/api/v1/projects/:id/suggestions/:sid/accept', async (c) => {
  const projectId = c.req.param('id');
  const { sid } = parseParams(c, SUGGESTION_PARAMS);
  const body = await optionalBody(c);
  const lead = body.lead_partner;
  if (lead !== undefined && typeof lead !== 'string')
    throw validationError([{ path: 'lead_partner', message: 'must be a partner code such as "UNIA"' }]);
  const out = await acceptSuggestion(db(c), {
    actor: c.var.actor,
    projectId,
    suggestionId: sid,
    ...(typeof lead === 'string' ? { leadPartner: lead } : {}),
    clock: c.var.clock,
  });
  return c.json({
    outcome: out.outcome,
    record_id: out.recordId,
    batch_id: out.batchId ?? null,
    suggestion: suggestionJson(projectId, out.suggestion),
  });
});

suggestionsApi.post('/api/v1/projects/:id/suggestions/:sid/reject', async (c) => {
  const projectId = c.req.param('id');
  const { sid } = parseParams(c, SUGGESTION_PARAMS);
  const body = await optionalBody(c);
  const row = await rejectSuggestion(db(c), {
    actor: c.var.actor,
    projectId,
    suggestionId: sid,
    reason: body.reason,
    clock: c.var.clock,
  });
  return c.json({ suggestion: suggestionJson(projectId, row) });
});
