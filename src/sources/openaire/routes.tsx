/**
 * The suggestions page (`sources.manage`: coordinators): GET /p/:id/sources/suggestions (reads only);
 * POST …/:sid/accept (lead_partner) and …/:sid/reject (reason) → 303 back with a notice, or the page again with the
 * refusal (422 invalid, 409 decided meanwhile); POST …/:sid/reopen undoes a rejection; POST …/check runs OpenAIRE
 * now (recorded as a `manual` run).
 */
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { isAppError, type AppError } from '../../errors';
import { formValues } from '../../records/route-helpers';
import { viewCtx } from '../../ui/context';
import type { AppEnv } from '../../web/env';
import { parseParams, parseQuery } from '../../web/query';
import { acceptSuggestion, rejectSuggestion, reopenSuggestion } from './inbox-service';
import { runOpenaire } from './jobs';
import { inboxPage } from './page';
import { suggestionsHref, SuggestionsView, type Problem } from './views';

type C = Context<AppEnv>;
const db = (c: C) => c.var.deps.database.db;

export const DONE = ['imported', 'duplicate', 'rejected', 'reopened', 'checked'] as const;
/** `?done=` after a decision or a check: the notice. */
export const SUGGESTIONS_QUERY = { done: z.enum(DONE).optional() };
/** A suggestion's id. */
export const SUGGESTION_PARAMS = {
  sid: z.coerce
    .number()
    .int('must be a suggestion id')
    .positive('must be a suggestion id')
    .max(2_147_483_647),
};

async function render(c: C, o: { problem?: Problem; done?: (typeof DONE)[number] } = {}) {
  const projectId = c.req.param('id') as string;
  const page = await inboxPage(db(c), { actor: c.var.actor, projectId });
  const t = c.var.t;
  const status = page.lastRun ? t(`sources.run.${page.lastRun.status as 'ok'}`) : '';
  const notice =
    o.done === 'checked'
      ? t('suggestions.done.checked', { status })
      : o.done
        ? t(`suggestions.done.${o.done}`)
        : undefined;
  return c.html(
    <SuggestionsView
      ctx={viewCtx(c)}
      projectId={projectId}
      page={page}
      notice={notice}
      problem={o.problem}
    />,
  );
}

const refusable = (e: unknown): e is AppError =>
  isAppError(e) && (e.code === 'validation' || e.code === 'conflict');

async function refused(c: C, e: AppError) {
  c.status(e.status === 409 ? 409 : 422);
  const t = c.var.t;
  return render(c, {
    problem: { message: t(e.messageKey as never, e.params), details: e.details },
  });
}

export const suggestionRoutes = new Hono<AppEnv>();

suggestionRoutes.get('/p/:id/sources/suggestions', async (c) => {
  const { done } = parseQuery(c, SUGGESTIONS_QUERY);
  return render(c, { ...(done ? { done } : {}) });
});

suggestionRoutes.post('/p/:id/sources/suggestions/check', async (c) => {
  const projectId = c.req.param('id');
  await runOpenaire(db(c), {
    projectId,
    actor: c.var.actor,
    trigger: 'manual',
    clock: c.var.clock,
    ...(c.var.deps.sources ? { deps: c.var.deps.sources } : {}),
  });
  return c.redirect(`${suggestionsHref(projectId)}?done=checked`, 303);
});

suggestionRoutes.post('/p/:id/sources/suggestions/:sid/accept', async (c) => {
  const projectId = c.req.param('id');
  const { sid } = parseParams(c, SUGGESTION_PARAMS);
  const values = await formValues(c);
  const lead = typeof values.lead_partner === 'string' ? values.lead_partner : undefined;
  try {
    const out = await acceptSuggestion(db(c), {
      actor: c.var.actor,
      projectId,
      suggestionId: sid,
      ...(lead ? { leadPartner: lead } : {}),
      clock: c.var.clock,
    });
    return c.redirect(`${suggestionsHref(projectId)}?done=${out.outcome}`, 303);
  } catch (e) {
    if (!refusable(e)) throw e;
    return refused(c, e);
  }
});

suggestionRoutes.post('/p/:id/sources/suggestions/:sid/reject', async (c) => {
  const projectId = c.req.param('id');
  const { sid } = parseParams(c, SUGGESTION_PARAMS);
  const values = await formValues(c);
  try {
    await rejectSuggestion(db(c), {
      actor: c.var.actor,
      projectId,
      suggestionId: sid,
      reason: typeof values.reason === 'string' ? values.reason : undefined,
      clock: c.var.clock,
    });
    return c.redirect(`${suggestionsHref(projectId)}?done=rejected`, 303);
  } catch (e) {
    if (!refusable(e)) throw e;
    return refused(c, e);
  }
});

suggestionRoutes.post('/p/:id/sources/suggestions/:sid/reopen', async (c) => {
  const projectId = c.req.param('id');
  const { sid } = parseParams(c, SUGGESTION_PARAMS);
  try {
    await reopenSuggestion(db(c), { actor: c.var.actor, projectId, suggestionId: sid, clock: c.var.clock });
    return c.redirect(`${suggestionsHref(projectId)}?done=reopened`, 303);
  } catch (e) {
    if (!refusable(e)) throw e;
    return refused(c, e);
  }
});
