/**
 * A list page per record kind: filters (partner, kind, type, status, audience, period), a search box that
 * replaces the table through htmx as one types (the form also works without JS, by GET), and pagination.
 */
import { vocabularyLabel } from '../vocabularies/labels-ja';
import type { FC } from 'hono/jsx';
import type { DatedPublication } from '../dates';
import { PublicationDate } from './dates';
import {
  ACTIVITY_KINDS,
  ACTIVITY_STATUSES,
  EVENT_KINDS,
  EVENT_STATUSES,
  METRIC_NAMES,
  PUBLICATION_TYPES,
  SYNERGY_KINDS,
  localize,
  type Plan,
} from '../../plan/schema';
import type { RecordContext } from '../context';
import { ExportLinks } from '../export-routes';
import { CalendarLinks } from '../ical-routes';
import { DATE_FIELD, isRecordType, type RecordKind } from '../kinds';
import type { RecordPage, StoredRecord } from '../service';
import { OPEN_ACCESS_ROUTES } from '../schema';
import {
  RecordsFrame,
  kindOne,
  kindTitle,
  recordHref,
  recordLabel,
  recordsBase,
  showValue,
  valueLabel,
  type ViewCtx,
} from './shared';

/** The list's query string as given (empty fields left out). */
export type ListParams = Record<string, string>;

const KIND_VALUES: Partial<Record<RecordKind, readonly string[]>> = {
  activity: ACTIVITY_KINDS,
  event: EVENT_KINDS,
  publication: PUBLICATION_TYPES,
  synergy: SYNERGY_KINDS,
  metric: METRIC_NAMES,
};
const KIND_VALUE_FIELD: Partial<Record<RecordKind, string>> = { publication: 'type' };

export const queryString = (params: ListParams, extra: ListParams = {}): string => {
  const all = { ...params, ...extra };
  const s = new URLSearchParams(Object.entries(all).filter(([, v]) => v !== '')).toString();
  return s ? `?${s}` : '';
};

const Select: FC<{
  name: string;
  label: string;
  value?: string;
  anyLabel: string;
  options: { value: string; label: string }[];
}> = ({ name, label, value, anyLabel, options }) => (
  <label>
    {label}
    <select name={name}>
      <option value="">{anyLabel}</option>
      {options.map((o) => (
        <option value={o.value} selected={o.value === value}>
          {o.label}
        </option>
      ))}
    </select>
  </label>
);

const Filters: FC<{
  ctx: ViewCtx;
  rc: RecordContext;
  kind: RecordKind;
  params: ListParams;
  canSeeDeleted: boolean;
}> = ({ ctx, rc, kind, params, canSeeDeleted }) => {
  const { t, lang } = ctx;
  const base = recordsBase(rc.projectId, kind);
  const any = t('records.filter.any');
  const years = Math.ceil(rc.plan.project.duration_months / 12);
  const kindValues =
    kind === 'kpi_value'
      ? [...rc.manualKpis.values()].map((k) => ({ value: k.id, label: localize(k.label, lang) }))
      : (KIND_VALUES[kind] ?? []).map((v) => ({
          value: v,
          label: valueLabel(lang, KIND_VALUE_FIELD[kind] ?? (kind === 'metric' ? 'metric' : 'kind'), v),
        }));
  const statuses = kind === 'activity' ? ACTIVITY_STATUSES : kind === 'event' ? EVENT_STATUSES : [];
  return (
    <form method="get" action={base} class="filters" role="search">
      <label>
        {t('records.filter.search')}
        <input
          type="search"
          name="q"
          value={params.q ?? ''}
          placeholder={t('records.filter.searchHint')}
          hx-get={base}
          hx-trigger="keyup changed delay:300ms, search"
          hx-target="#records-table"
          hx-select="#records-table"
          hx-swap="outerHTML"
          hx-include="closest form"
          hx-push-url="true"
        />
      </label>
      <Select
        name="partner"
        label={t('records.filter.partner')}
        value={params.partner}
        anyLabel={any}
        options={rc.plan.partners.map((p) => ({ value: p.code, label: p.code }))}
      />
      <Select
        name="kind"
        label={t('records.filter.kind')}
        value={params.kind}
        anyLabel={any}
        options={kindValues}
      />
      {kind === 'activity' ? (
        <>
          <Select
            name="type"
            label={t('records.filter.type')}
            value={params.type}
            anyLabel={any}
            options={rc.vocabulary.activityTypes.map((v) => ({ value: v, label: vocabularyLabel(lang, v) }))}
          />
          <Select
            name="audience"
            label={t('records.filter.audience')}
            value={params.audience}
            anyLabel={any}
            options={[
              ...new Set([...rc.vocabulary.communicationAudiences, ...rc.vocabulary.disseminationAudiences]),
            ].map((v) => ({
              value: v,
              label: vocabularyLabel(lang, v),
            }))}
          />
        </>
      ) : null}
      {kind === 'publication' ? (
        <Select
          name="open_access"
          label={t('records.field.open_access')}
          value={params.open_access}
          anyLabel={any}
          options={OPEN_ACCESS_ROUTES.map((r) => ({ value: r, label: valueLabel(lang, 'open_access', r) }))}
        />
      ) : null}
      {statuses.length > 0 ? (
        <Select
          name="status"
          label={t('records.filter.status')}
          value={params.status}
          anyLabel={any}
          options={statuses.map((s) => ({ value: s, label: valueLabel(lang, 'status', s) }))}
        />
      ) : null}
      <Select
        name="year"
        label={t('records.filter.year')}
        value={params.year}
        anyLabel={any}
        options={Array.from({ length: years }, (_, i) => ({
          value: String(i + 1),
          label: t('records.filter.yearN', { n: String(i + 1) }),
        }))}
      />
      <label>
        {t('records.filter.from')}
        <input type="date" name="from" value={params.from ?? ''} />
      </label>
      <label>
        {t('records.filter.to')}
        <input type="date" name="to" value={params.to ?? ''} />
      </label>
      {canSeeDeleted ? (
        <label class="check">
          <input type="checkbox" name="deleted" value="only" checked={params.deleted === 'only'} />
          {t('records.filter.deleted')}
        </label>
      ) : null}
      <button type="submit">{t('records.filter.apply')}</button>
      <a href={base}>{t('records.filter.clear')}</a>
    </form>
  );
};

export interface ListViewProps {
  ctx: ViewCtx;
  rc: RecordContext;
  kind: RecordKind;
  page: RecordPage;
  params: ListParams;
  /** Whether the actor may edit this record (its lead partner's write permission). */
  editable: (r: StoredRecord) => boolean;
}

/** The table and its pager: what the search box replaces. */
export const RecordTable: FC<ListViewProps> = ({ ctx, rc, kind, page, params, editable }) => {
  const { t, lang } = ctx;
  const pages = Math.max(1, Math.ceil(page.total / page.pageSize));
  const base = recordsBase(rc.projectId, kind);
  const showStatus = kind === 'activity' || kind === 'event';
  const showValueColumn = kind === 'metric' || kind === 'kpi_value';
  return (
    <div id="records-table">
      <p class="muted" id="records-count">
        {t('records.count', { n: page.total })}
      </p>
      {page.records.length === 0 ? (
        <p class="muted">{t('records.empty')}</p>
      ) : (
        <table class="records">
          <thead>
            <tr>
              <th>{t('records.col.label')}</th>
              <th>{t('records.col.date')}</th>
              <th>{t('records.col.lead')}</th>
              <th>{t('records.col.kind')}</th>
              {showStatus ? <th>{t('records.col.status')}</th> : null}
              {showValueColumn ? <th class="num">{t('records.col.value')}</th> : null}
              <th>
                <span class="sr-only">{t('records.edit')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {page.records.map((r) => {
              const kindField =
                kind === 'publication'
                  ? 'type'
                  : kind === 'metric'
                    ? 'metric'
                    : kind === 'kpi_value'
                      ? 'kpi_code'
                      : 'kind';
              const date = r[DATE_FIELD[kind]] ?? r.year;
              return (
                <tr data-id={r.id} class={r.deleted_at ? 'deleted' : undefined}>
                  <td>
                    <a href={recordHref(rc.projectId, kind, r.id)}>{recordLabel(kind, r)}</a>
                  </td>
                  <td class="date">
                    {kind === 'publication' ? (
                      <PublicationDate lang={lang} record={r as DatedPublication} />
                    ) : (
                      showValue(lang, 'date', date)
                    )}
                  </td>
                  <td>{String(r.lead_partner)}</td>
                  <td>{showValue(lang, kindField, r[kindField])}</td>
                  {showStatus ? <td>{showValue(lang, 'status', r.status)}</td> : null}
                  {showValueColumn ? <td class="num">{showValue(lang, 'value', r.value)}</td> : null}
                  <td>
                    {editable(r) && !r.deleted_at ? (
                      <a href={`${recordHref(rc.projectId, kind, r.id)}/edit`}>{t('records.edit')}</a>
                    ) : null}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {pages > 1 ? (
        <nav class="pager" aria-label={t('records.page', { page: page.page, pages })}>
          {page.page > 1 ? (
            <a href={`${base}${queryString(params, { page: String(page.page - 1) })}`}>{t('records.prev')}</a>
          ) : null}
          <span>{t('records.page', { page: page.page, pages })}</span>
          {page.page < pages ? (
            <a href={`${base}${queryString(params, { page: String(page.page + 1) })}`} rel="next">
              {t('records.next')}
            </a>
          ) : null}
        </nav>
      ) : null}
    </div>
  );
};

export const RecordListPage: FC<
  ListViewProps & {
    plan: Plan;
    canCreate: boolean;
    canSeeDeleted: boolean;
    feedUrl?: string;
    /** The viewer reads the inconsistency alerts: their tab. */
    alertsTab?: boolean;
  }
> = (props) => {
  const { ctx, rc, kind, canCreate, canSeeDeleted, params } = props;
  const { t, lang } = ctx;
  return (
    <RecordsFrame
      ctx={ctx}
      projectId={rc.projectId}
      plan={rc.plan}
      title={kindTitle(lang, kind)}
      current={kind}
      alertsTab={props.alertsTab}
    >
      <h1>{kindTitle(lang, kind)}</h1>
      {canCreate ? (
        <p class="actions">
          <a class="button" href={`${recordsBase(rc.projectId, kind)}/new`}>
            {t('records.newOf', { what: kindOne(lang, kind) })}
          </a>
          {isRecordType(kind) ? (
            <>
              {' '}
              <a href={`/p/${rc.projectId}/import?type=${kind}`}>{t('records.import')}</a>
            </>
          ) : null}
          {kind === 'publication' ? (
            <>
              {' '}
              <a href={`/p/${rc.projectId}/records/publications/doi`}>{t('doi.link')}</a>
            </>
          ) : null}
        </p>
      ) : null}
      <Filters ctx={ctx} rc={rc} kind={kind} params={params} canSeeDeleted={canSeeDeleted} />
      {isRecordType(kind) ? (
        <ExportLinks
          t={t}
          lang={lang}
          projectId={rc.projectId}
          type={kind}
          query={queryString(params)}
          total={props.page.total}
        />
      ) : null}
      {kind === 'event' ? <CalendarLinks t={t} projectId={rc.projectId} feedUrl={props.feedUrl} /> : null}
      <RecordTable {...props} />
    </RecordsFrame>
  );
};
