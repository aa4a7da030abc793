/**
 * Sending mail: through SMTP when `SMTP_URL` is set (nodemailer), otherwise into the local outbox table, which the
 * instance admin reads at /admin/outbox. Either way a caller just awaits `mailer.send(message)`.
 */
import type { Transporter } from 'nodemailer';
import { lt } from 'drizzle-orm';
import type { Db } from '../db/client';
import { mailOutbox } from '../db/schema';

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
}

export interface Mailer {
  /** `smtp` sends for real; `outbox` keeps the mail for the admin to read. */
  readonly kind: 'smtp' | 'outbox';
  send(message: MailMessage): Promise<void>;
}

/** How long the local outbox keeps a mail (its links expire sooner anyway). */
export const OUTBOX_RETENTION_DAYS = 30;

/** nodemailer (about a hundred modules) is loaded by the first mail, not by every start of the server. */
export function smtpMailer(opts: { url: string; from: string }): Mailer {
  let transport: Promise<Transporter> | undefined;
  return {
    kind: 'smtp',
    send: async (m) => {
      transport ??= import('nodemailer').then(({ default: nodemailer }) =>
        nodemailer.createTransport(opts.url),
      );
      await (await transport).sendMail({ from: opts.from, to: m.to, subject: m.subject, text: m.text });
    },
  };
}

export function outboxMailer(db: Db): Mailer {
  return {
    kind: 'outbox',
    send: async (m) => {
      const cutoff = new Date(Date.now() - OUTBOX_RETENTION_DAYS * 86_400_000);
      await db.delete(mailOutbox).where(lt(mailOutbox.createdAt, cutoff));
      await db.insert(mailOutbox).values({ to: m.to, subject: m.subject, text: m.text });
    },
  };
}

/** SMTP when configured, else the database outbox. */
export function createMailer(opts: { db: Db; smtpUrl?: string; from?: string }): Mailer {
  return opts.smtpUrl
    ? smtpMailer({ url: opts.smtpUrl, from: opts.from ?? 'Herald <herald@localhost>' })
    : outboxMailer(opts.db);
}
