/** The audit trail: a project's page (`/p/:id/audit`) and its JSON export for scripts (`/api/v1/projects/:id/audit`). */
import { Hono } from 'hono';
import { notFound } from '../errors';
import { getProject } from '../projects/repository';
import type { AppEnv } from '../web/env';
import { exportAuditEntries, readAuditTrail, readSignedHead, verifyProjectChain } from './service';
import { AuditPage } from './views/audit';

export const auditRoutes = new Hono<AppEnv>();

const seqParam = (v: string | undefined): number | undefined => {
  const n = Number(v);
  return v !== undefined && Number.isInteger(n) && n >= 0 ? n : undefined;
};

auditRoutes.get('/p/:id/audit', async (c) => {
  const projectId = c.req.param('id');
  const { db } = c.var.deps.database;
  const entity = c.req.query('entity');
  const [entityType, ...rest] = (entity ?? '').split(':');
  const trail = await readAuditTrail(db, {
    actor: c.var.actor,
    projectId,
    entityType: entity ? entityType : undefined,
    entityId: entity && rest.length ? rest.join(':') : undefined,
    beforeSeq: seqParam(c.req.query('before')),
  });
  const project = await getProject(db, projectId);
  if (!project) throw notFound('project');
  const signed = await readSignedHead(db, { actor: c.var.actor, projectId });
  const verified = c.req.query('verify')
    ? await verifyProjectChain(db, { actor: c.var.actor, projectId })
    : undefined;
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
  const r = await exportAuditEntries(c.var.deps.database.db, {
    actor: c.var.actor,
    projectId: c.req.param('id'),
    afterSeq: seqParam(c.req.query('after')),
    limit: seqParam(c.req.query('limit')),
  });
  return c.json(r);
});

/** The latest signed head of the project's chain, with the public key: what outsiders keep. */
auditRoutes.get('/api/v1/projects/:id/audit/head', async (c) => {
  const projectId = c.req.param('id');
  const { db } = c.var.deps.database;
  const r = await readSignedHead(db, { actor: c.var.actor, projectId });
  if (!(await getProject(db, projectId))) throw notFound('project');
  return c.json(r);
});
