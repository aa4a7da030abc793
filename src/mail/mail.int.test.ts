/**
 * The mail queue on both engines, against a real SMTP server on loopback: enqueued in the caller's transaction
 * (rolled back → nothing sent), idempotent, HTML + text + headers + attachment as received, retries with back-off
 * from the injected clock, permanent 5xx failures, the circuit breaker, a sender abandoned mid-batch, the rate limit.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq, inArray, sql } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { makeUser, TestClient } from '../../test/auth-helpers';
import { createTestDatabase } from '../../test/db';
import { leaves, parseMime, startTestSmtp, type TestSmtp } from '../../test/smtp';
import type { Database } from '../db/client';
import { jobs, mailQueue, mailSender } from '../db/schema';
import { fixedClock, type MovableClock } from '../lib/clock';
import { sha256 } from '../lib/ids';
import { createLogger } from '../log';
import { createRunner } from '../jobs/runner';
import { createApp } from '../web/app';
import { enqueueMail, messageIdFor, type MailMessage } from './enqueue';
import { mailSendJob } from './jobs';
import { outboxMailer, smtpMailer, type Mailer } from './mailer';
import { releaseOrphanedMail } from './queue';
import { mailBackoffMs, sendDueMail, type MailPolicy } from './sender';

let database: Database;
let smtp: TestSmtp;
let mailer: Mailer;
let filesDir: string;
const log = createLogger('silent');
let clock: MovableClock;

beforeAll(async () => {
  [database, smtp] = await Promise.all([createTestDatabase(), startTestSmtp()]);
  mailer = smtpMailer({ url: smtp.url, from: 'Herald <herald@example.org>' });
  filesDir = mkdtempSync(join(tmpdir(), 'herald-mail-'));
});
afterAll(async () => {
  await Promise.all([database?.close(), smtp?.close()]);
  rmSync(filesDir, { recursive: true, force: true });
});
afterEach(async () => {
  // Each test starts with an empty queue, a closed breaker and a server that accepts everyone.
  await database.db.delete(mailQueue);
  await database.db.delete(mailSender);
  await database.db.delete(jobs).where(eq(jobs.kind, 'mail.send'));
  smtp.rejectRcpt = () => undefined;
});

const db = () => database.db;
const at = (iso = '2026-04-01T09:00:00Z') => (clock = fixedClock(iso));

const message = (to: string, over: Partial<MailMessage> = {}): MailMessage => ({
  purpose: 'test',
  idempotencyKey: `test:${to}`,
  to,
  lang: 'en',
  subject: `Hello ${to}`,
  text: `Dear ${to}, hello.`,
  ...over,
});

async function enqueueAll(tos: string[], over: Partial<MailMessage> = {}) {
  for (const to of tos) await enqueueMail(db(), { message: message(to, over), clock });
}

const send = (opts: { policy?: Partial<MailPolicy>; workerId?: string; via?: Mailer } = {}) =>
  sendDueMail({
    db: db(),
    clock,
    mailer: opts.via ?? mailer,
    workerId: opts.workerId ?? 'w1',
    policy: { ratePerSecond: 0, ...opts.policy },
    filesDir,
    log,
  });

const rowOf = async (to: string) => {
  const [row] = await db().select().from(mailQueue).where(eq(mailQueue.to, to));
  if (!row) throw new Error(`no row for ${to}`);
  return row;
};

describe('enqueueMail', () => {
  it('inserts in the caller’s transaction: rolled back, nothing is queued or sent', async () => {
    at();
    await expect(
      db().transaction(async (tx) => {
        await enqueueMail(tx, { message: message('rollback@example.org'), clock });
        throw new Error('the request failed');
      }),
    ).rejects.toThrow('the request failed');
    expect(await db().select().from(mailQueue)).toHaveLength(0);
    expect(await send()).toMatchObject({ sent: 0 });
    expect(smtp.countFor('rollback@example.org')).toBe(0);
  });

  it('sends one message for one idempotency key, with a Message-ID derived from it', async () => {
    at();
    const a = await enqueueMail(db(), { message: message('once@example.org'), clock });
    const b = await enqueueMail(db(), { message: message('once@example.org'), clock });
    expect(a.created).toBe(true);
    expect(b).toEqual({ ...a, created: false });
    expect(await send()).toMatchObject({ sent: 1 });
    expect(await send()).toMatchObject({ sent: 0 });
    expect(smtp.countFor('once@example.org')).toBe(1);
    const got = smtp.lastFor('once@example.org');
    expect(got.headers.get('message-id')).toBe(messageIdFor('test:once@example.org'));
    const row = await rowOf('once@example.org');
    expect(row).toMatchObject({ status: 'sent', attempts: 1, sentAt: clock.now() });
    expect(row.providerMessageId).toBeTruthy();
  });

  it('refuses a subject or header that would break out of its line, naming the field', async () => {
    at();
    await expect(
      enqueueMail(db(), { message: message('x@example.org', { subject: 'a\r\nBcc: y@example.org' }), clock }),
    ).rejects.toMatchObject({ code: 'validation', details: [expect.objectContaining({ path: 'subject' })] });
    await expect(
      enqueueMail(db(), {
        message: message('x@example.org', { headers: { 'Reply-To': 'a@example.org\nBcc: b@example.org' } }),
        clock,
      }),
    ).rejects.toMatchObject({ details: [expect.objectContaining({ path: 'headers.Reply-To' })] });
    expect(await db().select().from(mailQueue)).toHaveLength(0);
  });
});

describe('what the SMTP server receives', () => {
  it('HTML with its text alternative, the extra headers and an attachment from the file store (Japanese)', async () => {
    at();
    const bytes = 'year,figure\n2026,42\n';
    const hash = sha256(bytes);
    writeFileSync(join(filesDir, hash), bytes);
    await enqueueMail(db(), {
      message: message('rich@example.org', {
        lang: 'ja',
        subject: 'ニュースレター 第1号',
        text: 'こんにちは。本文です。',
        html: '<p>こんにちは。<strong>本文</strong>です。</p>',
        headers: {
          'List-Id': 'M-Sec news <news.m-sec.example.org>',
          'List-Unsubscribe': '<https://herald.example.org/unsubscribe/abc>',
          'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
          'Reply-To': 'coordinator@example.org',
        },
        attachments: [{ filename: 'figures.csv', contentType: 'text/csv', sha256: hash }],
      }),
      clock,
    });
    expect(await send()).toMatchObject({ sent: 1 });
    const got = smtp.lastFor('rich@example.org');
    expect(got.headers.get('subject')).toBe('ニュースレター 第1号');
    expect(got.headers.get('list-id')).toBe('M-Sec news <news.m-sec.example.org>');
    expect(got.headers.get('list-unsubscribe')).toBe('<https://herald.example.org/unsubscribe/abc>');
    expect(got.headers.get('list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
    expect(got.headers.get('reply-to')).toBe('coordinator@example.org');
    expect(got.headers.get('content-type')).toMatch(/^multipart\/mixed/);
    const parts = leaves(got);
    const byType = (t: string) => parts.find((p) => p.headers.get('content-type')?.startsWith(t));
    expect(byType('text/plain')?.body.trim()).toBe('こんにちは。本文です。');
    expect(byType('text/html')?.body).toContain('<strong>本文</strong>');
    expect(byType('text/csv')?.body).toBe(bytes);
    expect(byType('text/csv')?.headers.get('content-disposition')).toContain('figures.csv');
  });

  it('a missing attachment fails that message for good, naming the file', async () => {
    at();
    await enqueueAll(['noattach@example.org'], {
      attachments: [{ filename: 'gone.pdf', contentType: 'application/pdf', sha256: 'f'.repeat(64) }],
    });
    expect(await send()).toMatchObject({ sent: 0, failed: 1 });
    expect(await rowOf('noattach@example.org')).toMatchObject({ status: 'failed', lastErrorCode: 554 });
    expect((await rowOf('noattach@example.org')).lastError).toContain('gone.pdf');
  });
});

describe('failures', () => {
  it('retries a 4xx with exponential back-off as the clock advances, then sends once', async () => {
    at();
    let rejections = 2;
    smtp.rejectRcpt = (a) => (a === 'greylist@example.org' && rejections-- > 0 ? 451 : undefined);
    await enqueueAll(['greylist@example.org']);
    expect(await send()).toMatchObject({ sent: 0, retried: 1 });
    let row = await rowOf('greylist@example.org');
    expect(row).toMatchObject({ status: 'queued', attempts: 1, lastErrorCode: 451 });
    expect(row.nextAttemptAt.getTime() - clock.now().getTime()).toBe(mailBackoffMs(1));
    expect(await send()).toMatchObject({ sent: 0, retried: 0 }); // not due yet
    clock.advance(mailBackoffMs(1));
    expect(await send()).toMatchObject({ retried: 1 });
    row = await rowOf('greylist@example.org');
    expect(row.nextAttemptAt.getTime() - clock.now().getTime()).toBe(mailBackoffMs(2));
    expect(mailBackoffMs(2)).toBe(2 * mailBackoffMs(1));
    clock.advance(mailBackoffMs(2));
    expect(await send()).toMatchObject({ sent: 1 });
    expect(await rowOf('greylist@example.org')).toMatchObject({ status: 'sent', attempts: 3 });
    expect(smtp.countFor('greylist@example.org')).toBe(1);
  });

  it('a 5xx rejection of the recipient fails the message at once, and it is never retried', async () => {
    at();
    smtp.rejectRcpt = (a) => (a === 'nobody@example.org' ? 550 : undefined);
    await enqueueAll(['nobody@example.org']);
    expect(await send()).toMatchObject({ sent: 0, failed: 1, retried: 0 });
    expect(await rowOf('nobody@example.org')).toMatchObject({
      status: 'failed',
      attempts: 1,
      lastErrorCode: 550,
    });
    smtp.rejectRcpt = () => undefined;
    clock.advance(7 * 86_400_000);
    expect(await send()).toMatchObject({ sent: 0 });
    expect(smtp.countFor('nobody@example.org')).toBe(0);
    // A recipient's rejection says nothing about the server: the breaker did not count it.
    const [state] = await db().select().from(mailSender);
    expect(state?.consecutiveErrors ?? 0).toBe(0);
  });

  it('a refused connection is transient: retried, with no SMTP code', async () => {
    at();
    const closed = smtpMailer({ url: 'smtp://127.0.0.1:1?ignoreTLS=true', from: 'herald@example.org' });
    await enqueueAll(['refused@example.org']);
    expect(await send({ via: closed })).toMatchObject({ retried: 1 });
    const row = await rowOf('refused@example.org');
    expect(row).toMatchObject({ status: 'queued', lastErrorCode: null });
    expect(row.lastError).toMatch(/ECONNREFUSED|connect/i);
  });

  it('pauses all sending after N errors in a row, and resumes when the pause is over', async () => {
    at();
    const tos = ['p1', 'p2', 'p3', 'p4', 'p5'].map((p) => `${p}@example.org`);
    smtp.rejectRcpt = () => 421;
    await enqueueAll(tos);
    const policy = { pauseAfterErrors: 3, pauseMs: 10 * 60_000 };
    const first = await send({ policy });
    expect(first).toMatchObject({
      retried: 3,
      paused: true,
      again: new Date(clock.now().getTime() + 600_000),
    });
    const untouched = await db().select().from(mailQueue).where(eq(mailQueue.attempts, 0));
    expect(untouched).toHaveLength(2);
    smtp.rejectRcpt = () => undefined;
    clock.advance(5 * 60_000); // retries are due (1 min back-off), but the pause is not over
    expect(await send({ policy })).toMatchObject({ sent: 0, paused: true });
    clock.advance(5 * 60_000);
    expect(await send({ policy })).toMatchObject({ sent: 5 });
    for (const to of tos) expect(smtp.countFor(to)).toBe(1);
  });
});

describe('a sender that dies', () => {
  it('abandoned after k messages: the next run sends the rest, everyone gets exactly one copy', async () => {
    at();
    const tos = ['c1', 'c2', 'c3', 'c4', 'c5', 'c6'].map((p) => `${p}@example.org`);
    await enqueueAll(tos);
    // Hands 3 messages over, then hangs on the 4th before contacting the server: the process "died" there.
    let delivered = 0;
    let hung!: () => void;
    const hanging = new Promise<void>((r) => (hung = r));
    const dying: Mailer = {
      kind: 'smtp',
      deliver: (m) => {
        if (delivered++ < 3) return mailer.deliver(m);
        hung();
        return new Promise(() => {});
      },
    };
    void send({ via: dying, workerId: 'dead' });
    await hanging;
    const statuses = await db()
      .select({ status: mailQueue.status, n: sql<number>`count(*)::int` })
      .from(mailQueue)
      .groupBy(mailQueue.status);
    expect(Object.fromEntries(statuses.map((s) => [s.status, s.n]))).toEqual({
      sent: 3,
      sending: 1,
      queued: 2,
    });
    // Another sender at once: the two queued; the one the dead sender holds waits for its lease.
    expect(await send({ workerId: 'w2' })).toMatchObject({ sent: 2 });
    clock.advance(5 * 60_000 + 1);
    expect(await send({ workerId: 'w3' })).toMatchObject({ sent: 1 });
    for (const to of tos) expect(smtp.countFor(to)).toBe(1);
    expect(
      await db()
        .select()
        .from(mailQueue)
        .where(inArray(mailQueue.status, ['queued', 'sending'])),
    ).toEqual([]);
  });
  it('on start (PGlite: the only process) a message left `sending` is claimable at once', async () => {
    at();
    await enqueueAll(['orphan@example.org']);
    let started!: () => void;
    const hanging = new Promise<void>((r) => (started = r));
    void send({ via: { kind: 'smtp', deliver: () => (started(), new Promise(() => {})) }, workerId: 'dead' });
    await hanging;
    expect(await send({ workerId: 'w2' })).toMatchObject({ sent: 0 }); // its lease still runs
    expect(await releaseOrphanedMail(db())).toBe(1);
    expect(await send({ workerId: 'w2' })).toMatchObject({ sent: 1 });
    expect(smtp.countFor('orphan@example.org')).toBe(1);
  });

  it('dying between the server’s 250 and the row update: that one message is sent twice, with one Message-ID', async () => {
    at();
    const tos = ['w1', 'w2', 'w3'].map((p) => `window-${p}@example.org`);
    await enqueueAll(tos);
    let accepted!: () => void;
    const handedOver = new Promise<void>((r) => (accepted = r));
    const dying: Mailer = {
      kind: 'smtp',
      deliver: async (m) => {
        await mailer.deliver(m);
        accepted();
        return new Promise(() => {}); // the server said 250; the process died before marking the row
      },
    };
    void send({ via: dying, workerId: 'dead' });
    await handedOver;
    expect(await send({ workerId: 'w2' })).toMatchObject({ sent: 2 });
    clock.advance(5 * 60_000 + 1);
    expect(await send({ workerId: 'w3' })).toMatchObject({ sent: 1 });
    expect(tos.map((t) => smtp.countFor(t))).toEqual([2, 1, 1]);
    const copies = smtp.received.filter((m) => m.to[0] === tos[0]).map((m) => parseMime(m.raw));
    expect(new Set(copies.map((c) => c.headers.get('message-id'))).size).toBe(1);
  });
});

describe('the rate limit', () => {
  it('hands over one message per slot of the injected clock; the job queues its successor at the next slot', async () => {
    at();
    const tos = ['r1', 'r2', 'r3', 'r4'].map((p) => `${p}@example.org`);
    await enqueueAll(tos);
    const runner = createRunner({
      db: db(),
      clock,
      log,
      deps: { mailer, mailPolicy: { ratePerSecond: 2 } },
      jobs: [mailSendJob],
      schedules: [],
    });
    await runner.runUntilIdle();
    expect(tos.map((t) => smtp.countFor(t))).toEqual([1, 0, 0, 0]);
    const [next] = await db()
      .select({ runAt: jobs.runAt })
      .from(jobs)
      .where(sql`${jobs.kind} = 'mail.send' and ${jobs.state} = 'queued'`);
    expect(next?.runAt).toEqual(new Date(clock.now().getTime() + 500));
    await runner.runUntilIdle(); // not due yet: nothing more
    expect(smtp.received.filter((m) => tos.includes(m.to[0] ?? ''))).toHaveLength(1);
    for (let i = 2; i <= 4; i++) {
      clock.advance(500);
      await runner.runUntilIdle();
      expect(tos.filter((t) => smtp.countFor(t) === 1)).toHaveLength(i);
    }
    const sentAt = (await db().select({ at: mailQueue.sentAt }).from(mailQueue).orderBy(mailQueue.id)).map(
      (r) => r.at?.getTime() ?? 0,
    );
    expect(sentAt.slice(1).map((t, i) => t - (sentAt[i] ?? 0))).toEqual([500, 500, 500]);
  });

  it('a run hands over at most its share, then queues a successor due now (other jobs get their turn)', async () => {
    at();
    const tos = ['m1', 'm2', 'm3', 'm4', 'm5'].map((p) => `share-${p}@example.org`);
    await enqueueAll(tos);
    const runner = createRunner({
      db: db(),
      clock,
      log,
      deps: { mailer, mailPolicy: { ratePerSecond: 0, maxPerRun: 2 } },
      jobs: [mailSendJob],
      schedules: [],
    });
    expect(await runner.runUntilIdle()).toBe(3);
    expect(tos.map((t) => smtp.countFor(t))).toEqual([1, 1, 1, 1, 1]);
  });

  it('with a sleep, one run waits out the gaps (here the clock is moved instead of waiting)', async () => {
    at();
    const tos = ['s1', 's2', 's3'].map((p) => `${p}@example.org`);
    await enqueueAll(tos);
    const waits: number[] = [];
    const result = await sendDueMail({
      db: db(),
      clock,
      mailer,
      workerId: 'w1',
      policy: { ratePerSecond: 4 },
      sleep: async (ms) => {
        waits.push(ms);
        clock.advance(ms);
      },
    });
    expect(result).toMatchObject({ sent: 3 });
    expect(waits).toEqual([250, 250]);
  });
});

describe('without SMTP', () => {
  it('delivers to the local outbox: sent, kept with its text for the admin, even a sensitive one', async () => {
    at();
    await enqueueAll(['local@example.org'], { sensitive: true });
    expect(await send({ via: outboxMailer(), policy: { ratePerSecond: 1 } })).toMatchObject({ sent: 1 });
    expect(await rowOf('local@example.org')).toMatchObject({
      status: 'sent',
      providerMessageId: 'outbox',
      text: 'Dear local@example.org, hello.',
    });
    expect(smtp.countFor('local@example.org')).toBe(0);
  });

  it('through SMTP a sensitive message loses its text once sent', async () => {
    at();
    await enqueueAll(['secret@example.org'], { sensitive: true, text: 'https://h.example.org/reset/TOKEN' });
    expect(await send()).toMatchObject({ sent: 1 });
    expect(await rowOf('secret@example.org')).toMatchObject({ status: 'sent', text: '', html: null });
    expect(leaves(smtp.lastFor('secret@example.org'))[0]?.body).toContain('/reset/TOKEN');
  });
});

describe('the outbox page', () => {
  it('lists the queue with each status and the last SMTP error, in English and Japanese; reading writes nothing', async () => {
    at();
    smtp.rejectRcpt = (a) => (a === 'bounce@example.org' ? 550 : 451);
    await enqueueAll(['bounce@example.org', 'later@example.org', 'later2@example.org']);
    await send({ policy: { pauseAfterErrors: 2 } });
    const app = createApp({ database, log, mailer, clock });
    const admin = await makeUser(db(), { isAdmin: true });
    const client = await TestClient.signedIn({ app, db: db() }, admin.id);
    const before = await db().select().from(mailSender);
    const en = await (await client.get('/admin/outbox?lang=en')).text();
    expect(en).toContain('Mail is sent through SMTP by a background job');
    expect(en).toMatch(/data-status="failed"[^]*?550 /);
    expect(en).toContain('Sending is paused after repeated errors');
    expect(en).toContain('Last error');
    const ja = await (await client.get('/admin/outbox?lang=ja')).text();
    expect(ja).toContain('失敗');
    expect(ja).toContain('送信待ち');
    expect(ja).toContain('最後のエラー');
    expect(ja).toContain('送信を一時停止しています');
    expect(await db().select().from(mailSender)).toEqual(before);
    expect((await client.get('/admin/outbox', {})).headers.get('cache-control')).toBe('no-store');
  });
});
