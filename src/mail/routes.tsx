/** `/admin/outbox`: the mail queue with each message's status and errors (the local outbox without SMTP). Admins only. */
import { Hono } from 'hono';
import type { AppEnv } from '../web/env';
import { formatDateTime, formatNumber } from '../i18n';
import { Layout } from '../ui/layout';
import { OUTBOX_RETENTION_DAYS } from './mailer';
import { MAIL_STATUSES } from './queue';
import { readOutbox } from './service';

export const mailRoutes = new Hono<AppEnv>();

mailRoutes.get('/admin/outbox', async (c) => {
  const { mails, counts, pausedUntil } = await readOutbox(c.var.deps.database.db, {
    actor: c.var.actor,
    clock: c.var.clock,
  });
  const { t, lang } = c.var;
  const smtp = c.var.deps.mailer?.kind === 'smtp';
  const days = OUTBOX_RETENTION_DAYS;
  return c.html(
    <Layout title={t('outbox.title')} lang={lang} t={t} path={c.req.path}>
      <h1>{t('outbox.title')}</h1>
      <p>{smtp ? t('outbox.smtp', { days }) : t('outbox.intro', { days })}</p>
      {pausedUntil ? (
        <p class="notice warn" role="status">
          {t('outbox.paused', { until: formatDateTime(lang, pausedUntil) })}
        </p>
      ) : null}
      <dl class="facts mail-counts" aria-label={t('outbox.counts')}>
        {MAIL_STATUSES.filter((s) => counts[s]).map((s) => (
          <>
            <dt>{t(`outbox.state.${s}`)}</dt>
            <dd data-status={s}>{formatNumber(lang, counts[s] ?? 0)}</dd>
          </>
        ))}
      </dl>
      {mails.length === 0 ? <p class="muted">{t('outbox.none')}</p> : null}
      {mails.map((m) => (
        <article class="card mail" data-mail={m.id} data-status={m.status}>
          <h2>{m.subject}</h2>
          <dl class="facts">
            <dt>{t('outbox.to')}</dt>
            <dd class="to">{m.to}</dd>
            <dt>{t('outbox.status')}</dt>
            <dd class="status">{t(`outbox.state.${m.status as (typeof MAIL_STATUSES)[number]}`)}</dd>
            <dt>{t('outbox.when')}</dt>
            <dd>{formatDateTime(lang, m.createdAt)}</dd>
            {m.sentAt ? (
              <>
                <dt>{t('outbox.sentAt')}</dt>
                <dd>{formatDateTime(lang, m.sentAt)}</dd>
              </>
            ) : null}
            {m.attempts > 0 ? (
              <>
                <dt>{t('outbox.attempts')}</dt>
                <dd>{formatNumber(lang, m.attempts)}</dd>
              </>
            ) : null}
            {m.status === 'queued' && m.attempts > 0 ? (
              <>
                <dt>{t('outbox.next')}</dt>
                <dd>{formatDateTime(lang, m.nextAttemptAt)}</dd>
              </>
            ) : null}
            {m.lastError ? (
              <>
                <dt>{t('outbox.error')}</dt>
                <dd class="error">
                  {m.lastErrorCode ? `${m.lastErrorCode} ` : ''}
                  {m.lastError}
                </dd>
              </>
            ) : null}
          </dl>
          {m.text ? (
            <pre class="mail-body">
              {m.text.split(/(https?:\/\/\S+)/).map((part, i) => (i % 2 ? <a href={part}>{part}</a> : part))}
            </pre>
          ) : m.sensitive ? (
            <p class="muted">{t('outbox.redacted')}</p>
          ) : null}
        </article>
      ))}
    </Layout>,
    200,
    { 'cache-control': 'no-store' },
  );
});
