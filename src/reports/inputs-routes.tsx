/**
 * Routes of what the coordinator keeps for a report: texts, KPI comments, deviations, recommendations. Checks live
 * in the use cases; a save they refuse as invalid shows its form again (422) with the input and the errors.
 */
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../web/env';
import { can } from '../auth/permissions';
import { isAppError, type ErrorDetail } from '../errors';
import { PERIOD_QUERY } from '../kpi/params';
import { validationError } from '../records/validate';
import { uuidParam } from '../schema-pieces';
import { viewCtx } from '../ui/context';
import { parseParams, parseQuery } from '../web/query';
import {
  changeDeviation,
  createDeviation,
  getDeviation,
  listDeviations,
  listReportTexts,
  saveReportText,
} from './inputs-service';
import { planOf } from './inputs-shared';
import { parseRecordRefs } from './record-refs';
import { parseScope, resolvePeriod } from './period';
import { currentYear } from './preflight';
import {
  changeRecommendation,
  createRecommendation,
  getRecommendation,
  listRecommendations,
} from './recommendations';
import type { Draft } from './views/draft';
import { InputsView } from './views/inputs';
import { DeviationForm, DeviationsView, RecommendationForm, RecommendationsView } from './views/items';
import { PlanPage } from '../ui/parts';

type C = Context<AppEnv>;
const db = (c: C) => c.var.deps.database.db;

/** `?year=N` or `?from=&to=`; neither: the current project year. */
export const INPUTS_QUERY = { ...PERIOD_QUERY, saved: z.enum(['1']).optional() };
/** A deviation or recommendation in a path. */
export const ITEM_PARAMS = { itemId: uuidParam };

const canWrite = (c: C, projectId: string) => can(c.var.actor, 'report.write', { projectId });

type Form = Record<string, string | File | (string | File)[]>;
const form = async (c: C): Promise<Form> => c.req.parseBody({ all: true });
const one = (f: Form, name: string): string | undefined => {
  const v = f[name];
  const first = Array.isArray(v) ? v[0] : v;
  return typeof first === 'string' ? first : undefined;
};
const many = (f: Form, name: string): string[] => {
  const v = f[name];
  return (Array.isArray(v) ? v : v === undefined ? [] : [v]).filter(
    (x): x is string => typeof x === 'string',
  );
};
/** Form fields as the use case's input: empty optional fields left out. */
const fields = (f: Form, names: readonly string[]): Record<string, string> => {
  const out: Record<string, string> = {};
  for (const n of names) {
    const v = one(f, n);
    if (v !== undefined && v.trim() !== '') out[n] = v;
  }
  return out;
};
const version = (f: Form): number => Number(one(f, 'version') ?? 'NaN');

/** What was typed, to show again: each named field's text (`multi`: every value, for checkboxes). */
const typed = (f: Form, names: readonly string[], multi: readonly string[] = []): Draft['values'] => {
  const out: Draft['values'] = {};
  for (const n of names) out[n] = multi.includes(n) ? many(f, n) : (one(f, n) ?? '');
  return out;
};

/**
 * Runs a save; when the use case refuses it as invalid, answers `again(errors)` (the form with what was typed and
 * the errors beside the fields) with 422 instead of the error page. Other errors go to the error handler.
 */
async function keepInput(
  save: () => Promise<Response>,
  again: (errors: ErrorDetail[]) => Promise<Response>,
): Promise<Response> {
  try {
    return await save();
  } catch (e) {
    if (isAppError(e) && e.code === 'validation') return again(e.details);
    throw e;
  }
}

export const reportInputRoutes = new Hono<AppEnv>();

reportInputRoutes.get('/p/:id/reports/inputs', async (c) => {
  const projectId = c.req.param('id');
  const q = parseQuery(c, INPUTS_QUERY);
  const plan = await planOf(db(c), projectId);
  const none = q.year === undefined && q.from === undefined && q.to === undefined;
  const period = resolvePeriod(plan, none ? { year: currentYear(plan, c.var.clock.today()) } : q);
  const texts = await listReportTexts(db(c), { actor: c.var.actor, projectId, scope: period.scope });
  return c.html(
    <InputsView
      ctx={viewCtx(c)}
      projectId={projectId}
      plan={plan}
      period={period}
      texts={texts}
      canWrite={canWrite(c, projectId)}
      saved={q.saved !== undefined}
    />,
  );
});

reportInputRoutes.post('/p/:id/reports/inputs', async (c) => {
  const projectId = c.req.param('id');
  const f = await form(c);
  const scope = one(f, 'scope') ?? '';
  const parsed = parseScope(scope);
  return keepInput(
    async () => {
      await saveReportText(db(c), {
        actor: c.var.actor,
        projectId,
        scope,
        input: {
          key: one(f, 'key'),
          lang: one(f, 'lang'),
          body: one(f, 'body') ?? '',
          version: one(f, 'version'),
        },
      });
      const q =
        parsed && 'year' in parsed
          ? `year=${parsed.year}`
          : parsed
            ? `from=${parsed.from}&to=${parsed.to}`
            : '';
      return c.redirect(`/p/${projectId}/reports/inputs?${q}&saved=1`, 303);
    },
    async (errors) => {
      const plan = await planOf(db(c), projectId);
      // A scope that names no period leaves no page to show the text on: the error page says so.
      if (!parsed) throw validationError(errors);
      const period = resolvePeriod(plan, parsed);
      const texts = await listReportTexts(db(c), { actor: c.var.actor, projectId, scope: period.scope });
      return c.html(
        <InputsView
          ctx={viewCtx(c)}
          projectId={projectId}
          plan={plan}
          period={period}
          texts={texts}
          canWrite={canWrite(c, projectId)}
          saved={false}
          draft={{ values: typed(f, ['key', 'lang', 'body', 'version']), errors }}
        />,
        422,
      );
    },
  );
});

// Deviations ---------------------------------------------------------------------------------------------------

const DEVIATION_FIELDS = ['noted_on', 'kpi', 'wp', 'description', 'corrective_action'] as const;
const deviationsHome = (projectId: string) => `/p/${projectId}/reports/deviations`;

reportInputRoutes.get('/p/:id/reports/deviations', async (c) => {
  const projectId = c.req.param('id');
  const rows = await listDeviations(db(c), { actor: c.var.actor, projectId });
  const plan = await planOf(db(c), projectId);
  return c.html(
    <DeviationsView
      ctx={viewCtx(c)}
      projectId={projectId}
      plan={plan}
      rows={rows}
      canWrite={canWrite(c, projectId)}
    />,
  );
});

reportInputRoutes.post('/p/:id/reports/deviations', async (c) => {
  const projectId = c.req.param('id');
  const f = await form(c);
  return keepInput(
    async () => {
      await createDeviation(db(c), { actor: c.var.actor, projectId, input: fields(f, DEVIATION_FIELDS) });
      return c.redirect(deviationsHome(projectId), 303);
    },
    async (errors) => {
      const rows = await listDeviations(db(c), { actor: c.var.actor, projectId });
      const plan = await planOf(db(c), projectId);
      const draft = { values: typed(f, DEVIATION_FIELDS), errors };
      return c.html(
        <DeviationsView
          ctx={viewCtx(c)}
          projectId={projectId}
          plan={plan}
          rows={rows}
          canWrite={canWrite(c, projectId)}
          draft={draft}
        />,
        422,
      );
    },
  );
});

/** The edit page of a deviation (`draft`: a refused change, shown again). */
async function deviationEditPage(c: C, projectId: string, itemId: string, draft?: Draft) {
  const row = await getDeviation(db(c), { actor: c.var.actor, projectId, id: itemId });
  const plan = await planOf(db(c), projectId);
  const ctx = viewCtx(c);
  return c.html(
    <PlanPage ctx={ctx} projectId={projectId} plan={plan} title={ctx.t('deviations.edit')}>
      <h1>{ctx.t('deviations.edit')}</h1>
      <DeviationForm ctx={ctx} projectId={projectId} plan={plan} row={row} draft={draft} />
    </PlanPage>,
    draft ? 422 : 200,
  );
}

reportInputRoutes.get('/p/:id/reports/deviations/:itemId/edit', async (c) => {
  const projectId = c.req.param('id');
  const { itemId } = parseParams(c, ITEM_PARAMS);
  return deviationEditPage(c, projectId, itemId);
});

reportInputRoutes.post('/p/:id/reports/deviations/:itemId', async (c) => {
  const projectId = c.req.param('id');
  const { itemId } = parseParams(c, ITEM_PARAMS);
  const f = await form(c);
  return keepInput(
    async () => {
      await changeDeviation(db(c), {
        actor: c.var.actor,
        projectId,
        id: itemId,
        version: version(f),
        input: fields(f, DEVIATION_FIELDS),
      });
      return c.redirect(deviationsHome(projectId), 303);
    },
    (errors) =>
      deviationEditPage(c, projectId, itemId, { values: typed(f, [...DEVIATION_FIELDS, 'version']), errors }),
  );
});

reportInputRoutes.post('/p/:id/reports/deviations/:itemId/delete', async (c) => {
  const projectId = c.req.param('id');
  const { itemId } = parseParams(c, ITEM_PARAMS);
  const f = await form(c);
  await changeDeviation(db(c), {
    actor: c.var.actor,
    projectId,
    id: itemId,
    version: version(f),
    delete: true,
  });
  return c.redirect(deviationsHome(projectId), 303);
});

// Recommendations ----------------------------------------------------------------------------------------------

const RECOMMENDATION_FIELDS = ['review', 'received_on', 'text', 'response', 'actions', 'status'] as const;
const recommendationsHome = (projectId: string) => `/p/${projectId}/reports/recommendations`;
/** What the recommendation form shows again after a refused save. */
const RECOMMENDATION_TYPED = [...RECOMMENDATION_FIELDS, 'kpis', 'records'] as const;
const recommendationInput = (f: Form) => ({
  ...fields(f, RECOMMENDATION_FIELDS),
  kpis: many(f, 'kpis'),
  records: parseRecordRefs(one(f, 'records') ?? ''),
});

reportInputRoutes.get('/p/:id/reports/recommendations', async (c) => {
  const projectId = c.req.param('id');
  const rows = await listRecommendations(db(c), { actor: c.var.actor, projectId });
  const plan = await planOf(db(c), projectId);
  return c.html(
    <RecommendationsView
      ctx={viewCtx(c)}
      projectId={projectId}
      plan={plan}
      rows={rows}
      canWrite={canWrite(c, projectId)}
    />,
  );
});

reportInputRoutes.post('/p/:id/reports/recommendations', async (c) => {
  const projectId = c.req.param('id');
  const f = await form(c);
  return keepInput(
    async () => {
      await createRecommendation(db(c), { actor: c.var.actor, projectId, input: recommendationInput(f) });
      return c.redirect(recommendationsHome(projectId), 303);
    },
    async (errors) => {
      const rows = await listRecommendations(db(c), { actor: c.var.actor, projectId });
      const plan = await planOf(db(c), projectId);
      return c.html(
        <RecommendationsView
          ctx={viewCtx(c)}
          projectId={projectId}
          plan={plan}
          rows={rows}
          canWrite={canWrite(c, projectId)}
          draft={{ values: typed(f, RECOMMENDATION_TYPED, ['kpis']), errors }}
        />,
        422,
      );
    },
  );
});

/** The edit page of a recommendation (`draft`: a refused change, shown again). */
async function recommendationEditPage(c: C, projectId: string, itemId: string, draft?: Draft) {
  const row = await getRecommendation(db(c), { actor: c.var.actor, projectId, id: itemId });
  const plan = await planOf(db(c), projectId);
  const ctx = viewCtx(c);
  return c.html(
    <PlanPage ctx={ctx} projectId={projectId} plan={plan} title={ctx.t('recommendations.edit')}>
      <h1>{ctx.t('recommendations.edit')}</h1>
      <RecommendationForm ctx={ctx} projectId={projectId} plan={plan} row={row} draft={draft} />
    </PlanPage>,
    draft ? 422 : 200,
  );
}

reportInputRoutes.get('/p/:id/reports/recommendations/:itemId/edit', async (c) => {
  const projectId = c.req.param('id');
  const { itemId } = parseParams(c, ITEM_PARAMS);
  return recommendationEditPage(c, projectId, itemId);
});

reportInputRoutes.post('/p/:id/reports/recommendations/:itemId', async (c) => {
  const projectId = c.req.param('id');
  const { itemId } = parseParams(c, ITEM_PARAMS);
  const f = await form(c);
  return keepInput(
    async () => {
      await changeRecommendation(db(c), {
        actor: c.var.actor,
        projectId,
        id: itemId,
        version: version(f),
        input: recommendationInput(f),
      });
      return c.redirect(recommendationsHome(projectId), 303);
    },
    (errors) =>
      recommendationEditPage(c, projectId, itemId, {
        values: typed(f, [...RECOMMENDATION_TYPED, 'version'], ['kpis']),
        errors,
      }),
  );
});

reportInputRoutes.post('/p/:id/reports/recommendations/:itemId/delete', async (c) => {
  const projectId = c.req.param('id');
  const { itemId } = parseParams(c, ITEM_PARAMS);
  const f = await form(c);
  await changeRecommendation(db(c), {
    actor: c.var.actor,
    projectId,
    id: itemId,
    version: version(f),
    delete: true,
  });
  return c.redirect(recommendationsHome(projectId), 303);
});
