/** The plan's indicators (Table 7): target with comparator and the literal target text, what is counted, parts. */
import type { FC } from 'hono/jsx';
import { localize, type Kpi, type Plan, type Reporting } from '../../plan/schema';
import { measureText, partTexts, targetText, tDynamic, unitLabel } from './measure-text';
import { PartnerCodes, PlanPage, type PlanViewProps, type ViewCtx } from '../../ui/parts';

const Period: FC<{ ctx: ViewCtx; kpi: Kpi }> = ({ ctx, kpi }) => {
  const p = kpi.period;
  if (!p || (p.from_month === undefined && p.to_month === undefined)) return null;
  const { t } = ctx;
  const text =
    p.from_month !== undefined && p.to_month !== undefined
      ? t('kpis.period', { from: p.from_month, to: p.to_month })
      : p.from_month !== undefined
        ? t('kpis.periodFrom', { from: p.from_month })
        : t('kpis.periodTo', { to: p.to_month ?? 0 });
  return <div class="muted">{text}</div>;
};

const KpiRow: FC<{ ctx: ViewCtx; kpi: Kpi; n: number }> = ({ ctx, kpi, n }) => {
  const { t, lang } = ctx;
  const parts = partTexts(t, lang, kpi);
  return (
    <tr data-kpi={kpi.id} class={kpi.measure.kind === 'manual' ? 'manual' : undefined}>
      <td class="num">{n}</td>
      <td>
        {localize(kpi.label, lang)}
        {kpi.note ? <div class="muted">{kpi.note}</div> : null}
      </td>
      <td class="target">
        <strong>{targetText(lang, kpi.comparator, kpi.target)}</strong>
        {kpi.unit ? ` ${unitLabel(t, kpi.unit)}` : ''}
        <div class="muted plan-text">{t('kpis.planText', { text: kpi.target_text })}</div>
        <Period ctx={ctx} kpi={kpi} />
      </td>
      <td class="measure">
        <span class="explain">{measureText(t, lang, kpi.measure)}</span>
        {parts.length ? (
          <ul class="parts">
            {parts.map((p) => (
              <li data-part={p.id}>
                {p.text}
                {p.filter ? <span class="muted"> ({p.filter})</span> : null}
              </li>
            ))}
          </ul>
        ) : null}
      </td>
    </tr>
  );
};

const ReportingCard: FC<{ ctx: ViewCtx; plan: Plan; r: Reporting }> = ({ ctx, plan, r }) => {
  const { t, lang } = ctx;
  return (
    <section class="card" aria-labelledby="reporting">
      <h2 id="reporting">{t('kpis.reporting')}</h2>
      {r.mandatory ? <p>{t('kpis.mandatory')}</p> : null}
      {r.kpi_collection_every_months !== undefined ? (
        <p>{t('kpis.collectEvery', { n: r.kpi_collection_every_months })}</p>
      ) : null}
      <dl class="facts">
        {r.responsible.length ? (
          <>
            <dt>{t('channels.responsible')}</dt>
            <dd>
              <PartnerCodes codes={r.responsible} plan={plan} lang={lang} />
            </dd>
          </>
        ) : null}
        {r.purposes.length ? (
          <>
            <dt>{t('kpis.purposes')}</dt>
            <dd>
              <ul class="plain">
                {r.purposes.map((p) => (
                  <li>{localize(p, lang)}</li>
                ))}
              </ul>
            </dd>
          </>
        ) : null}
        {r.tracking_tables.length ? (
          <>
            <dt>{t('kpis.trackingTables')}</dt>
            <dd>
              <ol class="tight">
                {r.tracking_tables.map((tt) => (
                  <li>
                    {localize(tt.name, lang)}{' '}
                    <span class="muted">({tDynamic(t, `frequency.${tt.frequency}`, tt.frequency)})</span>
                  </li>
                ))}
              </ol>
            </dd>
          </>
        ) : null}
        {r.method ? (
          <>
            <dt>{t('kpis.method')}</dt>
            <dd>{localize(r.method, lang)}</dd>
          </>
        ) : null}
        {r.contact ? (
          <>
            <dt>{t('kpis.contact')}</dt>
            <dd>{localize(r.contact, lang)}</dd>
          </>
        ) : null}
      </dl>
    </section>
  );
};

export const KpisPage: FC<PlanViewProps> = ({ ctx, projectId, current }) => {
  const { t } = ctx;
  const { plan } = current;
  return (
    <PlanPage ctx={ctx} projectId={projectId} plan={plan} title={t('kpis.title')}>
      <h1>{t('kpis.title')}</h1>
      <p>{t('kpis.intro')}</p>
      <table class="kpis">
        <thead>
          <tr>
            <th class="num">{t('kpis.col.number')}</th>
            <th>{t('kpis.col.indicator')}</th>
            <th>{t('kpis.col.target')}</th>
            <th>{t('kpis.col.measure')}</th>
          </tr>
        </thead>
        <tbody>
          {plan.kpis.map((k, i) => (
            <KpiRow ctx={ctx} kpi={k} n={i + 1} />
          ))}
        </tbody>
      </table>
      {plan.reporting ? <ReportingCard ctx={ctx} plan={plan} r={plan.reporting} /> : null}
    </PlanPage>
  );
};
