/**
 * The newsletter's test setting: M-Sec (public site, newsletter enabled) on a fresh database, a loopback SMTP server
 * that keeps every mail (decoded text + headers), and the app over them on a movable clock, with an https base URL
 * (RFC 8058 one-click is for HTTPS) and X-Forwarded-For trusted (tests pick the source address).
 */
import { once } from 'node:events';
import { mkdtempSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Hono } from 'hono';
import { SMTPServer } from 'smtp-server';
import type { Database } from '../src/db/client';
import { fixedClock, type MovableClock } from '../src/lib/clock';
import { createLogger } from '../src/log';
import { createRunner } from '../src/jobs/runner';
import { mailSendJob } from '../src/mail/jobs';
import { smtpMailer } from '../src/mail/mailer';
import { importPlanFile } from '../src/projects/service';
import { createApp } from '../src/web/app';
import type { AppEnv } from '../src/web/env';
import { M_SEC_PLAN } from './app';
import { createTestDatabase } from './db';

export const BASE = 'https://herald.test';

export interface ReceivedMail {
  to: string[];
  subject: string;
  text: string;
  /** The top-level header fields, names lower-cased, folded lines joined. */
  headers: Record<string, string>;
}

/** The text part of a raw single-part mail, decoded (quoted-printable or base64, UTF-8), and its subject. */
export function decodeMail(raw: string, to: string[]): ReceivedMail {
  const [head = '', ...rest] = raw.split(/\r?\n\r?\n/);
  const body = rest.join('\n\n');
  const encoding = /content-transfer-encoding:\s*([\w-]+)/i.exec(head)?.[1]?.toLowerCase();
  let text = body;
  if (encoding === 'base64') text = Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  else if (encoding === 'quoted-printable') {
    const bytes = body.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/gi, (_m, h: string) => `%${h}`);
    text = decodeURIComponent(bytes.replace(/%(?![0-9A-F]{2})/gi, '%25'));
  }
  const unfolded = head.replace(/\r?\n[ \t]+/g, ' ');
  const rawSubject = /^subject:\s*(.*)$/im.exec(unfolded)?.[1] ?? '';
  // RFC 2047 encoded words (B or Q), as nodemailer writes non-ASCII subjects.
  const subject = rawSubject
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?utf-8\?([bq])\?([^?]*)\?=/gi, (_m, kind: string, data: string) =>
      kind.toLowerCase() === 'b'
        ? Buffer.from(data, 'base64').toString('utf8')
        : decodeURIComponent(data.replace(/_/g, ' ').replace(/=([0-9A-F]{2})/gi, '%$1')),
    );
  const headers: Record<string, string> = {};
  for (const line of unfolded.split(/\r?\n/)) {
    const m = /^([\w-]+):\s*(.*)$/.exec(line);
    if (m?.[1]) headers[m[1].toLowerCase()] = m[2] ?? '';
  }
  return { to, subject, text, headers };
}

export interface NewsletterTestApp {
  database: Database;
  db: Database['db'];
  /** The app; the mails each `request` queued are sent before it answers. */
  app: Hono<AppEnv>;
  clock: MovableClock;
  mails: ReceivedMail[];
  /** Sends what the queue holds (the app's `request` does it after each request; a served app's pages do not). */
  deliver(): Promise<void>;
  close(): Promise<void>;
}

export async function createNewsletterTestApp(): Promise<NewsletterTestApp> {
  const mails: ReceivedMail[] = [];
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, done) {
      let raw = '';
      stream.on('data', (c: Buffer) => (raw += c.toString('utf8')));
      stream.on('end', () => {
        mails.push(
          decodeMail(
            raw,
            session.envelope.rcptTo.map((r) => r.address),
          ),
        );
        done();
      });
    },
  });
  smtp.listen(0, '127.0.0.1');
  await once(smtp.server, 'listening');
  const port = (smtp.server.address() as AddressInfo).port;
  const database = await createTestDatabase();
  await importPlanFile(database.db, { file: M_SEC_PLAN, actor: 'test' });
  const clock = fixedClock('2026-03-02T09:00:00Z');
  const mailer = smtpMailer({
    url: `smtp://127.0.0.1:${port}?ignoreTLS=true`,
    from: 'M-Sec <news@example.org>',
  });
  const app = createApp({
    database,
    log: createLogger('silent'),
    baseUrl: BASE,
    trustProxy: true,
    clock,
    keyFile: join(mkdtempSync(join(tmpdir(), 'herald-key-')), 'key.pem'),
    mailer,
  });
  // The mail queue's sender, as `herald serve` runs it: after each request, whatever it queued is sent.
  const runner = createRunner({
    db: database.db,
    clock,
    log: createLogger('silent'),
    // No rate limit: the clock stands still between requests (the limit has its own tests in src/mail).
    deps: { mailer, mailPolicy: { ratePerSecond: 0 } },
    jobs: [mailSendJob],
    schedules: [],
  });
  const request = app.request;
  app.request = (async (...args: Parameters<Hono<AppEnv>['request']>): Promise<Response> => {
    const res = await request(...args);
    await runner.runUntilIdle();
    return res;
  }) as Hono<AppEnv>['request'];
  return {
    database,
    db: database.db,
    app,
    clock,
    mails,
    deliver: async () => {
      await runner.runUntilIdle();
    },
    close: async () => {
      await new Promise<void>((resolve) => smtp.close(() => resolve()));
      await database.close();
    },
  };
}
