/**
 * Deviations and recommendations pages: the list, and the form to add or edit one (coordinators). A refused save
 * shows the form again with what was typed (`draft`) and each error beside its field.
 */
import type { FC } from 'hono/jsx';
import { formatDate } from '../../i18n';
import { localize, type Plan } from '../../plan/schema';
import { KIND_SLUGS, type RecordKind } from '../../records/kinds';
import { CsrfField } from '../../ui/form';
import { Paragraphs, PlanPage, type ViewCtx } from '../../ui/parts';
import type { DeviationRow } from '../inputs-service';
import { RECOMMENDATION_STATUSES, type RecommendationRow, type RecordRef } from '../recommendations';
import { errorsAbout, FieldErrors, OtherErrors, valueOf, type Draft } from './draft';
import { InputLinks } from './inputs';

const Field: FC<{
  ctx: ViewCtx;
  draft?: Draft;
  label: string;
  name: string;
  value?: string | null;
  type?: string;
  area?: boolean;
}> = (p) => {
  const value = valueOf(p.draft, p.name, p.value);
  const invalid = errorsAbout(p.draft, p.name).length > 0;
  const described = invalid ? { 'aria-invalid': 'true', 'aria-describedby': `err-${p.name}` } : {};
  return (
    <label>
      {p.label}
      {p.area ? (
        <textarea name={p.name} rows={3} {...described}>
          {value}
        </textarea>
      ) : (
        <input type={p.type ?? 'text'} name={p.name} value={value} {...described} />
      )}
      <FieldErrors ctx={p.ctx} draft={p.draft} name={p.name} />
    </label>
  );
};

const ItemActions: FC<{ ctx: ViewCtx; base: string; id: string; version: number }> = ({
  ctx,
  base,
  id,
  version,
}) => (
  <>
    <a href={`${base}/${id}/edit`}>{ctx.t('reportItems.edit')}</a>{' '}
    <form method="post" action={`${base}/${id}/delete`} class="inline">
      <CsrfField />
      <input type="hidden" name="version" value={String(version)} />
      <button type="submit">{ctx.t('reportItems.delete')}</button>
    </form>
  </>
);

const DEVIATION_FORM_FIELDS = ['noted_on', 'kpi', 'wp', 'description', 'corrective_action'];

export const DeviationForm: FC<{
  ctx: ViewCtx;
  projectId: string;
  plan: Plan;
  row?: DeviationRow;
  draft?: Draft;
}> = ({ ctx, projectId, plan, row, draft }) => {
  const { t, lang } = ctx;
  const base = `/p/${projectId}/reports/deviations`;
  const kpi = valueOf(draft, 'kpi', row?.kpi);
  const wp = valueOf(draft, 'wp', row?.wp);
  const version = valueOf(draft, 'version', row ? String(row.version) : undefined);
  return (
    <form method="post" action={row ? `${base}/${row.id}` : base} id="deviation-form">
      <CsrfField />
      <OtherErrors ctx={ctx} draft={draft} fields={DEVIATION_FORM_FIELDS} />
      {row ? <input type="hidden" name="version" value={version} /> : null}
      <Field
        ctx={ctx}
        draft={draft}
        label={t('deviations.field.noted_on')}
        name="noted_on"
        type="date"
        value={row?.notedOn}
      />
      <label>
        {t('deviations.field.kpi')}
        <select name="kpi">
          <option value="">{t('reportItems.none')}</option>
          {plan.kpis.map((k) => (
            <option value={k.id} selected={kpi === k.id}>
              {k.id} — {localize(k.label, lang)}
            </option>
          ))}
        </select>
        <FieldErrors ctx={ctx} draft={draft} name="kpi" />
      </label>
      <label>
        {t('deviations.field.wp')}
        <select name="wp">
          <option value="">{t('reportItems.none')}</option>
          {plan.work_packages.map((w) => (
            <option value={w.code} selected={wp === w.code}>
              {w.code} — {localize(w.title, lang)}
            </option>
          ))}
        </select>
        <FieldErrors ctx={ctx} draft={draft} name="wp" />
      </label>
      <Field
        ctx={ctx}
        draft={draft}
        label={t('deviations.field.description')}
        name="description"
        area
        value={row?.description}
      />
      <Field
        ctx={ctx}
        draft={draft}
        label={t('deviations.field.corrective_action')}
        name="corrective_action"
        area
        value={row?.correctiveAction}
      />
      <button type="submit">{row ? t('reportItems.update') : t('reportItems.create')}</button>
    </form>
  );
};

export const DeviationsView: FC<{
  ctx: ViewCtx;
  projectId: string;
  plan: Plan;
  rows: DeviationRow[];
  canWrite: boolean;
  /** A refused new deviation: the form shows it again. */
  draft?: Draft;
}> = ({ ctx, projectId, plan, rows, canWrite, draft }) => {
  const { t, lang } = ctx;
  const base = `/p/${projectId}/reports/deviations`;
  return (
    <PlanPage ctx={ctx} projectId={projectId} plan={plan} title={t('deviations.title')}>
      <h1>{t('deviations.title')}</h1>
      <InputLinks ctx={ctx} projectId={projectId} />
      {rows.length === 0 ? (
        <p class="muted">{t('deviations.none')}</p>
      ) : (
        <table class="drilldown" id="deviations">
          <thead>
            <tr>
              <th>{t('deviations.field.noted_on')}</th>
              <th>{t('deviations.field.kpi')}</th>
              <th>{t('deviations.field.wp')}</th>
              <th>{t('deviations.field.description')}</th>
              <th>{t('deviations.field.corrective_action')}</th>
              {canWrite ? <th /> : null}
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr data-id={r.id}>
                <td>{formatDate(lang, r.notedOn)}</td>
                <td>{r.kpi ?? ''}</td>
                <td>{r.wp ?? ''}</td>
                <td>
                  <Paragraphs text={r.description} />
                </td>
                <td>
                  <Paragraphs text={r.correctiveAction} />
                </td>
                {canWrite ? (
                  <td>
                    <ItemActions ctx={ctx} base={base} id={r.id} version={r.version} />
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {canWrite ? (
        <>
          <h2>{t('deviations.new')}</h2>
          <DeviationForm ctx={ctx} projectId={projectId} plan={plan} draft={draft} />
        </>
      ) : null}
    </PlanPage>
  );
};

const refText = (r: RecordRef) => `${r.kind}:${r.id}`;
const RECOMMENDATION_FORM_FIELDS = [
  'review',
  'received_on',
  'text',
  'response',
  'actions',
  'kpis',
  'records',
  'status',
];
const refs = (row?: RecommendationRow): RecordRef[] =>
  Array.isArray(row?.records) ? (row.records as RecordRef[]) : [];

export const RecommendationForm: FC<{
  ctx: ViewCtx;
  projectId: string;
  plan: Plan;
  row?: RecommendationRow;
  draft?: Draft;
}> = ({ ctx, projectId, plan, row, draft }) => {
  const { t, lang } = ctx;
  const base = `/p/${projectId}/reports/recommendations`;
  const text = (
    name: string,
    label: string,
    stored: string | null | undefined,
    o: { area?: boolean } = {},
  ) => <Field ctx={ctx} draft={draft} label={label} name={name} value={stored} area={o.area} />;
  const typedKpis = draft?.values.kpis;
  const kpis = draft
    ? Array.isArray(typedKpis)
      ? typedKpis
      : typedKpis
        ? [typedKpis]
        : []
    : (row?.kpis ?? []);
  const status = valueOf(draft, 'status', row?.status);
  const version = valueOf(draft, 'version', row ? String(row.version) : undefined);
  return (
    <form method="post" action={row ? `${base}/${row.id}` : base} id="recommendation-form">
      <CsrfField />
      <OtherErrors ctx={ctx} draft={draft} fields={RECOMMENDATION_FORM_FIELDS} />
      {row ? <input type="hidden" name="version" value={version} /> : null}
      {text('review', t('recommendations.field.review'), row?.review)}
      <Field
        ctx={ctx}
        draft={draft}
        label={t('recommendations.field.received_on')}
        name="received_on"
        type="date"
        value={row?.receivedOn}
      />
      {text('text', t('recommendations.field.text'), row?.text, { area: true })}
      {text('response', t('recommendations.field.response'), row?.response, { area: true })}
      {text('actions', t('recommendations.field.actions'), row?.actions, { area: true })}
      <fieldset>
        <legend>{t('recommendations.field.kpis')}</legend>
        {plan.kpis.map((k) => (
          <label>
            <input type="checkbox" name="kpis" value={k.id} checked={kpis.includes(k.id)} /> {k.id} —{' '}
            {localize(k.label, lang)}
          </label>
        ))}
        <FieldErrors ctx={ctx} draft={draft} name="kpis" />
      </fieldset>
      <label>
        {t('recommendations.field.records')}
        <textarea name="records" rows={3}>
          {valueOf(draft, 'records', refs(row).map(refText).join('\n'))}
        </textarea>
        <small class="muted">{t('recommendations.recordsHint')}</small>
        <FieldErrors ctx={ctx} draft={draft} name="records" />
      </label>
      <label>
        {t('recommendations.field.status')}
        <select name="status">
          {RECOMMENDATION_STATUSES.map((s) => (
            <option value={s} selected={status === s}>
              {t(`recommendations.status.${s}`)}
            </option>
          ))}
        </select>
        <FieldErrors ctx={ctx} draft={draft} name="status" />
      </label>
      <button type="submit">{row ? t('reportItems.update') : t('reportItems.create')}</button>
    </form>
  );
};

export const RecommendationsView: FC<{
  ctx: ViewCtx;
  projectId: string;
  plan: Plan;
  rows: RecommendationRow[];
  canWrite: boolean;
  /** A refused new recommendation: the form shows it again. */
  draft?: Draft;
}> = ({ ctx, projectId, plan, rows, canWrite, draft }) => {
  const { t, lang } = ctx;
  const base = `/p/${projectId}/reports/recommendations`;
  return (
    <PlanPage ctx={ctx} projectId={projectId} plan={plan} title={t('recommendations.title')}>
      <h1>{t('recommendations.title')}</h1>
      <InputLinks ctx={ctx} projectId={projectId} />
      {rows.length === 0 ? <p class="muted">{t('recommendations.none')}</p> : null}
      {rows.map((r) => (
        <article class="recommendation" data-id={r.id}>
          <h2>
            {r.review}
            {r.receivedOn ? <small class="muted"> {formatDate(lang, r.receivedOn)}</small> : null}{' '}
            <span class="badge">
              {t(`recommendations.status.${r.status as (typeof RECOMMENDATION_STATUSES)[number]}`)}
            </span>
          </h2>
          <Paragraphs text={r.text} />
          {r.response ? (
            <>
              <h3>{t('recommendations.field.response')}</h3>
              <Paragraphs text={r.response} />
            </>
          ) : null}
          {r.actions ? (
            <>
              <h3>{t('recommendations.field.actions')}</h3>
              <Paragraphs text={r.actions} />
            </>
          ) : null}
          {r.kpis.length > 0 ? (
            <p>
              {t('recommendations.field.kpis')}: {r.kpis.join(', ')}
            </p>
          ) : null}
          {refs(r).length > 0 ? (
            <p>
              {t('recommendations.field.records')}:{' '}
              {refs(r).map((x) => (
                <>
                  <a href={`/p/${projectId}/records/${KIND_SLUGS[x.kind as RecordKind]}/${x.id}`}>
                    {refText(x)}
                  </a>{' '}
                </>
              ))}
            </p>
          ) : null}
          {canWrite ? <ItemActions ctx={ctx} base={base} id={r.id} version={r.version} /> : null}
        </article>
      ))}
      {canWrite ? (
        <>
          <h2>{t('recommendations.new')}</h2>
          <RecommendationForm ctx={ctx} projectId={projectId} plan={plan} draft={draft} />
        </>
      ) : null}
    </PlanPage>
  );
};
