/**
 * `mail.send`: hands the queue's due messages to the transport (src/mail/sender.ts). Enqueued (coalesced) with every
 * message and swept by the schedule every minute, which also picks up retries whose back-off ran out and deletes
 * finished messages past the retention. When the rate limit or the breaker stops a run, it queues its successor at
 * the time it was told to come back.
 */
import { z } from 'zod';
import { defineJob, type JobDefinition } from '../jobs/define';
import { enqueue } from '../jobs/queue';
import type { ScheduleEntry } from '../jobs/schedule';
import { OUTBOX_RETENTION_DAYS, outboxMailer } from './mailer';
import { purgeFinished } from './queue';
import { sendDueMail, type SendRunResult } from './sender';

const payload = z.object({ sweep: z.boolean().optional() });
type Payload = z.infer<typeof payload>;

export const mailSendJob: JobDefinition<Payload> = defineJob({
  kind: 'mail.send',
  payload,
  async run(ctx, p): Promise<SendRunResult & { purged?: number }> {
    const purged = p.sweep
      ? await purgeFinished(ctx.db, {
          before: new Date(ctx.clock.now().getTime() - OUTBOX_RETENTION_DAYS * 86_400_000),
        })
      : undefined;
    const result = await sendDueMail({
      db: ctx.db,
      clock: ctx.clock,
      mailer: ctx.deps.mailer ?? outboxMailer(),
      workerId: `mail.send:${ctx.job.id}:${ctx.job.attempt}`,
      policy: ctx.deps.mailPolicy,
      filesDir: ctx.deps.filesDir,
      log: ctx.log,
      sleep: ctx.deps.sleep,
    });
    if (result.again) {
      const later = result.again > ctx.clock.now();
      await enqueue(ctx.db, {
        job: mailSendJob,
        payload: {},
        runAt: result.again,
        createdBy: `job:${ctx.job.id}`,
        clock: ctx.clock,
        // A slot or a pause end: one successor per time. More due now (the run's share is done): one pending job.
        ...(later ? { idempotencyKey: `again:${result.again.toISOString()}` } : { unlessQueued: true }),
      });
    }
    return purged === undefined ? result : { ...result, purged };
  },
});

/** Every minute: retries due after their back-off, the end of a pause, and the retention's tidy-up. */
export const mailSendSchedule: ScheduleEntry<Payload> = {
  name: 'mail.send',
  cron: '* * * * *',
  job: mailSendJob,
  scope: 'instance',
  payload: () => ({ sweep: true }),
};
