/**
 * The public site's frame: its own head (canonical and hreflang links, Open Graph and Twitter card tags, the
 * project's stylesheet), header (logo or acronym, navigation, language switcher), the English-fallback notice and a
 * footer with the funders' emblems and the funding acknowledgement. No script, no session, no form.
 */
import type { Child, FC } from 'hono/jsx';
import type { Lang, Translator } from '../../i18n';
import type { Picked, PublicSite, SiteIdentity } from '../site';
import { EuEmblem } from './emblem';

/** What every page of one request shares. */
export interface SiteCtx {
  site: PublicSite;
  lang: Lang;
  t: Translator;
  /** Links inside the site: `` on its own host, `/site/<project>` under the app. */
  base: string;
  /** Absolute address of the site's root for canonical links: `https://www.example.eu` or `<app>/site/<project>`. */
  canonicalRoot: string;
  /** The page after the language segment: `` (home), `/events`, `/publications`, `/accessibility`. */
  page: string;
  /** "Today" of the app's clock (upcoming vs past events). */
  today: string;
}

/** The footer's funding block, picked before rendering (its fallback counts for the page's notice). */
export interface Frame {
  identity: SiteIdentity;
  acknowledgement: Picked;
  /** Emblems the plan names without a readable image: drawn (the EU's) or shown as their names. */
  emblems: Array<
    | { kind: 'image'; src: string; alt: string }
    | { kind: 'eu'; label: string }
    | { kind: 'text'; name: Picked }
  >;
  logo: { src: string; alt: string } | null;
  /** The project's Twitter/X handle (`@name`) from the plan's channels, for `twitter:site`. */
  twitter: string | null;
}

/** A text that may be English on a Japanese page: marked `lang="en"`, prose with a visible marker. */
export const Text: FC<{ v: Picked; t: Translator; mark?: boolean }> = ({ v, t, mark }) =>
  v.en ? (
    <>
      <span lang="en">{v.text}</span>
      {mark ? <span class="fallback">{t('site.fallback.marker')}</span> : null}
    </>
  ) : (
    <>{v.text}</>
  );

/** Prose in paragraphs (blank lines split them), each marked when it is the English fallback. */
export const Prose: FC<{ v: Picked; t: Translator }> = ({ v, t }) => {
  const paragraphs = v.text
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter(Boolean);
  return (
    <>
      {paragraphs.map((p, i) =>
        v.en ? (
          <p>
            <span lang="en">{p}</span>
            {i === paragraphs.length - 1 ? <span class="fallback">{t('site.fallback.marker')}</span> : null}
          </p>
        ) : (
          <p>{p}</p>
        ),
      )}
    </>
  );
};

const NAV = [
  ['', 'site.nav.home'],
  ['/news', 'site.nav.news'],
  ['/events', 'site.nav.events'],
  ['/publications', 'site.nav.publications'],
  ['/deliverables', 'site.nav.deliverables'],
] as const;

const OG_LOCALE: Record<Lang, string> = { en: 'en_GB', ja: 'ja_JP' };

export interface SiteLayoutProps {
  ctx: SiteCtx;
  frame: Frame;
  /** The page's own title (`` on the home page: the project's name only). */
  title: string;
  description: string;
  /** Some prose on the page is the English fallback: the notice shows (Japanese pages). */
  fallback: boolean;
  /** A page that is not an address of the site (404, errors): no canonical or hreflang links. */
  noIndex?: boolean;
  /** An article (a news post): `og:type=article`, its date, and its own image (else the site's default image). */
  article?: { published: string; image: { url: string; alt: string } | null };
  children?: Child;
}

/**
 * The page's Open Graph image: the article's, else the plan's logo, else the site's generated card (so every page
 * has one); `large` when it is a photo or the logo (summary_large_image), not the card.
 */
function ogImage(ctx: SiteCtx, frame: Frame, article: SiteLayoutProps['article']) {
  if (article?.image) return { ...article.image, large: true };
  if (frame.logo) return { url: `${ctx.canonicalRoot}/logo`, alt: frame.logo.alt, large: true };
  return { url: `${ctx.canonicalRoot}/card.png`, alt: ctx.site.plan.project.acronym, large: false };
}

export const SiteLayout: FC<SiteLayoutProps> = ({
  ctx,
  frame,
  title,
  description,
  fallback,
  noIndex,
  article,
  children,
}) => {
  const { site, lang, t, base, canonicalRoot, page } = ctx;
  const acronym = site.plan.project.acronym;
  const fullTitle = title ? `${title} · ${acronym}` : `${acronym} · ${site.plan.project.title}`;
  const canonical = `${canonicalRoot}/${lang}${page}`;
  const other = site.langs.find((l) => l !== lang);
  const image = ogImage(ctx, frame, article);
  return (
    <html lang={lang}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{fullTitle}</title>
        <meta name="description" content={description} />
        <link rel="stylesheet" href={`${base}/site.css`} />
        {noIndex ? (
          <meta name="robots" content="noindex" />
        ) : (
          <>
            <link rel="canonical" href={canonical} />
            {site.langs.map((l) => (
              <link rel="alternate" hreflang={l} href={`${canonicalRoot}/${l}${page}`} />
            ))}
            <link rel="alternate" hreflang="x-default" href={`${canonicalRoot}/en${page}`} />
            <link
              rel="alternate"
              type="text/calendar"
              title={t('site.events.calendar')}
              href={`${canonicalRoot}/${lang}/events.ics`}
            />
            <link
              rel="alternate"
              type="application/rss+xml"
              title={t('site.news.feedRss')}
              href={`${canonicalRoot}/${lang}/news/feed.rss`}
            />
            <link
              rel="alternate"
              type="application/atom+xml"
              title={t('site.news.feedAtom')}
              href={`${canonicalRoot}/${lang}/news/feed.atom`}
            />
          </>
        )}
        <meta property="og:type" content={article ? 'article' : 'website'} />
        {article ? <meta property="article:published_time" content={article.published} /> : null}
        <meta property="og:site_name" content={acronym} />
        <meta property="og:title" content={fullTitle} />
        <meta property="og:description" content={description} />
        {noIndex ? null : <meta property="og:url" content={canonical} />}
        <meta property="og:locale" content={OG_LOCALE[lang]} />
        {site.langs
          .filter((l) => l !== lang)
          .map((l) => (
            <meta property="og:locale:alternate" content={OG_LOCALE[l]} />
          ))}
        {noIndex ? null : (
          <>
            <meta property="og:image" content={image.url} />
            <meta property="og:image:alt" content={image.alt} />
            <meta name="twitter:image" content={image.url} />
            <meta name="twitter:image:alt" content={image.alt} />
          </>
        )}
        <meta name="twitter:card" content={image.large && !noIndex ? 'summary_large_image' : 'summary'} />
        {frame.twitter ? <meta name="twitter:site" content={frame.twitter} /> : null}
        <meta name="twitter:title" content={fullTitle} />
        <meta name="twitter:description" content={description} />
      </head>
      <body>
        <a class="skip" href="#content">
          {t('site.skip')}
        </a>
        <header class="site-header">
          <div class="inner">
            <a class="brand" href={`${base}/${lang}`} lang={lang === 'en' ? undefined : 'en'}>
              {frame.logo ? <img src={frame.logo.src} alt={frame.logo.alt} /> : null}
              <span>{acronym}</span>
            </a>
            <nav class="site-nav" aria-label={t('site.nav.label')}>
              <ul>
                {[
                  ...NAV,
                  ...(site.plan.newsletter?.enabled
                    ? ([['/newsletter', 'site.nav.newsletter']] as const)
                    : []),
                ].map(([path, key]) => (
                  <li>
                    <a
                      href={`${base}/${lang}${path}`}
                      aria-current={
                        path === page || (path === '/newsletter' && page.startsWith('/newsletter/archive'))
                          ? 'page'
                          : undefined
                      }
                    >
                      {t(key)}
                    </a>
                  </li>
                ))}
              </ul>
            </nav>
            {other ? (
              <p class="lang-switch">
                <a href={`${base}/${other}${page}`} hreflang={other} lang={other}>
                  {t('site.lang.other')}
                </a>
              </p>
            ) : null}
          </div>
        </header>
        <main id="content">
          {fallback && lang !== 'en' ? (
            <p class="notice" role="note">
              {t('site.fallback.notice')}
            </p>
          ) : null}
          {children}
        </main>
        <footer class="site-footer">
          <div class="inner">
            <h2 class="visually-plain">{t('site.footer.funding')}</h2>
            <div class="funding">
              <div class="emblems">
                {frame.emblems.map((e) =>
                  e.kind === 'image' ? (
                    <img src={e.src} alt={e.alt} />
                  ) : e.kind === 'eu' ? (
                    <EuEmblem label={e.label} />
                  ) : (
                    <span class="emblem-text">
                      <Text v={e.name} t={t} />
                    </span>
                  ),
                )}
              </div>
              <p class="acknowledgement">
                <Text v={frame.acknowledgement} t={t} mark />
              </p>
            </div>
            <p>
              <a
                href={`${base}/${lang}/accessibility`}
                aria-current={page === '/accessibility' ? 'page' : undefined}
              >
                {t('site.nav.accessibility')}
              </a>
            </p>
          </div>
        </footer>
      </body>
    </html>
  );
};
