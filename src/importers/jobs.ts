/** The importers' jobs: every minute, abort imports a dead process left pending (`recoverAbandoned`). */
import { z } from 'zod';
import { defineJob } from '../jobs/define';
import type { ScheduleEntry } from '../jobs/schedule';
import { recoverAbandoned } from './pending';

export const recoverImportsJob = defineJob<Record<string, never>>({
  kind: 'import.recover-abandoned',
  payload: z.object({}).strict() as z.ZodType<Record<string, never>>,
  maxAttempts: 1,
  async run(ctx) {
    const aborted = await recoverAbandoned(ctx.db, { now: ctx.clock.now() });
    if (aborted.length > 0)
      ctx.log.warn({ batches: aborted }, 'aborted imports a stopped process left unfinished');
    return { aborted };
  },
});

export const recoverImportsSchedule: ScheduleEntry<Record<string, never>> = {
  name: 'import.recover-abandoned',
  cron: '* * * * *',
  job: recoverImportsJob,
  scope: 'instance',
  payload: () => ({}),
};
