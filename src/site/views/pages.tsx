/** The public site's pages: home, events, publications, accessibility statement, not found. Views only. */
import type { FC } from 'hono/jsx';
import { formatDate, type Translator } from '../../i18n';
import { countryName } from '../../ui/parts';
import { valueLabel } from '../../records/views/shared';
import type { Picked } from '../site';
import type { EventRow } from '../repository';
import { Prose, SiteLayout, Text, type Frame, type SiteCtx } from './layout';
import { NewsList, type NewsItem } from './news';

interface PageProps {
  ctx: SiteCtx;
  frame: Frame;
  fallback: boolean;
  description: string;
}

export interface HomeModel {
  short: Picked;
  technical: Picked | null;
  messages: Picked[];
  partners: Array<{ name: Picked; country: string; url: string | null }>;
  website: string | null;
  upcoming: EventRow[];
  /** The latest published posts (at most 3). */
  news: NewsItem[];
}

const ExternalLink: FC<{ href: string; children?: unknown }> = ({ href, children }) => (
  <a href={href} rel="noopener noreferrer">
    {children as string}
  </a>
);

export const HomePage: FC<PageProps & { model: HomeModel }> = ({
  ctx,
  frame,
  fallback,
  description,
  model,
}) => {
  const { t, site, lang } = ctx;
  return (
    <SiteLayout ctx={ctx} frame={frame} title="" description={description} fallback={fallback}>
      <h1>{site.plan.project.acronym}</h1>
      <p class="subtitle" lang={lang === 'en' ? undefined : 'en'}>
        {site.plan.project.title}
      </p>
      <h2>{t('site.home.about')}</h2>
      <Prose v={model.short} t={t} />
      {model.technical ? (
        <>
          <h3>{t('site.home.technical')}</h3>
          <Prose v={model.technical} t={t} />
        </>
      ) : null}
      {model.messages.length > 0 ? (
        <>
          <h2>{t('site.home.messages')}</h2>
          {model.messages.map((m) => (
            <Prose v={m} t={t} />
          ))}
        </>
      ) : null}
      {model.news.length > 0 ? (
        <>
          <h2>{t('site.home.latestNews')}</h2>
          <NewsList ctx={ctx} items={model.news} heading="h3" />
          <p>
            <a href={`${ctx.base}/${lang}/news`}>{t('site.home.allNews')}</a>
          </p>
        </>
      ) : null}
      {model.upcoming.length > 0 ? (
        <>
          <h2>{t('site.home.latestEvents')}</h2>
          <EventList ctx={ctx} events={model.upcoming} />
        </>
      ) : null}
      <h2>{t('site.home.partners')}</h2>
      <ul class="partners">
        {model.partners.map((p) => (
          <li>
            {p.url ? (
              <ExternalLink href={p.url}>
                <Text v={p.name} t={t} />
              </ExternalLink>
            ) : (
              <Text v={p.name} t={t} />
            )}{' '}
            ({p.country})
          </li>
        ))}
      </ul>
      {model.website ? (
        <p>
          {t('site.home.website')}: <ExternalLink href={model.website}>{model.website}</ExternalLink>
        </p>
      ) : null}
    </SiteLayout>
  );
};

/** An event's dates: one day, or first – last day. */
function eventDates(ctx: SiteCtx, e: EventRow): string {
  const first = formatDate(ctx.lang, e.startDate);
  return e.endDate && e.endDate !== e.startDate ? `${first} – ${formatDate(ctx.lang, e.endDate)}` : first;
}

/** Events with only the fields fit for the public: name, dates, place, type, the event's own website. */
export const EventList: FC<{ ctx: SiteCtx; events: EventRow[] }> = ({ ctx, events }) => {
  const { t, lang } = ctx;
  return (
    <ul class="items">
      {events.map((e) => (
        <li>
          <h3>{e.name}</h3>
          <dl class="facts">
            <dt>{t('site.events.when')}</dt>
            <dd>{eventDates(ctx, e)}</dd>
            <dt>{t('site.events.where')}</dt>
            <dd>{[e.city, countryName(lang, e.country)].filter((x) => x !== '').join(', ')}</dd>
            <dt>{t('site.events.kind')}</dt>
            <dd>{valueLabel(lang, 'kind', e.kind)}</dd>
          </dl>
          {e.website ? (
            <p>
              <ExternalLink href={e.website}>{t('site.events.website')}</ExternalLink>
            </p>
          ) : null}
        </li>
      ))}
    </ul>
  );
};

export const EventsPage: FC<
  PageProps & { upcoming: EventRow[]; past: EventRow[]; more: string | null; paged: boolean }
> = ({ ctx, frame, fallback, description, upcoming, past, more, paged }) => {
  const { t, base, lang } = ctx;
  return (
    <SiteLayout
      ctx={ctx}
      frame={frame}
      title={t('site.events.title')}
      description={description}
      fallback={fallback}
    >
      <h1>{t('site.events.title')}</h1>
      <p>
        <a href={`${base}/${lang}/events.ics`} type="text/calendar">
          {t('site.events.calendar')}
        </a>
      </p>
      {paged ? null : (
        <>
          <h2>{t('site.events.upcoming')}</h2>
          {upcoming.length > 0 ? (
            <EventList ctx={ctx} events={upcoming} />
          ) : (
            <p>{t('site.events.noUpcoming')}</p>
          )}
        </>
      )}
      <h2>{t('site.events.past')}</h2>
      {past.length > 0 ? <EventList ctx={ctx} events={past} /> : <p>{t('site.events.noPast')}</p>}
      {more ? (
        <p>
          <a href={`${base}/${lang}/events?before=${encodeURIComponent(more)}`}>{t('site.events.more')}</a>
        </p>
      ) : null}
    </SiteLayout>
  );
};

export interface PublicationItem {
  id: string;
  reference: string;
  /** The route's label (`gold`, `green`), or null when the publication is not open access. */
  openAccess: string | null;
  doi: string | null;
  /** The open copy: the repository's, else the publisher's page when the route is gold. */
  copy: string | null;
}

export const PublicationsPage: FC<
  PageProps & { items: PublicationItem[]; more: string | null; t: Translator }
> = ({ ctx, frame, fallback, description, items, more }) => {
  const { t, base, lang } = ctx;
  return (
    <SiteLayout
      ctx={ctx}
      frame={frame}
      title={t('site.publications.title')}
      description={description}
      fallback={fallback}
    >
      <h1>{t('site.publications.title')}</h1>
      {items.length > 0 ? (
        <>
          <p>
            <a href={`${base}/${lang}/publications.bib`} download>
              {t('site.publications.bibtex')}
            </a>
          </p>
          <ul class="items">
            {items.map((p) => (
              <li>
                <p class="reference">{p.reference}</p>
                <ul class="links">
                  <li>
                    {p.openAccess
                      ? t('site.publications.openAccess', { route: p.openAccess })
                      : t('site.publications.closed')}
                  </li>
                  {p.copy ? (
                    <li>
                      <ExternalLink href={p.copy}>{t('site.publications.readCopy')}</ExternalLink>
                    </li>
                  ) : null}
                  {p.doi ? (
                    <li>
                      <ExternalLink href={`https://doi.org/${p.doi}`}>
                        {t('site.publications.doi', { doi: p.doi })}
                      </ExternalLink>
                    </li>
                  ) : null}
                </ul>
              </li>
            ))}
          </ul>
        </>
      ) : (
        <p>{t('site.publications.none')}</p>
      )}
      {more ? (
        <p>
          <a href={`${base}/${lang}/publications?before=${encodeURIComponent(more)}`}>
            {t('site.publications.more')}
          </a>
        </p>
      ) : null}
    </SiteLayout>
  );
};

export interface AccessibilityModel {
  /** The contact: a partner's name and its website, when the plan names a coordinator or dissemination lead. */
  contact: { name: Picked; url: string | null } | null;
  generated: string;
}

export const AccessibilityPage: FC<PageProps & { model: AccessibilityModel }> = ({
  ctx,
  frame,
  fallback,
  description,
  model,
}) => {
  const { t, site } = ctx;
  const contact = model.contact;
  return (
    <SiteLayout
      ctx={ctx}
      frame={frame}
      title={t('site.a11y.title')}
      description={description}
      fallback={fallback}
    >
      <h1>{t('site.a11y.title')}</h1>
      <p>{t('site.a11y.scope', { project: site.plan.project.acronym })}</p>
      <h2>{t('site.a11y.targetTitle')}</h2>
      <p>{t('site.a11y.target')}</p>
      <h2>{t('site.a11y.checkedTitle')}</h2>
      <p>{t('site.a11y.checked')}</p>
      <h2>{t('site.a11y.limitsTitle')}</h2>
      <p>{t('site.a11y.limits')}</p>
      <h2>{t('site.a11y.contactTitle')}</h2>
      {contact ? (
        <p>
          {t('site.a11y.contact', { contact: contact.name.text })}
          {contact.url ? (
            <>
              {' '}
              <ExternalLink href={contact.url}>{contact.url}</ExternalLink>
            </>
          ) : null}
        </p>
      ) : (
        <p>{t('site.a11y.contactNone')}</p>
      )}
      <p>{t('site.a11y.generated', { date: model.generated })}</p>
    </SiteLayout>
  );
};
