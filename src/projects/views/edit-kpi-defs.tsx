/**
 * The KPI definitions form (src/projects/edit-kpi-defs.ts): per KPI its fields, period, measure and filter, and its
 * parts. The choices are the vocabulary's: measure kinds, record types, the record type's fields (with their type),
 * operators that fit the field, and a list of the field's values (its closed vocabulary, the partner codes,
 * true/false). "Update the choices" re-renders the form after a record type changes (no JavaScript needed).
 */
import type { FC } from 'hono/jsx';
import type { ErrorDetail } from '../../errors';
import type { MessageKey } from '../../i18n';
import { RECORD_FIELDS, RECORD_TYPES, type FieldSpec, type Plan, type RecordType } from '../../plan/schema';
import type { ViewCtx } from '../../ui/parts';
import type { FormValues } from '../edit-forms';
import { CONDITION_OPS, KPI_COLUMNS, MEASURE_KINDS, PART_COLUMNS } from '../edit-kpi-defs';
import { rowIndices } from '../edit-rows';
import { errorsAt, Input, optionText, Row } from './edit-parts';
import { Field, OwnErrors } from './edit-rows';

interface Common {
  ctx: ViewCtx;
  values: FormValues;
  errors: ErrorDetail[];
}

const one = (v: FormValues, name: string): string => {
  const x = v[name];
  return (Array.isArray(x) ? x[0] : x) ?? '';
};
const idOf = (name: string) => `f-${name.replace(/\./g, '-')}`;
const fieldsOf = (record: string): Record<string, FieldSpec> => RECORD_FIELDS[record as RecordType] ?? {};

/** Operators that fit a field of this type (`is`/`any` always; the current one always kept). */
function opsFor(spec: FieldSpec | undefined): string[] {
  if (!spec) return [...CONDITION_OPS];
  const list = spec.type.endsWith('[]');
  const ordered = spec.type === 'number' || spec.type === 'date';
  return CONDITION_OPS.filter((op) => {
    if (['contains', 'contains_any'].includes(op)) return list;
    if (['eq', 'ne', 'in', 'not_in'].includes(op)) return !list;
    if (['gt', 'gte', 'lt', 'lte', 'between'].includes(op)) return ordered;
    return true;
  });
}

const Select: FC<{
  ctx: ViewCtx;
  name: string;
  current: string;
  options: string[];
  label: string;
  invalid?: boolean;
  /** The catalog keys naming an option (`field.${o}`…), tried in order. */
  keys: (o: string) => string[];
}> = (p) => {
  const all = p.current && !p.options.includes(p.current) ? [p.current, ...p.options] : p.options;
  return (
    <select
      id={idOf(p.name)}
      name={p.name}
      aria-label={p.label}
      aria-invalid={p.invalid ? 'true' : undefined}
    >
      {p.current === '' ? <option value="">—</option> : null}
      {all.map((o) => (
        <option value={o} selected={o === p.current}>
          {optionText(p.ctx, o, p.keys(o))}
        </option>
      ))}
    </select>
  );
};

/** A KPI row's label in the page's language (English when it has no Japanese), for its heading. */
const kpiName = (ctx: ViewCtx, values: FormValues, p: string): string =>
  (ctx.lang === 'ja' ? one(values, `${p}.label.ja`) : '') || one(values, `${p}.label.en`);

const AddButton: FC<{ ctx: ViewCtx; prefix: string; label: MessageKey }> = ({ ctx, prefix, label }) => (
  <button type="submit" name="_add" value={prefix} class="secondary" data-add={prefix}>
    {ctx.t(label)}
  </button>
);

const Conditions: FC<Common & { prefix: string; record: string }> = ({
  ctx,
  values,
  errors,
  prefix,
  record,
}) => {
  const { t } = ctx;
  const fields = fieldsOf(record);
  return (
    <div class="plan-edit-conditions" data-list={prefix}>
      <table>
        <thead>
          <tr>
            <th>{t('planEdit.kpiDefs.col.field')}</th>
            <th>{t('planEdit.kpiDefs.col.op')}</th>
            <th>{t('planEdit.kpiDefs.col.value')}</th>
            <th>{t('planEdit.rows.remove')}</th>
          </tr>
        </thead>
        <tbody>
          {rowIndices(values, prefix).map((k) => {
            const p = `${prefix}.${k}`;
            const field = one(values, `${p}.field`);
            const invalid = errorsAt(errors, `${p}.value`).length > 0;
            return (
              <tr data-row={p} class={invalid ? 'invalid' : undefined}>
                <td>
                  <input type="hidden" name={`${p}._from`} value={one(values, `${p}._from`)} />
                  <Select
                    ctx={ctx}
                    keys={(o) => [`field.${o}`]}
                    name={`${p}.field`}
                    current={field}
                    options={Object.keys(fields)}
                    label={t('planEdit.kpiDefs.col.field')}
                  />
                  {fields[field] ? <small class="muted"> {fields[field].type}</small> : null}
                </td>
                <td>
                  <Select
                    ctx={ctx}
                    keys={(o) => [`op.${o}`]}
                    name={`${p}.op`}
                    current={one(values, `${p}.op`)}
                    options={opsFor(fields[field])}
                    label={t('planEdit.kpiDefs.col.op')}
                  />
                </td>
                <td>
                  <input
                    id={idOf(`${p}.value`)}
                    name={`${p}.value`}
                    value={one(values, `${p}.value`)}
                    list={fields[field] ? `dl-${record}-${field}` : undefined}
                    aria-label={t('planEdit.kpiDefs.col.value')}
                    aria-invalid={invalid ? 'true' : undefined}
                  />
                  <OwnErrors ctx={ctx} path={p} errors={errors} />
                </td>
                <td>
                  <input
                    type="checkbox"
                    name={`${p}._remove`}
                    value="true"
                    checked={one(values, `${p}._remove`) === 'true'}
                    aria-label={t('planEdit.rows.remove')}
                  />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <OwnErrors ctx={ctx} path={prefix} errors={errors} />
      <AddButton ctx={ctx} prefix={prefix} label="planEdit.kpiDefs.addCondition" />
    </div>
  );
};

const Measure: FC<Common & { prefix: string }> = ({ ctx, values, errors, prefix }) => {
  const { t } = ctx;
  const kind = one(values, `${prefix}.kind`);
  const record = kind === 'latest_sum' ? 'metric' : one(values, `${prefix}.record`);
  const select = (key: string, options: string[]) => (
    <Row label={t(`planEdit.kpiDefs.measure.${key}` as MessageKey)} for={`${prefix}.${key}`}>
      <span class={errorsAt(errors, `${prefix}.${key}`).length ? 'field invalid' : 'field'}>
        <Select
          ctx={ctx}
          keys={(o) => [`${key}.${o}`, `measure.${o}`, `record.${o}`, `field.${o}`, `value.${o}`]}
          name={`${prefix}.${key}`}
          current={one(values, `${prefix}.${key}`)}
          options={options}
          label={t(`planEdit.kpiDefs.measure.${key}` as MessageKey)}
        />
        <OwnErrors ctx={ctx} path={`${prefix}.${key}`} errors={errors} />
      </span>
    </Row>
  );
  return (
    <fieldset class="plan-edit-measure" data-field={prefix}>
      <legend>{t('planEdit.kpiDefs.measure')}</legend>
      <OwnErrors ctx={ctx} path={prefix} errors={errors} />
      {select('kind', [...MEASURE_KINDS])}
      {kind === 'manual' ? (
        select('evidence_required', ['true', 'false'])
      ) : (
        <>
          {select('record', [...RECORD_TYPES])}
          {kind === 'sum' || kind === 'count_distinct'
            ? select('field', Object.keys(fieldsOf(record)))
            : null}
          <h4>{t('planEdit.kpiDefs.filter')}</h4>
          <Conditions ctx={ctx} values={values} errors={errors} prefix={`${prefix}.where`} record={record} />
        </>
      )}
    </fieldset>
  );
};

const Datalists: FC<{ plan: Plan }> = ({ plan }) => {
  const codes = plan.partners.map((p) => p.code);
  return (
    <>
      {RECORD_TYPES.flatMap((record) =>
        Object.entries(RECORD_FIELDS[record]).map(([field, spec]) => {
          const values =
            spec.type === 'boolean'
              ? ['true', 'false']
              : spec.type === 'partner' || spec.type === 'partner[]'
                ? codes
                : [...(spec.values ?? [])];
          return values.length ? (
            <datalist id={`dl-${record}-${field}`}>
              {values.map((v) => (
                <option value={v} />
              ))}
            </datalist>
          ) : null;
        }),
      )}
    </>
  );
};

export const KpiDefsFields: FC<Common & { plan: Plan }> = ({ ctx, plan, values, errors }) => {
  const { t } = ctx;
  const common = { ctx, values, errors };
  return (
    <>
      <p class="muted">{t('planEdit.kpiDefs.help')}</p>
      <p class="notice">{t('planEdit.kpis.reports')}</p>
      <OwnErrors ctx={ctx} path="kpis" errors={errors} />
      {rowIndices(values, 'kpis').map((i) => {
        const p = `kpis.${i}`;
        const from = one(values, `${p}._from`);
        const kind = one(values, `${p}.measure.kind`);
        const record = kind === 'latest_sum' ? 'metric' : one(values, `${p}.measure.record`);
        return (
          <fieldset class="plan-edit-row plan-edit-kpi" data-row={p} data-from={from}>
            <legend>
              {`${i + 1}. ${one(values, `${p}.id`)}`}
              {kpiName(ctx, values, p) ? ` — ${kpiName(ctx, values, p)}` : ''}{' '}
              {from === '' ? <span class="badge">{t('planEdit.rows.new')}</span> : null}
            </legend>
            <input type="hidden" name={`${p}._from`} value={from} />
            <label class="check">
              <input
                type="checkbox"
                name={`${p}._remove`}
                value="true"
                checked={one(values, `${p}._remove`) === 'true'}
              />
              {t('planEdit.rows.remove')}
            </label>
            <OwnErrors ctx={ctx} path={p} errors={errors} />
            {KPI_COLUMNS.map((c) => (
              <Field {...common} column={c} name={`${p}.${c.key}`} />
            ))}
            {(['from_month', 'to_month'] as const).map((k) => (
              <Row label={t(`planEdit.kpiDefs.${k}`)} for={`${p}.period.${k}`}>
                <Input {...common} name={`${p}.period.${k}`} size={4} label={t(`planEdit.kpiDefs.${k}`)} />
              </Row>
            ))}
            <Measure {...common} prefix={`${p}.measure`} />
            <h3>{t('planEdit.kpiDefs.parts')}</h3>
            {rowIndices(values, `${p}.parts`).map((j) => {
              const q = `${p}.parts.${j}`;
              return (
                <fieldset class="plan-edit-row plan-edit-part" data-row={q}>
                  <legend>{`${i + 1}.${j + 1}. ${one(values, `${q}.id`)}`}</legend>
                  <input type="hidden" name={`${q}._from`} value={one(values, `${q}._from`)} />
                  <label class="check">
                    <input
                      type="checkbox"
                      name={`${q}._remove`}
                      value="true"
                      checked={one(values, `${q}._remove`) === 'true'}
                    />
                    {t('planEdit.rows.remove')}
                  </label>
                  {PART_COLUMNS.map((c) => (
                    <Field {...common} column={c} name={`${q}.${c.key}`} />
                  ))}
                  <h4>{t('planEdit.kpiDefs.partFilter')}</h4>
                  <Conditions {...common} prefix={`${q}.where`} record={record} />
                </fieldset>
              );
            })}
            <AddButton ctx={ctx} prefix={`${p}.parts`} label="planEdit.kpiDefs.addPart" />
          </fieldset>
        );
      })}
      <p>
        <AddButton ctx={ctx} prefix="kpis" label="planEdit.kpiDefs.addKpi" />{' '}
        <button type="submit" name="_add" value="-" class="secondary">
          {t('planEdit.kpiDefs.refresh')}
        </button>
      </p>
      <Datalists plan={plan} />
    </>
  );
};
