/**
 * The new-project wizard (admins: `project.create`): GET /projects/new, POST /projects/new/preview (htmx, no write:
 * the KPI list and the YAML, or the located errors), POST /projects/new (create → 303 to the new project's
 * overview; 422 with each error beside its field, 409 when the project exists). Thin: the use cases decide.
 */
import { Hono, type Context } from 'hono';
import { isAppError } from '../errors';
import { coreIndicators } from '../plan/library/indicators';
import { viewCtx } from '../ui/context';
import type { AppEnv } from '../web/env';
import type { InitInput } from './init';
import { authorizeProjectCreate, createProjectFromInit, previewInit } from './init-service';
import { InitPage, InitPreviewPanel, type InitFormValues } from './views/init';

type C = Context<AppEnv>;

const DEFAULTS: InitFormValues = {
  acronym: '',
  title: '',
  programme: 'HORIZON_EUROPE',
  grant: '',
  start: '',
  months: '36',
  partners: '',
  size: 'medium',
  indicators: coreIndicators('medium').map((i) => i.id),
  languages: ['en'],
};

async function formValues(c: C): Promise<InitFormValues> {
  const body = await c.req.parseBody({ all: true });
  const one = (k: string) => {
    const v = body[k];
    const x = Array.isArray(v) ? v[0] : v;
    return typeof x === 'string' ? x : '';
  };
  const many = (k: string) => {
    const v = body[k];
    return (Array.isArray(v) ? v : v === undefined ? [] : [v]).filter(
      (x): x is string => typeof x === 'string',
    );
  };
  return {
    acronym: one('acronym'),
    title: one('title'),
    programme: one('programme'),
    grant: one('grant'),
    start: one('start'),
    months: one('months'),
    partners: one('partners'),
    size: one('size'),
    indicators: many('indicators'),
    languages: many('languages'),
  };
}

const inputOf = (v: InitFormValues): InitInput => ({
  acronym: v.acronym,
  title: v.title,
  programme: v.programme,
  grant: v.grant,
  start: v.start,
  durationMonths: /^\d+$/.test(v.months.trim()) ? Number(v.months.trim()) : Number.NaN,
  partners: v.partners,
  size: v.size as InitInput['size'],
  indicators: v.indicators,
  languages: v.languages,
});

export const initRoutes = new Hono<AppEnv>();

initRoutes.get('/projects/new', (c) => {
  authorizeProjectCreate(c.var.actor);
  return c.html(<InitPage ctx={viewCtx(c)} values={DEFAULTS} errors={[]} />);
});

initRoutes.post('/projects/new/preview', async (c) => {
  const values = await formValues(c);
  const preview = previewInit({ actor: c.var.actor, input: inputOf(values) });
  return c.html(<InitPreviewPanel ctx={viewCtx(c)} preview={preview} />);
});

initRoutes.post('/projects/new', async (c) => {
  const values = await formValues(c);
  try {
    const r = await createProjectFromInit(c.var.deps.database.db, {
      actor: c.var.actor,
      input: inputOf(values),
    });
    return c.redirect(`/p/${r.projectId}`, 303);
  } catch (e) {
    if (!isAppError(e) || (e.code !== 'validation' && e.code !== 'conflict')) throw e;
    const message = e.code === 'conflict' ? c.var.t('init.error.exists', e.params) : c.var.t('init.errors');
    return c.html(
      <InitPage ctx={viewCtx(c)} values={values} errors={e.details} message={message} />,
      e.code === 'conflict' ? 409 : 422,
    );
  }
});
