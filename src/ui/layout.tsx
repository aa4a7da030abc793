/** The page frame: header with language switch, the project's navigation, and the content. No inline script. */
import type { Child, FC } from 'hono/jsx';
import { safeNextPath } from '../auth/next-path';
import { memberTabs, requestView, tabVisible } from '../auth/views/request';
import { UserMenu } from '../auth/views/user-menu';
import type { Lang, Translator } from '../i18n';

export interface NavProject {
  id: string;
  acronym: string;
}

export interface LayoutProps {
  title: string;
  lang: Lang;
  t: Translator;
  /** Path of the current page without query, for the language switch and the active tab. */
  path: string;
  project?: NavProject;
  children?: Child;
}

const projectTabs = [
  ['', 'nav.overview'],
  ['/dashboard', 'nav.dashboard'],
  ['/records', 'nav.records'],
  ['/alerts', 'nav.alerts'],
  ['/sources', 'nav.sources'],
  ['/partners', 'nav.partners'],
  ['/audiences', 'nav.audiences'],
  ['/channels', 'nav.channels'],
  ['/work-packages', 'nav.workPackages'],
  ['/events', 'nav.events'],
  ['/synergies', 'nav.synergies'],
  ['/kpis', 'nav.kpis'],
  ['/timeline', 'nav.timeline'],
  ['/history', 'nav.history'],
  ['/reports', 'nav.reports'],
  ['/news', 'nav.news'],
  ['/site/deliverables', 'nav.siteDeliverables'],
  ['/newsletter/issues', 'nav.newsletter'],
  ['/social', 'nav.social'],
] as const;

/**
 * htmx settings: no injected indicator <style> (the CSP allows none), and 4xx/5xx responses are swapped in like
 * any page (still flagged as errors), so a boosted form shows its validation messages and error pages show.
 */
const HTMX_CONFIG = JSON.stringify({
  includeIndicatorStyles: false,
  responseHandling: [
    { code: '204', swap: false },
    { code: '[23]..', swap: true },
    { code: '[45]..', swap: true, error: true },
  ],
});

/** htmx sends the request's CSRF token with every request it makes (no inline script needed). */
const csrfHeaders = (): string | undefined => {
  const { csrfToken } = requestView();
  return csrfToken ? JSON.stringify({ 'x-csrf-token': csrfToken }) : undefined;
};

export const Layout: FC<LayoutProps> = ({ title, lang, t, path, project, children }) => {
  const other: Lang = lang === 'en' ? 'ja' : 'en';
  return (
    <html lang={lang}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${title} · ${project ? project.acronym : t('app.name')}`}</title>
        <link rel="stylesheet" href="/static/app.css" />
        {project ? <link rel="stylesheet" href={`/p/${project.id}/theme.css`} /> : null}
        <meta name="htmx-config" content={HTMX_CONFIG} />
        <script src="/static/htmx.min.js" defer></script>
      </head>
      <body hx-boost="true" hx-headers={csrfHeaders()}>
        <a class="skip" href="#content">
          {t('nav.skip')}
        </a>
        <header class="top">
          <a class="brand" href="/">
            {project ? project.acronym : t('app.name')}
            <small>{project ? t('app.name') : t('app.tagline')}</small>
          </a>
          <span class="spacer"></span>
          <a
            class="lang"
            // A full page load, so <html lang> and the language's stylesheet rules change too. No aria-label: the
            // accessible name is the visible text (the other language's name, marked with its own lang).
            hx-boost="false"
            // `//evil.example` is a path the server can be asked for; as a link it would leave the site.
            href={`${safeNextPath(path) ?? '/'}?lang=${other}`}
            hreflang={other}
            lang={other}
          >
            {t('lang.switch')}
          </a>
          <UserMenu t={t} path={path} />
        </header>
        {project ? (
          <nav class="project" aria-label={project.acronym}>
            {[...projectTabs, ...memberTabs]
              .filter(([suffix]) => tabVisible(suffix, project.id))
              .map(([suffix, key]) => {
                const href = `/p/${project.id}${suffix}`;
                return (
                  <a href={href} aria-current={href === path ? 'page' : undefined}>
                    {t(key)}
                  </a>
                );
              })}
          </nav>
        ) : null}
        <main id="content">{children}</main>
        <footer>{t('footer.poweredBy')}</footer>
      </body>
    </html>
  );
};
