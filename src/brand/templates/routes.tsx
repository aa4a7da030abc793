/**
 * GET /p/:id/brand/templates (the page), /p/:id/brand/templates/<name>.docx|.pptx (a template in the page's language)
 * and /p/:id/brand/kit.zip (the communication kit): plan.read, read only. Downloads carry a strong ETag (the bytes'
 * sha256; the same plan gives the same bytes) and answer 304 on a match.
 */
import { Hono, type Context } from 'hono';
import { notFound } from '../../errors';
import { viewCtx } from '../../ui/context';
import type { AppEnv } from '../../web/env';
import { kitFile, templateFile, templatesPage, type BrandFile } from './service';
import { TemplatesView } from './views';

type C = Context<AppEnv>;
const db = (c: C) => c.var.deps.database.db;

function download(c: C, file: BrandFile, vary: string): Response {
  const headers = { etag: file.etag, 'cache-control': 'private, no-cache', vary };
  const match = c.req.header('if-none-match');
  if (match?.split(',').some((m) => m.trim().replace(/^W\//, '') === file.etag))
    return c.body(null, 304, headers);
  return c.body(file.bytes as Uint8Array<ArrayBuffer>, 200, {
    ...headers,
    'content-type': file.contentType,
    'content-disposition': `attachment; filename="${file.fileName}"`,
  });
}

export const brandTemplateRoutes = new Hono<AppEnv>();

brandTemplateRoutes.get('/p/:id/brand/templates', async (c) => {
  const projectId = c.req.param('id');
  const page = await templatesPage(db(c), { actor: c.var.actor, projectId, lang: c.var.lang });
  return c.html(<TemplatesView ctx={viewCtx(c)} projectId={projectId} page={page} />);
});

brandTemplateRoutes.get('/p/:id/brand/templates/:file', async (c) => {
  const m = /^([a-z]+)\.(docx|pptx)$/.exec(c.req.param('file'));
  if (!m) throw notFound('template');
  const file = await templateFile(db(c), {
    actor: c.var.actor,
    projectId: c.req.param('id'),
    lang: c.var.lang,
    name: m[1]!,
    ext: m[2]!,
  });
  return download(c, file, 'accept-language, cookie');
});

brandTemplateRoutes.get('/p/:id/brand/kit.zip', async (c) => {
  const file = await kitFile(db(c), { actor: c.var.actor, projectId: c.req.param('id') });
  return download(c, file, 'cookie');
});
