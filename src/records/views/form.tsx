/** The create / edit form of a record: one widget per field, each problem shown beside its field. */
import { vocabularyLabel } from '../vocabularies/labels-ja';
import type { FC } from 'hono/jsx';
import type { ErrorDetail } from '../../errors';
import { CsrfField, detailText } from '../../ui/form';
import type { Translator } from '../../i18n';
import type { RecordContext } from '../context';
import { FORM_FIELDS, type Choice, type FieldSpec, type FormValues } from '../form-input';
import type { RecordKind } from '../kinds';
import { RecordsFrame, fieldLabel, kindOne, recordsBase, valueLabel, type ViewCtx } from './shared';

/** Problems by top-level field (`authors.1.partner` → `authors`). */
export function detailsByField(details: readonly ErrorDetail[]): Map<string, ErrorDetail[]> {
  const map = new Map<string, ErrorDetail[]>();
  for (const d of details) {
    const field = (d.path ?? '').split('.')[0] ?? '';
    map.set(field, [...(map.get(field) ?? []), d]);
  }
  return map;
}

/** Problems by top-level field, as text in the page's language. */
export function errorsByField(t: Translator, details: readonly ErrorDetail[]): Map<string, string[]> {
  return new Map([...detailsByField(details)].map(([k, v]) => [k, v.map((d) => detailText(t, d))]));
}

const HELP: Partial<Record<FieldSpec['widget'], string>> = {
  lines: 'records.help.lines',
  authors: 'records.help.authors',
  reach: 'records.help.reach',
  country: 'records.help.country',
};

/** A choice's label: verbatim funder strings get their Japanese label on Japanese pages (the value stays verbatim). */
const choiceLabel = (ctx: ViewCtx, field: string, c: Choice) =>
  c.label !== undefined ? vocabularyLabel(ctx.lang, c.label) : valueLabel(ctx.lang, field, c.value);

const Widget: FC<{
  ctx: ViewCtx;
  spec: FieldSpec;
  choices: Choice[];
  value: string | string[] | undefined;
  invalid: boolean;
}> = ({ ctx, spec, choices, value, invalid }) => {
  const name = spec.field;
  const id = `f-${name}`;
  const text = Array.isArray(value) ? value.join('\n') : (value ?? '');
  const aria = invalid ? { 'aria-invalid': 'true', 'aria-describedby': `err-${name}` } : {};
  switch (spec.widget) {
    case 'textarea':
    case 'lines':
    case 'authors':
    case 'reach':
      return (
        <textarea id={id} name={name} rows={spec.widget === 'textarea' ? 3 : 4} {...aria}>
          {text}
        </textarea>
      );
    case 'select':
      return (
        <select id={id} name={name} {...aria}>
          <option value="">—</option>
          {/* A value outside the offered choices (an imported metric such as url_clicks) stays selectable. */}
          {text && !choices.some((c) => c.value === text) ? (
            <option value={text} selected>
              {text}
            </option>
          ) : null}
          {choices.map((c) => (
            <option value={c.value} selected={c.value === text}>
              {choiceLabel(ctx, name, c)}
            </option>
          ))}
        </select>
      );
    case 'checks': {
      const checked = new Set(Array.isArray(value) ? value : value ? [value] : []);
      return (
        <span class="checks" id={id} {...aria}>
          {choices.map((c) => (
            <label class="check">
              <input type="checkbox" name={name} value={c.value} checked={checked.has(c.value)} />
              {choiceLabel(ctx, name, c)}
            </label>
          ))}
        </span>
      );
    }
    case 'bool':
      return <input id={id} type="checkbox" name={name} checked={text === 'on'} {...aria} />;
    case 'int':
    case 'number':
      return (
        <input
          id={id}
          type="text"
          inputmode={spec.widget === 'int' ? 'numeric' : 'decimal'}
          name={name}
          value={text}
          {...aria}
        />
      );
    case 'date':
      return <input id={id} type="date" name={name} value={text} {...aria} />;
    case 'url':
      return <input id={id} type="url" name={name} value={text} {...aria} />;
    default:
      return <input id={id} type="text" name={name} value={text} {...aria} />;
  }
};

export interface RecordFormProps {
  ctx: ViewCtx;
  rc: RecordContext;
  kind: RecordKind;
  values: FormValues;
  details: ErrorDetail[];
  /** A problem with the whole form (validation summary, conflict). */
  message?: string;
  action: string;
  title: string;
  /** Editing: the version the form was loaded at. */
  version?: number;
  /** Partners the actor may choose as lead ('all' or a list). */
  leadPartners: 'all' | string[];
  /** A correction (src/reports/correct-routes.tsx): its intro, the reason field, its own button. */
  correction?: { intro: string; reason: string; reasonError?: string; button: string };
}

const FieldError: FC<{ name: string; messages?: string[] }> = ({ name, messages }) =>
  messages?.length ? (
    <span class="field-error" id={`err-${name}`}>
      {messages.join(' · ')}
    </span>
  ) : null;

export const RecordFormPage: FC<RecordFormProps> = ({
  ctx,
  rc,
  kind,
  values,
  details,
  message,
  action,
  title,
  version,
  leadPartners,
  correction,
}) => {
  const { t, lang } = ctx;
  const errors = errorsByField(t, details);
  const unplaced = details.filter(
    (d) => !FORM_FIELDS[kind].some((s) => s.field === (d.path ?? '').split('.')[0]),
  );
  return (
    <RecordsFrame ctx={ctx} projectId={rc.projectId} plan={rc.plan} title={title} current={kind}>
      <h1>{title}</h1>
      {correction ? <p id="correct-intro">{correction.intro}</p> : null}
      {message || unplaced.length ? (
        <div class="form-errors" role="alert">
          {message ? <p>{message}</p> : null}
          {unplaced.length ? (
            <ul>
              {unplaced.map((d) => (
                <li>{d.path ? `${d.path}: ${detailText(t, d)}` : detailText(t, d)}</li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}
      {/* Not boosted: a refused form answers 422 (or 409), which htmx would not swap in. */}
      <form method="post" action={action} class="record-form" novalidate hx-boost="false">
        <CsrfField />
        {version !== undefined ? <input type="hidden" name="version" value={String(version)} /> : null}
        {FORM_FIELDS[kind].map((spec) => {
          let choices = spec.choices?.(rc) ?? [];
          if (spec.field === 'lead_partner' && leadPartners !== 'all')
            choices = choices.filter((c) => leadPartners.includes(c.value));
          const help =
            spec.help ??
            HELP[spec.widget] ??
            (spec.field === 'partners' ? 'records.help.partners' : undefined);
          const grouped = spec.widget === 'checks';
          const Tag = grouped ? 'fieldset' : 'div';
          return (
            <Tag class={errors.has(spec.field) ? 'field invalid' : 'field'} data-field={spec.field}>
              {grouped ? (
                <legend>
                  {fieldLabel(lang, spec.field)}
                  {spec.required ? <small> ({t('records.required')})</small> : null}
                </legend>
              ) : (
                <label for={`f-${spec.field}`}>
                  {fieldLabel(lang, spec.field)}
                  {spec.required ? <small> ({t('records.required')})</small> : null}
                </label>
              )}
              <Widget
                ctx={ctx}
                spec={spec}
                choices={choices}
                value={values[spec.field]}
                invalid={errors.has(spec.field)}
              />
              {help ? <small class="help">{t(help as 'records.help.lines')}</small> : null}
              <FieldError name={spec.field} messages={errors.get(spec.field)} />
            </Tag>
          );
        })}
        {correction ? (
          <div class={correction.reasonError ? 'field invalid' : 'field'} data-field="reason">
            <label for="f-reason">
              {t('records.correctReason')} <small> ({t('records.required')})</small>
            </label>
            <textarea id="f-reason" name="reason" rows={2} required>
              {correction.reason}
            </textarea>
            <FieldError
              name="reason"
              messages={correction.reasonError ? [correction.reasonError] : undefined}
            />
          </div>
        ) : null}
        <p class="actions">
          <button type="submit">
            {correction ? correction.button : version !== undefined ? t('records.save') : t('records.create')}
          </button>{' '}
          <a href={recordsBase(rc.projectId, kind)}>{t('records.cancel')}</a>
        </p>
      </form>
    </RecordsFrame>
  );
};

export const newTitle = (ctx: ViewCtx, kind: RecordKind) =>
  ctx.t('records.newOf', { what: kindOne(ctx.lang, kind) });
