/**
 * The daily `site.downloads-rollup` job, per project whose plan publishes a site (`website.public: true`): at 00:10
 * UTC it counts the finished days' downloads into the KPI's metric snapshot (rollup.ts), as the system actor.
 */
import { z } from 'zod';
import { defineJob, type JobDefinition } from '../../jobs/define';
import type { ScheduleEntry } from '../../jobs/schedule';
import { isPublicPlan } from '../site';
import { rollupDownloads } from './rollup';

const payload = z.object({ projectId: z.string().min(1).max(100) });
type Payload = z.infer<typeof payload>;

export const downloadsRollupJob: JobDefinition<Payload> = defineJob({
  kind: 'site.downloads-rollup',
  payload,
  maxAttempts: 5,
  async run(ctx, p) {
    const r = await rollupDownloads(ctx.db, { actor: ctx.actor, projectId: p.projectId, clock: ctx.clock });
    return { days: r.days, cumulative: r.cumulative, asOf: r.asOf, snapshot: r.snapshot };
  },
});

/** Every day at 00:10 UTC, for every project with a public site. */
export const downloadsRollupSchedule: ScheduleEntry<Payload> = {
  name: 'site.downloads-rollup',
  cron: '10 0 * * *',
  job: downloadsRollupJob,
  scope: 'project',
  when: isPublicPlan,
  payload: ({ projectId }) => ({ projectId: projectId ?? '' }),
};
