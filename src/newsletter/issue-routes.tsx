/**
 * The coordinator's issue pages (`newsletter.manage`; the checks live in the use cases):
 *   GET  /p/:id/newsletter/issues                         the list
 *   GET  /p/:id/newsletter/issues/new                     the form          POST /p/:id/newsletter/issues  create
 *   GET  /p/:id/newsletter/issues/:issueId                the issue          POST …/:issueId               save draft
 *   GET  /p/:id/newsletter/issues/:issueId/preview/:lang  the mail's HTML as a subscriber in `lang` gets it (sandboxed)
 *   POST /p/:id/newsletter/issues/:issueId/test/:lang     queues a copy to the signed-in user's own address
 *   POST /p/:id/newsletter/issues/:issueId/send           queues it to every confirmed subscriber (then 303)
 *   GET  /p/:id/newsletter/issues/:issueId/progress       the progress block (htmx polling)
 * A refused save shows its form again (422) with what was typed and the errors.
 */
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { isAppError, type ErrorDetail } from '../errors';
import { uuidParam } from '../schema-pieces';
import { navProject, pageCtx } from '../ui/context';
import type { AppEnv } from '../web/env';
import { parseParams, parseQuery } from '../web/query';
import { issueProgress, sendIssue } from './issue-send';
import { createIssue, ISSUE_FIELDS, listIssues, previewIssue, testSendIssue, updateIssue } from './issues';
import { countConfirmed } from './repository';
import { mailRoot, secretOf } from './site-context';
import {
  IssueListPage,
  IssueNewPage,
  IssuePage,
  IssueProgressBlock,
  issuesHref,
  issueValues,
  type IssueValues,
} from './views/issues';

type C = Context<AppEnv>;
const db = (c: C) => c.var.deps.database.db;

export const ISSUE_PARAMS = { issueId: uuidParam };
export const ISSUE_LANG_PARAMS = { issueId: uuidParam, lang: z.enum(['en', 'ja']) };
export const ISSUE_QUERY = {
  notice: z.enum(['saved', 'tested', 'sending']).optional(),
  to: z.string().max(320).optional(),
};

async function readForm(c: C): Promise<{ input: Record<string, string>; values: IssueValues }> {
  const body = await c.req.parseBody();
  const input: Record<string, string> = {};
  const values = issueValues();
  for (const n of ISSUE_FIELDS) {
    const v = body[n];
    if (typeof v !== 'string') continue;
    values[n] = v;
    if (v.trim() !== '') input[n] = v;
  }
  return { input, values };
}

/** A save refused as invalid → `again(errors)` (422); other errors go to the error handler. */
async function keepInput(save: () => Promise<Response>, again: (e: ErrorDetail[]) => Promise<Response>) {
  try {
    return await save();
  } catch (e) {
    if (isAppError(e) && e.code === 'validation') return again(e.details);
    throw e;
  }
}

const html = (c: C, body: unknown, status = 200) =>
  c.html(body as string, status as 200, { 'cache-control': 'no-store' });

export const issueRoutes = new Hono<AppEnv>();

issueRoutes.get('/p/:id/newsletter/issues', async (c) => {
  const projectId = c.req.param('id');
  const rows = await listIssues(db(c), { actor: c.var.actor, projectId });
  return html(c, <IssueListPage ctx={pageCtx(c)} project={await navProject(c)} rows={rows} />);
});

issueRoutes.get('/p/:id/newsletter/issues/new', async (c) => {
  const projectId = c.req.param('id');
  await listIssues(db(c), { actor: c.var.actor, projectId }); // newsletter.manage
  return html(c, <IssueNewPage ctx={pageCtx(c)} project={await navProject(c)} values={issueValues()} />);
});

issueRoutes.post('/p/:id/newsletter/issues', async (c) => {
  const projectId = c.req.param('id');
  const { input, values } = await readForm(c);
  return keepInput(
    async () => {
      const row = await createIssue(db(c), { actor: c.var.actor, projectId, input, clock: c.var.clock });
      return c.redirect(`${issuesHref(projectId, row.id)}?notice=saved`, 303);
    },
    async (errors) =>
      html(
        c,
        <IssueNewPage ctx={pageCtx(c)} project={await navProject(c)} values={values} errors={errors} />,
        422,
      ),
  );
});

async function issuePage(c: C, over: { values?: IssueValues; errors?: ErrorDetail[]; status?: number } = {}) {
  const projectId = c.req.param('id') as string;
  const { issueId } = parseParams(c, ISSUE_PARAMS);
  const query = parseQuery(c, ISSUE_QUERY);
  const { issue, progress } = await issueProgress(db(c), { actor: c.var.actor, projectId, id: issueId });
  const t = c.var.t;
  const notice =
    query.notice === 'saved'
      ? t('newsletter.issue.saved')
      : query.notice === 'tested'
        ? t('newsletter.issue.tested', { to: query.to ?? '' })
        : query.notice === 'sending'
          ? t('newsletter.issue.sendingNotice')
          : undefined;
  return html(
    c,
    <IssuePage
      ctx={pageCtx(c)}
      project={await navProject(c)}
      issue={issue}
      progress={progress}
      confirmed={await countConfirmed(db(c), projectId)}
      values={over.values ?? issueValues(issue)}
      errors={over.errors}
      notice={notice}
    />,
    over.status ?? 200,
  );
}

issueRoutes.get('/p/:id/newsletter/issues/:issueId', (c) => issuePage(c));

issueRoutes.post('/p/:id/newsletter/issues/:issueId', async (c) => {
  const projectId = c.req.param('id');
  const { issueId } = parseParams(c, ISSUE_PARAMS);
  const { input, values } = await readForm(c);
  return keepInput(
    async () => {
      await updateIssue(db(c), { actor: c.var.actor, projectId, id: issueId, input, clock: c.var.clock });
      return c.redirect(`${issuesHref(projectId, issueId)}?notice=saved`, 303);
    },
    (errors) => issuePage(c, { values, errors, status: 422 }),
  );
});

issueRoutes.get('/p/:id/newsletter/issues/:issueId/preview/:lang', async (c) => {
  const projectId = c.req.param('id');
  const { issueId, lang } = parseParams(c, ISSUE_LANG_PARAMS);
  const r = await previewIssue(db(c), {
    actor: c.var.actor,
    projectId,
    id: issueId,
    lang,
    root: mailRoot(c, projectId),
  });
  // The mail as sent; sandboxed (no script, no form, no same-origin) like any untrusted document.
  return c.html(r.html, 200, {
    'cache-control': 'no-store',
    'content-security-policy': "sandbox; default-src 'none'; img-src https: data:; style-src 'unsafe-inline'",
  });
});

issueRoutes.post('/p/:id/newsletter/issues/:issueId/test/:lang', async (c) => {
  const projectId = c.req.param('id');
  const { issueId, lang } = parseParams(c, ISSUE_LANG_PARAMS);
  const { to } = await testSendIssue(db(c), {
    actor: c.var.actor,
    projectId,
    id: issueId,
    lang,
    root: mailRoot(c, projectId),
    clock: c.var.clock,
  });
  return c.redirect(`${issuesHref(projectId, issueId)}?notice=tested&to=${encodeURIComponent(to)}`, 303);
});

issueRoutes.post('/p/:id/newsletter/issues/:issueId/send', async (c) => {
  const projectId = c.req.param('id');
  const { issueId } = parseParams(c, ISSUE_PARAMS);
  await sendIssue(db(c), {
    actor: c.var.actor,
    projectId,
    id: issueId,
    clock: c.var.clock,
    secret: secretOf(c),
    root: mailRoot(c, projectId),
  });
  return c.redirect(`${issuesHref(projectId, issueId)}?notice=sending`, 303);
});

issueRoutes.get('/p/:id/newsletter/issues/:issueId/progress', async (c) => {
  const projectId = c.req.param('id');
  const { issueId } = parseParams(c, ISSUE_PARAMS);
  const { issue, progress } = await issueProgress(db(c), { actor: c.var.actor, projectId, id: issueId });
  return html(
    c,
    <IssueProgressBlock ctx={pageCtx(c)} projectId={projectId} issue={issue} progress={progress} />,
  );
});
