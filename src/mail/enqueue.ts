/**
 * enqueueMail: the one way to send mail. The message is inserted in the CALLER'S transaction, with a coalesced
 * `mail.send` job, so a request that fails sends nothing and one that commits always sends; the request never waits
 * for an SMTP server. The same idempotency key twice gives one message (the existing one is returned).
 */
import { tryGetContext } from 'hono/context-storage';
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Db, Tx } from '../db/client';
import { mailQueue } from '../db/schema';
import { AppError } from '../errors';
import type { Lang } from '../i18n';
import type { Clock } from '../lib/clock';
import { sha256 } from '../lib/ids';
import { enqueue } from '../jobs/queue';
import type { AppEnv } from '../web/env';
import { mailSendJob } from './jobs';

/** A header value or subject: one line (no CR/LF, so nothing can be smuggled into the header block). */
const oneLine = z
  .string()
  .max(2000)
  .regex(/^[^\r\n]*$/, 'must be one line');

export const mailMessageSchema = z.object({
  /** `auth.reset`, `auth.invite`, `year.close-reminder`, … */
  purpose: z.string().min(1).max(100),
  /** Unique per message and recipient: `<purpose>:<what>:<recipient>`. */
  idempotencyKey: z.string().min(1).max(500),
  to: z.email().max(320),
  lang: z.enum(['en', 'ja']),
  subject: oneLine.min(1).max(500),
  text: z.string().min(1).max(1_000_000),
  html: z.string().max(2_000_000).optional(),
  headers: z
    .record(z.string().regex(/^[A-Za-z][A-Za-z0-9-]{0,75}$/, 'not a header name'), oneLine)
    .optional(),
  attachments: z
    .array(
      z.object({
        filename: oneLine.min(1).max(255),
        contentType: z.string().regex(/^[\w.+-]+\/[\w.+-]+$/, 'not a media type'),
        sha256: z.string().regex(/^[0-9a-f]{64}$/, 'not a SHA-256 address'),
      }),
    )
    .max(10)
    .optional(),
  /** Holds a one-time link: blanked once sent through SMTP. */
  sensitive: z.boolean().optional(),
  projectId: z.string().min(1).max(100).nullable().optional(),
  /** Not before (default: now). */
  sendAt: z.date().optional(),
});

export type MailMessage = z.input<typeof mailMessageSchema> & { lang: Lang };

/** The Message-ID of every copy of the message with this key. */
export const messageIdFor = (idempotencyKey: string): string =>
  `<${sha256(`mail:${idempotencyKey}`).slice(0, 40)}@herald>`;

export async function enqueueMail(
  tx: Db | Tx,
  opts: { message: MailMessage; clock: Clock },
): Promise<{ id: number; created: boolean; messageId: string }> {
  const parsed = mailMessageSchema.safeParse(opts.message);
  if (!parsed.success) {
    throw new AppError({
      code: 'validation',
      status: 422,
      message: `mail ${opts.message.purpose}: invalid message`,
      details: parsed.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message })),
    });
  }
  const m = parsed.data;
  const now = opts.clock.now();
  const messageId = messageIdFor(m.idempotencyKey);
  const [row] = await tx
    .insert(mailQueue)
    .values({
      purpose: m.purpose,
      idempotencyKey: m.idempotencyKey,
      messageId,
      to: m.to,
      lang: m.lang,
      subject: m.subject,
      text: m.text,
      html: m.html ?? null,
      headers: m.headers ?? {},
      attachments: m.attachments ?? [],
      sensitive: m.sensitive ?? false,
      status: 'queued',
      nextAttemptAt: m.sendAt ?? now,
      projectId: m.projectId ?? null,
      createdAt: now,
    })
    .onConflictDoNothing({ target: mailQueue.idempotencyKey })
    .returning({ id: mailQueue.id });
  if (!row) {
    const [existing] = await tx
      .select({ id: mailQueue.id })
      .from(mailQueue)
      .where(eq(mailQueue.idempotencyKey, m.idempotencyKey));
    if (!existing) throw new Error(`mail ${m.purpose}: insert conflicted but no message has its key`);
    return { id: existing.id, created: false, messageId };
  }
  // One pending `mail.send` stands for every message enqueued before it runs.
  await enqueue(tx, {
    job: mailSendJob,
    payload: {},
    unlessQueued: true,
    createdBy: `mail:${m.purpose}`,
    clock: opts.clock,
    ...(m.sendAt ? { runAt: m.sendAt } : {}),
  });
  // A web request wakes the server's runner once it has answered (committed): src/web/app.tsx.
  tryGetContext<AppEnv>()?.set('jobsEnqueued', true);
  return { id: row.id, created: true, messageId };
}
