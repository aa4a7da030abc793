/**
 * The row forms' fields (src/projects/edit-rows.ts): each row a fieldset with its fields (bilingual texts side by
 * side, en | ja), a remove box, and the list's "Add a row" button (a plain submit: the server answers the form with
 * one more empty row, no JavaScript needed). Every input is named by its plan path, its errors beside it.
 */
import type { FC } from 'hono/jsx';
import type { ErrorDetail } from '../../errors';
import type { MessageKey } from '../../i18n';
import { detailText } from '../../ui/form';
import type { ViewCtx } from '../../ui/parts';
import type { FormValues } from '../edit-forms';
import { rowIndices, type Column, type RowList, type RowSection } from '../edit-rows';
import { Bilingual, errorsAt, FieldErrors, Input, optionText, Row } from './edit-parts';

interface Common {
  ctx: ViewCtx;
  values: FormValues;
  errors: ErrorDetail[];
}

const one = (v: FormValues, name: string): string => {
  const x = v[name];
  return (Array.isArray(x) ? x[0] : x) ?? '';
};
const colLabel = (ctx: ViewCtx, key: string) => ctx.t(`planEdit.col.${key}` as MessageKey);

export const Field: FC<Common & { column: Column; name: string }> = ({
  ctx,
  values,
  errors,
  column,
  name,
}) => {
  const label = colLabel(ctx, column.key);
  if (column.kind === 'localized' || column.kind === 'localizedLines')
    return <Bilingual ctx={ctx} name={name} label={label} values={values} errors={errors} />;
  if (column.kind === 'bool')
    return (
      <Row label={label} for={name}>
        <span class="field" data-field={name}>
          <input
            type="checkbox"
            id={`f-${name.replace(/\./g, '-')}`}
            name={name}
            value="true"
            checked={one(values, name) === 'true'}
          />
          <FieldErrors ctx={ctx} name={name} errors={errors} />
        </span>
      </Row>
    );
  if (column.kind === 'enum') {
    const current = one(values, name);
    const options = [...(column.options ?? [])];
    const all = current && !options.includes(current) ? [current, ...options] : options;
    const invalid = errorsAt(errors, name).length > 0;
    return (
      <Row label={label} for={name}>
        <span class={invalid ? 'field invalid' : 'field'} data-field={name}>
          <select
            id={`f-${name.replace(/\./g, '-')}`}
            name={name}
            aria-invalid={invalid ? 'true' : undefined}
          >
            {column.optional || current === '' ? <option value="">—</option> : null}
            {all.map((o) => (
              <option value={o} selected={o === current}>
                {optionText(ctx, o, [`${column.key}.${o}`, `value.${o}`, `field.${o}`])}
              </option>
            ))}
          </select>
          <FieldErrors ctx={ctx} name={name} errors={errors} />
        </span>
      </Row>
    );
  }
  return (
    <Row label={label} for={name}>
      <Input
        ctx={ctx}
        name={name}
        values={values}
        errors={errors}
        label={label}
        textarea={column.kind === 'lines' || column.kind === 'kpiCounts'}
        size={column.kind === 'number' ? 6 : undefined}
      />
    </Row>
  );
};

/** Errors at exactly this path (a row's or a list's own: "at least one partner", a duplicate). */
export const OwnErrors: FC<{ ctx: ViewCtx; path: string; errors: ErrorDetail[] }> = ({
  ctx,
  path,
  errors,
}) => {
  const mine = errors.filter((e) => e.path === path);
  return mine.length ? (
    <p class="field-error" data-error-for={path}>
      {mine.map((e) => detailText(ctx.t, e)).join(' · ')}
    </p>
  ) : null;
};

const Rows: FC<Common & { list: RowList; prefix: string; title?: string }> = (p) => {
  const { ctx, list, prefix } = p;
  const { t } = ctx;
  return (
    <section class="plan-edit-rows" data-list={prefix}>
      {p.title ? <h2>{p.title}</h2> : null}
      <OwnErrors ctx={ctx} path={prefix} errors={p.errors} />
      {rowIndices(p.values, prefix).map((i) => {
        const row = `${prefix}.${i}`;
        const from = one(p.values, `${row}._from`);
        const name = one(p.values, `${row}.${list.columns[0]?.key ?? ''}`);
        return (
          <fieldset class="plan-edit-row" data-row={row} data-from={from}>
            <legend>
              {`${i + 1}. ${name}`} {from === '' ? <span class="badge">{t('planEdit.rows.new')}</span> : null}
            </legend>
            <input type="hidden" name={`${row}._from`} value={from} />
            <label class="check">
              <input
                type="checkbox"
                name={`${row}._remove`}
                value="true"
                checked={one(p.values, `${row}._remove`) === 'true'}
              />
              {t('planEdit.rows.remove')}
            </label>
            <OwnErrors ctx={ctx} path={row} errors={p.errors} />
            {list.columns.map((column) => (
              <Field
                ctx={ctx}
                values={p.values}
                errors={p.errors}
                column={column}
                name={`${row}.${column.key}`}
              />
            ))}
            {list.child ? (
              <Rows
                ctx={ctx}
                values={p.values}
                errors={p.errors}
                list={list.child}
                prefix={`${row}.${list.child.key}`}
                title={t(`planEdit.list.${list.child.key}` as MessageKey)}
              />
            ) : null}
          </fieldset>
        );
      })}
      <p>
        <button type="submit" name="_add" value={prefix} class="secondary" data-add={prefix}>
          {t('planEdit.rows.add')}
        </button>
      </p>
    </section>
  );
};

/** The fields of a row section named `name` in the plan. */
export const RowSectionFields: FC<Common & { spec: RowSection; name: string }> = ({
  ctx,
  values,
  errors,
  spec,
  name,
}) => (
  <>
    <p class="muted">{ctx.t('planEdit.rows.help')}</p>
    {name === 'partners' ? <p class="notice">{ctx.t('planEdit.rows.retired')}</p> : null}
    {(spec.fields ?? []).map((column) => (
      <Field ctx={ctx} values={values} errors={errors} column={column} name={`${name}.${column.key}`} />
    ))}
    {spec.fields
      ? spec.lists.map((l) => (
          <Rows
            ctx={ctx}
            values={values}
            errors={errors}
            list={l}
            prefix={`${name}.${l.key}`}
            title={ctx.t(`planEdit.list.${l.key}` as MessageKey)}
          />
        ))
      : spec.lists.map((l) => <Rows ctx={ctx} values={values} errors={errors} list={l} prefix={name} />)}
  </>
);
