/** The newsletter's public pages, in the site's frame: the subscribe form, the link pages and their answers. */
import type { FC } from 'hono/jsx';
import type { MessageKey } from '../../i18n';
import { Prose, SiteLayout } from '../../site/views/layout';
import type { FieldErrors } from '../address';
import type { NewsletterPage } from '../site-context';

const FIELDS = ['email', 'lang', 'consent'] as const;

export const SubscribeForm: FC<{
  p: NewsletterPage;
  formToken: string;
  values: { email: string; lang: string };
  errors?: FieldErrors;
  /** A form-level problem (expired or foreign form). */
  problem?: MessageKey;
}> = ({ p, formToken, values, errors = {}, problem }) => {
  const { ctx, frame, picker, description, notice } = p;
  const { t, lang, base, site } = ctx;
  const noticeText = picker.prose(notice.ja ? { en: notice.en, ja: notice.ja } : notice.en);
  const listed = FIELDS.filter((f) => errors[f]);
  const err = (f: (typeof FIELDS)[number]) => errors[f] as MessageKey | undefined;
  const described = (f: (typeof FIELDS)[number]) => (err(f) ? `${f}-error` : undefined);
  return (
    <SiteLayout
      ctx={ctx}
      frame={frame}
      title={t('newsletter.title')}
      description={description}
      fallback={picker.fellBack}
    >
      <h1>{t('newsletter.title')}</h1>
      <p>{t('newsletter.intro', { project: site.plan.project.acronym })}</p>
      <p>
        <a href={`${base}/${lang}/newsletter/archive`}>{t('newsletter.archive.link')}</a>
      </p>
      {problem ? (
        <p class="notice" role="alert">
          {t(problem)}
        </p>
      ) : null}
      {listed.length > 0 ? (
        <div class="notice" role="alert">
          <p>{t('newsletter.form.errors')}</p>
          <ul>
            {listed.map((f) => (
              <li>
                <a href={`#${f === 'lang' ? 'lang-en' : f}`}>{t(err(f) as MessageKey)}</a>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <form method="post" action={`${base}/${lang}/newsletter`} novalidate>
        <input type="hidden" name="form" value={formToken} />
        <p>
          <label for="email">{t('newsletter.form.email')}</label>
          <br />
          <input
            id="email"
            name="email"
            type="email"
            autocomplete="email"
            required
            size={40}
            maxlength={254}
            value={values.email}
            aria-invalid={err('email') ? 'true' : undefined}
            aria-describedby={described('email')}
          />
          {err('email') ? (
            <>
              <br />
              <strong id="email-error">{t(err('email') as MessageKey)}</strong>
            </>
          ) : null}
        </p>
        <fieldset aria-describedby={described('lang')}>
          <legend>{t('newsletter.form.lang')}</legend>
          {(['en', 'ja'] as const).map((l) => (
            <label>
              <input type="radio" name="lang" id={`lang-${l}`} value={l} checked={values.lang === l} />{' '}
              <span lang={l}>{l === 'en' ? 'English' : '日本語'}</span>{' '}
            </label>
          ))}
          {err('lang') ? <strong id="lang-error">{t(err('lang') as MessageKey)}</strong> : null}
        </fieldset>
        <section aria-labelledby="notice-title">
          <h2 id="notice-title">{t('newsletter.form.notice', { version: notice.version })}</h2>
          <Prose v={noticeText} t={t} />
        </section>
        <p>
          <input
            type="checkbox"
            id="consent"
            name="consent"
            value="yes"
            required
            aria-invalid={err('consent') ? 'true' : undefined}
            aria-describedby={described('consent')}
          />{' '}
          <label for="consent">{t('newsletter.form.consent')}</label>
          {err('consent') ? (
            <>
              <br />
              <strong id="consent-error">{t(err('consent') as MessageKey)}</strong>
            </>
          ) : null}
        </p>
        <p>
          <button type="submit">{t('newsletter.form.submit')}</button>
        </p>
      </form>
    </SiteLayout>
  );
};

/** A page of one message, with an optional button (a POST form to `action`) and an optional link. */
export const MessagePage: FC<{
  p: NewsletterPage;
  title: MessageKey;
  text: MessageKey;
  params?: Record<string, string | number>;
  button?: { action: string; label: MessageKey };
  link?: { href: string; label: MessageKey };
  rights?: { data: string; erase: string };
}> = ({ p, title, text, params = {}, button, link, rights }) => {
  const { ctx, frame, picker, description } = p;
  const { t } = ctx;
  return (
    <SiteLayout
      ctx={ctx}
      frame={frame}
      title={t(title)}
      description={description}
      fallback={picker.fellBack}
      noIndex
    >
      <h1>{t(title)}</h1>
      <p>{t(text, params)}</p>
      {button ? (
        <form method="post" action={button.action}>
          <p>
            <button type="submit">{t(button.label)}</button>
          </p>
        </form>
      ) : null}
      {link ? (
        <p>
          <a href={link.href}>{t(link.label)}</a>
        </p>
      ) : null}
      {rights ? (
        <section aria-labelledby="rights-title">
          <h2 id="rights-title">{t('newsletter.rights.title')}</h2>
          <p>{t('newsletter.rights.text')}</p>
          <p>
            <a href={rights.data}>{t('newsletter.rights.download')}</a>
          </p>
          <form method="post" action={rights.erase}>
            <p>
              <button type="submit">{t('newsletter.rights.erase')}</button>
            </p>
          </form>
        </section>
      ) : null}
    </SiteLayout>
  );
};
