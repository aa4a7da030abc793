/**
 * The sources page: failing sources first, the result of the run just made, then each source with its settings form
 * (the credential write-only: an empty password field, when it was set, a "remove" box), its on/off switch, its
 * run buttons and its last runs; links to OpenAIRE's suggested outputs and to the DOI form.
 */
import type { FC } from 'hono/jsx';
import type { ErrorDetail } from '../../errors';
import { formatDateTime, hasKey, type MessageKey, type Translator } from '../../i18n';
import { localize, type Plan } from '../../plan/schema';
import { CsrfField } from '../../ui/form';
import { Badge, PlanPage, type ViewCtx } from '../../ui/parts';
import { errorsByField } from '../../records/views/form';
import { failingText, type FailingSource } from '../alerts';
import type { SourceConfigView } from '../config-service';
import type { SourceDescriptor } from '../registry';
import type { SourceRunRow } from '../runs';
import type { FetchedItem } from '../types';

export interface SourcesPageData {
  descriptors: SourceDescriptor[];
  configs: Map<string, SourceConfigView>;
  runs: Map<string, SourceRunRow[]>;
  failing: FailingSource[];
  /** The run just made (`?run=`). */
  result?: SourceRunRow;
}

/** A refused form: its source, problems and the values typed (never the credential). */
export interface FailedForm {
  source: string;
  details: ErrorDetail[];
  values: Record<string, unknown>;
  /** A whole-form message (stale version, a refused run). */
  message?: string;
}

const key = (t: Translator, k: string, fallback: string): string =>
  hasKey(k) ? t(k as MessageKey) : fallback;

const sourceName = (t: Translator, id: string) => key(t, `sources.name.${id}`, id);
const codeLabel = (t: Translator, code: string) => key(t, `sources.code.${code}`, code);

const Counts: FC<{ t: Translator; run: SourceRunRow }> = ({ t, run }) => (
  <span>
    {t(run.dryRun ? 'sources.counts.wouldImport' : 'sources.counts.imported', {
      imported: run.imported,
      duplicates: run.duplicates,
      invalid: run.invalid,
    })}
    {run.items > 0 ? <> · {t('sources.counts.items', { items: run.items })}</> : null}
  </span>
);

const RunStatus: FC<{ ctx: ViewCtx; run: SourceRunRow }> = ({ ctx, run }) => (
  <span>
    <Badge warn={run.status === 'failed' || run.status === 'partial'}>
      {ctx.t(`sources.run.${run.status}` as MessageKey)}
    </Badge>
    {run.errorCode ? <> {codeLabel(ctx.t, run.errorCode)}</> : null}
    {run.dryRun ? <> ({ctx.t('sources.dryRunTag')})</> : null}
    {run.retryAt ? <> · {ctx.t('sources.retryAt', { at: formatDateTime(ctx.lang, run.retryAt) })}</> : null}
  </span>
);

const RunsTable: FC<{ ctx: ViewCtx; runs: SourceRunRow[] }> = ({ ctx, runs }) => {
  const { t } = ctx;
  if (runs.length === 0) return <p class="empty">{t('sources.page.noRuns')}</p>;
  return (
    <table class="source-runs">
      <thead>
        <tr>
          <th scope="col">{t('sources.col.started')}</th>
          <th scope="col">{t('sources.col.trigger')}</th>
          <th scope="col">{t('sources.col.status')}</th>
          <th scope="col">{t('sources.col.counts')}</th>
          <th scope="col">{t('sources.col.message')}</th>
        </tr>
      </thead>
      <tbody>
        {runs.map((r) => (
          <tr data-run={r.id} data-status={r.status}>
            <td>{formatDateTime(ctx.lang, r.startedAt)}</td>
            <td>{key(t, `sources.trigger.${r.trigger}`, r.trigger)}</td>
            <td>
              <RunStatus ctx={ctx} run={r} />
            </td>
            <td>
              <Counts t={t} run={r} />
            </td>
            <td lang="en">{r.message ?? ''}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
};

const Result: FC<{ ctx: ViewCtx; run: SourceRunRow }> = ({ ctx, run }) => {
  const { t } = ctx;
  const items = ((run.details as { items?: FetchedItem[] } | null)?.items ?? []).slice(0, 20);
  const name = sourceName(t, run.source);
  return (
    <section class="source-result" id="result" data-run={run.id} data-status={run.status} role="status">
      <h2>{t(run.dryRun ? 'sources.page.resultDry' : 'sources.page.result', { source: name })}</h2>
      <p>
        <RunStatus ctx={ctx} run={run} /> · <Counts t={t} run={run} />
      </p>
      {run.message ? <p lang="en">{run.message}</p> : null}
      {items.length > 0 ? (
        <>
          <h3>{t('sources.page.itemStatuses')}</h3>
          <ul class="source-items">
            {items.map((i) => (
              <li data-status={i.status}>
                {i.id}: {t(`sources.status.${i.status}` as MessageKey)}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
};

const fieldValue = (v: unknown): string =>
  Array.isArray(v) ? v.map(String).join('\n') : v === undefined || v === null ? '' : String(v);

const SourceSection: FC<{
  ctx: ViewCtx;
  projectId: string;
  plan: Plan;
  d: SourceDescriptor;
  config?: SourceConfigView;
  runs: SourceRunRow[];
  failed?: FailedForm;
}> = ({ ctx, projectId, plan, d, config, runs, failed }) => {
  const { t, lang } = ctx;
  const mine = failed?.source === d.id ? failed : undefined;
  const errors = errorsByField(t, mine?.details ?? []);
  const values = mine?.values ?? config?.settings ?? {};
  const base = `/p/${projectId}/sources/${d.id}`;
  const errId = (f: string) => `${d.id}-${f}-error`;
  const FieldError: FC<{ name: string }> = ({ name }) =>
    errors.has(name) ? (
      <span class="field-error" id={errId(name)}>
        {errors.get(name)?.join(' · ')}
      </span>
    ) : null;
  const version = config ? <input type="hidden" name="version" value={String(config.version)} /> : null;
  return (
    <section class="source" id={`source-${d.id}`} data-source={d.id}>
      <h2>
        {sourceName(t, d.id)}{' '}
        <small>
          {config
            ? `${t('sources.page.configured')} · ${t(config.enabled ? 'sources.page.enabledState' : 'sources.page.disabledState')}`
            : t('sources.page.notConfigured')}
        </small>
      </h2>
      {mine?.message ? (
        <p class="form-error" role="alert">
          {mine.message}
        </p>
      ) : null}
      <form method="post" action={base} class="source-settings">
        <CsrfField />
        {version}
        <fieldset>
          <legend>{t('sources.page.settings')}</legend>
          {d.fields.map((f) => {
            const id = `${d.id}-${f.name}`;
            const invalid = errors.has(f.name);
            const common = {
              id,
              name: f.name,
              'aria-invalid': invalid ? 'true' : undefined,
              'aria-describedby': invalid ? errId(f.name) : undefined,
            };
            return (
              <p class={invalid ? 'invalid' : undefined}>
                <label for={id}>{key(t, f.label, f.name)}</label>
                {f.kind === 'lines' ? (
                  <textarea {...common} rows={3}>
                    {fieldValue(values[f.name])}
                  </textarea>
                ) : f.kind === 'choice' ? (
                  <select {...common} required={f.required}>
                    {f.required ? null : <option value="">{t('sources.page.automatic')}</option>}
                    {(f.options ?? []).map((o) => (
                      <option value={o.value} selected={fieldValue(values[f.name]) === o.value}>
                        {key(t, o.label, o.value)}
                      </option>
                    ))}
                  </select>
                ) : f.kind === 'partner' ? (
                  <select {...common} required={f.required}>
                    <option value="">{t('sources.page.choosePartner')}</option>
                    {plan.partners.map((p) => (
                      <option value={p.code} selected={fieldValue(values[f.name]) === p.code}>
                        {p.code} — {localize(p.name, lang)}
                      </option>
                    ))}
                  </select>
                ) : (
                  <input
                    {...common}
                    type={f.kind === 'url' ? 'url' : f.kind === 'number' ? 'number' : 'text'}
                    value={fieldValue(values[f.name])}
                    required={f.required}
                    placeholder={f.placeholder}
                  />
                )}
                {f.hint ? <small>{key(t, f.hint, '')}</small> : null}
                <FieldError name={f.name} />
              </p>
            );
          })}
          {d.secret !== 'none' ? (
            <p class={errors.has('secret') ? 'invalid' : undefined}>
              <label for={`${d.id}-secret`}>
                {d.secretLabel ? key(t, d.secretLabel, t('sources.page.secret')) : t('sources.page.secret')}
              </label>
              <input
                id={`${d.id}-secret`}
                type="password"
                name="secret"
                value=""
                autocomplete="off"
                aria-invalid={errors.has('secret') ? 'true' : undefined}
                aria-describedby={errors.has('secret') ? errId('secret') : undefined}
              />
              <small>
                {config?.secretSetAt
                  ? t('sources.page.secretSet', { date: formatDateTime(lang, config.secretSetAt) })
                  : t('sources.page.secretNone')}
              </small>
              {config?.secretSetAt ? (
                <label>
                  <input type="checkbox" name="clear_secret" value="1" /> {t('sources.page.secretClear')}
                </label>
              ) : null}
              <FieldError name="secret" />
            </p>
          ) : null}
          <p>
            <label>
              <input
                type="checkbox"
                name="enabled"
                value="1"
                checked={mine ? mine.values.enabled === true : (config?.enabled ?? true)}
              />{' '}
              {t('sources.page.enabled')}
            </label>
          </p>
        </fieldset>
        <button type="submit">{t('sources.page.save')}</button>
      </form>
      {config || d.kind === 'openaire' ? (
        <div class="source-actions">
          <form method="post" action={`${base}/run`} class="inline">
            <CsrfField />
            <button type="submit" disabled={config?.enabled === false}>
              {t('sources.page.runNow')}
            </button>
          </form>{' '}
          <form method="post" action={`${base}/run`} class="inline">
            <CsrfField />
            <input type="hidden" name="dry_run" value="1" />
            <button type="submit" disabled={config?.enabled === false} title={t('sources.page.dryRunHint')}>
              {t('sources.page.dryRun')}
            </button>
          </form>{' '}
          {config ? (
            <>
              <form method="post" action={`${base}/enabled`} class="inline">
                <CsrfField />
                {version}
                <input type="hidden" name="enabled" value={config.enabled ? '0' : '1'} />
                <button type="submit">
                  {t(config.enabled ? 'sources.page.disable' : 'sources.page.enable')}
                </button>
              </form>{' '}
              <form method="post" action={`${base}/delete`} class="inline">
                <CsrfField />
                {version}
                <button type="submit">{t('sources.page.remove')}</button>
              </form>
            </>
          ) : null}
        </div>
      ) : null}
      <h3>{t('sources.page.lastRuns')}</h3>
      <RunsTable ctx={ctx} runs={runs} />
    </section>
  );
};

export const SourcesPageView: FC<{
  ctx: ViewCtx;
  projectId: string;
  plan: Plan;
  data: SourcesPageData;
  notice?: string;
  failed?: FailedForm;
}> = ({ ctx, projectId, plan, data, notice, failed }) => {
  const { t, lang } = ctx;
  return (
    <PlanPage ctx={ctx} projectId={projectId} plan={plan} title={t('sources.page.title')}>
      <h1>{t('sources.page.title')}</h1>
      <p>{t('sources.page.intro')}</p>
      <p>
        {t('sources.page.links')}{' '}
        <a href={`/p/${projectId}/sources/suggestions`}>{t('sources.page.suggestions')}</a> ·{' '}
        <a href={`/p/${projectId}/records/publications/doi`}>{t('sources.page.doi')}</a>
      </p>
      {notice ? (
        <p class="notice" role="status">
          {notice}
        </p>
      ) : null}
      {data.failing.length > 0 ? (
        <section class="source-failing" role="alert">
          <h2>{t('sources.page.failingTitle')}</h2>
          <ul>
            {data.failing.map((f) => (
              <li data-source={f.source}>
                <a href={`#source-${f.source}`}>{failingText(lang, f)}</a>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {data.result ? <Result ctx={ctx} run={data.result} /> : null}
      {data.descriptors.map((d) => (
        <SourceSection
          ctx={ctx}
          projectId={projectId}
          plan={plan}
          d={d}
          config={data.configs.get(d.id)}
          runs={data.runs.get(d.id) ?? []}
          failed={failed}
        />
      ))}
    </PlanPage>
  );
};
