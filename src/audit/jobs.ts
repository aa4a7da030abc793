/** The audit domain's jobs: `audit.sign-heads` signs the chain heads that moved, hourly on the schedule. */
import { z } from 'zod';
import { defineJob, PermanentJobError } from '../jobs/define';
import type { ScheduleEntry } from '../jobs/schedule';
import { loadInstanceKey } from '../signing';
import { signMovedHeads } from './signed-heads';

export const signHeadsJob = defineJob<Record<string, never>>({
  kind: 'audit.sign-heads',
  payload: z.object({}).strict() as z.ZodType<Record<string, never>>,
  maxAttempts: 3,
  async run(ctx) {
    if (!ctx.deps.keyFile) throw new PermanentJobError('no instance key file configured (HERALD_KEY_FILE)');
    const key = await loadInstanceKey(ctx.db, { keyFile: ctx.deps.keyFile });
    const outcomes = await signMovedHeads(ctx.db, { key, now: () => ctx.clock.now() });
    const refused = outcomes.filter((o) => o.status === 'refused');
    for (const o of refused)
      ctx.log.error(
        { chain: o.chain, problems: o.problems },
        'audit chain head NOT signed: the chain does not verify',
      );
    return {
      signed: outcomes.filter((o) => o.status === 'signed').map((o) => o.chain),
      refused: refused.map((o) => o.chain),
    };
  },
});

export const signHeadsSchedule: ScheduleEntry<Record<string, never>> = {
  name: 'audit.sign-heads',
  cron: '0 * * * *',
  job: signHeadsJob,
  scope: 'instance',
  payload: () => ({}),
};
