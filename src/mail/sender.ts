/**
 * The sender: what one `mail.send` run does. It claims due messages one at a time (SKIP LOCKED + a lease), takes a
 * rate-limit slot, hands the message to the transport and marks it `sent` in a short transaction of its own right
 * after the server's 250. Transient failures (4xx, connection errors) go back to the queue with exponential back-off
 * and count towards the circuit breaker, which pauses all sending after `pauseAfterErrors` in a row; a 5xx rejection
 * of the recipient or the message fails that message for good.
 *
 * At least once, never silently lost: a sender that dies leaves its one claimed message in `sending`; when the lease
 * runs out the next run sends it again. The only duplicate possible is that one message, and only when the death
 * fell between the server's 250 and the row's update (a few milliseconds): the copies carry the same Message-ID.
 *
 * No timer of its own by default: when the rate limit or the breaker says "not yet", the run stops and returns when
 * to come back (the job re-enqueues itself at that time). `sleep` (the server and the worker pass a real one) lets a
 * run wait out short gaps between slots (≤ `maxSleepMs`) instead of ending.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from 'pino';
import type { Db } from '../db/client';
import type { Clock } from '../lib/clock';
import { classifyFailure, type Mailer, type OutgoingMail } from './mailer';
import {
  claimNext,
  countError,
  markFailedAttempt,
  markSent,
  release,
  senderState,
  takeSlot,
  type MailQueueRow,
} from './queue';

export interface MailPolicy {
  /** Messages handed to the SMTP server per second (SMTP_RATE_PER_SECOND); 0: no limit. */
  ratePerSecond: number;
  /** Transient errors in a row that pause sending (SMTP_PAUSE_AFTER_ERRORS). */
  pauseAfterErrors: number;
  /** How long a pause lasts (SMTP_PAUSE_MINUTES). */
  pauseMs: number;
  /** A claimed message's lease: past it, a message left in `sending` goes back to the queue. */
  leaseMs: number;
  /** Attempts before a message that keeps failing transiently is marked failed. */
  maxAttempts: number;
  /** The most messages one run hands over (then the job queues its successor). */
  maxPerRun: number;
  /** The longest gap between slots a run waits out with `sleep`. */
  maxSleepMs: number;
}

export const DEFAULT_MAIL_POLICY: MailPolicy = {
  ratePerSecond: 10,
  pauseAfterErrors: 5,
  pauseMs: 15 * 60_000,
  leaseMs: 5 * 60_000,
  maxAttempts: 8,
  maxPerRun: 100,
  maxSleepMs: 1000,
};

/** The real wait the server and the worker pass as `sleep` (tests pass none: no sleeping, the run ends instead). */
export const timerSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** 1 min, 2 min, 4 min, … capped at 6 h: the wait after the `attempt`-th failed attempt. */
export const mailBackoffMs = (attempt: number): number =>
  Math.min(60_000 * 2 ** Math.max(0, attempt - 1), 6 * 60 * 60_000);

export interface SendRunOptions {
  db: Db;
  clock: Clock;
  mailer: Mailer;
  /** Who holds the claimed messages (`<job worker>:mail`). */
  workerId: string;
  policy?: Partial<MailPolicy>;
  /** Where attachments' bytes are (`<filesDir>/<sha256>`). */
  filesDir?: string;
  log?: Logger;
  sleep?: (ms: number) => Promise<void>;
}

export interface SendRunResult {
  sent: number;
  retried: number;
  failed: number;
  /** More is due at this time (rate limit, pause end, or `maxPerRun` reached): run again then. */
  again?: Date;
  /** The breaker is open until `again`. */
  paused?: boolean;
}

function outgoing(row: MailQueueRow, filesDir: string | undefined): OutgoingMail {
  const attachments = row.attachments.map((a) => {
    const path = filesDir ? join(filesDir, a.sha256) : '';
    // A missing file is the message's own problem: a permanent failure, not a retry.
    if (!filesDir || !existsSync(path))
      throw Object.assign(new Error(`attachment ${a.filename} (${a.sha256}) is not in the file store`), {
        responseCode: 554,
        command: 'DATA',
      });
    return { filename: a.filename, contentType: a.contentType, path };
  });
  return {
    to: row.to,
    subject: row.subject,
    text: row.text,
    ...(row.html ? { html: row.html } : {}),
    messageId: row.messageId,
    headers: row.headers,
    attachments,
  };
}

/** Sends due messages until none is left, the rate limit or the breaker says wait, or `maxPerRun` is reached. */
export async function sendDueMail(opts: SendRunOptions): Promise<SendRunResult> {
  try {
    return await sendRun(opts);
  } finally {
    opts.mailer.close?.();
  }
}

async function sendRun(opts: SendRunOptions): Promise<SendRunResult> {
  const p = { ...DEFAULT_MAIL_POLICY, ...opts.policy };
  const { db, clock, mailer, workerId } = opts;
  const limited = mailer.kind === 'smtp';
  const stepMs = limited && p.ratePerSecond > 0 ? 1000 / p.ratePerSecond : 0;
  const out: SendRunResult = { sent: 0, retried: 0, failed: 0 };
  if (limited) {
    const state = await senderState(db, clock);
    if (state.pausedUntil && state.pausedUntil > clock.now())
      return { ...out, again: state.pausedUntil, paused: true };
  }
  for (let handled = 0; ; handled++) {
    if (handled >= p.maxPerRun) return { ...out, again: clock.now() };
    const row = await claimNext(db, { workerId, leaseMs: p.leaseMs, clock });
    if (!row) return out;
    if (limited) {
      let slot = await takeSlot(db, { stepMs, clock });
      while (!slot.ok && !slot.paused && opts.sleep) {
        const gap = slot.at.getTime() - clock.now().getTime();
        if (gap > p.maxSleepMs) break;
        await opts.sleep(Math.max(0, gap));
        slot = await takeSlot(db, { stepMs, clock });
      }
      if (!slot.ok) {
        await release(db, { row, workerId, at: row.nextAttemptAt });
        return { ...out, again: slot.at, ...(slot.paused ? { paused: true } : {}) };
      }
    }
    let delivered: { providerMessageId: string } | undefined;
    let error: unknown;
    try {
      delivered = await mailer.deliver(outgoing(row, opts.filesDir));
    } catch (e) {
      error = e;
    }
    if (delivered) {
      const ok = await markSent(db, {
        row,
        workerId,
        providerMessageId: delivered.providerMessageId,
        redact: row.sensitive && mailer.kind === 'smtp',
        clock,
      });
      if (!ok) opts.log?.warn({ mail: row.id }, 'mail sent after its lease was taken over');
      out.sent++;
      continue;
    }
    const failure = classifyFailure(error);
    const retry = !failure.permanent && row.attempts < p.maxAttempts;
    await markFailedAttempt(db, {
      row,
      workerId,
      failure,
      retryAt: retry ? new Date(clock.now().getTime() + mailBackoffMs(row.attempts)) : null,
    });
    if (retry) out.retried++;
    else out.failed++;
    opts.log?.warn(
      { mail: row.id, purpose: row.purpose, attempt: row.attempts, code: failure.code, retry },
      `mail not sent: ${failure.text}`,
    );
    if (!failure.permanent && limited) {
      const until = await countError(db, { pauseAfter: p.pauseAfterErrors, pauseMs: p.pauseMs, clock });
      if (until) {
        opts.log?.warn({ until }, 'mail sending paused after errors in a row');
        return { ...out, again: until, paused: true };
      }
    }
  }
}
