/**
 * The ONE way the newsletter sends mail: `sendNewsletterMail` queues it in the caller's transaction (the mail queue,
 * src/mail/enqueue.ts: sent by the `mail.send` job, so a request that fails sends nothing and one that commits
 * always sends), the confirmation mail's text in the subscriber's language, and the list headers every mail to a
 * subscriber carries (RFC 2369 List-Unsubscribe, RFC 8058 List-Unsubscribe-Post, RFC 2919 List-Id).
 */
import type { Db, Tx } from '../db/client';
import { translator, type Lang } from '../i18n';
import type { Clock } from '../lib/clock';
import { enqueueMail } from '../mail/enqueue';

export interface NewsletterMail {
  to: string;
  lang: Lang;
  subject: string;
  text: string;
  html?: string;
  /** List headers (listHeaders). */
  headers?: Record<string, string>;
}

/**
 * Queues one mail of the newsletter domain in `tx`. `key` makes it idempotent (one message per key); `sensitive`: it
 * holds a one-time link (its text is blanked once the SMTP server took it).
 */
export async function sendNewsletterMail(
  tx: Db | Tx,
  opts: {
    mail: NewsletterMail;
    purpose: string;
    key: string;
    projectId: string;
    clock: Clock;
    sensitive?: boolean;
  },
): Promise<void> {
  const { mail } = opts;
  await enqueueMail(tx, {
    clock: opts.clock,
    message: {
      purpose: opts.purpose,
      idempotencyKey: opts.key,
      to: mail.to,
      lang: mail.lang,
      subject: mail.subject,
      text: mail.text,
      html: mail.html,
      headers: mail.headers,
      projectId: opts.projectId,
      sensitive: opts.sensitive,
    },
  });
}

/** The addresses a subscriber's mails link to, from the site's root (`https://www.example.eu` or `<app>/site/<p>`). */
export function subscriberLinks(opts: { root: string; lang: Lang; unsubscribeToken: string }) {
  const base = `${opts.root}/${opts.lang}/newsletter`;
  return {
    unsubscribe: `${base}/unsubscribe/${opts.unsubscribeToken}`,
    data: `${base}/data/${opts.unsubscribeToken}`,
  };
}

/**
 * The list headers of a mail to one subscriber. RFC 8058: List-Unsubscribe carries exactly one HTTPS URI (the POST
 * target; a mailto may follow) and List-Unsubscribe-Post the single pair `List-Unsubscribe=One-Click`; the POST must
 * work without cookies or any other context (the token in the URI identifies the subscriber). The sender must sign
 * both headers with DKIM (the SMTP relay's job). Over plain http (a development instance) no Post header is given:
 * one-click is defined for HTTPS only.
 */
export function listHeaders(opts: {
  root: string;
  lang: Lang;
  unsubscribeToken: string;
  projectId: string;
  acronym: string;
  /** A mailbox that unsubscribes the sender (optional second URI). */
  mailto?: string;
}): Record<string, string> {
  const { unsubscribe } = subscriberLinks(opts);
  const https = unsubscribe.startsWith('https://');
  const host = new URL(opts.root).hostname || 'localhost';
  const uris = [`<${unsubscribe}>`, ...(opts.mailto ? [`<mailto:${opts.mailto}?subject=unsubscribe>`] : [])];
  const label = opts.acronym.replace(/[^\x20-\x7e]|["\\<>]/g, '').trim() || opts.projectId;
  return {
    'List-Unsubscribe': uris.join(', '),
    ...(https ? { 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' } : {}),
    'List-Id': `"${label} newsletter" <${opts.projectId}.newsletter.${host}>`,
  };
}

/** The double opt-in mail, in the subscriber's language. */
export function confirmationMail(opts: {
  to: string;
  lang: Lang;
  acronym: string;
  confirmUrl: string;
  root: string;
  unsubscribeToken: string;
  projectId: string;
  expiresDays: number;
}): NewsletterMail {
  const t = translator(opts.lang);
  const links = subscriberLinks(opts);
  return {
    to: opts.to,
    lang: opts.lang,
    subject: t('newsletter.mail.confirm.subject', { project: opts.acronym }),
    text: t('newsletter.mail.confirm.text', {
      project: opts.acronym,
      link: opts.confirmUrl,
      days: opts.expiresDays,
      unsubscribe: links.unsubscribe,
      data: links.data,
    }),
    headers: listHeaders(opts),
  };
}
