/** Target audiences as cards (the plan's Table 2): who, how they benefit, which channels reach them. */
import type { FC } from 'hono/jsx';
import { localize } from '../../plan/schema';
import { PlanPage, type PlanViewProps } from '../../ui/parts';

export const AudiencesPage: FC<PlanViewProps> = ({ ctx, projectId, current }) => {
  const { t, lang } = ctx;
  const { plan } = current;
  return (
    <PlanPage ctx={ctx} projectId={projectId} plan={plan} title={t('audiences.title')}>
      <h1>{t('audiences.title')}</h1>
      <div class="cards">
        {plan.audiences.map((a) => (
          <section class="card audience" id={`audience-${a.id}`}>
            <h2>{localize(a.name, lang)}</h2>
            <dl>
              <dt>{t('audiences.who')}</dt>
              <dd>{localize(a.who, lang)}</dd>
              <dt>{t('audiences.benefit')}</dt>
              <dd>{localize(a.benefit, lang)}</dd>
              {a.channels.length ? (
                <>
                  <dt>{t('audiences.channels')}</dt>
                  <dd>
                    <ul class="tags">
                      {a.channels.map((c) => (
                        <li>{localize(c, lang)}</li>
                      ))}
                    </ul>
                  </dd>
                </>
              ) : null}
              {a.funder_audiences.length ? (
                <>
                  <dt>{t('audiences.funder')}</dt>
                  <dd>
                    <ul class="tags funder">
                      {a.funder_audiences.map((f) => (
                        <li>{f}</li>
                      ))}
                    </ul>
                  </dd>
                </>
              ) : null}
            </dl>
          </section>
        ))}
      </div>
    </PlanPage>
  );
};
