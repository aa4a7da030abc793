/** Use cases on jobs: retry a failed job (instance admins or the CLI's system actor; audited on the instance chain). */
import { appendAudit } from '../audit/chain';
import { authorize, type Actor } from '../auth/permissions';
import type { Db } from '../db/client';
import { AppError, notFound } from '../errors';
import type { Clock } from '../lib/clock';
import { getJob, requeueFailed, type JobRow } from './queue';

/** Failed → queued with one more attempt, due now; `job.retry` on the instance chain in the same transaction. */
export async function retryJob(db: Db, opts: { actor: Actor; id: number; clock: Clock }): Promise<JobRow> {
  authorize(opts.actor, 'jobs.manage');
  return db.transaction(async (tx) => {
    const row = await requeueFailed(tx, { id: opts.id, clock: opts.clock });
    if (!row) {
      const existing = await getJob(tx, opts.id);
      if (!existing) throw notFound(`job ${opts.id}`);
      throw new AppError({
        code: 'job_not_failed',
        status: 409,
        message: `job ${opts.id} is ${existing.state}: only a failed job can be retried`,
        messageKey: 'jobs.error.notFailed',
        params: { id: opts.id, state: existing.state },
      });
    }
    await appendAudit(tx, {
      projectId: null,
      actor: opts.actor,
      action: 'job.retry',
      entityType: 'job',
      entityId: row.id,
      before: { state: 'failed', attempts: row.attempts },
      after: { state: 'queued', maxAttempts: row.maxAttempts },
      at: opts.clock.now(),
    });
    return row;
  });
}
