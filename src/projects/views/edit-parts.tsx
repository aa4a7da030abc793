/** Pieces of the plan editor's pages: fields with their errors beside them, and the preview panel (htmx). */
import type { Child, FC } from 'hono/jsx';
import type { ErrorDetail } from '../../errors';
import { formatNumber, hasKey, type MessageKey } from '../../i18n';
import { localize } from '../../plan/schema';
import { detailText } from '../../ui/form';
import type { ViewCtx } from '../../ui/parts';
import type { FormValues } from '../edit-forms';
import type { KpiFigure } from '../edit-impact';
import type { PlanEditPreview } from '../edit-service';

/** The errors of a field: those at its path, or at a path it lies under (`project.description.short` for `.en`). */
export const errorsAt = (errors: ErrorDetail[], name: string): ErrorDetail[] =>
  errors.filter(
    (e) => e.path !== undefined && e.path !== '' && (e.path === name || name.startsWith(`${e.path}.`)),
  );

const fieldId = (name: string) => `f-${name.replace(/\./g, '-')}`;

export const FieldErrors: FC<{ ctx: ViewCtx; name: string; errors: ErrorDetail[] }> = ({
  ctx,
  name,
  errors,
}) => {
  const mine = errorsAt(errors, name);
  return mine.length ? (
    <span class="field-error" id={`err-${fieldId(name)}`} data-error-for={name}>
      {mine.map((e) => detailText(ctx.t, e)).join(' · ')}
    </span>
  ) : null;
};

export const Input: FC<{
  ctx: ViewCtx;
  name: string;
  values: FormValues;
  errors: ErrorDetail[];
  type?: string;
  label?: string;
  lang?: string;
  textarea?: boolean;
  size?: number;
}> = ({ ctx, name, values, errors, type = 'text', label, lang, textarea, size }) => {
  const raw = values[name];
  const value = Array.isArray(raw) ? (raw[0] ?? '') : (raw ?? '');
  const invalid = errorsAt(errors, name).length > 0;
  const aria = invalid ? { 'aria-invalid': 'true', 'aria-describedby': `err-${fieldId(name)}` } : {};
  const common = { id: fieldId(name), name, lang, 'aria-label': label, ...aria };
  return (
    <span class={invalid ? 'field invalid' : 'field'} data-field={name}>
      {textarea ? (
        <textarea {...common} rows={3}>
          {value}
        </textarea>
      ) : (
        <input {...common} type={type} value={value} size={size} />
      )}
      <FieldErrors ctx={ctx} name={name} errors={errors} />
    </span>
  );
};

/** A labelled row of the form. */
export const Row: FC<{ label: string; for?: string; children?: Child }> = ({
  label,
  for: htmlFor,
  children,
}) => (
  <div class="field-row">
    <label for={htmlFor ? fieldId(htmlFor) : undefined}>{label}</label>
    <div>{children}</div>
  </div>
);

/** A bilingual text: its English and Japanese fields side by side. */
export const Bilingual: FC<{
  ctx: ViewCtx;
  name: string;
  label: string;
  values: FormValues;
  errors: ErrorDetail[];
}> = ({ ctx, name, label, values, errors }) => (
  <fieldset class="bilingual" data-field={name}>
    <legend>{label}</legend>
    <div class="side-by-side">
      {(['en', 'ja'] as const).map((l) => (
        <label>
          <span>{ctx.t(`planEdit.lang.${l}`)}</span>
          <Input
            ctx={ctx}
            name={`${name}.${l}`}
            values={values}
            errors={errors}
            textarea
            lang={l}
            label={`${label} (${l})`}
          />
        </label>
      ))}
    </div>
  </fieldset>
);

const Figure: FC<{ ctx: ViewCtx; f: KpiFigure | null; missing: MessageKey }> = ({ ctx, f, missing }) => {
  if (!f) return <span class="muted">{ctx.t(missing)}</span>;
  const value = f.hasValue
    ? ctx.t('planEdit.figures.value', {
        value: formatNumber(ctx.lang, f.value),
        target: formatNumber(ctx.lang, f.target),
      })
    : ctx.t('planEdit.figures.noValue');
  return (
    <span data-target={String(f.target)} data-value={String(f.value)} data-status={f.status ?? ''}>
      {value}
      {f.status ? (
        <>
          {' '}
          <span class={`badge status-${f.status}`}>{ctx.t(`dash.status.${f.status}` as MessageKey)}</span>
        </>
      ) : null}
    </span>
  );
};

const Findings: FC<{ ctx: ViewCtx; items: ErrorDetail[]; cls: string }> = ({ ctx, items, cls }) => (
  <ul class={cls}>
    {items.map((w) => (
      <li data-path={w.path} data-key={w.key ?? ''}>
        {w.path ? <code>{w.path}</code> : null} {detailText(ctx.t, w)}
      </li>
    ))}
  </ul>
);

/** The consistency warnings of a plan (shown on the form, then the new plan's in each preview). */
export const Warnings: FC<{ ctx: ViewCtx; warnings: ErrorDetail[] }> = ({ ctx, warnings }) => (
  <section class="plan-edit-warnings">
    <h3>{ctx.t('planEdit.warnings')}</h3>
    {warnings.length ? (
      <Findings ctx={ctx} items={warnings} cls="warnings" />
    ) : (
      <p class="muted">{ctx.t('planEdit.warnings.none')}</p>
    )}
  </section>
);

/** What saving would do: errors, or the diff, the new plan's warnings and the KPI figures before and after. */
export const PreviewPanel: FC<{ ctx: ViewCtx; preview: PlanEditPreview }> = ({ ctx, preview }) => {
  const { t, lang } = ctx;
  return (
    <div class="plan-edit-preview" data-ok={String(preview.ok)}>
      {preview.stale ? (
        <p class="notice bad" role="alert">
          {t('planEdit.stale', { v: preview.currentVersion })}
        </p>
      ) : null}
      {!preview.ok ? (
        <div class="form-errors" role="alert">
          <p>{t('planEdit.errors')}</p>
          <Findings ctx={ctx} items={preview.errors} cls="errors" />
        </div>
      ) : (
        <>
          <h3>{t('planEdit.diff')}</h3>
          {preview.changes.length ? (
            <ul class="changes">
              {preview.changes.map((c) => (
                <li class={`change ${c.kind}`}>
                  <code>{c.path}</code>: {JSON.stringify(c.before) ?? '—'} → {JSON.stringify(c.after) ?? '—'}
                </li>
              ))}
            </ul>
          ) : (
            <p class="muted">{t('planEdit.diff.none')}</p>
          )}
          <h3>{t('planEdit.figures')}</h3>
          <p class="muted">{t('planEdit.figures.method')}</p>
          {preview.figures.length ? (
            <table class="plan-edit-figures">
              <thead>
                <tr>
                  <th>{t('planEdit.figures.col.kpi')}</th>
                  <th>{t('planEdit.figures.col.before')}</th>
                  <th>{t('planEdit.figures.col.after')}</th>
                </tr>
              </thead>
              <tbody>
                {preview.figures.map((f) => (
                  <tr data-kpi={f.id}>
                    <td>{localize(f.label, lang)}</td>
                    <td class="before">
                      <Figure ctx={ctx} f={f.before} missing="planEdit.figures.new" />
                    </td>
                    <td class="after">
                      <Figure ctx={ctx} f={f.after} missing="planEdit.figures.removed" />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : (
            <p class="muted">{t('planEdit.figures.none')}</p>
          )}
        </>
      )}
      <Warnings ctx={ctx} warnings={preview.warnings} />
    </div>
  );
};

/**
 * The text of a select's option for a plan code: its name in the page's language when the catalog has one (the
 * first of `keys` that exists, a `{…}` placeholder left as "…"), followed by the code the YAML uses; else the code.
 */
export function optionText(ctx: ViewCtx, code: string, keys: readonly string[]): string {
  const key = keys.find((k) => hasKey(k));
  if (!key) return code;
  const label = ctx.t(key as MessageKey, {
    field: '…',
    value: '…',
    values: '…',
    a: '…',
    b: '…',
    records: '…',
  });
  return label === code ? code : `${label} (${code})`;
}
