/** Kinds of events the plan counts on, and the planned attendance (the plan's Table 4). */
import type { FC } from 'hono/jsx';
import { localize } from '../../plan/schema';
import { formatDateRange } from '../plan-view';
import { valueLabel } from './measure-text';
import { countryName, ExtLink, PartnerCodes, PlanPage, type PlanViewProps } from '../../ui/parts';

export const EventsPage: FC<PlanViewProps> = ({ ctx, projectId, current }) => {
  const { t, lang } = ctx;
  const { plan } = current;
  const { types, planned } = plan.events;
  const sep = lang === 'ja' ? '、' : ', ';
  return (
    <PlanPage ctx={ctx} projectId={projectId} plan={plan} title={t('events.title')}>
      <h1>{t('events.title')}</h1>
      {types.length ? (
        <section class="card" aria-labelledby="types">
          <h2 id="types">{t('events.types')}</h2>
          {(['external', 'internal'] as const).map((category) => {
            const list = types.filter((ty) => ty.category === category);
            if (list.length === 0) return null;
            return (
              <>
                <h3>
                  {t(category === 'external' ? 'events.category.external' : 'events.category.internal')}
                </h3>
                <ul>
                  {list.map((ty) => (
                    <li data-event-type={ty.id}>
                      {localize(ty.label, lang)}
                      {ty.event_kinds.length ? (
                        <span class="muted">
                          {' '}
                          · {t('events.kinds')}: {ty.event_kinds.map((k) => valueLabel(t, k)).join(sep)}
                        </span>
                      ) : null}
                      {ty.roles.length ? (
                        <span class="muted">
                          {' '}
                          · {t('events.roles')}: {ty.roles.map((r) => valueLabel(t, r)).join(sep)}
                        </span>
                      ) : null}
                    </li>
                  ))}
                </ul>
              </>
            );
          })}
          {plan.events.videos ? (
            <p>
              <strong>{t('events.videos')}:</strong> {localize(plan.events.videos, lang)}
            </p>
          ) : null}
        </section>
      ) : null}
      <h2>{t('events.planned')}</h2>
      {plan.events.planned_note ? <p>{localize(plan.events.planned_note, lang)}</p> : null}
      {planned.length ? (
        <table class="planned-events">
          <thead>
            <tr>
              <th>{t('events.col.name')}</th>
              <th>{t('events.col.place')}</th>
              <th>{t('events.col.date')}</th>
              <th>{t('events.col.partners')}</th>
              <th>{t('events.col.website')}</th>
            </tr>
          </thead>
          <tbody>
            {planned.map((e) => (
              <tr data-event={e.id}>
                <td>
                  {localize(e.name, lang)}
                  {e.note ? <div class="muted">{e.note}</div> : null}
                </td>
                <td>
                  {e.city}, {countryName(lang, e.country)}
                </td>
                <td class="date">
                  <time datetime={e.start_date}>
                    {formatDateRange(lang, e.start_date, e.end_date, e.date_precision)}
                  </time>
                </td>
                <td>
                  <PartnerCodes codes={e.partners} plan={plan} lang={lang} />
                </td>
                <td>{e.website ? <ExtLink href={e.website} /> : null}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p class="muted">{t('events.noPlanned')}</p>
      )}
    </PlanPage>
  );
};
