/**
 * Routes of the sign-off page: GET /p/:id/signoff (a partner editor's own partner, else the table; `?partner=` any
 * partner's view, `?all=1` the table) and POST /p/:id/signoff (one answer; htmx swaps the period's card, a plain
 * POST is redirected back). A refused answer (invalid, stale, period not ended) shows the card again with the error.
 * Checks live in the use cases.
 */
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { isAppError, type AppError } from '../errors';
import { searchText } from '../schema-pieces';
import { viewCtx } from '../ui/context';
import type { AppEnv } from '../web/env';
import { parseQuery } from '../web/query';
import { signoffPage } from './page';
import { signOffPeriod } from './service';
import { PeriodCard, SignoffView, signoffHref, type CardProblem } from './views';

type C = Context<AppEnv>;
const db = (c: C) => c.var.deps.database.db;

/** `?partner=CODE` (a partner's view), `?all=1` (the table, for a partner editor too). */
export const SIGNOFF_QUERY = { partner: searchText.optional(), all: z.enum(['1']).optional() };

export const signoffRoutes = new Hono<AppEnv>();

signoffRoutes.get('/p/:id/signoff', async (c) => {
  const projectId = c.req.param('id');
  const q = parseQuery(c, SIGNOFF_QUERY);
  const page = await signoffPage(db(c), {
    actor: c.var.actor,
    projectId,
    partner: q.partner || undefined,
    table: q.all === '1',
    clock: c.var.clock,
  });
  return c.html(<SignoffView ctx={viewCtx(c)} projectId={projectId} page={page} />);
});

const shownAgain = (e: unknown): e is AppError =>
  isAppError(e) && ['validation', 'conflict', 'period_not_ended'].includes(e.code);

signoffRoutes.post('/p/:id/signoff', async (c) => {
  const projectId = c.req.param('id');
  const body = await c.req.parseBody();
  const text = (name: string) => (typeof body[name] === 'string' ? body[name] : undefined);
  const input = {
    period: text('period'),
    partner: text('partner'),
    state: text('state'),
    version: text('version'),
    ...(text('missing')?.trim() ? { missing: text('missing') } : {}),
  };
  let refused: AppError | undefined;
  try {
    await signOffPeriod(db(c), { actor: c.var.actor, projectId, input, clock: c.var.clock });
  } catch (e) {
    if (!shownAgain(e)) throw e;
    refused = e;
  }
  const partner = input.partner ?? '';
  const n = Number(input.period);
  const htmx = c.req.header('hx-request') === 'true';
  if (!refused && !htmx) return c.redirect(`${signoffHref(projectId, partner)}#period-${n}`, 303);
  const page = await signoffPage(db(c), { actor: c.var.actor, projectId, partner, clock: c.var.clock }).catch(
    (e: unknown) => {
      // A refused answer for a partner without a view (not in the plan): the refusal, not the page's 404.
      throw refused ?? e;
    },
  );
  const item = page.mode === 'partner' ? page.periods.find((p) => p.period.n === n) : undefined;
  // No card to show the refusal in (a period that has not ended, or none such): the error itself.
  if (refused && (page.mode !== 'partner' || !item)) throw refused;
  const problem: CardProblem | undefined = refused && {
    message: c.var.t(refused.messageKey as never, refused.params),
    details: refused.details,
    missing: text('missing'),
  };
  c.status(refused ? (refused.status === 409 ? 409 : 422) : 200);
  if (!htmx || page.mode !== 'partner' || !item)
    return c.html(
      <SignoffView
        ctx={viewCtx(c)}
        projectId={projectId}
        page={page}
        problem={problem && { n, ...problem }}
      />,
    );
  return c.html(
    <PeriodCard
      ctx={viewCtx(c)}
      projectId={projectId}
      page={page}
      item={item}
      saved={!problem}
      problem={problem}
    />,
  );
});
