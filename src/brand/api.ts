/**
 * The brand checker's API: POST /api/v1/projects/:id/brand/check with a multipart `file` (+ `kind`, `network`,
 * `context` fields) or JSON `{ text, kind, network?, context? }` → the diagnostics as `herald lint --format json`
 * prints them (in the request's language), or SARIF 2.1.0 with `?format=sarif`. Read tokens may call it (partners'
 * pipelines). A file the checker cannot read → 422 `lint_input` naming the file.
 */
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { API_BASE, badRequest, jsonObject } from '../records/api';
import type { AppEnv } from '../web/env';
import { parseQuery } from '../web/query';
import { jsonReport } from './render';
import { sarifReport } from './sarif';
import { checkMaterial, checkOptionsSchema, pastedFile, pasteSchema, type CheckOutcome } from './service';
import { invalidFields, optionsOf } from './routes';

type C = Context<AppEnv>;

export const BRAND_CHECK_QUERY = { format: z.enum(['json', 'sarif']).optional() };

async function check(c: C): Promise<CheckOutcome> {
  const base = { actor: c.var.actor, projectId: c.req.param('id') ?? '' };
  const db = c.var.deps.database.db;
  const type = (c.req.header('content-type') ?? '').toLowerCase();
  if (type.startsWith('multipart/form-data')) {
    const body = await c.req.parseBody();
    const file = body.file;
    if (!(file instanceof File)) throw badRequest('The form has no file in its "file" field', 'file');
    const parsed = checkOptionsSchema.safeParse(
      optionsOf({ kind: body.kind, network: body.network, context: body.context }),
    );
    if (!parsed.success) throw invalidFields(parsed.error.issues);
    return checkMaterial(db, {
      ...base,
      fileName: file.name || 'file',
      bytes: new Uint8Array(await file.arrayBuffer()),
      options: parsed.data,
    });
  }
  const parsed = pasteSchema.safeParse(optionsOf(await jsonObject(c)));
  if (!parsed.success) throw invalidFields(parsed.error.issues);
  const { text, ...options } = parsed.data;
  return checkMaterial(db, { ...base, ...pastedFile(text, options.kind), options });
}

export const brandApi = new Hono<AppEnv>();

brandApi.post(`${API_BASE}/brand/check`, async (c) => {
  const { format } = parseQuery(c, BRAND_CHECK_QUERY);
  const outcome = await check(c);
  const lang = c.var.lang;
  if (format === 'sarif')
    return c.body(JSON.stringify(sarifReport([outcome.result], lang), null, 2), 200, {
      'content-type': 'application/sarif+json; charset=utf-8',
    });
  return c.body(jsonReport([outcome.result], lang), 200, {
    'content-type': 'application/json; charset=utf-8',
  });
});
