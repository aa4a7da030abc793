/**
 * The newsletter's daily jobs, per project whose plan enables it: `newsletter.purge` deletes subscriptions never
 * confirmed within CONFIRM_DAYS (each audited as the system, `purged`, hashes only), and `newsletter.snapshot`
 * records the confirmed subscribers as a metric snapshot (metric `subscribers`, channel kind `newsletter`), once a
 * day, through the records' use case (validated and audited like any record).
 */
import { and, eq, isNull } from 'drizzle-orm';
import { z } from 'zod';
import { systemActor, type Actor } from '../auth/permissions';
import type { Db } from '../db/client';
import { metricSnapshots, newsletterSubscribers } from '../db/schema';
import { defineJob, PermanentJobError, type JobDefinition } from '../jobs/define';
import type { ScheduleEntry } from '../jobs/schedule';
import type { Clock } from '../lib/clock';
import type { Plan } from '../plan/schema';
import { getCurrentPlan } from '../projects/repository';
import { createRecord } from '../records/service';
import { appendEvidence } from './evidence';
import { countConfirmed, lockExpiredPending } from './repository';

/** The metric snapshot's channel (a stable id) and metric. */
export const SUBSCRIBERS_CHANNEL = 'newsletter';
export const SUBSCRIBERS_METRIC = 'subscribers';

const isEnabled = (plan: Plan): boolean => plan.newsletter?.enabled === true;

/** Deletes expired pending subscriptions; how many. */
export async function purgeUnconfirmed(
  db: Db,
  opts: { projectId: string; clock: Clock; actor: Actor },
): Promise<number> {
  const now = opts.clock.now();
  return db.transaction(async (tx) => {
    const rows = await lockExpiredPending(tx, { projectId: opts.projectId, before: now });
    for (const row of rows) {
      await tx.delete(newsletterSubscribers).where(eq(newsletterSubscribers.id, row.id));
      await appendEvidence(tx, {
        projectId: opts.projectId,
        actor: opts.actor,
        step: 'purged',
        addressHash: row.addressHash,
        at: now,
        noticeVersion: row.noticeVersion,
        lang: row.lang,
        ipHash: null,
        via: 'job',
      });
    }
    return rows.length;
  });
}

/** Records today's confirmed subscribers (once a day: a second run the same day does nothing). */
export async function snapshotSubscribers(
  db: Db,
  opts: { projectId: string; clock: Clock; actor: Actor },
): Promise<{ value: number; recorded: boolean }> {
  const today = opts.clock.today();
  const value = await countConfirmed(db, opts.projectId);
  const [done] = await db
    .select({ id: metricSnapshots.id })
    .from(metricSnapshots)
    .where(
      and(
        eq(metricSnapshots.projectId, opts.projectId),
        eq(metricSnapshots.channel, SUBSCRIBERS_CHANNEL),
        eq(metricSnapshots.metric, SUBSCRIBERS_METRIC),
        eq(metricSnapshots.date, today),
        isNull(metricSnapshots.deletedAt),
      ),
    )
    .limit(1);
  if (done) return { value, recorded: false };
  const current = await getCurrentPlan(db, opts.projectId);
  if (!current) throw new PermanentJobError(`no project ${opts.projectId}`);
  const { plan } = current;
  const lead = plan.project.coordinator ?? plan.project.dissemination_leads[0] ?? plan.partners[0]?.code;
  await createRecord(db, {
    actor: opts.actor,
    projectId: opts.projectId,
    kind: 'metric',
    source: 'newsletter',
    clock: opts.clock,
    input: {
      lead_partner: lead,
      channel: SUBSCRIBERS_CHANNEL,
      channel_kind: 'newsletter',
      channel_scope: 'project',
      metric: SUBSCRIBERS_METRIC,
      value,
      date: today,
      source: 'newsletter',
    },
  });
  return { value, recorded: true };
}

const projectPayload = z.object({ projectId: z.string().min(1).max(100) });
type ProjectPayload = z.infer<typeof projectPayload>;

export const purgeJob: JobDefinition<ProjectPayload> = defineJob({
  kind: 'newsletter.purge',
  payload: projectPayload,
  maxAttempts: 3,
  run: async (ctx, p) => ({
    purged: await purgeUnconfirmed(ctx.db, { projectId: p.projectId, clock: ctx.clock, actor: ctx.actor }),
  }),
});

export const snapshotJob: JobDefinition<ProjectPayload> = defineJob({
  kind: 'newsletter.snapshot',
  payload: projectPayload,
  maxAttempts: 3,
  run: (ctx, p) =>
    snapshotSubscribers(ctx.db, { projectId: p.projectId, clock: ctx.clock, actor: ctx.actor }),
});

const payload = ({ projectId }: { projectId?: string }) => ({ projectId: projectId ?? '' });

/** Every day at 03:10 UTC. */
export const purgeSchedule: ScheduleEntry<ProjectPayload> = {
  name: 'newsletter.purge',
  cron: '10 3 * * *',
  job: purgeJob,
  scope: 'project',
  when: isEnabled,
  payload,
};

/** Every day at 23:50 UTC: the day's last count. */
export const snapshotSchedule: ScheduleEntry<ProjectPayload> = {
  name: 'newsletter.snapshot',
  cron: '50 23 * * *',
  job: snapshotJob,
  scope: 'project',
  when: isEnabled,
  payload,
};

/** The actor the jobs act as when called outside the runner (tests, the CLI). */
export const newsletterSystem = systemActor('job:newsletter');
