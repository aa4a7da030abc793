/** Project accounts, website, social media strategy, cadence of news, promotional materials, other channels. */
import type { FC } from 'hono/jsx';
import { localize, type Plan, type SocialStrategy, type Website } from '../../plan/schema';
import { tDynamic, valueLabel } from './measure-text';
import {
  Badge,
  ExtLink,
  languageName,
  PartnerCodes,
  PlanPage,
  type PlanViewProps,
  type ViewCtx,
} from '../../ui/parts';

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

const Accounts: FC<{ ctx: ViewCtx; plan: Plan }> = ({ ctx, plan }) => {
  const { t, lang } = ctx;
  return (
    <table class="accounts">
      <thead>
        <tr>
          <th>{t('channels.col.channel')}</th>
          <th>{t('channels.col.kind')}</th>
          <th>{t('channels.col.address')}</th>
          <th>{t('channels.responsible')}</th>
        </tr>
      </thead>
      <tbody>
        {plan.channels.map((c) => (
          <tr data-channel={c.id}>
            <td>
              {localize(c.label, lang)}
              {c.note ? <div class="muted">{c.note}</div> : null}
            </td>
            <td>{tDynamic(t, `channelKind.${c.kind}`, c.kind)}</td>
            <td>
              <ExtLink href={c.url}>{c.handle ?? undefined}</ExtLink>
              {c.aliases.length ? (
                <div class="muted">
                  {t('channels.alsoAt')}: {c.aliases.join(', ')}
                </div>
              ) : null}
            </td>
            <td>
              <PartnerCodes codes={c.responsible} plan={plan} lang={lang} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
};

const WebsiteCard: FC<{ ctx: ViewCtx; website: Website }> = ({ ctx, website }) => {
  const { t, lang } = ctx;
  const sep = lang === 'ja' ? '、' : ', ';
  return (
    <section class="card" aria-labelledby="website">
      <h2 id="website">{t('channels.website')}</h2>
      {website.purpose ? <p>{localize(website.purpose, lang)}</p> : null}
      <dl class="facts">
        <dt>{t('overview.website')}</dt>
        <dd>
          <ExtLink href={website.url} />
        </dd>
        <dt>{t('channels.websiteLanguages')}</dt>
        <dd>{website.languages.map((l) => languageName(lang, l)).join(sep)}</dd>
        {website.features.length ? (
          <>
            <dt>{t('channels.websiteFeatures')}</dt>
            <dd>{website.features.map((f) => tDynamic(t, `website.feature.${f}`, f)).join(sep)}</dd>
          </>
        ) : null}
        {website.deliverable ? (
          <>
            <dt>{t('channels.websiteDeliverable')}</dt>
            <dd>{website.deliverable}</dd>
          </>
        ) : null}
      </dl>
      {website.maintained_after_end_months !== undefined ? (
        <p class="muted">{t('channels.websiteKept', { n: website.maintained_after_end_months })}</p>
      ) : null}
    </section>
  );
};

const Strategy: FC<{ ctx: ViewCtx; s: SocialStrategy }> = ({ ctx, s }) => {
  const { t, lang } = ctx;
  const rules = [
    ['channels.tagging', s.tagging_rule],
    ['channels.images', s.image_rule],
    ['channels.content', s.content_rule],
    ['channels.channelChoice', s.channel_choice],
    ['channels.guide', s.guide],
  ] as const;
  return (
    <section class="card" aria-labelledby="strategy">
      <h2 id="strategy">{t('channels.strategy')}</h2>
      <dl class="facts">
        <dt>{t('channels.frequency')}</dt>
        <dd>
          {localize(s.frequency, lang)}
          {s.posts_per_week !== undefined ? (
            <span class="muted"> ({t('channels.postsPerWeek', { n: s.posts_per_week })})</span>
          ) : null}
        </dd>
        {s.best_times.length ? (
          <>
            <dt>{t('channels.bestTimes')}</dt>
            <dd>
              <ul class="plain">
                {s.best_times.map((b) => (
                  <li>
                    <strong>{tDynamic(t, `channelKind.${b.channel_kind}`, b.channel_kind)}</strong>:{' '}
                    {localize(b.time, lang)}
                  </li>
                ))}
              </ul>
            </dd>
          </>
        ) : null}
        {s.hashtags.length ? (
          <>
            <dt>{t('channels.hashtags')}</dt>
            <dd class="hashtags">
              {s.hashtags.map((h) => (
                <code>{h}</code>
              ))}
              {s.suggested_hashtags.length ? (
                <div class="muted">
                  {t('channels.suggestedHashtags')}: {s.suggested_hashtags.join(' ')}
                </div>
              ) : null}
            </dd>
          </>
        ) : null}
        {rules.map(([key, text]) =>
          text ? (
            <>
              <dt>{t(key)}</dt>
              <dd>{localize(text, lang)}</dd>
            </>
          ) : null,
        )}
      </dl>
    </section>
  );
};

const Cadence: FC<{ ctx: ViewCtx; plan: Plan }> = ({ ctx, plan }) => {
  const { t, lang } = ctx;
  return (
    <section class="card" aria-labelledby="cadence">
      <h2 id="cadence">{t('channels.cadence')}</h2>
      <ul class="cadence">
        {plan.cadence.map((c) => (
          <li data-cadence={c.kind}>
            <strong>{capitalise(valueLabel(t, c.kind))}</strong>
            {c.per_year !== undefined ? ` · ${t('channels.perYear', { n: c.per_year })}` : ''}
            {c.total !== undefined ? ` · ${t('channels.total', { n: c.total })}` : ''}
            {c.estimated ? <Badge warn>{t('channels.estimated')}</Badge> : null}
            {c.text ? <div>{localize(c.text, lang)}</div> : null}
            {c.note ? <div class="muted">{c.note}</div> : null}
          </li>
        ))}
      </ul>
    </section>
  );
};

export const ChannelsPage: FC<PlanViewProps> = ({ ctx, projectId, current }) => {
  const { t, lang } = ctx;
  const { plan } = current;
  return (
    <PlanPage ctx={ctx} projectId={projectId} plan={plan} title={t('channels.title')}>
      <h1>{t('channels.title')}</h1>
      {plan.channels.length ? (
        <section aria-labelledby="owned">
          <h2 id="owned">{t('channels.owned')}</h2>
          <Accounts ctx={ctx} plan={plan} />
        </section>
      ) : null}
      {plan.website ? <WebsiteCard ctx={ctx} website={plan.website} /> : null}
      {plan.social_strategy ? <Strategy ctx={ctx} s={plan.social_strategy} /> : null}
      {plan.cadence.length ? <Cadence ctx={ctx} plan={plan} /> : null}
      {plan.promotional_materials.length ? (
        <section class="card" aria-labelledby="materials">
          <h2 id="materials">{t('channels.materials')}</h2>
          <ul class="materials">
            {plan.promotional_materials.map((m) => (
              <li data-material={m.id}>
                <strong>{localize(m.name, lang)}</strong>
                {m.format ? <span class="muted"> · {m.format}</span> : null}
                <div>{localize(m.purpose, lang)}</div>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {plan.other_channels.length ? (
        <section class="card" aria-labelledby="other">
          <h2 id="other">{t('channels.other')}</h2>
          <ul class="other-channels">
            {plan.other_channels.map((o) => (
              <li>
                <strong>
                  <PartnerCodes codes={[o.partner]} plan={plan} lang={lang} />
                </strong>
                : {localize(o.text, lang)}
                {o.channels.length ? (
                  <ul class="tags">
                    {o.channels.map((c) => (
                      <li>{localize(c, lang)}</li>
                    ))}
                  </ul>
                ) : null}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </PlanPage>
  );
};
