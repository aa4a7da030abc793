/**
 * `GET|POST /p/:id/oai`: the project's OAI-PMH endpoint for repositories and aggregators (OpenAIRE). Public, no
 * session and no cookies read: it is mounted before authentication and CSRF in src/web/app.tsx (a harvester's POST
 * is a read, `application/x-www-form-urlencoded` as the protocol says). A project without the endpoint turned on
 * (the plan's `harvesting.oai_pmh`) answers 404 exactly like a project that does not exist.
 */
import { Hono, type Context } from 'hono';
import { keyFileOf, loadConfig } from '../config';
import { notFound } from '../errors';
import { kebabId } from '../schema-pieces';
import type { AppEnv } from '../web/env';
import { oaiResponse } from './service';
import { tokenSecret } from './token';

type C = Context<AppEnv>;

const baseUrlOf = (c: C): string => (c.var.deps.baseUrl ?? new URL(c.req.url).origin).replace(/\/+$/, '');

/** The endpoint's address for a project: what the coordinator gives a repository or OpenAIRE. */
export const oaiBaseUrl = (c: C, projectId: string): string => `${baseUrlOf(c)}/p/${projectId}/oai`;

/** The request's arguments: the query string (GET) or the form body (POST), repeated keys kept. */
async function argumentsOf(c: C): Promise<URLSearchParams> {
  if (c.req.method === 'POST') {
    const type = c.req.header('content-type') ?? '';
    return new URLSearchParams(
      type.startsWith('application/x-www-form-urlencoded') ? await c.req.text() : '',
    );
  }
  return new URL(c.req.url).searchParams;
}

async function handle(c: C) {
  const projectId = c.req.param('id') ?? '';
  if (!kebabId.safeParse(projectId).success) throw notFound('project');
  const xml = await oaiResponse(
    {
      db: c.var.deps.database.db,
      projectId,
      baseUrl: oaiBaseUrl(c, projectId),
      secret: tokenSecret(c.var.deps.keyFile ?? keyFileOf(loadConfig())),
      now: c.var.clock.now(),
    },
    await argumentsOf(c),
  );
  if (xml === undefined) throw notFound('project');
  return c.body(xml, 200, { 'content-type': 'text/xml; charset=utf-8', 'cache-control': 'no-store' });
}

export const oaiRoutes = new Hono<AppEnv>();
oaiRoutes.get('/p/:id/oai', handle);
oaiRoutes.post('/p/:id/oai', handle);
