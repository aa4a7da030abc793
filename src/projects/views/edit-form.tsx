/**
 * A section's edit form: its fields (errors beside them), the current plan's warnings, the preview of what saving
 * would do (htmx, no write), the reason, and save. Facts: bilingual texts side by side (en | ja). KPIs: a table.
 * The list sections: rows (views/edit-rows.tsx).
 */
import type { FC } from 'hono/jsx';
import type { ErrorDetail } from '../../errors';
import { localize, SUPPORTED_LANGUAGES, type Plan } from '../../plan/schema';
import { CsrfField, detailText } from '../../ui/form';
import { PlanPage, type ViewCtx } from '../../ui/parts';
import { EDIT_FORMS, type EditForm, type FormValues } from '../edit-forms';
import { ROW_SECTIONS, type RowSectionName } from '../edit-sections';
import { REASON_MAX } from '../edit-service';
import { KpiDefsFields } from './edit-kpi-defs';
import { RowSectionFields } from './edit-rows';
import { Bilingual, errorsAt, FieldErrors, Input, Row, Warnings } from './edit-parts';

export interface EditFormProps {
  ctx: ViewCtx;
  projectId: string;
  plan: Plan;
  form: EditForm;
  baseVersion: number;
  values: FormValues;
  errors: ErrorDetail[];
  warnings: ErrorDetail[];
  reason: string;
  /** A problem with the whole form (422 summary, 409 conflict). */
  message?: string;
  /** A note on the form (a row was added). */
  notice?: string;
}

type Fields = FC<{ ctx: ViewCtx; plan: Plan; values: FormValues; errors: ErrorDetail[] }>;

const FactsFields: Fields = ({ ctx, values, errors }) => {
  const { t } = ctx;
  const chosen = new Set(values['project.languages'] ?? []);
  const field = (name: string, label: string, type = 'text') => (
    <Row label={label} for={name}>
      <Input ctx={ctx} name={name} values={values} errors={errors} type={type} label={label} />
    </Row>
  );
  return (
    <>
      {field('project.title', t('planEdit.facts.title'))}
      {field('project.programme', t('planEdit.facts.programme'))}
      {field('project.start_date', t('planEdit.facts.start'), 'date')}
      {field('project.duration_months', t('planEdit.facts.duration'))}
      {field('project.website', t('planEdit.facts.website'), 'url')}
      <fieldset class="field" data-field="project.languages">
        <legend>{t('planEdit.facts.languages')}</legend>
        {SUPPORTED_LANGUAGES.map((l) => (
          <label class="check">
            <input type="checkbox" name="project.languages" value={l} checked={chosen.has(l)} />
            {t(`planEdit.lang.${l}`)}
          </label>
        ))}
        <FieldErrors ctx={ctx} name="project.languages" errors={errors} />
      </fieldset>
      <Bilingual
        ctx={ctx}
        name="project.description.short"
        label={t('planEdit.facts.short')}
        values={values}
        errors={errors}
      />
      <Bilingual
        ctx={ctx}
        name="project.description.technical"
        label={t('planEdit.facts.technical')}
        values={values}
        errors={errors}
      />
    </>
  );
};

const KpisFields: Fields = ({ ctx, plan, values, errors }) => {
  const { t, lang } = ctx;
  return (
    <>
      <p class="muted">{t('planEdit.kpis.noYearly')}</p>
      <p class="notice">{t('planEdit.kpis.reports')}</p>
      <table class="plan-edit-kpis">
        <thead>
          <tr>
            <th>{t('planEdit.kpis.col.kpi')}</th>
            <th>{t('planEdit.kpis.col.comparator')}</th>
            <th>{t('planEdit.kpis.col.target')}</th>
            <th>{t('planEdit.kpis.col.targetText')}</th>
          </tr>
        </thead>
        <tbody>
          {plan.kpis.flatMap((k, i) => {
            const label = localize(k.label, lang);
            const comparator = `kpis.${i}.comparator`;
            const current = values[comparator];
            return [
              <tr data-kpi={k.id}>
                <td>{label}</td>
                <td class={errorsAt(errors, comparator).length ? 'invalid' : undefined}>
                  <select name={comparator} aria-label={`${label}: ${t('planEdit.kpis.col.comparator')}`}>
                    {(['>=', '>'] as const).map((c) => (
                      <option value={c} selected={current === c}>
                        {c === '>=' ? '≥' : '>'}
                      </option>
                    ))}
                  </select>
                  <FieldErrors ctx={ctx} name={comparator} errors={errors} />
                </td>
                <td>
                  <Input
                    ctx={ctx}
                    name={`kpis.${i}.target`}
                    values={values}
                    errors={errors}
                    size={6}
                    label={`${label}: ${t('planEdit.kpis.col.target')}`}
                  />
                </td>
                <td>
                  <Input
                    ctx={ctx}
                    name={`kpis.${i}.target_text`}
                    values={values}
                    errors={errors}
                    label={`${label}: ${t('planEdit.kpis.col.targetText')}`}
                  />
                </td>
              </tr>,
              ...k.parts.map((part, j) => (
                <tr data-kpi={k.id} data-part={part.id} class="part">
                  <td>{t('planEdit.kpis.part', { label: localize(part.label, lang) })}</td>
                  <td />
                  <td>
                    <Input
                      ctx={ctx}
                      name={`kpis.${i}.parts.${j}.target`}
                      values={values}
                      errors={errors}
                      size={6}
                      label={`${localize(part.label, lang)}: ${t('planEdit.kpis.col.target')}`}
                    />
                  </td>
                  <td />
                </tr>
              )),
            ];
          })}
        </tbody>
      </table>
    </>
  );
};

const rowFields = (section: RowSectionName): Fields => {
  const RowFields: Fields = ({ ctx, values, errors }) => (
    <RowSectionFields ctx={ctx} values={values} errors={errors} spec={ROW_SECTIONS[section]} name={section} />
  );
  return RowFields;
};

const FIELDS = (form: EditForm): Fields => {
  if (form === 'facts') return FactsFields;
  if (form === 'kpis') return KpisFields;
  if (form === 'kpi-definitions') return KpiDefsFields;
  return rowFields(EDIT_FORMS[form]);
};

export const editBase = (projectId: string) => `/p/${projectId}/plan/edit`;

export const EditFormPage: FC<EditFormProps> = (p) => {
  const { ctx, projectId, plan, form, errors } = p;
  const { t } = ctx;
  const title = t(`planEdit.section.${form}`);
  const action = `${editBase(projectId)}/${form}`;
  const Section = FIELDS(form);
  const reasonErrors = errorsAt(errors, 'reason');
  const names = [...Object.keys(p.values), 'reason'];
  const unplaced = errors.filter((e) => !names.some((n) => errorsAt([e], n).length > 0));
  return (
    <PlanPage ctx={ctx} projectId={projectId} plan={plan} title={`${title} · ${t('planEdit.title')}`}>
      <p>
        <a href={editBase(projectId)}>{t('planEdit.back')}</a>
      </p>
      <h1>{title}</h1>
      <p class="muted">{t('planEdit.version', { v: p.baseVersion })}</p>
      {p.notice ? (
        <p class="notice" role="status">
          {p.notice}
        </p>
      ) : null}
      {p.message ? (
        <div class="form-errors" role="alert">
          <p>{p.message}</p>
          {unplaced.length ? (
            <ul>
              {unplaced.map((d) => (
                <li data-field={d.path}>
                  {d.path ? <code>{d.path}</code> : null} {detailText(t, d)}
                </li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}
      {/* Not boosted: a refused save answers 422 or 409 with the form again. */}
      <form method="post" action={action} class="plan-edit-form" data-form={form} novalidate hx-boost="false">
        <CsrfField />
        {/* The default button (Enter in a field) is save, not the first "Add a row" below. */}
        <button type="submit" class="default-submit" tabindex={-1} aria-hidden="true">
          {t('planEdit.save')}
        </button>
        <input type="hidden" name="base_version" value={String(p.baseVersion)} />
        <Section ctx={ctx} plan={plan} values={p.values} errors={errors} />
        <p>
          <button
            type="button"
            class="secondary"
            hx-post={`${action}/preview`}
            hx-target="#plan-edit-preview"
            hx-include="closest form"
          >
            {t('planEdit.preview')}
          </button>
        </p>
        <div id="plan-edit-preview" aria-live="polite">
          <Warnings ctx={ctx} warnings={p.warnings} />
        </div>
        <div class={reasonErrors.length ? 'field invalid' : 'field'} data-field="reason">
          <label for="f-reason">{t('planEdit.reason')}</label>
          <textarea id="f-reason" name="reason" rows={2} maxlength={REASON_MAX}>
            {p.reason}
          </textarea>
          <small class="help">{t('planEdit.reason.hint')}</small>
          <FieldErrors ctx={ctx} name="reason" errors={errors} />
        </div>
        <p class="actions">
          <button type="submit">{t('planEdit.save')}</button>
        </p>
      </form>
    </PlanPage>
  );
};
