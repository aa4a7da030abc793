/** Small pieces shared by the plan pages: the page frame, links, partner codes, badges. */
import type { Child, FC } from 'hono/jsx';
import { localize, type Partner, type Plan } from '../plan/schema';
import type { Lang, Translator } from '../i18n';
import { Layout } from './layout';
import type { CurrentPlan } from '../projects/repository';

/** What every view needs from the request. */
export interface ViewCtx {
  lang: Lang;
  t: Translator;
  /** Request path without query (for the language switch and the active tab). */
  path: string;
  /** "Now", for the current project month. */
  now: Date;
}

/** Props of a page showing one project's current plan. */
export interface PlanViewProps {
  ctx: ViewCtx;
  projectId: string;
  current: CurrentPlan;
}

export const PlanPage: FC<{
  ctx: ViewCtx;
  projectId: string;
  plan: Plan;
  title: string;
  children?: Child;
}> = ({ ctx, projectId, plan, title, children }) => (
  <Layout
    title={title}
    lang={ctx.lang}
    t={ctx.t}
    path={ctx.path}
    project={{ id: projectId, acronym: plan.project.acronym }}
  >
    {children}
  </Layout>
);

/** "https://www.example.org/a/" → "www.example.org/a". */
export const shortUrl = (url: string): string => url.replace(/^https?:\/\//, '').replace(/\/$/, '');

const SOCIAL_HOSTS = /(^|\.)(twitter|x|linkedin|facebook|youtube|instagram)\.com$/;

/**
 * A compact label for a link in a dense table: the site's host for web sites, the account for social media
 * ("https://twitter.com/WorldlineES" → "@WorldlineES", ".../company/leti/?x=y" → "leti").
 */
export function compactUrl(url: string): string {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return url;
  }
  const host = u.hostname.replace(/^www\./, '');
  const segments = u.pathname
    .split('/')
    .filter(Boolean)
    .map((s) => {
      try {
        return decodeURIComponent(s);
      } catch {
        return s;
      }
    });
  const last = segments.at(-1);
  if (!SOCIAL_HOSTS.test(host) || last === undefined) return host;
  return /(^|\.)(twitter|x)\.com$/.test(host) ? `@${last}` : last;
}

/** A link leaving Herald: not boosted by htmx, no referrer. */
export const ExtLink: FC<{ href: string; title?: string; children?: Child }> = ({
  href,
  title,
  children,
}) => (
  <a href={href} rel="noopener noreferrer" hx-boost="false" title={title}>
    {children ?? shortUrl(href)}
  </a>
);

/** Partner codes, each with the organisation's name as a tooltip. */
export const PartnerCodes: FC<{ codes: readonly string[]; plan: Plan; lang: Lang }> = ({
  codes,
  plan,
  lang,
}) => {
  const byCode = new Map<string, Partner>(plan.partners.map((p) => [p.code, p]));
  return (
    <span class="partners">
      {codes.map((code, i) => {
        const p = byCode.get(code);
        return (
          <>
            {i > 0 ? ', ' : ''}
            {p ? <abbr title={localize(p.name, lang)}>{code}</abbr> : code}
          </>
        );
      })}
    </span>
  );
};

/** Plan text that may hold several paragraphs (separated by a blank line), one `<p>` each. */
export const Paragraphs: FC<{ text: string; class?: string }> = ({ text, class: cls }) => (
  <>
    {text
      .split(/\n\s*\n/)
      .map((p) => p.trim())
      .filter(Boolean)
      .map((p) => (
        <p class={cls}>{p}</p>
      ))}
  </>
);

export const Badge: FC<{ warn?: boolean; title?: string; children?: Child }> = ({
  warn,
  title,
  children,
}) => (
  <span class={warn ? 'badge warn' : 'badge'} title={title}>
    {children}
  </span>
);

/** Country name in the UI language ("JP" → "Japan" / "日本"). */
export function countryName(lang: Lang, code: string): string {
  try {
    return new Intl.DisplayNames([lang === 'ja' ? 'ja-JP' : 'en-GB'], { type: 'region' }).of(code) ?? code;
  } catch {
    return code;
  }
}

/** Language name in the UI language ("ja" → "Japanese" / "日本語"). */
export function languageName(lang: Lang, code: string): string {
  try {
    return new Intl.DisplayNames([lang === 'ja' ? 'ja-JP' : 'en-GB'], { type: 'language' }).of(code) ?? code;
  } catch {
    return code;
  }
}
