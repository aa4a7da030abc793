/** The pre-flight page: the period form, counts, findings grouped by rule, each with a link to the record to fix. */
import type { FC } from 'hono/jsx';
import { formatDate, formatId, hasKey } from '../../i18n';
import { PlanPage, type ViewCtx } from '../../ui/parts';
import { projectYears } from '../../kpi/snapshots';
import { countFindings, PREFLIGHT_RULES, type PreflightFinding, type PreflightPage } from '../preflight';

const PROGRAMME_NAMES: Record<string, string> = { H2020: 'Horizon 2020', HORIZON_EUROPE: 'Horizon Europe' };

/** A finding's text, the field named by its label in the page's language. */
export function findingText(ctx: ViewCtx, f: PreflightFinding): string {
  const params = { ...f.params };
  if (f.field && params.field !== undefined) {
    const key = `records.field.${f.field}`;
    params.field = hasKey(key) ? ctx.t(key) : f.field;
  }
  return hasKey(f.messageKey) ? ctx.t(f.messageKey, params) : f.messageKey;
}

const PeriodForm: FC<{ ctx: ViewCtx; projectId: string; page: PreflightPage }> = ({
  ctx,
  projectId,
  page,
}) => {
  const { t } = ctx;
  const years = Array.from({ length: projectYears(page.plan) }, (_, i) => i + 1);
  return (
    <form
      method="get"
      action={`/p/${projectId}/reports/preflight`}
      class="filters"
      aria-label={t('preflight.choose')}
    >
      <label>
        {t('preflight.year')}{' '}
        <select name="year">
          <option value="">–</option>
          {years.map((y) => (
            <option value={String(y)} selected={page.period.year === y}>
              {formatId(y)}
            </option>
          ))}
        </select>
      </label>{' '}
      <label>
        {t('preflight.from')}{' '}
        <input type="date" name="from" value={page.period.year ? '' : page.period.from} />
      </label>{' '}
      <label>
        {t('preflight.to')} <input type="date" name="to" value={page.period.year ? '' : page.period.to} />
      </label>{' '}
      <button type="submit">{t('preflight.check')}</button>
    </form>
  );
};

const RuleSection: FC<{ ctx: ViewCtx; rule: string; findings: PreflightFinding[] }> = ({
  ctx,
  rule,
  findings,
}) => {
  const { t } = ctx;
  return (
    <section id={`rule-${rule}`} class="preflight-rule">
      <h2>
        {t(`preflight.rule.${rule}` as Parameters<typeof t>[0])}{' '}
        <small class="muted">{t('preflight.ruleCount', { n: findings.length })}</small>
      </h2>
      <table class="drilldown">
        <thead>
          <tr>
            <th>{t('preflight.col.severity')}</th>
            <th>{t('preflight.col.record')}</th>
            <th>{t('preflight.col.problem')}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {findings.map((f) => (
            <tr data-id={f.recordId ?? ''} data-rule={f.rule} data-field={f.field ?? ''}>
              <td>
                <span class={f.severity === 'error' ? 'badge warn' : 'badge'}>
                  {t(`preflight.severity.${f.severity}`)}
                </span>
              </td>
              <td>{f.label ?? t('preflight.wholeProject')}</td>
              <td>{findingText(ctx, f)}</td>
              <td>
                <a href={f.href}>{t('preflight.fix')}</a>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
};

/** The brand note: the period's activities with evidence, brand-checked or not (src/reports/preflight-brand.ts). */
const BrandNoteSection: FC<{ ctx: ViewCtx; projectId: string; page: PreflightPage }> = ({
  ctx,
  projectId,
  page,
}) => {
  const { t } = ctx;
  const { checked, unchecked } = page.brand;
  if (!checked.length && !unchecked.length) return null;
  const list = (id: string, items: typeof checked) => (
    <ul id={id}>
      {items.map((a) => (
        <li data-id={a.id}>
          <a href={`/p/${projectId}/records/activities/${a.id}#files`}>{a.title}</a>{' '}
          <small class="muted">{t('preflight.brand.files', { files: a.files, checked: a.checked })}</small>
        </li>
      ))}
    </ul>
  );
  return (
    <section id="preflight-brand" class="preflight-rule" aria-labelledby="preflight-brand-title">
      <h2 id="preflight-brand-title">
        {t('preflight.brand.title')} <small class="muted">{t('preflight.brand.note')}</small>
      </h2>
      <p>{t('preflight.brand.intro', { checked: checked.length, unchecked: unchecked.length })}</p>
      {checked.length ? (
        <>
          <h3>{t('preflight.brand.checked')}</h3>
          {list('preflight-brand-checked', checked)}
        </>
      ) : null}
      {unchecked.length ? (
        <>
          <h3>{t('preflight.brand.unchecked')}</h3>
          {list('preflight-brand-unchecked', unchecked)}
          <p>
            <a href={`/p/${projectId}/brand/check`}>{t('preflight.brand.check')}</a>
          </p>
        </>
      ) : null}
    </section>
  );
};

export const PreflightView: FC<{ ctx: ViewCtx; projectId: string; page: PreflightPage }> = ({
  ctx,
  projectId,
  page,
}) => {
  const { t, lang } = ctx;
  const { period } = page;
  const dates = { from: formatDate(lang, period.from), to: formatDate(lang, period.to) };
  const periodText =
    period.year !== null
      ? t('preflight.periodYear', { y: period.year, ...dates })
      : t('preflight.periodRange', dates);
  const counts = countFindings(page.findings);
  return (
    <PlanPage ctx={ctx} projectId={projectId} plan={page.plan} title={t('preflight.title')}>
      <h1>{t('preflight.title')}</h1>
      <PeriodForm ctx={ctx} projectId={projectId} page={page} />
      <p id="preflight-intro">
        {t('preflight.intro', {
          period: periodText,
          programme: PROGRAMME_NAMES[page.programme] ?? page.programme,
        })}
      </p>
      {page.final ? <p>{t('preflight.final')}</p> : null}
      {page.findings.length === 0 ? (
        <p id="preflight-none" class="notice">
          {t('preflight.none')}
        </p>
      ) : (
        <>
          <p id="preflight-counts">
            {t('preflight.counts', { errors: counts.error, warnings: counts.warning })}
          </p>
          {PREFLIGHT_RULES.map((rule) => {
            const mine = page.findings.filter((f) => f.rule === rule);
            return mine.length > 0 ? <RuleSection ctx={ctx} rule={rule} findings={mine} /> : null;
          })}
        </>
      )}
      <BrandNoteSection ctx={ctx} projectId={projectId} page={page} />
    </PlanPage>
  );
};
