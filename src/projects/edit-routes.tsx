/**
 * The plan editor's pages (coordinators: `plan.import`): `/p/:id/plan/edit` (sections, YAML download and upload),
 * one form per section with an htmx preview (`…/preview`, no write), save → the history; `/p/:id/plan.yaml`
 * (members: `plan.read`) and `POST /p/:id/plan/import`. Handlers are thin: the use cases check who may do what.
 */
import { Hono, type Context } from 'hono';
import { isAppError, type ErrorDetail } from '../errors';
import { viewCtx } from '../ui/context';
import type { AppEnv } from '../web/env';
import { EDIT_FORMS, editOf, formOf, withRowAdded, type EditForm, type FormValues } from './edit-forms';
import { relocate, type Relocations } from './edit-rows';
import { editPlan, importPlanText, planForEditing, previewPlanEdit, readPlanYaml } from './edit-service';
import { EditFormPage } from './views/edit-form';
import { EditIndexPage } from './views/edit-index';
import { PreviewPanel } from './views/edit-parts';

type C = Context<AppEnv>;
const db = (c: C) => c.var.deps.database.db;
const pid = (c: C) => c.req.param('id') as string;

/** Form fields as text (checkbox groups as lists); files are ignored. */
async function formValues(c: C): Promise<FormValues> {
  const body = await c.req.parseBody({ all: true });
  const values: FormValues = {};
  for (const [k, v] of Object.entries(body)) {
    if (typeof v === 'string') values[k] = v;
    else if (Array.isArray(v)) values[k] = v.filter((x): x is string => typeof x === 'string');
  }
  return values;
}

/** Errors located at the form's names (rows renumbered by a removal map back to their fields). */
const located = (moved: Relocations, errors: ErrorDetail[]): ErrorDetail[] =>
  errors.map((e) => ({ ...e, path: relocate(moved, e.path) }));

const one = (v: FormValues, name: string): string => {
  const x = v[name];
  return (Array.isArray(x) ? x[0] : x) ?? '';
};
/** The form's base version; not a number → -1, which is never current (a 409, never a silent overwrite). */
const baseOf = (v: FormValues): number => {
  const n = Number(one(v, 'base_version'));
  return Number.isInteger(n) && n > 0 ? n : -1;
};

async function renderForm(
  c: C,
  form: EditForm,
  opts: {
    values?: FormValues;
    errors?: ErrorDetail[];
    message?: string;
    notice?: string;
    baseVersion?: number;
    status?: 200 | 409 | 422;
  } = {},
) {
  const { current, warnings } = await planForEditing(db(c), { actor: c.var.actor, projectId: pid(c) });
  const values = opts.values ?? formOf(form, current.plan);
  return c.html(
    <EditFormPage
      ctx={viewCtx(c)}
      projectId={pid(c)}
      plan={current.plan}
      form={form}
      baseVersion={opts.baseVersion ?? current.version}
      values={values}
      errors={opts.errors ?? []}
      warnings={warnings}
      reason={one(values, 'reason')}
      message={opts.message}
      notice={opts.notice}
    />,
    opts.status ?? 200,
  );
}

async function renderIndex(
  c: C,
  opts: { notice?: string; upload?: { message: string; details: ErrorDetail[] }; status?: 200 | 422 } = {},
) {
  const { current } = await planForEditing(db(c), { actor: c.var.actor, projectId: pid(c) });
  return c.html(
    <EditIndexPage
      ctx={viewCtx(c)}
      projectId={pid(c)}
      plan={current.plan}
      version={current.version}
      notice={opts.notice}
      upload={opts.upload}
    />,
    opts.status ?? 200,
  );
}

export const planEditRoutes = new Hono<AppEnv>();

planEditRoutes.get('/p/:id/plan.yaml', async (c) => {
  const { version, text } = await readPlanYaml(db(c), { actor: c.var.actor, projectId: pid(c) });
  return c.body(text, 200, {
    'content-type': 'application/yaml; charset=utf-8',
    'content-disposition': `attachment; filename="${pid(c)}-plan-v${version}.yaml"`,
    'cache-control': 'private, no-store',
  });
});

planEditRoutes.post('/p/:id/plan/import', async (c) => {
  const body = await c.req.parseBody();
  const file = body['file'];
  const upload = file instanceof File && file.size > 0 ? file : undefined;
  if (!upload)
    return renderIndex(c, {
      upload: { message: c.var.t('planEdit.upload.noFile'), details: [] },
      status: 422,
    });
  try {
    const r = await importPlanText(db(c), {
      actor: c.var.actor,
      projectId: pid(c),
      text: await upload.text(),
      fileName: upload.name || 'plan.yaml',
    });
    if (r.status === 'unchanged')
      return renderIndex(c, { notice: c.var.t('planEdit.upload.unchanged', { v: r.version }) });
    return c.redirect(`/p/${pid(c)}/history`, 303);
  } catch (e) {
    if (!isAppError(e) || e.code !== 'plan_invalid') throw e;
    const message =
      e.messageKey === 'planEdit.error.otherProject'
        ? c.var.t('planEdit.error.otherProject', e.params)
        : c.var.t('planEdit.upload.invalid');
    return renderIndex(c, { upload: { message, details: e.details }, status: 422 });
  }
});

planEditRoutes.get('/p/:id/plan/edit', (c) => renderIndex(c));

for (const form of Object.keys(EDIT_FORMS) as EditForm[]) {
  const section = EDIT_FORMS[form];
  const path = `/p/:id/plan/edit/${form}`;

  planEditRoutes.get(path, (c) => renderForm(c, form));

  planEditRoutes.post(`${path}/preview`, async (c) => {
    const values = await formValues(c);
    const { current } = await planForEditing(db(c), { actor: c.var.actor, projectId: pid(c) });
    const { value, moved } = editOf(form, current.plan, values);
    const preview = await previewPlanEdit(db(c), {
      actor: c.var.actor,
      projectId: pid(c),
      baseVersion: baseOf(values),
      edit: { section, value },
      clock: c.var.clock,
    });
    const errors = located(moved, preview.errors);
    return c.html(<PreviewPanel ctx={viewCtx(c)} preview={{ ...preview, errors }} />);
  });

  planEditRoutes.post(path, async (c) => {
    const values = await formValues(c);
    const add = one(values, '_add');
    if (add) {
      // "Add a row": the same form with one more empty row (none for a list the form lacks); nothing is saved.
      const added = withRowAdded(form, values, add);
      return renderForm(c, form, {
        values: added ?? values,
        baseVersion: baseOf(values),
        notice: added ? c.var.t('planEdit.rows.added') : undefined,
      });
    }
    const { current } = await planForEditing(db(c), { actor: c.var.actor, projectId: pid(c) });
    const { value, moved } = editOf(form, current.plan, values);
    try {
      const r = await editPlan(db(c), {
        actor: c.var.actor,
        projectId: pid(c),
        baseVersion: baseOf(values),
        edit: { section, value },
        reason: one(values, 'reason'),
        clock: c.var.clock,
      });
      if (r.status === 'unchanged')
        return renderForm(c, form, { values, message: c.var.t('planEdit.unchanged', { v: r.version }) });
      return c.redirect(`/p/${pid(c)}/history`, 303);
    } catch (e) {
      if (!isAppError(e) || (e.code !== 'validation' && e.code !== 'conflict')) throw e;
      if (e.code === 'conflict')
        return renderForm(c, form, {
          values,
          baseVersion: baseOf(values),
          message: c.var.t('planEdit.error.conflict', e.params),
          status: 409,
        });
      return renderForm(c, form, {
        values,
        errors: located(moved, e.details),
        baseVersion: baseOf(values),
        message: c.var.t('planEdit.errors'),
        status: 422,
      });
    }
  });
}
