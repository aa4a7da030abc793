/**
 * The newsletter's public pages, mounted into the site's sub-app (src/site/routes.tsx), so they answer under
 * `/site/<project>/<lang>/newsletter…` and on a mapped host at `/<lang>/newsletter…`, with the site's error pages:
 *   GET|POST /:lang/newsletter                 the form (e-mail, language, consent to the versioned notice) → mail
 *   GET|POST /:lang/newsletter/confirm/:token  a page with a button (GET writes nothing) | confirms
 *   GET|POST /:lang/newsletter/unsubscribe/:token  a page with a button | unsubscribes; a POST whose body is
 *            `List-Unsubscribe=One-Click` (RFC 8058) unsubscribes and answers 200 text, no page, no cookie needed
 *   GET /:lang/newsletter/data/:token          the subscriber's data and consent evidence (JSON)
 *   POST /:lang/newsletter/erase/:token        erases the subscriber
 * Forgery: the site has no session or cookie, so the subscribe form carries a token signed by the instance
 * (HMAC of project + time, valid a day; src/newsletter/secrets.ts) and a POST whose Origin is another site's is
 * refused. The link pages need neither: their token is the capability. Nothing here is cached.
 */
import { Hono, type Context } from 'hono';
import { AppError } from '../errors';
import type { AppEnv } from '../web/env';
import { parseSubscribeForm } from './address';
import { formToken, isFormToken } from './secrets';
import {
  CONFIRM_DAYS,
  checkConfirmLink,
  confirm,
  eraseByToken,
  subscribe,
  subscriberData,
  subscriberOfToken,
  unsubscribe,
} from './service';
import { isOwnOrigin, newsletterPage, type NewsletterPage } from './site-context';
import { MessagePage, SubscribeForm } from './views/site';

type C = Context<AppEnv>;

const LANG = ':lang{(?:en|ja)}';
/** The most a newsletter form's body may be. */
const MAX_BODY = 16 * 1024;

const page = (c: C, body: unknown, status = 200): Response =>
  c.html(`<!doctype html>${String(body)}`, status as 200, { 'cache-control': 'no-store' });

async function formOf(c: C): Promise<Record<string, string>> {
  if (Number(c.req.header('content-length') ?? 0) > MAX_BODY)
    throw new AppError({ code: 'payload_too_large', status: 413, message: 'the form is too large' });
  const body = await c.req.parseBody();
  return Object.fromEntries(Object.entries(body).map(([k, v]) => [k, typeof v === 'string' ? v : '']));
}

const links = (p: NewsletterPage, token: string) => {
  const base = `${p.ctx.base}/${p.lang}/newsletter`;
  return {
    form: `${base}`,
    confirm: `${base}/confirm/${token}`,
    unsubscribe: `${base}/unsubscribe/${token}`,
    data: `${base}/data/${token}`,
    erase: `${base}/erase/${token}`,
  };
};

const project = (p: NewsletterPage) => ({ project: p.site.plan.project.acronym });

export function newsletterSiteRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.get(`/:id/${LANG}/newsletter`, async (c) => {
    const p = await newsletterPage(c, '/newsletter');
    const token = formToken(p.use.secret, p.site.projectId, c.var.clock.now());
    return page(c, <SubscribeForm p={p} formToken={token} values={{ email: '', lang: p.lang }} />);
  });

  app.post(`/:id/${LANG}/newsletter`, async (c) => {
    const p = await newsletterPage(c, '/newsletter');
    const form = await formOf(c);
    const now = c.var.clock.now();
    const fresh = formToken(p.use.secret, p.site.projectId, now);
    const values = { email: (form.email ?? '').slice(0, 254), lang: form.lang === 'ja' ? 'ja' : 'en' };
    if (
      !isOwnOrigin(c, p.site, c.req.header('origin')) ||
      !isFormToken(p.use.secret, p.site.projectId, form.form, now)
    )
      return page(
        c,
        <SubscribeForm p={p} formToken={fresh} values={values} problem="newsletter.error.form" />,
        403,
      );
    const parsed = parseSubscribeForm(form);
    if (!parsed.ok)
      return page(c, <SubscribeForm p={p} formToken={fresh} values={values} errors={parsed.errors} />, 422);
    // Sent, throttled or already confirmed: the same answer, so the page tells nobody who is subscribed.
    await subscribe(p.use, { input: parsed.input, ip: p.ip });
    return page(
      c,
      <MessagePage
        p={p}
        title="newsletter.asked.title"
        text="newsletter.asked.text"
        params={{ days: CONFIRM_DAYS }}
      />,
    );
  });

  const confirmAnswer = (c: C, p: NewsletterPage, state: 'already' | 'expired' | 'invalid') => {
    const again = { href: links(p, '').form, label: 'newsletter.again' } as const;
    if (state === 'already')
      return page(c, <MessagePage p={p} title="newsletter.already.title" text="newsletter.already.text" />);
    if (state === 'expired')
      return page(
        c,
        <MessagePage
          p={p}
          title="newsletter.expired.title"
          text="newsletter.expired.text"
          params={{ days: CONFIRM_DAYS }}
          link={again}
        />,
        410,
      );
    return page(
      c,
      <MessagePage p={p} title="newsletter.invalid.title" text="newsletter.invalid.text" link={again} />,
      404,
    );
  };

  app.get(`/:id/${LANG}/newsletter/confirm/:token`, async (c) => {
    const p = await newsletterPage(c, '/newsletter');
    const token = c.req.param('token');
    const state = await checkConfirmLink(p.use, token);
    if (state !== 'valid') return confirmAnswer(c, p, state);
    return page(
      c,
      <MessagePage
        p={p}
        title="newsletter.confirm.title"
        text="newsletter.confirm.text"
        params={project(p)}
        button={{ action: links(p, token).confirm, label: 'newsletter.confirm.button' }}
      />,
    );
  });

  app.post(`/:id/${LANG}/newsletter/confirm/:token`, async (c) => {
    const p = await newsletterPage(c, '/newsletter');
    const result = await confirm(p.use, { token: c.req.param('token'), ip: p.ip });
    if (result !== 'confirmed') return confirmAnswer(c, p, result);
    return page(
      c,
      <MessagePage
        p={p}
        title="newsletter.confirmed.title"
        text="newsletter.confirmed.text"
        params={project(p)}
      />,
    );
  });

  const invalidLink = (c: C, p: NewsletterPage) =>
    page(
      c,
      <MessagePage
        p={p}
        title="newsletter.invalid.title"
        text="newsletter.invalid.text"
        link={{ href: links(p, '').form, label: 'newsletter.again' }}
      />,
      404,
    );

  app.get(`/:id/${LANG}/newsletter/unsubscribe/:token`, async (c) => {
    const p = await newsletterPage(c, '/newsletter');
    const token = c.req.param('token');
    const row = await subscriberOfToken(p.use, token);
    if (!row) return invalidLink(c, p);
    const l = links(p, token);
    const done = row.status === 'unsubscribed';
    return page(
      c,
      <MessagePage
        p={p}
        title={done ? 'newsletter.unsubscribed.title' : 'newsletter.unsubscribe.title'}
        text={done ? 'newsletter.alreadyUnsubscribed.text' : 'newsletter.unsubscribe.text'}
        params={project(p)}
        button={done ? undefined : { action: l.unsubscribe, label: 'newsletter.unsubscribe.button' }}
        rights={{ data: l.data, erase: l.erase }}
      />,
    );
  });

  app.post(`/:id/${LANG}/newsletter/unsubscribe/:token`, async (c) => {
    const p = await newsletterPage(c, '/newsletter');
    const token = c.req.param('token');
    const form = await formOf(c);
    const oneClick = form['List-Unsubscribe'] === 'One-Click';
    const result = await unsubscribe(p.use, { token, ip: p.ip, via: oneClick ? 'one-click' : 'link' });
    if (oneClick)
      return c.text(
        result === 'invalid' ? 'unknown subscriber' : 'unsubscribed',
        result === 'invalid' ? 404 : 200,
        {
          'cache-control': 'no-store',
        },
      );
    if (result === 'invalid') return invalidLink(c, p);
    const l = links(p, token);
    return page(
      c,
      <MessagePage
        p={p}
        title="newsletter.unsubscribed.title"
        text={result === 'already' ? 'newsletter.alreadyUnsubscribed.text' : 'newsletter.unsubscribed.text'}
        params={project(p)}
        rights={{ data: l.data, erase: l.erase }}
      />,
    );
  });

  app.get(`/:id/${LANG}/newsletter/data/:token`, async (c) => {
    const p = await newsletterPage(c, '/newsletter');
    const row = await subscriberOfToken(p.use, c.req.param('token'));
    if (!row) return invalidLink(c, p);
    const data = await subscriberData(p.use.db, { projectId: p.site.projectId, row });
    return c.body(JSON.stringify(data, null, 2), 200, {
      'content-type': 'application/json; charset=utf-8',
      'content-disposition': `attachment; filename="${p.site.projectId}-newsletter-my-data.json"`,
      'cache-control': 'no-store',
    });
  });

  app.post(`/:id/${LANG}/newsletter/erase/:token`, async (c) => {
    const p = await newsletterPage(c, '/newsletter');
    const result = await eraseByToken(p.use, { token: c.req.param('token'), ip: p.ip });
    if (result === 'invalid') return invalidLink(c, p);
    return page(
      c,
      <MessagePage
        p={p}
        title="newsletter.erased.title"
        text="newsletter.erased.text"
        link={{ href: links(p, '').form, label: 'newsletter.again' }}
      />,
    );
  });

  return app;
}
