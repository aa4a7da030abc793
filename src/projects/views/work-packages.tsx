/** Work packages with their key elements to disseminate and their deliverables (due month + calendar month). */
import type { FC } from 'hono/jsx';
import { localize } from '../../plan/schema';
import { formatDate } from '../../i18n';
import { monthStart } from '../../plan/time';
import { tDynamic } from './measure-text';
import { Badge, PlanPage, type PlanViewProps } from '../../ui/parts';

export const WorkPackagesPage: FC<PlanViewProps> = ({ ctx, projectId, current }) => {
  const { t, lang } = ctx;
  const { plan } = current;
  const start = plan.project.start_date;
  return (
    <PlanPage ctx={ctx} projectId={projectId} plan={plan} title={t('wp.title')}>
      <h1>{t('wp.title')}</h1>
      {plan.work_packages.map((wp) => (
        <section class="card wp" id={`wp-${wp.code}`} data-wp={wp.code}>
          <h2>
            {wp.code} · {localize(wp.title, lang)}
          </h2>
          {wp.key_elements.length ? (
            <>
              <h3>{t('wp.keyElements')}</h3>
              <ul>
                {wp.key_elements.map((k) => (
                  <li>{localize(k, lang)}</li>
                ))}
              </ul>
            </>
          ) : null}
          <h3>{t('wp.deliverables')}</h3>
          {wp.deliverables.length ? (
            <table class="deliverables">
              <thead>
                <tr>
                  <th>{t('wp.col.code')}</th>
                  <th>{t('wp.col.title')}</th>
                  <th>{t('wp.col.due')}</th>
                  <th>{t('wp.col.level')}</th>
                </tr>
              </thead>
              <tbody>
                {wp.deliverables.map((d) => (
                  <tr data-deliverable={d.code}>
                    <td>{d.code}</td>
                    <td>{d.title}</td>
                    <td class="due">
                      {t('wp.month', { m: d.due_month })}{' '}
                      <span class="muted">({formatDate(lang, monthStart(start, d.due_month), 'month')})</span>
                    </td>
                    <td>
                      <Badge warn={d.dissemination_level !== 'PU'}>
                        {tDynamic(t, `level.${d.dissemination_level}`, d.dissemination_level)}
                      </Badge>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : (
            <p class="muted">{t('wp.noDeliverables')}</p>
          )}
        </section>
      ))}
    </PlanPage>
  );
};
