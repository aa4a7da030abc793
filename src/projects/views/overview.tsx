/** The project overview: identity, funding acknowledgement, key messages, visual identity, plan version. */
import type { FC } from 'hono/jsx';
import { localize, type Identity, type KeyMessage, type Plan } from '../../plan/schema';
import { formatDate, formatDateTime } from '../../i18n';
import { projectEnd } from '../../plan/time';
import { OaiEndpoint } from '../../oai/views';
import { templatesHref } from '../../brand/templates/views';
import { projectPhase, swatchClass } from '../plan-view';
import {
  ExtLink,
  languageName,
  Paragraphs,
  PartnerCodes,
  PlanPage,
  type PlanViewProps,
  type ViewCtx,
} from '../../ui/parts';

const ProjectStatus: FC<{ ctx: ViewCtx; plan: Plan }> = ({ ctx, plan }) => {
  const { t, lang } = ctx;
  const { start_date: start, duration_months: n } = plan.project;
  const p = projectPhase(start, n, ctx.now);
  if (p.phase === 'not_started') return <>{t('overview.notStarted', { date: formatDate(lang, start) })}</>;
  if (p.phase === 'ended') {
    return <>{t('overview.ended', { date: formatDate(lang, projectEnd(start, n)) })}</>;
  }
  return <strong class="month-now">{t('overview.currentMonth', { m: p.month, n })}</strong>;
};

const IdentityCard: FC<{ ctx: ViewCtx; plan: Plan; projectId: string }> = ({ ctx, plan, projectId }) => {
  const { t, lang } = ctx;
  const p = plan.project;
  return (
    <section class="card" aria-labelledby="identity">
      <h2 id="identity">{t('overview.identity')}</h2>
      <dl class="facts">
        <dt>{t('overview.acronym')}</dt>
        <dd class="acronym">{p.acronym}</dd>
        <dt>{t('overview.fullTitle')}</dt>
        <dd>{p.title}</dd>
        <dt>{t('overview.programme')}</dt>
        <dd>{p.programme}</dd>
        <dt>{t('overview.grants')}</dt>
        <dd>
          <ul class="plain">
            {p.grants.map((g) => (
              <li>
                <strong>{g.funder}</strong>
                {g.programme ? ` · ${g.programme}` : ''} · {t('overview.grantNumber', { n: g.number })}
                {g.label ? <span class="muted"> ({g.label})</span> : null}
                {g.doi ? (
                  <>
                    {' · '}
                    <ExtLink href={`https://doi.org/${g.doi}`}>{t('oai.grantDoi', { doi: g.doi })}</ExtLink>
                  </>
                ) : null}
              </li>
            ))}
          </ul>
        </dd>
        <dt>{t('overview.start')}</dt>
        <dd>{formatDate(lang, p.start_date)}</dd>
        <dt>{t('overview.end')}</dt>
        <dd>{formatDate(lang, projectEnd(p.start_date, p.duration_months))}</dd>
        <dt>{t('overview.duration')}</dt>
        <dd>{t('projects.months', { n: p.duration_months })}</dd>
        <dt>{t('overview.now')}</dt>
        <dd>
          <ProjectStatus ctx={ctx} plan={plan} />
        </dd>
        {p.website ? (
          <>
            <dt>{t('overview.website')}</dt>
            <dd>
              <ExtLink href={p.website} />
            </dd>
          </>
        ) : null}
        <dt>{t('overview.languages')}</dt>
        <dd>{p.languages.map((l) => languageName(lang, l)).join(lang === 'ja' ? '、' : ', ')}</dd>
        {p.coordinator ? (
          <>
            <dt>{t('overview.coordinator')}</dt>
            <dd>
              <PartnerCodes codes={[p.coordinator]} plan={plan} lang={lang} />
            </dd>
          </>
        ) : null}
        {p.dissemination_leads.length ? (
          <>
            <dt>{t('overview.leads')}</dt>
            <dd>
              <PartnerCodes codes={p.dissemination_leads} plan={plan} lang={lang} />
            </dd>
          </>
        ) : null}
        {p.source ? (
          <>
            <dt>{t('overview.source')}</dt>
            <dd>
              {p.source.deliverable} {p.source.title} <span class="muted">({p.source.date})</span>
            </dd>
          </>
        ) : null}
        <OaiEndpoint ctx={ctx} projectId={projectId} plan={plan} />
      </dl>
    </section>
  );
};

const Messages: FC<{ ctx: ViewCtx; messages: KeyMessage[]; audience: KeyMessage['audience'] }> = ({
  ctx,
  messages,
  audience,
}) => {
  const list = messages.filter((m) => m.audience === audience);
  if (list.length === 0) return null;
  return (
    <div class={`messages ${audience}`}>
      <h3>
        {ctx.t(audience === 'general' ? 'overview.keyMessages.general' : 'overview.keyMessages.technical')}
      </h3>
      {list.map((m) => (
        <Paragraphs text={localize(m.text, ctx.lang)} />
      ))}
    </div>
  );
};

const Brand: FC<{ ctx: ViewCtx; identity: Identity; projectId: string }> = ({ ctx, identity, projectId }) => {
  const { t, lang } = ctx;
  const assets = new Map(identity.assets.map((a) => [a.id, a]));
  const sep = lang === 'ja' ? '、' : ', ';
  return (
    <section class="card" aria-labelledby="brand">
      <h2 id="brand">{t('overview.brand')}</h2>
      <dl class="facts">
        <dt>{t('overview.canonicalNames')}</dt>
        <dd>
          {identity.canonical_names.map((n, i) => (
            <>
              {i > 0 ? sep : ''}
              <strong class="canonical">{n}</strong>
            </>
          ))}
        </dd>
        {identity.forbidden_variants.length ? (
          <>
            <dt>{t('overview.forbiddenVariants')}</dt>
            <dd>
              {identity.forbidden_variants.map((n, i) => (
                <>
                  {i > 0 ? sep : ''}
                  <s class="forbidden">{n}</s>
                </>
              ))}
            </dd>
          </>
        ) : null}
        {identity.logo_concept.length ? (
          <>
            <dt>{t('overview.logoConcept')}</dt>
            <dd>
              <ul class="plain">
                {identity.logo_concept.map((c) => (
                  <li>{localize(c, lang)}</li>
                ))}
              </ul>
            </dd>
          </>
        ) : null}
        {identity.required_emblems.length ? (
          <>
            <dt>{t('overview.emblems')}</dt>
            <dd>
              {identity.required_emblems
                .map((id) => {
                  const a = assets.get(id);
                  return a ? localize(a.name, lang) : id;
                })
                .join(sep)}
            </dd>
          </>
        ) : null}
        {identity.templates.length ? (
          <>
            <dt>{t('overview.templates')}</dt>
            <dd>
              {identity.templates.map((tpl) => localize(tpl.name, lang)).join(sep)}
              <div>
                <a href={templatesHref(projectId)}>{t('brand.templates.link')}</a>
              </div>
              {identity.templates_location ? (
                <div class="muted">
                  {t('overview.templatesLocation', { where: identity.templates_location })}
                </div>
              ) : null}
            </dd>
          </>
        ) : null}
      </dl>
      {identity.palette.length ? (
        <>
          <h3>{t('overview.palette')}</h3>
          <div class="swatches">
            {identity.palette.map((c, i) => (
              <figure class="swatch">
                <span class={swatchClass(i)}></span>
                <figcaption>
                  {c.name ? <strong>{c.name}</strong> : null}
                  <code>{c.hex.toUpperCase()}</code>
                  <code>RGB {c.rgb.join(' ')}</code>
                  {c.cmyk ? <code>CMYK {c.cmyk.join(' ')}</code> : null}
                </figcaption>
              </figure>
            ))}
          </div>
        </>
      ) : null}
    </section>
  );
};

export const OverviewPage: FC<PlanViewProps> = ({ ctx, projectId, current }) => {
  const { t, lang } = ctx;
  const { plan } = current;
  const p = plan.project;
  return (
    <PlanPage ctx={ctx} projectId={projectId} plan={plan} title={t('nav.overview')}>
      <h1>
        {p.acronym} <small class="subtitle">{plan.identity?.long_name ?? p.title}</small>
      </h1>
      <Paragraphs class="lead" text={localize(p.description.short, lang)} />
      <p class="muted version">
        {t('overview.version', { v: current.version, date: formatDateTime(lang, current.importedAt) })}
      </p>
      <IdentityCard ctx={ctx} plan={plan} projectId={projectId} />
      {plan.identity ? (
        <section class="card" aria-labelledby="funding">
          <h2 id="funding">{t('overview.funding')}</h2>
          <blockquote class="funding">{localize(plan.identity.funding_acknowledgement, lang)}</blockquote>
          <p class="muted">{t('overview.fundingHint')}</p>
        </section>
      ) : null}
      {plan.key_messages.length ? (
        <section class="card" aria-labelledby="messages">
          <h2 id="messages">{t('overview.keyMessages')}</h2>
          <Messages ctx={ctx} messages={plan.key_messages} audience="general" />
          <Messages ctx={ctx} messages={plan.key_messages} audience="technical" />
        </section>
      ) : null}
      {plan.identity ? <Brand ctx={ctx} identity={plan.identity} projectId={projectId} /> : null}
    </PlanPage>
  );
};
