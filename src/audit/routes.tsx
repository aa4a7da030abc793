/** The audit trail: a project's page (`/p/:id/audit`) and its JSON export for scripts (`/api/v1/projects/:id/audit`). */
import { Hono } from 'hono';
import { z } from 'zod';
import { notFound } from '../errors';
import { lineText, wholeNumber } from '../schema-pieces';
import type { AppEnv } from '../web/env';
import { parseQuery } from '../web/query';
import { projectHeader } from './repository';
import { exportAuditEntries, readAuditTrail, readSignedHead, verifyProjectChain } from './service';
import { AuditPage } from './views/audit';

export const auditRoutes = new Hono<AppEnv>();

const seq = wholeNumber({ min: 0, max: 2_000_000_000 });
/** The audit page's query: one entity's entries (`type:id`), older pages, a verification run. */
export const AUDIT_PAGE_QUERY = {
  entity: lineText(300).optional(),
  before: seq.optional(),
  verify: z.enum(['1']).optional(),
};
/** The export's query: entries after a sequence number, at most `limit`. */
export const AUDIT_EXPORT_QUERY = { after: seq.optional(), limit: seq.optional() };

auditRoutes.get('/p/:id/audit', async (c) => {
  const projectId = c.req.param('id');
  const { db } = c.var.deps.database;
  const query = parseQuery(c, AUDIT_PAGE_QUERY);
  const entity = query.entity;
  const [entityType, ...rest] = (entity ?? '').split(':');
  const trail = await readAuditTrail(db, {
    actor: c.var.actor,
    projectId,
    entityType: entity ? entityType : undefined,
    entityId: entity && rest.length ? rest.join(':') : undefined,
    beforeSeq: query.before,
  });
  const project = await projectHeader(db, projectId);
  if (!project) throw notFound('project');
  const signed = await readSignedHead(db, { actor: c.var.actor, projectId });
  const verified = query.verify ? await verifyProjectChain(db, { actor: c.var.actor, projectId }) : undefined;
  const { lang, t } = c.var;
  return c.html(
    <AuditPage
      lang={lang}
      t={t}
      path={c.req.path}
      project={{ id: project.id, acronym: project.acronym }}
      trail={trail}
      entity={entity || undefined}
      verified={verified}
      signed={signed}
    />,
  );
});

auditRoutes.get('/api/v1/projects/:id/audit', async (c) => {
  const query = parseQuery(c, AUDIT_EXPORT_QUERY);
  const r = await exportAuditEntries(c.var.deps.database.db, {
    actor: c.var.actor,
    projectId: c.req.param('id'),
    afterSeq: query.after,
    limit: query.limit,
  });
  return c.json(r);
});

/** The latest signed head of the project's chain, with the public key: what outsiders keep. */
auditRoutes.get('/api/v1/projects/:id/audit/head', async (c) => {
  const projectId = c.req.param('id');
  const { db } = c.var.deps.database;
  const r = await readSignedHead(db, { actor: c.var.actor, projectId });
  if (!(await projectHeader(db, projectId))) throw notFound('project');
  return c.json(r);
});
