/**
 * The newsletter's send throughput (issue 21): an issue to N confirmed subscribers (default 10,000) — "send" (one
 * transaction queuing N personalised messages) then the mail queue's sender (claim + lease, SMTP, mark sent; no rate
 * limit) — against its physical baseline in the same run: the same number of raw nodemailer sends of the same
 * message over one pooled connection to the same loopback SMTP server (a sink that counts and discards). Interleaved
 * A B A B … (bench/harness.ts); messages per second handed over, and the process's peak RSS during each side.
 * Usage: npm run bench -- --only newsletter [--recipients 10000] [--pairs 5] [--pg]
 */
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { PGlite } from '@electric-sql/pglite';
import nodemailer from 'nodemailer';
import { SMTPServer } from 'smtp-server';
import { systemActor } from '../src/auth/permissions';
import { fromPglite, type Database } from '../src/db/client';
import { fromPostgresUrl } from '../src/db/postgres';
import { mailQueue, newsletterSubscribers } from '../src/db/schema';
import { systemClock } from '../src/lib/clock';
import { sha256 } from '../src/lib/ids';
import { createLogger } from '../src/log';
import { smtpMailer } from '../src/mail/mailer';
import { sendDueMail } from '../src/mail/sender';
import { importPlanFile } from '../src/projects/service';
import { sendIssue } from '../src/newsletter/issue-send';
import { createIssue } from '../src/newsletter/issues';
import { unsubscribeToken } from '../src/newsletter/secrets';
import { startCluster } from '../scripts/pg-cluster';
import { interleave, writeResults } from './harness';
import { machineInfo } from './machine';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? fallback : Number(process.argv[i + 1]);
};

const P = 'm-sec';
const ROOT = 'https://bench.example/site/m-sec';
const SECRET = Buffer.from('bench-newsletter');
const actor = systemActor('bench');

/** A sink SMTP server: counts accepted messages, keeps nothing. */
async function sink() {
  let count = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    disableReverseLookup: true,
    logger: false,
    onData(stream, _session, done) {
      stream.on('data', () => undefined);
      stream.on('end', () => {
        count++;
        done();
      });
    },
  });
  server.listen(0, '127.0.0.1');
  await once(server.server, 'listening');
  return {
    url: `smtp://127.0.0.1:${(server.server.address() as AddressInfo).port}?ignoreTLS=true`,
    count: () => count,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

/** Runs `fn`, sampling the RSS every 20 ms: its result and the peak (MiB). */
async function peak<T>(fn: () => Promise<T>): Promise<{ value: T; peakMiB: number }> {
  let max = process.memoryUsage().rss;
  const timer = setInterval(() => (max = Math.max(max, process.memoryUsage().rss)), 20);
  try {
    const value = await fn();
    max = Math.max(max, process.memoryUsage().rss);
    return { value, peakMiB: max / 2 ** 20 };
  } finally {
    clearInterval(timer);
  }
}

export async function run(): Promise<void> {
  const n = arg('recipients', 10_000);
  const cluster = process.argv.includes('--pg') ? await startCluster() : null;
  const folder = mkdtempSync(join(tmpdir(), 'herald-bench-newsletter-'));
  const database: Database = cluster
    ? fromPostgresUrl(cluster.url())
    : fromPglite(await PGlite.create({ dataDir: join(folder, 'data') }));
  const smtp = await sink();
  const log = createLogger('silent');
  try {
    await database.migrate();
    const db = database.db;
    await importPlanFile(db, { file: 'plans/m-sec.yaml', actor: 'bench' });
    const now = systemClock.now();
    for (let i = 0; i < n; i += 1000)
      await db.insert(newsletterSubscribers).values(
        Array.from({ length: Math.min(1000, n - i) }, (_, k) => {
          const j = i + k;
          const id = `00000000-0000-4000-8000-${String(j).padStart(12, '0')}`;
          return {
            id,
            projectId: P,
            address: `reader${j}@example.org`,
            addressHash: sha256(`b${j}`),
            lang: j % 3 === 0 ? 'ja' : 'en',
            status: 'confirmed',
            noticeVersion: 'bench',
            unsubscribeHash: sha256(unsubscribeToken(SECRET, id)),
            createdAt: now,
            updatedAt: now,
            confirmedAt: now,
          };
        }),
      );
    const body = Array.from(
      { length: 12 },
      (_, i) => `## Section ${i}\n\nNews of the pilots, **results** and [links](https://example.org/${i}).`,
    ).join('\n\n');
    let enqueueMs: number[] = [];
    const peaks = { a: [] as number[], b: [] as number[] };
    let sample: { subject: string; html: string; text: string; headers: Record<string, string> } | undefined;

    const newsletter = async (): Promise<number> => {
      await db.delete(mailQueue);
      const before = smtp.count();
      const { value: ms, peakMiB } = await peak(async () => {
        const t0 = performance.now();
        const issue = await createIssue(db, {
          actor,
          projectId: P,
          input: { subject_en: 'Bench issue', subject_ja: 'ベンチ号', body_en: body, body_ja: body },
          clock: systemClock,
        });
        await sendIssue(db, {
          actor,
          projectId: P,
          id: issue.id,
          clock: systemClock,
          secret: SECRET,
          root: ROOT,
        });
        enqueueMs.push(performance.now() - t0);
        await sendDueMail({
          db,
          clock: systemClock,
          mailer: smtpMailer({ url: smtp.url, from: 'Bench <bench@example.org>' }),
          workerId: 'bench',
          policy: { ratePerSecond: 0, maxPerRun: n + 10 },
          log,
        });
        return performance.now() - t0;
      });
      peaks.a.push(peakMiB);
      const sent = smtp.count() - before;
      if (sent !== n) throw new Error(`newsletter: ${sent} of ${n} handed over`);
      if (!sample) {
        const [row] = await db.select().from(mailQueue).limit(1);
        if (row)
          sample = { subject: row.subject, html: row.html ?? '', text: row.text, headers: row.headers };
      }
      return (n / ms) * 1000;
    };

    const raw = async (): Promise<number> => {
      const m = sample as NonNullable<typeof sample>;
      const transport = nodemailer.createTransport({
        url: smtp.url,
        pool: true,
        maxConnections: 1,
      } as Parameters<typeof nodemailer.createTransport>[0]);
      const before = smtp.count();
      const { value: ms, peakMiB } = await peak(async () => {
        const t0 = performance.now();
        for (let i = 0; i < n; i++)
          await transport.sendMail({
            from: 'Bench <bench@example.org>',
            to: `reader${i}@example.org`,
            subject: m.subject,
            text: m.text,
            html: m.html,
            headers: m.headers,
          });
        return performance.now() - t0;
      });
      transport.close();
      peaks.b.push(peakMiB);
      if (smtp.count() - before !== n) throw new Error('raw: not all handed over');
      return (n / ms) * 1000;
    };

    await newsletter(); // warm-up (and the sample message for the baseline)
    enqueueMs = [];
    peaks.a = [];
    const figure = await interleave({
      scenario: `newsletter send (${database.driver})`,
      a: { label: `an issue to ${n} subscribers: send (queue) + mail queue sender`, run: newsletter },
      b: { label: `${n} raw nodemailer sends, one pooled connection`, run: raw },
      unit: 'messages/s',
      pairs: arg('pairs', 5),
      onPair: (i, a, b) =>
        process.stdout.write(`pair ${i + 1}: newsletter ${a.toFixed(0)} msg/s, raw ${b.toFixed(0)} msg/s\n`),
    });
    const out = {
      ...figure,
      extra: {
        recipients: n,
        enqueueMs,
        peakRssMiB: { newsletter: peaks.a, raw: peaks.b },
      },
    };
    process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
    const file = writeResults({
      date: systemClock.today(),
      engine: database.driver === 'pglite' ? 'pglite' : 'postgres',
      size: `newsletter-${n}`,
      machine: await machineInfo(database),
      figures: [out],
    });
    process.stdout.write(`results: ${file}\n`);
  } finally {
    await smtp.close();
    await database.close();
    cluster?.stop();
    rmSync(folder, { recursive: true, force: true });
  }
}
