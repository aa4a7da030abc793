/**
 * The transports the `mail.send` job hands queued messages to: SMTP through nodemailer when `SMTP_URL` is set, else
 * the local outbox (the message stays in `mail_queue`, marked sent, and the instance admin reads it at /admin/outbox).
 * Nothing outside src/mail sends mail: callers enqueue it (src/mail/enqueue.ts) in their transaction.
 */
import type { Transporter } from 'nodemailer';

/** One message as the transport receives it (built from a `mail_queue` row by the sender). */
export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html?: string;
  /** `<…@herald>`, stable per idempotency key. */
  messageId: string;
  headers: Record<string, string>;
  attachments: Array<{ filename: string; contentType: string; path: string }>;
}

export interface Delivered {
  /** The server's queue id (from its 250 reply) or `outbox`. */
  providerMessageId: string;
}

export interface Mailer {
  /** `smtp` sends for real; `outbox` keeps the mail in the queue for the admin to read. */
  readonly kind: 'smtp' | 'outbox';
  deliver(message: OutgoingMail): Promise<Delivered>;
  /** Ends the connection kept between deliveries (called at the end of each `mail.send` run). */
  close?(): void;
}

/** How long sent, failed and cancelled messages stay in the queue (the send log; links in them expire sooner). */
export const OUTBOX_RETENTION_DAYS = 30;

/** What the server's 250 reply names as its queue id ("250 2.0.0 Ok: queued as 4ABC"), else the whole reply. */
export function providerIdOf(response: string | undefined, fallback: string): string {
  if (!response) return fallback;
  const m = /queued as\s+(\S+)/i.exec(response) ?? /\bid=(\S+)/i.exec(response);
  return (m?.[1] ?? response).slice(0, 200);
}

/**
 * nodemailer (about a hundred modules) is loaded by the first mail, not by every start of the server. One pooled
 * connection carries a run's messages (a new connection per message costs ~120 ms on loopback: 8 instead of ~70 a
 * second); `close()` ends it when the run is over.
 */
/** Address fields nodemailer parses itself (given as prepared values it would drop them). */
const ADDRESS_HEADERS = new Set(['from', 'sender', 'reply-to', 'to', 'cc', 'bcc']);

/**
 * Header values as written: nodemailer would turn a value with quotes or angle brackets into an RFC 2047 encoded
 * word (`=?UTF-8?Q?…?=`), which breaks structured fields such as List-Id (RFC 2919) and List-Unsubscribe (RFC 2369).
 * Printable ASCII values of other than address fields go as they are (enqueueMail already refused line breaks);
 * the rest nodemailer encodes or parses.
 */
export function preparedHeaders(
  headers: Record<string, string>,
): Record<string, string | { prepared: true; value: string }> {
  return Object.fromEntries(
    Object.entries(headers).map(([k, v]) => [
      k,
      !ADDRESS_HEADERS.has(k.toLowerCase()) && /^[\x20-\x7e]*$/.test(v) ? { prepared: true, value: v } : v,
    ]),
  );
}

export function smtpMailer(opts: { url: string; from: string }): Mailer {
  let transport: Promise<Transporter> | undefined;
  return {
    kind: 'smtp',
    deliver: async (m) => {
      transport ??= import('nodemailer').then(({ default: nodemailer }) =>
        nodemailer.createTransport({
          url: opts.url,
          pool: true,
          maxConnections: 1,
          // A hung server must not hold a message's lease (src/mail/sender.ts) for nodemailer's default 10 minutes.
          connectionTimeout: 30_000,
          greetingTimeout: 30_000,
          socketTimeout: 60_000,
        } as Parameters<typeof nodemailer.createTransport>[0]),
      );
      const info = (await (
        await transport
      ).sendMail({
        from: opts.from,
        to: m.to,
        subject: m.subject,
        text: m.text,
        ...(m.html ? { html: m.html } : {}),
        messageId: m.messageId,
        headers: preparedHeaders(m.headers),
        attachments: m.attachments,
      })) as { response?: string; messageId?: string };
      return { providerMessageId: providerIdOf(info.response, info.messageId ?? m.messageId) };
    },
    close: () => {
      const open = transport;
      transport = undefined;
      void open?.then((t) => t.close()).catch(() => undefined);
    },
  };
}

/** Delivery into the local outbox: the queue row itself is what the admin reads. */
export function outboxMailer(): Mailer {
  return { kind: 'outbox', deliver: async () => ({ providerMessageId: 'outbox' }) };
}

/** SMTP when configured, else the local outbox. */
export function createMailer(opts: { smtpUrl?: string; from?: string }): Mailer {
  return opts.smtpUrl
    ? smtpMailer({ url: opts.smtpUrl, from: opts.from ?? 'Herald <herald@localhost>' })
    : outboxMailer();
}

/** A failed hand-over, as the queue records it: SMTP code (null for connection errors), text, and whether to retry. */
export interface SendFailure {
  code: number | null;
  text: string;
  /** A 5xx rejection of the recipient or the message: retrying cannot help. */
  permanent: boolean;
}

/**
 * nodemailer's error → a SendFailure. Permanent: a 5xx answer to RCPT TO (the recipient) or DATA (the message).
 * Everything else is transient and retried with back-off: 4xx (greylisting, full mailbox, rate limits), connection
 * refused or timed out, and 5xx to the session itself (AUTH, MAIL FROM: the configuration, which an admin fixes).
 */
export function classifyFailure(e: unknown): SendFailure {
  const err = (e ?? {}) as {
    responseCode?: unknown;
    command?: unknown;
    response?: unknown;
    message?: unknown;
    code?: unknown;
  };
  const code = typeof err.responseCode === 'number' ? err.responseCode : null;
  const command = typeof err.command === 'string' ? err.command.toUpperCase() : '';
  const text = String(
    (typeof err.response === 'string' && err.response) ||
      (typeof err.message === 'string' && err.message) ||
      (typeof err.code === 'string' && err.code) ||
      e,
  ).slice(0, 1000);
  const permanent =
    code !== null && code >= 500 && code < 600 && (command.startsWith('RCPT') || command === 'DATA');
  return { code, text, permanent };
}
