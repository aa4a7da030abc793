/** Dashboard tables: what needs attention, deliverables due against submitted, partner contributions. */
import type { FC } from 'hono/jsx';
import { localize, RECORD_TYPES, type Plan } from '../../plan/schema';
import { formatDate, formatNumber, type Lang, type Translator } from '../../i18n';
import type { AttentionItem, DeliverableState, PartnerContribution } from '../dashboard';
import { StatusBadge } from './kpi-cards';

type Ctx = { lang: Lang; t: Translator };

function attentionText({ lang, t }: Ctx, i: AttentionItem): string {
  switch (i.kind) {
    case 'kpi':
      return t('dash.attention.kpi', {
        label: i.label,
        value: formatNumber(lang, i.value),
        target: formatNumber(lang, i.target),
      });
    case 'deliverable_overdue':
      return t('dash.attention.deliverableOverdue', {
        code: i.id,
        label: i.label,
        date: formatDate(lang, i.dueDate),
      });
    case 'deliverable_late_unjustified':
      return t('dash.attention.deliverableLate', {
        code: i.id,
        label: i.label,
        date: formatDate(lang, i.dueDate),
      });
    case 'timeline_overdue':
      return t('dash.attention.timelineOverdue', { label: i.label, months: i.months.join(', ') });
    case 'partner_silent':
      return i.since
        ? t('dash.attention.partnerSilent', { label: i.label, date: formatDate(lang, i.since) })
        : t('dash.attention.partnerNever', { label: i.label });
  }
}

export const AttentionList: FC<Ctx & { items: AttentionItem[]; kpiHref: (id: string) => string }> = (
  props,
) => {
  const { t, items, kpiHref } = props;
  if (items.length === 0) return <p class="muted">{t('dash.attention.none')}</p>;
  return (
    <ul class="attention">
      {items.map((i) => (
        <li class={`attention-${i.kind}`} data-kind={i.kind} data-id={i.id}>
          {i.kind === 'kpi' ? <StatusBadge t={t} status={i.status} /> : null}{' '}
          {i.kind === 'kpi' ? <a href={kpiHref(i.id)}>{attentionText(props, i)}</a> : attentionText(props, i)}
        </li>
      ))}
    </ul>
  );
};

export const DeliverablesTable: FC<Ctx & { rows: DeliverableState[] }> = ({ lang, t, rows }) => (
  <table class="deliverables">
    <thead>
      <tr>
        <th>{t('dash.deliverables.col.code')}</th>
        <th>{t('dash.deliverables.col.due')}</th>
        <th>{t('dash.deliverables.col.status')}</th>
        <th>{t('dash.deliverables.col.submitted')}</th>
      </tr>
    </thead>
    <tbody>
      {rows.map((d) => (
        <tr class={d.overdue ? 'overdue' : d.late ? 'late' : undefined} data-code={d.code}>
          <td>
            <strong>{d.code}</strong> {d.title}
          </td>
          <td>
            M{d.dueMonth} · {formatDate(lang, d.dueDate)}
          </td>
          <td>
            {t(`dash.deliverables.status.${d.status}`)}
            {d.overdue ? <span class="badge warn">{t('dash.deliverables.overdue')}</span> : null}
            {d.late ? <span class="badge warn">{t('dash.deliverables.late')}</span> : null}
          </td>
          <td>{d.submittedOn ? formatDate(lang, d.submittedOn) : '—'}</td>
        </tr>
      ))}
    </tbody>
  </table>
);

/** Why partners are expected to report records of `type`: numbered responsibilities, or a tracking table. */
export function expectedBy(plan: Plan, type: string): { actions: string[]; tracked: boolean } {
  return {
    actions: plan.responsibilities.filter((r) => r.record_type === type).map((r) => `#${r.number}`),
    tracked: (plan.reporting?.tracking_tables ?? []).some((tt) => tt.record_type === type),
  };
}

const isExpected = (e: { actions: string[]; tracked: boolean }) => e.actions.length > 0 || e.tracked;

export const ContributionMatrix: FC<
  Ctx & { rows: PartnerContribution[]; silent: Set<string>; plan: Plan }
> = ({ lang, t, rows, silent, plan }) => (
  <table class="contributions">
    <thead>
      <tr>
        <th>{t('dash.partners.col.partner')}</th>
        {RECORD_TYPES.map((type) => {
          const e = expectedBy(plan, type);
          const why =
            e.actions.length > 0
              ? t('dash.partners.actions', { n: e.actions.join(', ') })
              : e.tracked
                ? t('dash.partners.tracked')
                : null;
          return (
            <th class="num" data-type={type}>
              {t(`dash.type.${type}`)}
              {why ? <small class="muted actions">{why}</small> : null}
            </th>
          );
        })}
        <th>{t('dash.partners.col.lastReport')}</th>
      </tr>
    </thead>
    <tbody>
      {rows.map((r) => {
        const partner = plan.partners.find((p) => p.code === r.partner);
        return (
          <tr data-partner={r.partner} class={silent.has(r.partner) ? 'silent' : undefined}>
            <th scope="row" title={partner ? localize(partner.name, lang) : undefined}>
              {r.partner}
            </th>
            {RECORD_TYPES.map((type) => (
              <td
                class={`num${r.led[type] + r.involved[type] === 0 ? (isExpected(expectedBy(plan, type)) ? ' zero expected' : ' zero') : ''}`}
                data-type={type}
              >
                {formatNumber(lang, r.led[type])}
                {r.involved[type] > 0 ? (
                  <span class="muted"> +{formatNumber(lang, r.involved[type])}</span>
                ) : null}
              </td>
            ))}
            <td>
              {r.lastReport ? formatDate(lang, r.lastReport) : t('dash.partners.never')}
              {silent.has(r.partner) ? <span class="badge warn">{t('dash.partners.silent')}</span> : null}
            </td>
          </tr>
        );
      })}
    </tbody>
  </table>
);
