/** Synergies with other initiatives and the standardisation bodies the partners work with (the plan's Table 5). */
import type { FC } from 'hono/jsx';
import { localize } from '../../plan/schema';
import { templatesHref } from '../../brand/templates/views';
import { Badge, ExtLink, PartnerCodes, PlanPage, type PlanViewProps } from '../../ui/parts';

export const SynergiesPage: FC<PlanViewProps> = ({ ctx, projectId, current }) => {
  const { t, lang } = ctx;
  const { plan } = current;
  const s = plan.synergies;
  return (
    <PlanPage ctx={ctx} projectId={projectId} plan={plan} title={t('synergies.title')}>
      <h1>{t('synergies.title')}</h1>
      {s ? (
        <>
          <section class="card" aria-labelledby="initiatives">
            <h2 id="initiatives">{t('synergies.initiatives')}</h2>
            <p>{localize(s.initiatives, lang)}</p>
            {s.communication_kit ? (
              <p>
                <strong>{t('synergies.kit')}:</strong> {localize(s.communication_kit, lang)}
              </p>
            ) : null}
            <p>
              <a href={templatesHref(projectId)}>{t('brand.templates.link')}</a>
            </p>
          </section>
          {s.standardisation ? (
            <section class="card" aria-labelledby="standardisation">
              <h2 id="standardisation">{t('synergies.standardisation')}</h2>
              <p>{localize(s.standardisation, lang)}</p>
            </section>
          ) : null}
          {s.standard_bodies.length ? (
            <>
              <h2>{t('synergies.bodies')}</h2>
              <table class="standard-bodies">
                <thead>
                  <tr>
                    <th>{t('synergies.col.body')}</th>
                    <th>{t('synergies.col.description')}</th>
                    <th>{t('synergies.col.partners')}</th>
                    <th>{t('synergies.col.involvement')}</th>
                  </tr>
                </thead>
                <tbody>
                  {s.standard_bodies.map((b) => (
                    <tr data-body={b.id} class={b.inferred ? 'inferred' : undefined}>
                      <td>
                        <strong>{b.website ? <ExtLink href={b.website}>{b.name}</ExtLink> : b.name}</strong>
                        {b.inferred ? (
                          <div>
                            <Badge warn title={b.inference_note}>
                              {t('synergies.inferred')}
                            </Badge>
                            {b.inference_note ? <div class="muted note">{b.inference_note}</div> : null}
                          </div>
                        ) : null}
                      </td>
                      <td>{localize(b.description, lang)}</td>
                      <td>
                        <PartnerCodes codes={b.partners} plan={plan} lang={lang} />
                      </td>
                      <td>{localize(b.involvement, lang)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </>
          ) : null}
        </>
      ) : (
        <p class="muted">{t('synergies.none')}</p>
      )}
    </PlanPage>
  );
};
