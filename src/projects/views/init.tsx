/**
 * The new-project wizard (/projects/new, admins): one form — facts, the pasted partner table, size, the library's
 * indicators with their definitions — with each error beside its field; the htmx preview (the KPI list and the YAML,
 * no write) and create.
 */
import type { FC } from 'hono/jsx';
import type { ErrorDetail } from '../../errors';
import { INDICATORS } from '../../plan/library/indicators';
import { INIT_PROGRAMMES } from '../../plan/library/programmes';
import { PROJECT_SIZES } from '../../plan/library/types';
import { localize, SUPPORTED_LANGUAGES } from '../../plan/schema';
import { CsrfField, detailText, FormErrors } from '../../ui/form';
import { Layout } from '../../ui/layout';
import type { ViewCtx } from '../../ui/parts';
import type { InitPreview } from '../init-service';

/** The form as submitted: one value per field, lists for the check boxes. */
export interface InitFormValues {
  acronym: string;
  title: string;
  programme: string;
  grant: string;
  start: string;
  months: string;
  partners: string;
  size: string;
  indicators: string[];
  languages: string[];
}

const errorsFor = (errors: ErrorDetail[], field: string) => errors.filter((e) => e.path === field);

const FieldError: FC<{ ctx: ViewCtx; field: string; errors: ErrorDetail[] }> = ({ ctx, field, errors }) => {
  const mine = errorsFor(errors, field);
  return mine.length ? (
    <ul class="field-error" id={`err-init-${field}`} data-error-for={field}>
      {mine.map((e) => (
        <li>{detailText(ctx.t, e)}</li>
      ))}
    </ul>
  ) : null;
};

const aria = (errors: ErrorDetail[], field: string) =>
  errorsFor(errors, field).length ? { 'aria-invalid': 'true', 'aria-describedby': `err-init-${field}` } : {};

export const InitPreviewPanel: FC<{ ctx: ViewCtx; preview: InitPreview }> = ({ ctx, preview }) => {
  const { t, lang } = ctx;
  if (!preview.ok) return <FormErrors t={t} message={t('init.errors')} details={preview.errors} />;
  const { plan, yaml, projectId, warnings } = preview.result;
  return (
    <div class="init-preview">
      <p class="notice" role="status">
        {t('init.preview.ok', { id: projectId, n: plan.kpis.length })}
      </p>
      {warnings.length ? (
        <ul class="warnings">
          {warnings.map((w) => (
            <li data-path={w.path} data-key={w.key}>
              {w.path}: {detailText(t, w)}
            </li>
          ))}
        </ul>
      ) : null}
      <h3>{t('init.preview.kpis')}</h3>
      <table class="init-kpis">
        <thead>
          <tr>
            <th>{t('init.col.kpi')}</th>
            <th>{t('init.col.target')}</th>
            <th>{t('init.col.unit')}</th>
          </tr>
        </thead>
        <tbody>
          {plan.kpis.map((k) => (
            <tr data-kpi={k.id}>
              <td>{localize(k.label, lang)}</td>
              <td data-target={String(k.target)}>
                {k.comparator} {k.target}
              </td>
              <td>{k.unit}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h3>{t('init.preview.yaml')}</h3>
      <pre class="init-yaml">{yaml}</pre>
    </div>
  );
};

export const InitPage: FC<{
  ctx: ViewCtx;
  values: InitFormValues;
  errors: ErrorDetail[];
  message?: string;
}> = ({ ctx, values, errors, message }) => {
  const { t, lang } = ctx;
  const text = (field: keyof InitFormValues, type = 'text', hint?: string) => (
    <div class="field-row" data-field={field}>
      <label for={`init-${field}`}>{t(`init.field.${field}`)}</label>
      <input
        id={`init-${field}`}
        name={field}
        type={type}
        value={values[field] as string}
        {...aria(errors, field)}
      />
      {hint ? <small>{hint}</small> : null}
      <FieldError ctx={ctx} field={field} errors={errors} />
    </div>
  );
  const chosen = new Set(values.indicators);
  return (
    <Layout title={t('init.title')} lang={lang} t={t} path={ctx.path}>
      <h1>{t('init.title')}</h1>
      <p>{t('init.intro')}</p>
      <FormErrors t={t} message={message} />
      <form method="post" action="/projects/new" class="init-form" hx-boost="false">
        <CsrfField />
        {text('acronym')}
        {text('title', 'text', t('init.field.title.hint'))}
        <div class="field-row" data-field="programme">
          <label for="init-programme">{t('init.field.programme')}</label>
          <select id="init-programme" name="programme" {...aria(errors, 'programme')}>
            {INIT_PROGRAMMES.map((p) => (
              <option value={p} selected={values.programme === p}>
                {t(`init.programme.${p}`)}
              </option>
            ))}
          </select>
          <FieldError ctx={ctx} field="programme" errors={errors} />
        </div>
        {text('grant')}
        {text('start', 'date')}
        {text('months', 'number')}
        <div class="field-row" data-field="partners">
          <label for="init-partners">{t('init.field.partners')}</label>
          <small>{t('init.field.partners.hint')}</small>
          <textarea id="init-partners" name="partners" rows={8} cols={80} {...aria(errors, 'partners')}>
            {values.partners}
          </textarea>
          <FieldError ctx={ctx} field="partners" errors={errors} />
        </div>
        <div class="field-row" data-field="size">
          <label for="init-size">{t('init.field.size')}</label>
          <select id="init-size" name="size" {...aria(errors, 'size')}>
            {PROJECT_SIZES.map((s) => (
              <option value={s} selected={values.size === s}>
                {t(`init.size.${s}`)}
              </option>
            ))}
          </select>
          <small>{t('init.field.size.hint')}</small>
          <FieldError ctx={ctx} field="size" errors={errors} />
        </div>
        <fieldset class="field-row" data-field="indicators">
          <legend>{t('init.field.indicators')}</legend>
          <small>{t('init.field.indicators.hint')}</small>
          {INDICATORS.map((i) => (
            <label class="check indicator" data-indicator={i.id}>
              <input type="checkbox" name="indicators" value={i.id} checked={chosen.has(i.id)} />
              <strong>{i.name[lang]}</strong> <span class="badge">{t(`init.category.${i.category}`)}</span>{' '}
              <small>{t('init.targets', i.targets)}</small>
              <br />
              <small class="definition">{i.definition[lang]}</small>
            </label>
          ))}
          <FieldError ctx={ctx} field="indicators" errors={errors} />
        </fieldset>
        <fieldset class="field-row" data-field="languages">
          <legend>{t('init.field.languages')}</legend>
          {SUPPORTED_LANGUAGES.map((l) => (
            <label class="check">
              <input type="checkbox" name="languages" value={l} checked={values.languages.includes(l)} />
              {t(`init.lang.${l}`)}
            </label>
          ))}
          <FieldError ctx={ctx} field="languages" errors={errors} />
        </fieldset>
        <p class="actions">
          <button
            type="button"
            hx-post="/projects/new/preview"
            hx-target="#init-preview"
            hx-include="closest form"
          >
            {t('init.preview')}
          </button>{' '}
          <button type="submit">{t('init.create')}</button>
        </p>
      </form>
      <section id="init-preview" aria-live="polite" aria-label={t('init.preview.title')}></section>
    </Layout>
  );
};
