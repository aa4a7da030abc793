/** `/admin/outbox`: the mails kept locally when no SMTP server is configured. Instance admins only. */
import { Hono } from 'hono';
import { linkDeps } from '../auth/middleware';
import type { AppEnv } from '../web/env';
import { formatDateTime } from '../i18n';
import { Layout } from '../ui/layout';
import { OUTBOX_RETENTION_DAYS } from './mailer';
import { readOutbox } from './service';

export const mailRoutes = new Hono<AppEnv>();

mailRoutes.get('/admin/outbox', async (c) => {
  const mails = await readOutbox(c.var.deps.database.db, { actor: c.var.actor });
  const { t, lang } = c.var;
  const smtp = linkDeps(c).mailer.kind === 'smtp';
  return c.html(
    <Layout title={t('outbox.title')} lang={lang} t={t} path={c.req.path}>
      <h1>{t('outbox.title')}</h1>
      <p>{smtp ? t('outbox.smtp') : t('outbox.intro', { days: OUTBOX_RETENTION_DAYS })}</p>
      {mails.length === 0 ? <p class="muted">{t('outbox.none')}</p> : null}
      {mails.map((m) => (
        <article class="card mail" data-mail={m.id}>
          <h2>{m.subject}</h2>
          <dl class="facts">
            <dt>{t('outbox.to')}</dt>
            <dd class="to">{m.to}</dd>
            <dt>{t('outbox.when')}</dt>
            <dd>{formatDateTime(lang, m.createdAt)}</dd>
          </dl>
          <pre class="mail-body">
            {m.text.split(/(https?:\/\/\S+)/).map((part, i) => (i % 2 ? <a href={part}>{part}</a> : part))}
          </pre>
        </article>
      ))}
    </Layout>,
    200,
    { 'cache-control': 'no-store' },
  );
});
